using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace PSDocker
{
    /// <summary>What GET /system/df answered, mapped: the four docker system df rows and the docker system df -v rows.</summary>
    internal sealed class DiskUsageReport
    {
        internal DiskUsageReport(IReadOnlyList<DiskUsage> summary, IReadOnlyList<DiskUsageImage> images, IReadOnlyList<DiskUsageContainer> containers,
            IReadOnlyList<DiskUsageVolume> volumes, IReadOnlyList<DiskUsageBuildCache> buildCache)
        {
            Summary = summary;
            Images = images;
            Containers = containers;
            Volumes = volumes;
            BuildCache = buildCache;
        }

        internal IReadOnlyList<DiskUsage> Summary { get; }
        internal IReadOnlyList<DiskUsageImage> Images { get; }
        internal IReadOnlyList<DiskUsageContainer> Containers { get; }
        internal IReadOnlyList<DiskUsageVolume> Volumes { get; }
        internal IReadOnlyList<DiskUsageBuildCache> BuildCache { get; }
    }

    // The mapping of docker system df: DiskUsage rows and the -v detail rows, from both shapes of GET /system/df.
    internal static partial class ModelMapper
    {
        /// <summary>The first API version whose /system/df answer carries the per-kind summaries (ImagesDiskUsage, ...).</summary>
        internal static readonly Version DiskUsageSummaryApiVersion = new Version(1, 52);

        /// <summary>
        /// Maps the JSON of GET /system/df. <paramref name="summaryShape"/> (API 1.52 and later) reads the engine's own
        /// per-kind summaries (ImagesDiskUsage, ContainersDiskUsage, VolumesDiskUsage, BuildCacheDiskUsage: TotalCount,
        /// ActiveCount, TotalSize, Reclaimable, Items), as docker 29 prints them. Otherwise (the older shape: LayersSize,
        /// Images[], Containers[], Volumes[], BuildCache[]) the rows are computed from the lists as the docker CLI computed
        /// them before: images active when a container uses them, reclaimable all layers but what used images hold alone
        /// (Size - SharedSize); containers active when running, paused or restarting, their SizeRw summed; volumes active
        /// with a RefCount, sizes of -1 left out; build cache records not shared summed, those in use not reclaimable.
        /// </summary>
        internal static DiskUsageReport ToDiskUsage(string json, bool summaryShape, DockerEndpoint endpoint)
        {
            using JsonDocument doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            JsonElement root = doc.RootElement;

            var images = DfItems(root, summaryShape, "Images", "ImagesDiskUsage", "ImageUsage").Select(i => ToDiskUsageImage(i, endpoint)).ToList();
            var containers = DfItems(root, summaryShape, "Containers", "ContainersDiskUsage", "ContainerUsage").Select(c => ToDiskUsageContainer(c, endpoint)).ToList();
            var volumes = DfItems(root, summaryShape, "Volumes", "VolumesDiskUsage", "VolumeUsage").Select(v => ToDiskUsageVolume(v, endpoint)).ToList();
            var cache = DfItems(root, summaryShape, "BuildCache", "BuildCacheDiskUsage", "BuildCacheUsage").Select(b => ToDiskUsageBuildCache(b, endpoint)).ToList();

            List<DiskUsage> summary = summaryShape
                ? new List<DiskUsage>
                {
                    FromSummary("Images", DfSummary(root, "ImagesDiskUsage", "ImageUsage"), true, endpoint),
                    FromSummary("Containers", DfSummary(root, "ContainersDiskUsage", "ContainerUsage"), true, endpoint),
                    FromSummary("Local Volumes", DfSummary(root, "VolumesDiskUsage", "VolumeUsage"), true, endpoint),
                    FromSummary("Build Cache", DfSummary(root, "BuildCacheDiskUsage", "BuildCacheUsage"), false, endpoint),
                }
                : new List<DiskUsage>
                {
                    ImagesRow(DfLong(root, "LayersSize"), images, endpoint),
                    ContainersRow(containers, endpoint),
                    VolumesRow(volumes, endpoint),
                    BuildCacheRow(cache, endpoint),
                };
            return new DiskUsageReport(summary, images, containers, volumes, cache);
        }

        private static DiskUsage ImagesRow(long layersSize, IReadOnlyList<DiskUsageImage> images, DockerEndpoint endpoint)
        {
            long used = images.Where(i => i.Containers != 0 && i.Size != -1 && i.SharedSize != -1).Sum(i => i.Size - i.SharedSize);
            return new DiskUsage("Images", images.Count, images.Count(i => i.Containers > 0), layersSize, layersSize - used, true, endpoint);
        }

        private static DiskUsage ContainersRow(IReadOnlyList<DiskUsageContainer> containers, DockerEndpoint endpoint)
        {
            static bool IsActive(DiskUsageContainer c) =>
                c.State.Contains("running") || c.State.Contains("paused") || c.State.Contains("restarting");
            return new DiskUsage("Containers", containers.Count, containers.Count(IsActive), containers.Sum(c => c.Size),
                containers.Where(c => !IsActive(c)).Sum(c => c.Size), true, endpoint);
        }

        private static DiskUsage VolumesRow(IReadOnlyList<DiskUsageVolume> volumes, DockerEndpoint endpoint)
        {
            var known = volumes.Where(v => v.Size != -1).ToList();
            return new DiskUsage("Local Volumes", volumes.Count, volumes.Count(v => v.Links > 0), known.Sum(v => v.Size),
                known.Where(v => v.Links == 0).Sum(v => v.Size), true, endpoint);
        }

        private static DiskUsage BuildCacheRow(IReadOnlyList<DiskUsageBuildCache> cache, DockerEndpoint endpoint)
        {
            var own = cache.Where(b => !b.Shared).ToList();
            return new DiskUsage("Build Cache", cache.Count, cache.Count(b => b.InUse), own.Sum(b => b.Size),
                own.Where(b => !b.InUse).Sum(b => b.Size), false, endpoint);
        }

        private static DiskUsage FromSummary(string type, JsonElement? summary, bool percent, DockerEndpoint endpoint) =>
            summary is JsonElement s
                ? new DiskUsage(type, DfLong(s, "TotalCount"), DfLong(s, "ActiveCount"), DfLong(s, "TotalSize"), DfLong(s, "Reclaimable"), percent, endpoint)
                : new DiskUsage(type, 0, 0, 0, 0, percent, endpoint);

        /// <summary>The per-kind summary object of the 1.52 shape, under its released name or the name the API drafts used.</summary>
        private static JsonElement? DfSummary(JsonElement root, string name, string draftName)
        {
            foreach (string n in new[] { name, draftName })
            {
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(n, out JsonElement e) && e.ValueKind == JsonValueKind.Object)
                {
                    return e;
                }
            }

            return null;
        }

        /// <summary>The items of one kind: the summary's Items in the 1.52 shape (with verbose), else the older top-level list.</summary>
        private static IEnumerable<JsonElement> DfItems(JsonElement root, bool summaryShape, string legacyName, string name, string draftName)
        {
            JsonElement? list = null;
            if (summaryShape && DfSummary(root, name, draftName) is JsonElement s && s.TryGetProperty("Items", out JsonElement items))
            {
                list = items;
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(legacyName, out JsonElement legacy))
            {
                list = legacy;
            }

            return list is JsonElement l && l.ValueKind == JsonValueKind.Array
                ? l.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList()
                : new List<JsonElement>();
        }

        private static DiskUsageImage ToDiskUsageImage(JsonElement i, DockerEndpoint endpoint)
        {
            // As docker system df -v: the first tag names the row; an untagged (dangling) image shows <none> <none>.
            string repository = "<none>", tag = "<none>";
            string? first = DfStrings(i, "RepoTags").FirstOrDefault();
            if (!string.IsNullOrEmpty(first) && first != "<none>:<none>")
            {
                int colon = first!.LastIndexOf(':');
                if (colon > first.LastIndexOf('/'))
                {
                    repository = first.Substring(0, colon);
                    tag = first.Substring(colon + 1);
                }
            }

            return new DiskUsageImage(DfString(i, "Id"), repository, tag, DfUnixTime(DfLong(i, "Created")), DfLong(i, "Size"),
                DfLong(i, "SharedSize", -1), DfLong(i, "Containers"), endpoint);
        }

        private static DiskUsageContainer ToDiskUsageContainer(JsonElement c, DockerEndpoint endpoint)
        {
            string name = DfStrings(c, "Names").Select(n => n.TrimStart('/')).FirstOrDefault(n => n.IndexOf('/') < 0) ?? "";
            long localVolumes = c.TryGetProperty("Mounts", out JsonElement mounts) && mounts.ValueKind == JsonValueKind.Array
                ? mounts.EnumerateArray().Count(m => m.ValueKind == JsonValueKind.Object && DfString(m, "Driver") == "local")
                : 0;
            return new DiskUsageContainer(DfString(c, "Id"), name, DfString(c, "Image"), DfString(c, "Command"), localVolumes, DfLong(c, "SizeRw"),
                DfUnixTime(DfLong(c, "Created")), DfString(c, "State"), DfString(c, "Status"), endpoint);
        }

        private static DiskUsageVolume ToDiskUsageVolume(JsonElement v, DockerEndpoint endpoint)
        {
            bool hasUsage = v.TryGetProperty("UsageData", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (v.TryGetProperty("Labels", out JsonElement l) && l.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty p in l.EnumerateObject())
                {
                    labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.ToString();
                }
            }

            return new DiskUsageVolume(DfString(v, "Name"), DfString(v, "Driver"), hasUsage ? DfLong(usage, "RefCount", -1) : -1,
                hasUsage ? DfLong(usage, "Size", -1) : -1, labels, endpoint);
        }

        private static DiskUsageBuildCache ToDiskUsageBuildCache(JsonElement b, DockerEndpoint endpoint)
        {
            DateTime? lastUsed = DfTime(b, "LastUsedAt");
            return new DiskUsageBuildCache(DfString(b, "ID"), DfString(b, "Type"), DfString(b, "Description"), DfLong(b, "Size"),
                DfTime(b, "CreatedAt") ?? default, lastUsed, DfLong(b, "UsageCount"), DfBool(b, "InUse"), DfBool(b, "Shared"), endpoint);
        }

        private static long DfLong(JsonElement e, string name, long missing = 0) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n)
                ? n
                : missing;

        private static string DfString(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

        private static bool DfBool(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.True;

        private static IEnumerable<string> DfStrings(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Array
                ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString() ?? "").ToList()
                : new List<string>();

        private static DateTime? DfTime(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String &&
            DateTime.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t)
                ? t
                : null;

        private static DateTime DfUnixTime(long seconds) =>
            seconds <= 0 ? default : DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
    }
}
