using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes networks, like docker network rm and docker network prune.</para>
    /// <para type="description">Removes each -Name (or -Id) as docker network rm does. A network with containers
    /// connected is refused with NetworkInUse, naming them; the engine's own networks (bridge, host, none) with
    /// NetworkPredefined. -Label removes every network with the labels, network by network. -Unused prunes every network
    /// no container is connected to (docker network prune), optionally only those with -Label, and writes a
    /// NetworkPruneResult naming what went. The bulk forms ask for confirmation unless -Force or -Confirm:$false.
    /// -PassThru writes each network removed, as it was just before.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ContainerNetwork", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ContainerNetwork), ParameterSetName = new[] { NameSet, IdSet, LabelSet })]
    [OutputType(typeof(NetworkPruneResult), ParameterSetName = new[] { UnusedSet })]
    public sealed class RemoveContainerNetworkCommand : DockerCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";
        private const string LabelSet = "Label";
        private const string UnusedSet = "Unused";


        /// <summary>
        /// Networks by name or id, as docker network rm takes them: the full id, the exact name (case-sensitive), or a prefix
        /// of the id only one network has. No wildcards: select with Get-ContainerNetwork and pipe. Strings bind by value,
        /// ContainerNetwork objects by property name (with their Endpoint). None found is a NetworkNotFound error (none with -Force).
        /// </summary>
        [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(NetworkNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Network ids: the full 64-digit id or a prefix only one network has, never matched against names.</summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>
        /// Alone: remove every network with these labels (docker network rm of each network docker network ls --filter
        /// label=... lists). With -Unused: prune only networks with these labels (docker network prune --filter label=...).
        /// "key" (any value) or "key=value", or a hashtable (@{ suite = 'web' }); a network must have all of them.
        /// </summary>
        [Parameter(ParameterSetName = LabelSet, Mandatory = true)]
        [Parameter(ParameterSetName = UnusedSet)]
        [KeyValueTransformation]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>Prune every network no container is connected to (docker network prune; POST /networks/prune). The engine's own networks stay.</summary>
        [Parameter(ParameterSetName = UnusedSet, Mandatory = true)]
        public SwitchParameter Unused { get; set; }

        /// <summary>
        /// With -Label or -Unused: remove without asking for confirmation (docker network prune -f). With -Name or -Id: a
        /// network that does not exist is no error (docker network rm -f).
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write each network removed (a ContainerNetwork, as it was just before), for -Name, -Id and -Label.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = IdSet)]
        [Parameter(ParameterSetName = LabelSet)]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "Network";

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case LabelSet:
                    Run(RemoveLabelledAsync, Label);
                    return;
                case UnusedSet:
                    Run(PruneAsync, Label ?? (object)UnusedSet);
                    return;
            }

            foreach (string name in Name ?? Array.Empty<string>())
            {
                CheckInput(name, () =>
                {
                    if (ContainerIdentity.IsWildcard(name))
                    {
                        throw new PSDockerException(
                            $"-Name '{name}' has wildcards, which Remove-ContainerNetwork does not take: select the networks with Get-ContainerNetwork and pipe them, as in Get-ContainerNetwork '{name}' | Remove-ContainerNetwork.",
                            ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, name);
                    }
                });
            }

            foreach (string id in Id ?? Array.Empty<string>())
            {
                CheckInput(id, () => NetworkTargets.CheckId(id));
            }

            Run(async () =>
            {
                var targets = new NetworkTargets(this);
                var given = (Name ?? Array.Empty<string>()).Select(n => (Text: n, Find: (Func<Task<ContainerNetwork>>)(() => targets.InspectAsync(n.Trim()))))
                    .Concat((Id ?? Array.Empty<string>()).Select(i => (Text: i, Find: (Func<Task<ContainerNetwork>>)(() => targets.ResolveIdAsync(i)))));
                foreach (var (text, find) in given)
                {
                    ContainerNetwork network;
                    try
                    {
                        network = await find();
                    }
                    catch (Exception e) when (ContainerTargets.IsItemFailure(e))
                    {
                        Exception refined = NetworkTargets.Refine(e, text);
                        if (!(Force && refined is PSDockerException { ErrorId: NetworkTargets.NotFoundErrorId }))
                        {
                            WriteItemError(refined, text);
                        }

                        continue;
                    }

                    if (ShouldProcess(Shown(network), "Remove network"))
                    {
                        await RemoveOneAsync(network);
                    }
                }
            }, (object?)Name ?? Id);
        }

        /// <summary>docker network rm of one network found before: by its full id; the engine's refusal as this network's error.</summary>
        private async Task RemoveOneAsync(ContainerNetwork network)
        {
            try
            {
                await RequestAsync(RequestLimit.Default, async (e, token) =>
                {
                    await e.Client.Networks.DeleteNetworkAsync(network.Id, token);
                    return true;
                });
            }
            catch (Exception e) when (ContainerTargets.IsItemFailure(e))
            {
                Exception refined = NetworkTargets.Refine(e, network.Name);
                if (refined is PSDockerException { ErrorId: NetworkTargets.InUseErrorId } inUse)
                {
                    // Name the containers, as they are now (the refusal may come from containers connected since).
                    IReadOnlyList<NetworkContainer> connected = network.Containers;
                    try
                    {
                        connected = (await new NetworkTargets(this).InspectAsync(network.Id)).Containers;
                    }
                    catch (Exception again) when (ContainerTargets.IsItemFailure(again))
                    {
                    }

                    string names = connected.Count == 0 ? "" : ": " + string.Join(", ", connected.Select(c => c.Name));
                    refined = new PSDockerException(
                        $"The network '{network.Name}' still has {connected.Count} container{(connected.Count == 1 ? "" : "s")} connected{names}. " +
                        $"Disconnect or remove them first ({inUse.Message}).",
                        NetworkTargets.InUseErrorId, ErrorCategory.ResourceBusy, network.Name, e);
                }

                WriteItemError(refined, network.Name);
                return;
            }

            if (PassThru)
            {
                WriteObject(network);
            }
        }

        /// <summary>-Label alone: each network docker network ls --filter label=... lists, confirmed one by one, removed as docker network rm.</summary>
        private async Task RemoveLabelledAsync()
        {
            var targets = new NetworkTargets(this);
            List<ContainerNetwork> found = await targets.WithContainersAsync(await targets.ListAsync(NetworkTargets.Filters(null, Label)));
            string what = $"networks with label {string.Join(", ", Label!)}";
            WriteVerbose($"{found.Count} {what}.");
            foreach (ContainerNetwork network in found)
            {
                if (ConfirmBulk(Shown(network), "Remove network",
                        $"Remove the network '{network.Name}' ({network.ShortId}, {network.Driver}, {network.Containers.Count} containers)?", $"Remove {what}"))
                {
                    await RemoveOneAsync(network);
                }
            }
        }

        /// <summary>
        /// docker network prune [--filter label=...]: one request to the engine, confirmed once, naming what it would remove
        /// (the networks that match, with no container connected, other than the engine's own); writes what it removed.
        /// </summary>
        private async Task PruneAsync()
        {
            EngineConnection engine = await ConnectAsync();
            var targets = new NetworkTargets(this);
            var filters = NetworkTargets.Filters(null, Label);
            List<string> candidates = (await targets.WithContainersAsync(await targets.ListAsync(filters)))
                .Where(n => n.Containers.Count == 0 && !IsPredefined(n) && !n.Ingress)
                .Select(n => n.Name)
                .ToList();
            string what = "unused network" + (candidates.Count == 1 ? "" : "s") + (Label is null ? "" : $" with label {string.Join(", ", Label)}");
            string target = $"{candidates.Count} {what}" + (candidates.Count == 0 ? "" : ": " + string.Join(", ", candidates));
            if (candidates.Count == 0 ? !ShouldProcess(target, "Remove (docker network prune)") : !ConfirmBulk(target, "Remove (docker network prune)", $"Remove {target}?", "Prune networks"))
            {
                return;
            }

            NetworksPruneResponse answer = await RequestAsync(RequestLimit.None, (e, token) =>
                e.Client.Networks.PruneNetworksAsync(new NetworksDeleteUnusedParameters { Filters = filters }, token));
            var deleted = (answer.NetworksDeleted ?? new List<string>()).OrderBy(n => n, StringComparer.Ordinal).ToList();
            foreach (string name in deleted)
            {
                WriteVerbose($"Deleted: {name}");
            }

            WriteObject(new NetworkPruneResult(deleted, engine.Endpoint));
        }

        /// <summary>The engine's own networks, which it never removes: bridge, host and none.</summary>
        private static bool IsPredefined(ContainerNetwork n) => n.Name == "bridge" || n.Name == "host" || n.Name == "none";

        private static string Shown(ContainerNetwork n) => $"{n.Name} ({n.ShortId})";
    }
}
