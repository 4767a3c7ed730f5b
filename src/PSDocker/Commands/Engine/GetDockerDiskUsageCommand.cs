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

        protected override string ErrorNoun => "Engine";

        protected override void ProcessRecord()
        {
            Run(async () =>
            {
                DiskUsageReport report = await DiskUsageReader.ReadAsync(this, null, Detailed.IsPresent);

                if (!Detailed)
                {
                    WriteObject(report.Summary, true);
                    return;
                }

                WriteObject(report.Images, true);
                WriteObject(report.Containers, true);
                WriteObject(report.Volumes, true);
                WriteObject(report.BuildCache, true);
            });
        }
    }
}
