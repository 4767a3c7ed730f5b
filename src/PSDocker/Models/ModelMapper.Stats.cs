using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker
{
    // The mappings of docker stats, top and diff: ContainerStatistic, ContainerProcess, ContainerChange.
    internal static partial class ModelMapper
    {
        /// <summary>
        /// One stats sample as docker stats shows it: CPU % from cpu_stats against precpu_stats, memory without the
        /// inactive page cache, network and block I/O summed, PIDs (the docker CLI's stats helpers, Unix and Windows).
        /// </summary>
        /// <param name="s">The engine's sample (GET /containers/{id}/stats).</param>
        /// <param name="endpoint">The engine it came from.</param>
        internal static ContainerStatistic ToStatistic(ContainerStatsResponse s, DockerEndpoint endpoint)
        {
            var stat = new ContainerStatistic((s.Name ?? "").TrimStart('/'), s.ID ?? "", endpoint)
            {
                Read = ToUtc(s.Read),
            };
            (stat.NetworkReceived, stat.NetworkSent) = NetworkBytes(s.Networks);
            if (string.Equals(s.OSType, "windows", StringComparison.OrdinalIgnoreCase))
            {
                stat.CPUPercent = CpuPercentWindows(s);
                stat.BlockRead = s.StorageStats?.ReadSizeBytes ?? 0;
                stat.BlockWrite = s.StorageStats?.WriteSizeBytes ?? 0;
                stat.MemoryUsage = s.MemoryStats?.PrivateWorkingSet ?? 0;
            }
            else
            {
                stat.CPUPercent = CpuPercentUnix(s.PreCPUStats?.CPUUsage?.TotalUsage ?? 0, s.PreCPUStats?.SystemUsage ?? 0, s.CPUStats);
                (stat.BlockRead, stat.BlockWrite) = BlockBytes(s.BlkioStats);
                stat.MemoryUsage = MemoryUsageNoCache(s.MemoryStats);
                stat.MemoryLimit = s.MemoryStats?.Limit ?? 0;
                stat.MemoryPercent = stat.MemoryLimit == 0 ? 0 : (double)stat.MemoryUsage / stat.MemoryLimit * 100.0;
                stat.PIDs = s.PidsStats?.Current ?? 0;
            }

            return stat;
        }

        /// <summary>
        /// CPU % on Linux as the docker CLI computes it (calculateCPUPercentUnix): the container's CPU time delta over
        /// the host's CPU time delta, times the online CPUs (the per-CPU list's length when the engine gives none), times
        /// 100; 0 unless both deltas are positive.
        /// </summary>
        internal static double CpuPercentUnix(ulong previousCpu, ulong previousSystem, CPUStats? now)
        {
            if (now is null)
            {
                return 0;
            }

            double cpuDelta = (double)(now.CPUUsage?.TotalUsage ?? 0) - previousCpu;
            double systemDelta = (double)(now.SystemUsage ?? 0) - previousSystem;
            double onlineCpus = now.OnlineCPUs ?? 0;
            if (onlineCpus == 0)
            {
                onlineCpus = now.CPUUsage?.PercpuUsage?.Count ?? 0;
            }

            return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * onlineCpus * 100.0 : 0;
        }

        /// <summary>
        /// CPU % on Windows as the docker CLI computes it (calculateCPUPercentWindows): the 100 ns intervals the container
        /// used between the two reads, over the intervals possible on all its processors in that time.
        /// </summary>
        internal static double CpuPercentWindows(ContainerStatsResponse s)
        {
            long elapsedTicks = (ToUtc(s.Read) - ToUtc(s.PreRead)).Ticks;   // a tick is 100 ns
            if (elapsedTicks <= 0)
            {
                return 0;
            }

            double possible = (double)elapsedTicks * s.NumProcs;
            double used = (double)(s.CPUStats?.CPUUsage?.TotalUsage ?? 0) - (s.PreCPUStats?.CPUUsage?.TotalUsage ?? 0);
            return possible > 0 ? used / possible * 100.0 : 0;
        }

        /// <summary>
        /// Memory in use without the inactive page cache (calculateMemUsageUnixNoCache): usage minus total_inactive_file
        /// when the engine reports it (cgroup v1) and it is smaller, else minus inactive_file (cgroup v2) when smaller,
        /// else usage.
        /// </summary>
        internal static ulong MemoryUsageNoCache(MemoryStats? memory)
        {
            if (memory is null)
            {
                return 0;
            }

            ulong usage = memory.Usage ?? 0;
            IDictionary<string, ulong>? stats = memory.Stats;
            if (stats is not null && stats.TryGetValue("total_inactive_file", out ulong v1) && v1 < usage)
            {
                return usage - v1;
            }

            ulong v2 = 0;
            if (stats is not null)
            {
                stats.TryGetValue("inactive_file", out v2);
            }

            return v2 < usage ? usage - v2 : usage;
        }

        /// <summary>Bytes read and written (calculateBlockIO): io_service_bytes_recursive entries with op read or write (any case), summed.</summary>
        internal static (ulong Read, ulong Write) BlockBytes(BlkioStats? blkio)
        {
            ulong read = 0, write = 0;
            foreach (BlkioStatEntry entry in blkio?.IoServiceBytesRecursive ?? Array.Empty<BlkioStatEntry>())
            {
                switch ((entry.Op ?? "").ToLowerInvariant())
                {
                    case "read":
                        read += entry.Value;
                        break;
                    case "write":
                        write += entry.Value;
                        break;
                }
            }

            return (read, write);
        }

        /// <summary>Bytes received and sent over all interfaces (calculateNetwork): rx_bytes and tx_bytes, summed.</summary>
        internal static (ulong Received, ulong Sent) NetworkBytes(IDictionary<string, NetworkStats>? networks)
        {
            ulong rx = 0, tx = 0;
            foreach (NetworkStats n in networks?.Values ?? Array.Empty<NetworkStats>())
            {
                rx += n?.RxBytes ?? 0;
                tx += n?.TxBytes ?? 0;
            }

            return (rx, tx);
        }

        /// <summary>
        /// The rows of docker top: one ContainerProcess per process, its columns keyed by the titles ps printed; PID and
        /// PPID read as numbers, UID from UID or USER, Command from CMD, COMMAND or ARGS, where the ps options give them.
        /// </summary>
        internal static IEnumerable<ContainerProcess> ToProcesses(ContainerProcessesResponse top, string container, DockerEndpoint endpoint)
        {
            IList<string> titles = top.Titles ?? Array.Empty<string>();
            foreach (IList<string> row in top.Processes ?? Array.Empty<IList<string>>())
            {
                var columns = new OrderedColumns();
                for (int i = 0; i < titles.Count; i++)
                {
                    string title = titles[i] ?? "";
                    if (!columns.ContainsKey(title))
                    {
                        columns.Add(title, i < row.Count ? row[i] ?? "" : "");
                    }
                }

                yield return new ContainerProcess(container, columns, endpoint)
                {
                    PID = IntColumn(columns, "PID"),
                    PPID = IntColumn(columns, "PPID"),
                    UID = Column(columns, "UID", "USER"),
                    Command = Column(columns, "CMD", "COMMAND", "ARGS"),
                };
            }
        }

        /// <summary>One change of docker diff: the API's Kind 0 (modified), 1 (added), 2 (deleted) as Changed, Added, Deleted.</summary>
        internal static ContainerChange ToChange(ContainerFileSystemChangeResponse c, string container, DockerEndpoint endpoint) =>
            new ContainerChange(ToChangeKind(c.Kind), c.Path ?? "", container, endpoint);

        /// <summary>The library's FileSystemChangeKind (Modify 0, Add 1, Delete 2) as PSDocker's kind.</summary>
        internal static ContainerChangeKind ToChangeKind(FileSystemChangeKind kind) => kind switch
        {
            FileSystemChangeKind.Add => ContainerChangeKind.Added,
            FileSystemChangeKind.Delete => ContainerChangeKind.Deleted,
            _ => ContainerChangeKind.Changed,
        };

        private static DateTime ToUtc(DateTime t) => t.Kind switch
        {
            DateTimeKind.Local => t.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(t, DateTimeKind.Utc),
            _ => t,
        };

        private static string? Column(IReadOnlyDictionary<string, string> columns, params string[] titles)
        {
            foreach (string title in titles)
            {
                if (columns.TryGetValue(title, out string? value))
                {
                    return value;
                }
            }

            return null;
        }

        private static int? IntColumn(IReadOnlyDictionary<string, string> columns, string title) =>
            columns.TryGetValue(title, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : (int?)null;

        /// <summary>ps's columns in ps's order, looked up by title (exact, as ps prints them).</summary>
        private sealed class OrderedColumns : IReadOnlyDictionary<string, string>
        {
            private readonly List<KeyValuePair<string, string>> _items = new List<KeyValuePair<string, string>>();
            private readonly Dictionary<string, string> _index = new Dictionary<string, string>(StringComparer.Ordinal);

            public string this[string key] => _index[key];

            public IEnumerable<string> Keys => _items.Select(i => i.Key);

            public IEnumerable<string> Values => _items.Select(i => i.Value);

            public int Count => _items.Count;

            public void Add(string key, string value)
            {
                _index.Add(key, value);
                _items.Add(new KeyValuePair<string, string>(key, value));
            }

            public bool ContainsKey(string key) => _index.ContainsKey(key);

            public bool TryGetValue(string key, out string value) => _index.TryGetValue(key, out value!);

            public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _items.GetEnumerator();

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
