using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Docker.DotNet.Models;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

/// <summary>docker stats' figures as the docker CLI's stats helpers compute them, and the top/diff mappings.</summary>
public class ContainerStatsTests
{
    private static readonly DockerEndpoint Engine =
        new DockerEndpoint(new Uri("tcp://10.0.0.5:2375"), "HostAddress", null, null);

    private static CPUStats Cpu(ulong total, ulong system, uint? online, int perCpu = 0) => new CPUStats
    {
        CPUUsage = new CPUUsage { TotalUsage = total, PercpuUsage = Enumerable.Repeat(1UL, perCpu).ToList() },
        SystemUsage = system,
        OnlineCPUs = online,
    };

    [Fact]
    public void CpuPercentIsTheContainersShareOfTheHostsDeltaTimesTheOnlineCpus()
    {
        // 50 ms of the container's CPU over 1 s of the host's (both CPUs counted), 2 CPUs: 10 %.
        Assert.Equal(10.0, ModelMapper.CpuPercentUnix(100_000_000, 1_000_000_000, Cpu(150_000_000, 2_000_000_000, 2)), 9);
    }

    [Fact]
    public void CpuPercentCountsThePerCpuListWhenTheEngineGivesNoOnlineCpus()
    {
        Assert.Equal(20.0, ModelMapper.CpuPercentUnix(100_000_000, 1_000_000_000, Cpu(150_000_000, 2_000_000_000, 0, perCpu: 4)), 9);
        Assert.Equal(20.0, ModelMapper.CpuPercentUnix(100_000_000, 1_000_000_000, Cpu(150_000_000, 2_000_000_000, null, perCpu: 4)), 9);
    }

    [Theory]
    [InlineData(100UL, 1000UL, 100UL, 2000UL)]   // no CPU used
    [InlineData(100UL, 1000UL, 200UL, 1000UL)]   // no host time passed
    [InlineData(200UL, 1000UL, 100UL, 2000UL)]   // a counter went back (container restarted)
    public void CpuPercentIsZeroUnlessBothDeltasArePositive(ulong preCpu, ulong preSystem, ulong cpu, ulong system)
    {
        Assert.Equal(0.0, ModelMapper.CpuPercentUnix(preCpu, preSystem, Cpu(cpu, system, 2)));
    }

    [Fact]
    public void CpuPercentOnWindowsIsTheIntervalsUsedOverThosePossible()
    {
        var read = new DateTime(2024, 5, 1, 12, 0, 1, DateTimeKind.Utc);
        var s = new ContainerStatsResponse
        {
            OSType = "windows",
            Read = read,
            PreRead = read.AddSeconds(-1),
            NumProcs = 2,
            CPUStats = Cpu(15_000_000, 0, null),
            PreCPUStats = Cpu(10_000_000, 0, null),
        };
        // 1 s = 10^7 intervals of 100 ns, on 2 processors: 5 * 10^6 used of 2 * 10^7 = 25 %.
        Assert.Equal(25.0, ModelMapper.CpuPercentWindows(s), 9);
        s.PreRead = read;
        Assert.Equal(0.0, ModelMapper.CpuPercentWindows(s));
    }

    [Theory]
    [InlineData("total_inactive_file", 300UL, 700UL)]   // cgroup v1
    [InlineData("inactive_file", 200UL, 800UL)]         // cgroup v2
    [InlineData("total_inactive_file", 1000UL, 1000UL)] // not smaller than usage: usage as it is
    [InlineData("cache", 500UL, 1000UL)]                // neither: usage as it is
    public void MemoryUsageLeavesOutTheInactivePageCache(string key, ulong value, ulong expected)
    {
        var memory = new MemoryStats { Usage = 1000, Stats = new Dictionary<string, ulong> { [key] = value } };
        Assert.Equal(expected, ModelMapper.MemoryUsageNoCache(memory));
    }

