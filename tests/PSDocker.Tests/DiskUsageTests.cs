using System.Collections.Generic;
using System;
using System.Collections;
using System.Linq;
using PSDocker.Commands;
using Xunit;

namespace PSDocker.Tests;

public class DiskUsageTests
{
    private static readonly DockerEndpoint Engine = new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

    // GET /v1.41/system/df as a 20.10 engine answers it (trimmed to the fields docker system df reads).
    private const string Legacy = """
        {
          "LayersSize": 10000000,
          "Images": [
            { "Id": "sha256:aaaaaaaaaaaabbbbbbbbbbbb", "RepoTags": ["127.0.0.1:5000/app:1.0", "app:1.0"], "Created": 1700000000,
              "Size": 6000000, "SharedSize": 2000000, "VirtualSize": 6000000, "Containers": 2 },
            { "Id": "sha256:cccccccccccc", "RepoTags": ["<none>:<none>"], "Created": 1700000100,
              "Size": 2000017, "SharedSize": 2000000, "Containers": 0 },
            { "Id": "sha256:dddddddddddd", "RepoTags": [], "Created": 1700000200, "Size": 3000000, "SharedSize": -1, "Containers": 1 }
          ],
          "Containers": [
            { "Id": "c1", "Names": ["/web"], "Image": "app:1.0", "Command": "httpd", "Created": 1700000300, "State": "running",
              "Status": "Up 5 minutes", "SizeRw": 1000, "Mounts": [ { "Type": "volume", "Driver": "local" }, { "Type": "bind" } ] },
            { "Id": "c2", "Names": ["/web/db", "/db"], "Image": "app:1.0", "Command": "db", "Created": 1700000400, "State": "paused",
              "Status": "Up 1 hour (Paused)", "SizeRw": 10 },
            { "Id": "c3", "Names": ["/old"], "Image": "app:1.0", "Command": "true", "Created": 1700000500, "State": "exited",
              "Status": "Exited (0) 2 days ago", "SizeRw": 3000 },
            { "Id": "c4", "Names": ["/new"], "Image": "app:1.0", "Command": "true", "Created": 1700000600, "State": "created", "Status": "Created" }
          ],
          "Volumes": [
            { "Name": "data", "Driver": "local", "Labels": { "tier": "db" }, "UsageData": { "RefCount": 1, "Size": 36 } },
            { "Name": "cache", "Driver": "local", "Labels": null, "UsageData": { "RefCount": 0, "Size": 64 } },
            { "Name": "remote", "Driver": "nfs", "UsageData": { "RefCount": -1, "Size": -1 } }
          ],
          "BuildCache": [
            { "ID": "r1", "Type": "regular", "Description": "layer", "InUse": true, "Shared": false, "Size": 500,
              "CreatedAt": "2024-05-01T12:00:00Z", "LastUsedAt": "2024-05-02T08:30:00Z", "UsageCount": 3 },
            { "ID": "r2", "Type": "source.local", "InUse": false, "Shared": false, "Size": 1500, "CreatedAt": "2024-05-01T12:00:00Z", "UsageCount": 1 },
            { "ID": "r3", "Type": "regular", "InUse": false, "Shared": true, "Size": 9999, "CreatedAt": "2024-05-01T12:00:00Z", "UsageCount": 1 }
          ],
          "BuilderSize": 2000
        }
        """;

    // GET /v1.52/system/df?verbose=1: the per-kind summaries of the Engine API reference (SystemDataUsage), with the
    // reference's example values for the build cache.
    private const string Summaries = """
        {
          "ImagesDiskUsage": { "ActiveCount": 1, "TotalCount": 4, "Reclaimable": 12345678, "TotalSize": 98765432,
            "Items": [ { "Id": "sha256:eeeeeeeeeeeeffff", "RepoTags": ["busybox:latest"], "Created": 1700000000, "Size": 98765432, "SharedSize": 0, "Containers": 1 } ] },
          "ContainersDiskUsage": { "ActiveCount": 1, "TotalCount": 2, "Reclaimable": 0, "TotalSize": 0,
            "Items": [ { "Id": "c9", "Names": ["/one"], "Image": "busybox", "State": "running", "Status": "Up", "SizeRw": 0 } ] },
          "VolumesDiskUsage": { "ActiveCount": 0, "TotalCount": 1, "Reclaimable": 36, "TotalSize": 36,
            "Items": [ { "Name": "v", "Driver": "local", "UsageData": { "RefCount": 0, "Size": 36 } } ] },
          "BuildCacheDiskUsage": { "ActiveCount": 1, "TotalCount": 4, "Reclaimable": 12345678, "TotalSize": 98765432 }
        }
        """;

