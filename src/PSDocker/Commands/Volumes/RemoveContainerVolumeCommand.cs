using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes volumes, like docker volume rm and docker volume prune.</para>
    /// <para type="description">Removes each -Name as docker volume rm does. A volume a container uses, running or
    /// stopped, is refused with VolumeInUse, naming the containers; -Force does not change that (docker volume rm -f does
    /// not either) but makes a missing volume no error. -Label removes every volume with the labels, confirmed one by one.
    /// -Unused prunes the volumes no container uses, as docker volume prune: anonymous volumes only, or named ones too with
    /// -All, optionally only those with -Label, and writes the names deleted and the space freed. The bulk forms ask for
    /// confirmation unless -Force or -Confirm:$false.</para>
    /// <para type="description">Engines below API 1.42 prune every unused volume, named or not, and know no "all" filter.
    /// On them -Unused without -All removes the unused anonymous volumes one by one (those labelled
    /// com.docker.volume.anonymous, or with a generated 64-digit name); the engine then reports no space freed, so
    /// SpaceReclaimed is empty. -Unused -All uses the engine's prune on every version.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ContainerVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(ContainerVolume), ParameterSetName = new[] { NameSet, LabelSet })]
    [OutputType(typeof(VolumePruneResult), ParameterSetName = new[] { UnusedSet })]
    public sealed class RemoveContainerVolumeCommand : DockerCmdlet
    {
        private const string NameSet = "Name";
        private const string LabelSet = "Label";
        private const string UnusedSet = "Unused";


        /// <summary>
        /// Volumes by exact name (docker volume rm NAME). No wildcards: select with Get-ContainerVolume and pipe. Strings bind
        /// by value, ContainerVolume objects by their Name (and their Endpoint with it). A missing volume is VolumeNotFound
        /// (no error with -Force); one in use is VolumeInUse.
        /// </summary>
        [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Volume")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VolumeNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// Alone: remove every volume with these labels (docker volume rm of each volume docker volume ls --filter label=...
        /// lists). With -Unused: prune only volumes with them (docker volume prune --filter label=...). "key" (any value) or
        /// "key=value", or a hashtable; a volume must have all of them.
        /// </summary>
        [Parameter(ParameterSetName = LabelSet, Mandatory = true)]
        [Parameter(ParameterSetName = UnusedSet)]
        [KeyValueTransformation]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>
        /// Prune the volumes no container uses (docker volume prune; POST /volumes/prune): the anonymous ones, or all with
        /// -All. Writes a VolumePruneResult (names deleted, SpaceReclaimed in bytes).
        /// </summary>
        [Parameter(ParameterSetName = UnusedSet, Mandatory = true)]
        public SwitchParameter Unused { get; set; }

        /// <summary>With -Unused: prune named volumes too, not only anonymous ones (docker volume prune -a; the filter all=true).</summary>
        [Parameter(ParameterSetName = UnusedSet)]
        public SwitchParameter All { get; set; }

        /// <summary>
        /// With -Name: a missing volume is no error (docker volume rm -f; the API's force). A volume in use is still refused.
        /// With -Label or -Unused: remove without asking for confirmation (docker volume prune -f).
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>With -Name or -Label: write each volume removed, as it was just before (a ContainerVolume).</summary>
        [Parameter(ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = LabelSet)]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "Volume";

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case LabelSet:
                    Run(RemoveLabelledAsync, Label);
                    return;
                case UnusedSet:
                    Run(PruneAsync, Label ?? (object)ParameterSetName);
                    return;
            }

            var names = new List<string>();
            foreach (string given in Name ?? Array.Empty<string>())
            {
                CheckInput(given, () =>
                {
                    if (WildcardPattern.ContainsWildcardCharacters(given))
                    {
                        throw new PSDockerException(
                            $"-Name '{given}' has wildcards, which Remove-ContainerVolume does not take: select the volumes with Get-ContainerVolume and pipe them, as in Get-ContainerVolume '{given}' | Remove-ContainerVolume.",
                            VolumeIdentity.InvalidNameErrorId, ErrorCategory.InvalidArgument, given);
                    }
                });
                names.Add(given.Trim());
            }

            Run(async () =>
            {
                EngineConnection engine = await ConnectAsync();
                foreach (string name in names)
                {
                    if (ShouldProcess(name, "Remove volume"))
                    {
                        await RemoveOneAsync(name, null, engine);
                    }
                }
            }, Name);
        }

        /// <summary>docker volume rm [-f] of one volume; with -PassThru it is read first and written once gone. Refusals are this volume's error.</summary>
        private async Task RemoveOneAsync(string name, VolumeResponse? known, EngineConnection engine)
        {
            try
            {
                if (PassThru && known is null)
                {
                    known = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Volumes.InspectAsync(name, token));
                }

                await RequestAsync(RequestLimit.Default, async (e, token) =>
                {
                    await e.Client.Volumes.RemoveAsync(name, Force ? true : null, token);
                    return true;
                });
            }
            catch (DockerApiException e) when (Force && e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                WriteVerbose($"No volume '{name}': nothing to remove (-Force).");
                return;
            }
            catch (DockerApiException e)
            {
                WriteItemError(await VolumeIdentity.ToErrorAsync(this, e, name) ?? (Exception)e, name);
                return;
            }

            WriteVerbose($"Removed volume {name}.");
            if (PassThru && known is not null)
            {
                WriteObject(ModelMapper.ToVolume(known, engine.Endpoint));
            }
        }

        /// <summary>-Label alone: each volume docker volume ls --filter label=... lists, confirmed one by one, removed as docker volume rm.</summary>
        private async Task RemoveLabelledAsync()
        {
            EngineConnection engine = await ConnectAsync();
            IList<VolumeResponse> found = await ListAsync(VolumeIdentity.Filters(Label));
            string what = $"volumes with label {string.Join(", ", Label!)}";
            WriteVerbose($"{found.Count} {what}.");
            foreach (VolumeResponse v in found)
            {
                string name = v.Name ?? "";
                if (ConfirmBulk(name, "Remove volume", $"Remove the volume '{name}' ({v.Driver})?", $"Remove {what}"))
                {
                    await RemoveOneAsync(name, v, engine);
                }
            }
        }

        /// <summary>
        /// docker volume prune [-a] [--filter label=...]: confirmed once, naming the volumes it would remove (those no
        /// container uses that match, as the engine selects them); writes what it did. See the cmdlet's description for
        /// engines below API 1.42.
        /// </summary>
        private async Task PruneAsync()
        {
            EngineConnection engine = await ConnectAsync();
            EngineFilter filter = VolumeIdentity.Filter(Label);
            List<VolumeResponse> candidates = await VolumeIdentity.PruneCandidatesAsync(this, filter, All);

            string what = (All ? "unused volume" : "unused anonymous volume") + (candidates.Count == 1 ? "" : "s") +
                (Label is null ? "" : $" with label {string.Join(", ", Label)}");
            string target = $"{candidates.Count} {what}" + (candidates.Count == 0 ? "" : ": " + string.Join(", ", candidates.Select(v => v.Name)));
            string action = All ? "Remove (docker volume prune -a)" : "Remove (docker volume prune)";
            if (candidates.Count == 0 ? !ShouldProcess(target, action) : !ConfirmBulk(target, action, $"Remove {target}?", "Prune volumes"))
            {
                return;
            }

            (List<string> deleted, ulong? space) = await VolumeIdentity.PruneAsync(this, engine, filter, All, candidates);
            WriteObject(new VolumePruneResult(deleted, space is ulong n ? (long)Math.Min(n, long.MaxValue) : null, engine.Endpoint));
        }

        private async Task<IList<VolumeResponse>> ListAsync(IDictionary<string, IDictionary<string, bool>> filters) =>
            (await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Volumes.ListAsync(new VolumesListParameters { Filters = filters }, token)))
                .Volumes ?? new List<VolumeResponse>();
    }
}
