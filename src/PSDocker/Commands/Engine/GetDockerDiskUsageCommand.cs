using System;
using System.Linq;
using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the disk space the engine's images, containers, volumes and build cache take (docker system df).</para>
    /// <para type="description">Writes one DiskUsage row per kind, as docker system df prints them: Images, Containers,
    /// Local Volumes, Build Cache, each with how many there are (Total), how many are in use (Active), the space they
    /// take (Size) and the space a prune could free (Reclaimable), in bytes and as docker prints them ("1.2GB (45%)").
    /// -Detailed writes the rows of docker system df -v instead: one DiskUsageImage per image, DiskUsageContainer per
    /// container, DiskUsageVolume per volume and DiskUsageBuildCache per build cache record. Engines before API 1.52 send
    /// the lists and the rows are computed from them as the docker CLI did; newer engines send their own totals, which
    /// are used as they are. Computing sizes can take the engine long: the call waits until it answers or Ctrl+C.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DockerDiskUsage", DefaultParameterSetName = SummarySet)]
    [OutputType(typeof(DiskUsage), ParameterSetName = new[] { SummarySet })]
    [OutputType(typeof(DiskUsageImage), typeof(DiskUsageContainer), typeof(DiskUsageVolume), typeof(DiskUsageBuildCache), ParameterSetName = new[] { DetailedSet })]
    public sealed class GetDockerDiskUsageCommand : DockerCmdlet
    {
        private const string SummarySet = "Summary";
        private const string DetailedSet = "Detailed";

        /// <summary>
        /// Write the rows of docker system df -v (--verbose): each image (repository, tag, size, shared and unique size,
        /// containers), container (image, command, local volumes, writable layer size, status), volume (links, size) and
        /// build cache record (type, size, created, last used, usage, shared), in that order, instead of the four totals.
        /// </summary>
        [Parameter(ParameterSetName = DetailedSet, Mandatory = true)]
        public SwitchParameter Detailed { get; set; }

        /// <summary>
        /// With -Detailed: only the rows of these kinds (Image, Container, Volume, BuildCache; docker system df -v prints
        /// all four), in that order whatever order they are given in. One kind at a time reads as one table: PowerShell
        /// shows objects of a second type after a table as lists. From API 1.52 the engine is asked for these kinds only.
        /// </summary>
        [Parameter(ParameterSetName = DetailedSet)]
        [ValidateSet("Image", "Container", "Volume", "BuildCache", IgnoreCase = true)]
        public string[]? Type { get; set; }

        protected override string ErrorNoun => "Engine";

        protected override bool SeveralEngines => true;

        protected override void ProcessRecord()
        {
            Run(async () =>
            {
                bool Wants(string kind) => Type is null || Type.Contains(kind, StringComparer.OrdinalIgnoreCase);
                // The engine's own names for the kinds (the type query of API 1.52).
                string[]? kinds = Type is null ? null : new[] { ("Image", "image"), ("Container", "container"), ("Volume", "volume"), ("BuildCache", "build-cache") }
                    .Where(k => Wants(k.Item1)).Select(k => k.Item2).ToArray();
                DiskUsageReport report = await DiskUsageReader.ReadAsync(this, kinds, Detailed.IsPresent);

                if (!Detailed)
                {
                    WriteObject(report.Summary, true);
                    return;
                }

                if (Wants("Image"))
                {
                    WriteObject(report.Images, true);
                }

                if (Wants("Container"))
                {
                    WriteObject(report.Containers, true);
                }

                if (Wants("Volume"))
                {
                    WriteObject(report.Volumes, true);
                }

                if (Wants("BuildCache"))
                {
                    WriteObject(report.BuildCache, true);
                }
            });
        }
    }
}