    [Fact]
    public void LegacyShapeRowsAreComputedAsTheDockerCliComputesThem()
    {
        DiskUsageReport r = ModelMapper.ToDiskUsage(Legacy, summaryShape: false, Engine);
        Assert.Equal(new[] { "Images", "Containers", "Local Volumes", "Build Cache" }, r.Summary.Select(s => s.Type));

        DiskUsage images = r.Summary[0];
        Assert.Equal((3L, 2L, 10000000L), (images.Total, images.Active, images.Size));
        // Used: only what used images hold alone (6000000 - 2000000); the image with an unknown shared size is left out.
        Assert.Equal(6000000, images.Reclaimable);
        Assert.Equal("10MB", images.SizeText);
        Assert.Equal("6MB (60%)", images.ReclaimableText);

        DiskUsage containers = r.Summary[1];
        // Running and paused are active; exited and created are reclaimable; a missing SizeRw counts 0.
        Assert.Equal((4L, 2L, 4010L, 3000L), (containers.Total, containers.Active, containers.Size, containers.Reclaimable));
        Assert.Equal("3kB (74%)", containers.ReclaimableText);

        DiskUsage volumes = r.Summary[2];
        // A size of -1 (not known) is left out of both sums.
        Assert.Equal((3L, 1L, 100L, 64L), (volumes.Total, volumes.Active, volumes.Size, volumes.Reclaimable));
        Assert.Equal("64B (64%)", volumes.ReclaimableText);

        DiskUsage cache = r.Summary[3];
        // Shared records are not counted; the one in use is not reclaimable; no percent for the build cache.
        Assert.Equal((3L, 1L, 2000L, 1500L), (cache.Total, cache.Active, cache.Size, cache.Reclaimable));
        Assert.Equal("1.5kB", cache.ReclaimableText);
        Assert.All(r.Summary, s => Assert.Same(Engine, s.Endpoint));
    }