    [Fact]
    public void MemoryUsagePrefersCgroupV1sFigure()
    {
        var memory = new MemoryStats
        {
            Usage = 1000,
            Stats = new Dictionary<string, ulong> { ["total_inactive_file"] = 100, ["inactive_file"] = 400 },
        };
        Assert.Equal(900UL, ModelMapper.MemoryUsageNoCache(memory));
        Assert.Equal(0UL, ModelMapper.MemoryUsageNoCache(null));
        Assert.Equal(1000UL, ModelMapper.MemoryUsageNoCache(new MemoryStats { Usage = 1000 }));
    }

    [Fact]
    public void BlockIoSumsReadAndWriteEntriesOfAnyCase()
    {
        var blkio = new BlkioStats
        {
            IoServiceBytesRecursive = new List<BlkioStatEntry>
            {
                new BlkioStatEntry { Major = 8, Op = "Read", Value = 4096 },
                new BlkioStatEntry { Major = 8, Op = "Write", Value = 100 },
                new BlkioStatEntry { Major = 9, Op = "read", Value = 1 },
                new BlkioStatEntry { Major = 9, Op = "write", Value = 2 },
                new BlkioStatEntry { Major = 8, Op = "Total", Value = 99999 },
                new BlkioStatEntry { Major = 8, Op = "Sync", Value = 77 },
            },
        };
        Assert.Equal((4097UL, 102UL), ModelMapper.BlockBytes(blkio));
        Assert.Equal((0UL, 0UL), ModelMapper.BlockBytes(null));
    }

    [Fact]
    public void NetworkIoSumsEveryInterface()
    {
        var networks = new Dictionary<string, NetworkStats>
        {
            ["eth0"] = new NetworkStats { RxBytes = 736, TxBytes = 10 },
            ["eth1"] = new NetworkStats { RxBytes = 64, TxBytes = 5 },
        };
        Assert.Equal((800UL, 15UL), ModelMapper.NetworkBytes(networks));
        Assert.Equal((0UL, 0UL), ModelMapper.NetworkBytes(null));
    }

    [Fact]
    public void ASampleMapsToTheColumnsOfDockerStats()
    {
        var s = new ContainerStatsResponse
        {
            ID = new string('a', 64),
            Name = "/web",
            Read = new DateTime(2024, 5, 1, 12, 0, 1, DateTimeKind.Utc),
            CPUStats = Cpu(150_000_000, 2_000_000_000, 2),
            PreCPUStats = Cpu(100_000_000, 1_000_000_000, 2),
            MemoryStats = new MemoryStats { Usage = 1_179_648 + 4096, Limit = 25_276_026_880, Stats = new Dictionary<string, ulong> { ["total_inactive_file"] = 4096 } },
            PidsStats = new PidsStats { Current = 3 },
            Networks = new Dictionary<string, NetworkStats> { ["eth0"] = new NetworkStats { RxBytes = 736 } },
            BlkioStats = new BlkioStats { IoServiceBytesRecursive = new List<BlkioStatEntry> { new BlkioStatEntry { Op = "Read", Value = 4100 } } },
        };

        ContainerStatistic stat = ModelMapper.ToStatistic(s, Engine);

        Assert.Equal("web", stat.Container);
        Assert.Equal("aaaaaaaaaaaa", stat.ShortId);
        Assert.Equal(10.0, stat.CPUPercent, 9);
        Assert.Equal(1_179_648UL, stat.MemoryUsage);
        Assert.Equal(25_276_026_880UL, stat.MemoryLimit);
        Assert.Equal(3UL, stat.PIDs);
        Assert.Equal(DateTimeKind.Utc, stat.Read.Kind);
        Assert.Equal("10.00%", stat.CPUText);
        Assert.Equal("0.00%", stat.MemoryPercentText);
        Assert.Equal("1.125MiB / 23.54GiB", stat.MemoryText);
        Assert.Equal("736B / 0B", stat.NetworkText);
        Assert.Equal("4.1kB / 0B", stat.BlockText);
        Assert.Same(Engine, stat.Endpoint);
    }

    [Fact]
    public void NoMemoryLimitGivesZeroPercent()
    {
        var s = new ContainerStatsResponse { ID = "x", Name = "/x", MemoryStats = new MemoryStats { Usage = 10 } };
        Assert.Equal(0.0, ModelMapper.ToStatistic(s, Engine).MemoryPercent);
    }

