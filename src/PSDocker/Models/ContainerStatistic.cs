using System;

namespace PSDocker
{
    /// <summary>
    /// One sample of a container's resource use, as docker stats prints one row (GET /containers/{id}/stats).
    /// The figures are computed from the engine's sample exactly as the docker CLI computes them.
    /// </summary>
    public sealed class ContainerStatistic
    {
        internal ContainerStatistic(string container, string containerId, DockerEndpoint endpoint)
        {
            Container = container ?? throw new ArgumentNullException(nameof(container));
            ContainerId = containerId ?? throw new ArgumentNullException(nameof(containerId));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The container's name, without the leading "/" (the API's name; docker stats' NAME).</summary>
        public string Container { get; }

        /// <summary>The container's full id (the API's id).</summary>
        public string ContainerId { get; }

        /// <summary>The CONTAINER ID column of docker stats: the first 12 digits of <see cref="ContainerId"/>.</summary>
        public string ShortId => ContainerId.Length > 12 ? ContainerId.Substring(0, 12) : ContainerId;

        /// <summary>
        /// CPU use in percent of one CPU (100 = one CPU busy; up to 100 × CPUs), over the time between this sample and
        /// the one before (cpu_stats against precpu_stats: the container's usage delta over the host's, times the online
        /// CPUs; on Windows, the 100 ns intervals used over those possible). docker stats' CPU %.
        /// </summary>
        public double CPUPercent { get; internal set; }

        /// <summary>
        /// Memory in use, in bytes, without the page cache that can be given back: memory_stats.usage minus
        /// total_inactive_file (cgroup v1) or inactive_file (cgroup v2); the private working set on Windows.
        /// The first number of docker stats' MEM USAGE / LIMIT.
        /// </summary>
        public ulong MemoryUsage { get; internal set; }

        /// <summary>The memory limit in bytes (memory_stats.limit; the host's memory when the container has no limit). 0 on Windows.</summary>
        public ulong MemoryLimit { get; internal set; }

        /// <summary><see cref="MemoryUsage"/> in percent of <see cref="MemoryLimit"/> (0 without a limit): docker stats' MEM %.</summary>
        public double MemoryPercent { get; internal set; }

        /// <summary>Bytes received over all the container's network interfaces (the sum of networks.*.rx_bytes): NET I/O's first number.</summary>
        public ulong NetworkReceived { get; internal set; }

        /// <summary>Bytes sent over all the container's network interfaces (the sum of networks.*.tx_bytes): NET I/O's second number.</summary>
        public ulong NetworkSent { get; internal set; }

        /// <summary>
        /// Bytes read from block devices (blkio_stats.io_service_bytes_recursive entries with op "read", summed;
        /// storage_stats.read_size_bytes on Windows): BLOCK I/O's first number.
        /// </summary>
        public ulong BlockRead { get; internal set; }

        /// <summary>Bytes written to block devices (op "write" entries; storage_stats.write_size_bytes on Windows): BLOCK I/O's second number.</summary>
        public ulong BlockWrite { get; internal set; }

        /// <summary>The number of processes and threads in the container (pids_stats.current; 0 on Windows): docker stats' PIDS.</summary>
        public ulong PIDs { get; internal set; }

        /// <summary>When the engine took the sample, in UTC (the API's read).</summary>
        public DateTime Read { get; internal set; }

        /// <summary>The CPU % column as docker stats prints it: "0.25%".</summary>
        public string CPUText => Humanize.Percent(CPUPercent);

        /// <summary>The MEM % column as docker stats prints it: "0.02%".</summary>
        public string MemoryPercentText => Humanize.Percent(MemoryPercent);

        /// <summary>The MEM USAGE / LIMIT column as docker stats prints it, in binary units: "1.125MiB / 23.54GiB".</summary>
        public string MemoryText => Humanize.BinarySize(MemoryUsage) + " / " + Humanize.BinarySize(MemoryLimit);

        /// <summary>The NET I/O column as docker stats prints it, in decimal units: "736B / 0B".</summary>
        public string NetworkText => Humanize.Size(NetworkReceived) + " / " + Humanize.Size(NetworkSent);

        /// <summary>The BLOCK I/O column as docker stats prints it, in decimal units: "4.1kB / 0B".</summary>
        public string BlockText => Humanize.Size(BlockRead) + " / " + Humanize.Size(BlockWrite);

        /// <summary>The engine the container runs on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Container} CPU {CPUText} MEM {MemoryText}";
    }
}