    [Fact]
    public void LegacyShapeDetailRowsReadAsDockerSystemDfVerbose()
    {
        DiskUsageReport r = ModelMapper.ToDiskUsage(Legacy, summaryShape: false, Engine);

        DiskUsageImage tagged = r.Images[0];
        Assert.Equal(("127.0.0.1:5000/app", "1.0", "aaaaaaaaaaaa"), (tagged.Repository, tagged.Tag, tagged.ShortId));
        Assert.Equal((4000000L, "6MB", "2MB", "4MB"), (tagged.UniqueSize, tagged.SizeText, tagged.SharedSizeText, tagged.UniqueSizeText));
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), tagged.Created);
        Assert.Equal(("<none>", "<none>", "17B"), (r.Images[1].Repository, r.Images[1].Tag, r.Images[1].UniqueSizeText));
        Assert.Equal(("<none>", "N/A", "N/A"), (r.Images[2].Repository, r.Images[2].SharedSizeText, r.Images[2].UniqueSizeText));

        Assert.Equal(new[] { "web", "db", "old", "new" }, r.Containers.Select(c => c.Name));
        Assert.Equal((1L, 1000L, "1kB", "running"), (r.Containers[0].LocalVolumes, r.Containers[0].Size, r.Containers[0].SizeText, r.Containers[0].State));

        Assert.Equal(new[] { "data", "cache", "remote" }, r.Volumes.Select(v => v.Name));
        Assert.Equal((1L, "36B", "db"), (r.Volumes[0].Links, r.Volumes[0].SizeText, r.Volumes[0].Labels["tier"]));
        Assert.Equal((-1L, -1L, "N/A"), (r.Volumes[2].Links, r.Volumes[2].Size, r.Volumes[2].SizeText));

        DiskUsageBuildCache record = r.BuildCache[0];
        Assert.Equal(("r1", "regular", 500L, 3L, true, false), (record.Id, record.CacheType, record.Size, record.UsageCount, record.InUse, record.Shared));
        Assert.Equal(new DateTime(2024, 5, 2, 8, 30, 0, DateTimeKind.Utc), record.LastUsed);
        Assert.Null(r.BuildCache[1].LastUsed);
    }

    [Fact]
    public void SummaryShapeTakesTheEnginesTotals()
    {
        DiskUsageReport r = ModelMapper.ToDiskUsage(Summaries, summaryShape: true, Engine);
        Assert.Equal(new[] { "Images", "Containers", "Local Volumes", "Build Cache" }, r.Summary.Select(s => s.Type));
        Assert.Equal((4L, 1L, 98765432L, 12345678L), (r.Summary[0].Total, r.Summary[0].Active, r.Summary[0].Size, r.Summary[0].Reclaimable));
        Assert.Equal("98.77MB", r.Summary[0].SizeText);
        Assert.Equal("12.35MB (12%)", r.Summary[0].ReclaimableText);
        Assert.Equal("0B", r.Summary[1].ReclaimableText);
        Assert.Equal("36B (100%)", r.Summary[2].ReclaimableText);
        Assert.Equal((4L, 1L, 98765432L, "12.35MB"), (r.Summary[3].Total, r.Summary[3].Active, r.Summary[3].Size, r.Summary[3].ReclaimableText));

        // The verbose items are read from each summary's Items.
        Assert.Equal(("busybox", "latest", 1L), (r.Images.Single().Repository, r.Images.Single().Tag, r.Images.Single().Containers));
        Assert.Equal("one", r.Containers.Single().Name);
        Assert.Equal((0L, 36L), (r.Volumes.Single().Links, r.Volumes.Single().Size));
        Assert.Empty(r.BuildCache);
    }

    [Fact]
    public void SummaryShapeReadsTheDraftNamesAndMissingKindsAsZero()
    {
        const string draft = """{ "ImageUsage": { "ActiveCount": 2, "TotalCount": 3, "TotalSize": 1000, "Reclaimable": 250 } }""";
        DiskUsageReport r = ModelMapper.ToDiskUsage(draft, summaryShape: true, Engine);
        Assert.Equal((3L, 2L, "1kB", "250B (25%)"), (r.Summary[0].Total, r.Summary[0].Active, r.Summary[0].SizeText, r.Summary[0].ReclaimableText));
        Assert.All(r.Summary.Skip(1), s => Assert.Equal((0L, 0L, 0L, "0B"), (s.Total, s.Size, s.Reclaimable, s.ReclaimableText)));
        Assert.Empty(r.Images);
    }

    [Fact]
    public void SummaryShapeIgnoresTheOldListsAnEngineStillSends()
    {
        // Without verbose, API 1.52 engines add the old lists: the summaries win, no rows come from the lists.
        string both = Summaries.TrimEnd().TrimEnd('}') + """, "LayersSize": 5, "Images": [ { "Id": "x", "Containers": 0, "Size": 5, "SharedSize": 0 } ] }""";
        DiskUsageReport r = ModelMapper.ToDiskUsage(both, summaryShape: true, Engine);
        Assert.Equal(98765432, r.Summary[0].Size);
        Assert.Equal("busybox", r.Images.Single().Repository);
    }

    [Theory]
    [InlineData(0, "0B")]
    [InlineData(17, "17B")]
    [InlineData(1985472, "1.985MB")]
    [InlineData(1985506, "1.986MB")]
    [InlineData(132008983, "132MB")]
    [InlineData(1234567890, "1.235GB")]
    public void DiskSizesHaveFourSignificantDigitsAsDockerSystemDfPrintsThem(double bytes, string expected) =>
        Assert.Equal(expected, Humanize.DiskSize(bytes));

    [Fact]
    public void BuildPruneFiltersAreWrittenAsTheEngineReadsThem() =>
        Assert.Equal("{\"until\":{\"24h\":true},\"label\":{\"a=b\":true}}", EngineRawRequest.Filters(new Dictionary<string, IDictionary<string, bool>>
        {
            ["until"] = new Dictionary<string, bool> { ["24h"] = true },
            ["label"] = new Dictionary<string, bool> { ["a=b"] = true },
        }));

    [Fact]
    public void BuildPruneAnswerIsRead()
    {
        (var ids, ulong space) = InvokeDockerSystemPruneCommand.ReadBuildPrune("""{"CachesDeleted":["a","b"],"SpaceReclaimed":2048}""");
        Assert.Equal(new[] { "a", "b" }, ids);
        Assert.Equal(2048UL, space);
        (ids, space) = InvokeDockerSystemPruneCommand.ReadBuildPrune("""{"CachesDeleted":null,"SpaceReclaimed":0}""");
        Assert.Empty(ids);
        Assert.Equal(0UL, space);
    }

    [Fact]
    public void FilterTablesTakeListsAndRefuseUnknownKeys()
    {
        var filters = new EngineFilter();
        filters.AddTable(new Hashtable { ["label"] = new object[] { "a=1", "b" }, ["until"] = "24h" }, "Filter", new[] { "label", "label!", "until" });
        Assert.Equal(new[] { "a=1", "b" }, filters.ValuesOf("label").OrderBy(k => k));
        Assert.Equal("24h", filters.ValuesOf("until").Single());
        Assert.Equal(new[] { "label=a=1", "label=b", "until=24h" }, filters.Describe().Split(new[] { ", " }, StringSplitOptions.None).OrderBy(f => f, StringComparer.Ordinal));

        var e = Assert.Throws<PSDockerException>(() =>
            new EngineFilter().AddTable(new Hashtable { ["dangling"] = "true" }, "Filter", new[] { "label", "until" }));
        Assert.Equal("InvalidFilter", e.ErrorId);
        Assert.Contains("-Filter", e.Message);
        Assert.Contains("'dangling'", e.Message);
    }
}
