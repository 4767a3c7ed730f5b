using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets volumes, like docker volume ls and docker volume inspect.</para>
    /// <para type="description">Writes one ContainerVolume per volume, with what docker volume inspect shows (driver,
    /// mount point, scope, labels, options, creation time). Without -Name it lists the engine's volumes in one request;
    /// -Driver, -Label and -Dangling keep only those that match, as docker volume ls --filter does. -Size adds each
    /// volume's size and the number of containers that use it, from the engine's disk usage report (docker system df -v),
    /// which takes longer.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ContainerVolume")]
    [OutputType(typeof(ContainerVolume))]
    public sealed class GetContainerVolumeCommand : DockerCmdlet
    {
        /// <summary>
        /// Volumes by name (exact, case-sensitive), or wildcard patterns (* ? [ ]) matched against the names. A name that
        /// matches no volume is a VolumeNotFound error (non-terminating, per name); a pattern that matches nothing writes
        /// nothing. Strings and ContainerVolume objects (through their Name) bind from the pipeline.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Volume")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VolumeNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only volumes of these drivers, e.g. local (docker volume ls --filter driver=...).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Driver { get; set; }

        /// <summary>Only volumes with these labels: "key" (any value) or "key=value", or a hashtable. All must match (docker volume ls --filter label=...).</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>Only volumes no container uses, running or stopped (docker volume ls --filter dangling=true).</summary>
        [Parameter]
        public SwitchParameter Dangling { get; set; }

        /// <summary>
        /// Also fill Size (bytes) and RefCount (containers using the volume) from the engine's disk usage report
        /// (GET /system/df; docker system df -v), read in the shape of the engine's API version (as Get-DockerDiskUsage
        /// -Detailed reads it). The engine takes longer to answer: it measures every volume. Size stays empty for a volume
        /// whose driver does not report it.
        /// </summary>
        [Parameter]
        public SwitchParameter Size { get; set; }

        protected override string ErrorNoun => "Volume";

        protected override bool SeveralEngines => true;

        // The volumes and their usage, read once per engine for the whole call: piped names are all answered from them
        // (a name not listed is then inspected on its own, to tell "no such volume" from "filtered out"). Kept per engine,
        // as a call over several engines reads them all at once.
        private readonly Dictionary<DockerEndpoint, (IList<VolumeResponse> Listed, IReadOnlyDictionary<string, UsageData>? Usage)> _read =
            new Dictionary<DockerEndpoint, (IList<VolumeResponse>, IReadOnlyDictionary<string, UsageData>?)>();

        protected override void ProcessRecord()
        {
            var texts = (Name ?? Array.Empty<string>()).Select(n => n.Trim()).ToList();
            Run(async () =>
            {
                EngineConnection engine = await ConnectAsync();
                if (!_read.TryGetValue(engine.Endpoint, out var read))
                {
                    IList<VolumeResponse> volumes = (await RequestAsync(RequestLimit.Default, (e, token) =>
                        e.Client.Volumes.ListAsync(new VolumesListParameters { Filters = VolumeIdentity.Filters(Label, Dangling ? true : null, Driver) }, token)))
                        .Volumes ?? new List<VolumeResponse>();
                    read = (volumes, Size ? await UsageAsync() : null);
                    _read[engine.Endpoint] = read;
                }

                IList<VolumeResponse> listed = read.Listed;
                IReadOnlyDictionary<string, UsageData>? usage = read.Usage;
                ContainerVolume Map(VolumeResponse v) =>
                    ModelMapper.ToVolume(v, engine.Endpoint, usage is not null && usage.TryGetValue(v.Name ?? "", out UsageData? u) ? u : null);

                if (texts.Count == 0)
                {
                    foreach (VolumeResponse v in listed.OrderBy(v => v.Name, StringComparer.Ordinal))
                    {
                        WriteObject(Map(v));
                    }

                    return;
                }

                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (string text in texts)
                {
                    if (WildcardPattern.ContainsWildcardCharacters(text))
                    {
                        var pattern = new WildcardPattern(text, WildcardOptions.CultureInvariant);
                        foreach (VolumeResponse v in listed.Where(v => pattern.IsMatch(v.Name ?? "")).OrderBy(v => v.Name, StringComparer.Ordinal))
                        {
                            if (written.Add(v.Name ?? ""))
                            {
                                WriteObject(Map(v));
                            }
                        }

                        continue;
                    }

                    VolumeResponse? found = listed.FirstOrDefault(v => string.Equals(v.Name, text, StringComparison.Ordinal));
                    if (found is null)
                    {
                        // Not listed: either there is no such volume, or it does not match the filters.
                        try
                        {
                            await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Volumes.InspectAsync(text, token));
                            WriteVerbose($"Volume '{text}' does not match -Driver, -Label or -Dangling.");
                        }
                        catch (DockerApiException e) when (VolumeIdentity.ToError(e, text) is PSDockerException mapped)
                        {
                            WriteItemError(mapped, text);
                        }

                        continue;
                    }

                    if (written.Add(text))
                    {
                        WriteObject(Map(found));
                    }
                }
            }, Name);
        }

        /// <summary>
        /// Each volume's UsageData from GET /system/df?type=volume (docker system df -v), by name, in the shape of any API
        /// version (<see cref="DiskUsageReader"/>).
        /// </summary>
        private async Task<IReadOnlyDictionary<string, UsageData>> UsageAsync()
        {
            // The same /system/df report Get-DockerDiskUsage -Detailed reads, in the shape of the engine's API version.
            DiskUsageReport report = await DiskUsageReader.ReadAsync(this, new[] { "volume" }, true);
            return report.Volumes
                .Where(v => v.Name.Length > 0)
                .GroupBy(v => v.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new UsageData { Size = g.First().Size, RefCount = g.First().Links }, StringComparer.Ordinal);
        }
    }
}
