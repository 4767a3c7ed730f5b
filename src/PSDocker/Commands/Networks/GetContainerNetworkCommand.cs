using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets networks, like docker network ls and docker network inspect.</para>
    /// <para type="description">Every network of the engine, sorted by name, or those -Name gives: a name or id is
    /// looked up as docker network inspect looks it up (the full id, the exact name, then a unique id prefix); a
    /// wildcard pattern lists the networks whose names match, ignoring case. -Driver and -Label keep only the networks
    /// with that driver and those labels (docker network ls --filter). Each network carries its subnets, options, labels,
    /// and the containers connected to it with their addresses (Containers), as docker network inspect shows them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ContainerNetwork", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ContainerNetwork))]
    public sealed class GetContainerNetworkCommand : DockerCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";

        /// <summary>
        /// Networks by name or id, as docker network inspect takes them: the full id, the exact name (case-sensitive), or a
        /// prefix of the id only one network has. One that matches nothing is a NetworkNotFound error; a prefix several
        /// networks share is NetworkAmbiguous. Wildcards (* ? [ ]) match names, ignoring case, and matching nothing is no
        /// error. Strings bind by value, objects with a Name (ContainerNetwork) by property name.
        /// </summary>
        [Parameter(ParameterSetName = NameSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(NetworkNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// Network ids: the full 64-digit id or a prefix only one network has, never matched against names. NetworkNotFound
        /// or NetworkAmbiguous when none or several match; text that is not hexadecimal is InvalidArgument.
        /// </summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Only networks with one of these drivers: bridge, host, null, overlay, macvlan ... (docker network ls --filter driver=...).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Driver { get; set; }

        /// <summary>
        /// Only networks with these labels: "key" (any value) or "key=value", or a hashtable (@{ app = 'shop' }); a network
        /// must have all of them (--filter label=...).
        /// </summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        protected override string ErrorNoun => "Network";

        protected override bool SeveralEngines => true;

        protected override void ProcessRecord()
        {
            foreach (string name in Name ?? Array.Empty<string>())
            {
                if (ContainerIdentity.CheckWildcard(name, "-Name") is PSDockerException bad)
                {
                    ThrowTerminatingError(new ErrorRecord(bad, bad.ErrorId, bad.Category, name));
                }
            }

            foreach (string id in Id ?? Array.Empty<string>())
            {
                CheckInput(id, () => NetworkTargets.CheckId(id));
            }

            var filters = NetworkTargets.Filters(Driver, Label);
            Run(async () =>
            {
                var targets = new NetworkTargets(this);
                if (Name is null && Id is null)
                {
                    WriteObject(await targets.WithContainersAsync(await targets.ListAsync(filters)), enumerateCollection: true);
                    return;
                }

                // The engine's list (with -Driver and -Label), asked for once for every name given.
                List<ContainerNetwork>? listed = null;
                async Task<List<ContainerNetwork>> ListedAsync() => listed ??= await targets.ListAsync(filters);

                // Which networks pass -Driver and -Label: a named one that does not is left out, as docker network ls --filter leaves it.
                HashSet<string>? passing = filters is null ? null
                    : new HashSet<string>((await ListedAsync()).Select(n => n.Id), StringComparer.Ordinal);
                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (string name in Name ?? Array.Empty<string>())
                {
                    if (ContainerIdentity.IsWildcard(name))
                    {
                        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                        List<ContainerNetwork> matching = (await ListedAsync()).Where(n => pattern.IsMatch(n.Name) && !written.Contains(n.Id)).ToList();
                        Write(await targets.WithContainersAsync(matching), passing, written);
                        continue;
                    }

                    await OneAsync(() => targets.InspectAsync(name.Trim()), name, passing, written);
                }

                foreach (string id in Id ?? Array.Empty<string>())
                {
                    await OneAsync(() => targets.ResolveIdAsync(id), id, passing, written);
                }
            }, (object?)Name ?? Id);
        }

        private async Task OneAsync(Func<Task<ContainerNetwork>> find, string given, HashSet<string>? passing, HashSet<string> written)
        {
            ContainerNetwork network;
            try
            {
                network = await find();
            }
            catch (Exception e) when (ContainerTargets.IsItemFailure(e))
            {
                WriteItemError(NetworkTargets.Refine(e, given), given);
                return;
            }

            Write(new[] { network }, passing, written);
        }

        private void Write(IEnumerable<ContainerNetwork> networks, HashSet<string>? passing, HashSet<string> written)
        {
            foreach (ContainerNetwork n in networks)
            {
                if (passing is not null && !passing.Contains(n.Id))
                {
                    WriteVerbose($"'{n.Name}' ({n.Driver}) does not match the filters given.");
                }
                else if (written.Add(n.Id))
                {
                    WriteObject(n);
                }
            }
        }
    }
}