    [Theory]
    [InlineData(0.0, "0B")]
    [InlineData(1023.0, "1023B")]
    [InlineData(524288.0, "512KiB")]
    [InlineData(1179648.0, "1.125MiB")]
    [InlineData(25276026880.0, "23.54GiB")]
    [InlineData(1536.0, "1.5KiB")]
    public void BinarySizesReadAsGoUnitsBytesSize(double bytes, string expected)
    {
        Assert.Equal(expected, Humanize.BinarySize(bytes));
    }

    [Theory]
    [InlineData(0.0, "0.00%")]
    [InlineData(0.00207, "0.00%")]
    [InlineData(101.256, "101.26%")]
    public void PercentagesHaveTwoDecimals(double value, string expected)
    {
        Assert.Equal(expected, Humanize.Percent(value));
    }

    [Fact]
    public void TopRowsAreTypedAndKeepEveryColumnInOrder()
    {
        var top = new ContainerProcessesResponse
        {
            Titles = new List<string> { "UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD" },
            Processes = new List<IList<string>>
            {
                new List<string> { "root", "16591", "16568", "1", "01:38", "?", "00:00:00", "sleep 60" },
            },
        };

        ContainerProcess p = ModelMapper.ToProcesses(top, "web", Engine).Single();

        Assert.Equal(16591, p.PID);
        Assert.Equal(16568, p.PPID);
        Assert.Equal("root", p.UID);
        Assert.Equal("sleep 60", p.Command);
        Assert.Equal(top.Titles, p.Columns.Keys.ToList());
        Assert.Equal("01:38", p.Columns["STIME"]);
        Assert.Equal("web", p.Container);
    }

    [Fact]
    public void TopRowsOfOtherPsOptionsLeaveMissingColumnsNull()
    {
        var top = new ContainerProcessesResponse
        {
            Titles = new List<string> { "USER", "PID", "COMMAND", "PID" },
            Processes = new List<IList<string>> { new List<string> { "www", "42", "httpd", "42" } },
        };

        ContainerProcess p = ModelMapper.ToProcesses(top, "web", Engine).Single();

        Assert.Equal(42, p.PID);
        Assert.Null(p.PPID);
        Assert.Equal("www", p.UID);
        Assert.Equal("httpd", p.Command);
        Assert.Equal(new[] { "USER", "PID", "COMMAND" }, p.Columns.Keys.ToArray());
    }

    [Theory]
    [InlineData(FileSystemChangeKind.Modify, ContainerChangeKind.Changed, "C /etc")]
    [InlineData(FileSystemChangeKind.Add, ContainerChangeKind.Added, "A /etc")]
    [InlineData(FileSystemChangeKind.Delete, ContainerChangeKind.Deleted, "D /etc")]
    public void DiffKindsAreTheApis(FileSystemChangeKind api, ContainerChangeKind expected, string line)
    {
        ContainerChange c = ModelMapper.ToChange(new ContainerFileSystemChangeResponse { Kind = api, Path = "/etc" }, "web", Engine);
        Assert.Equal(expected, c.Kind);
        Assert.Equal(line, c.ToString());
        Assert.Equal((int)api, (int)c.Kind);
    }

    [Fact]
    public void FileTargetsAreCheckedBeforeAnythingIsSent()
    {
        string dir = Path.Combine(Path.GetTempPath(), "psds-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(dir);
        try
        {
            string file = Path.Combine(dir, "a.tar");
            File.WriteAllText(file, "x");

            FileDownload.CheckTarget(file, "a.tar", false, "docker export", "container.tar");
            Assert.Equal("FileExists", Assert.Throws<PSDockerException>(() => FileDownload.CheckTarget(file, "a.tar", true, "docker export", "container.tar")).ErrorId);
            Assert.Equal("PathIsDirectory", Assert.Throws<PSDockerException>(() => FileDownload.CheckTarget(dir, dir, false, "docker export", "container.tar")).ErrorId);
            Assert.Equal("DirectoryNotFound", Assert.Throws<PSDockerException>(() =>
                FileDownload.CheckTarget(Path.Combine(dir, "none", "a.tar"), "none/a.tar", false, "docker export", "container.tar")).ErrorId);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
