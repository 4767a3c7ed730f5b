using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;
using Version = System.Version;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes unused data from the engine: stopped containers, unused networks, dangling images and build cache (docker system prune).</para>
    /// <para type="description">Runs the engine's prunes in the order docker system prune runs them: stopped containers,
    /// networks no container uses, with -Volumes volumes no container uses, dangling images (with -All every image no
    /// container uses), and the build cache (with -All all of it). -Label and -Filter keep the prune to the objects
    /// they select. Writes one DockerPruneResult: what each prune deleted and the space freed in all. It is a bulk
    /// removal with ConfirmImpact High: it always asks first, naming what it will remove, unless -Force or
    /// -Confirm:$false; -WhatIf removes nothing and names the volumes and dangling images that would go.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "DockerSystemPrune", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DockerPruneResult))]
    public sealed class InvokeDockerSystemPruneCommand : DockerCmdlet
    {
        /// <summary>The -Filter keys docker system prune takes (--filter label=..., label!=..., until=...).</summary>
        private static readonly string[] s_filterKeys = { "label", "label!", "until" };

        /// <summary>The first API version with POST /build/prune.</summary>
        private static readonly Version s_buildPruneApiVersion = new Version(1, 31);

        /// <summary>Remove every image no container uses, not only dangling ones, and all build cache, not only unused records (docker system prune -a).</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>
        /// Also remove the anonymous volumes no container uses (docker system prune --volumes; POST /volumes/prune), never
        /// named ones, as docker does; on engines below API 1.42, whose prune takes named volumes too, the anonymous ones are
        /// removed one by one (as Remove-ContainerVolume -Unused does). Cannot be combined with an "until" filter, which
        /// the engine's volume prune does not take.
        /// </summary>
        [Parameter]
        public SwitchParameter Volumes { get; set; }

        /// <summary>
        /// Prune only objects with these labels (docker system prune --filter label=...): "key" (any value) or
        /// "key=value"; an object must have all of them. A hashtable (@{ key = 'value' }) is taken too.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [KeyValueTransformation]
        public string[]? Label { get; set; }

        /// <summary>
        /// Engine filters as docker system prune --filter takes them: label ("key" or "key=value"), label! (objects
        /// without the label) and until (objects created before a time: a duration such as "24h", an RFC 3339 time or
        /// Unix seconds). A value may be a list: @{ 'label!' = 'keep'; until = '24h' }. Another key is InvalidFilter.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? Filter { get; set; }

        /// <summary>Prune without asking for confirmation (docker system prune -f). -WhatIf still removes nothing.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string ErrorNoun => "Engine";

        protected override void ProcessRecord()
        {
            EngineFilter filters = CheckInput(Filter ?? (object?)Label, BuildFilters);
            Run(() => PruneAsync(filters), Filter ?? (object?)Label);
        }

        private EngineFilter BuildFilters()
        {
            var filters = new EngineFilter();
            filters.Add("label", Label);
            filters.AddTable(Filter, nameof(Filter), s_filterKeys);
            foreach (string until in filters.ValuesOf("until"))
            {
                try
                {
                    _ = new TimestampSpec(until);
                }
                catch (SpecException e)
                {
                    throw new PSDockerException(
                        $"-Filter 'until': {e.Message}",
                        "InvalidFilter", ErrorCategory.InvalidArgument, until, e);
                }
            }

            if (Volumes && filters.Contains("until"))
            {
                throw new PSDockerException(
                    "-Filter 'until' cannot be used with -Volumes: the engine's volume prune does not take it (as docker system prune --volumes refuses it).",
                    "InvalidFilter", ErrorCategory.InvalidArgument, "until");
            }

            return filters;
        }

        /// <summary>What docker system prune warns it will remove, one line per prune.</summary>
        /// <remarks>With the names of the volumes and dangling images that would go, when they were listed.</remarks>
        private List<string> Removes(EngineFilter filters, bool buildCache, IReadOnlyList<VolumeResponse>? volumes, IReadOnlyList<string>? danglingImages)
        {
            string matching = filters.IsEmpty ? "" : $" matching {filters.Describe()}";
            static string Listed(IEnumerable<string>? names) => names is null ? "" : names.Any() ? ": " + string.Join(", ", names) : " (none now)";
            var lines = new List<string> { "all stopped containers" + matching, "all networks not used by at least one container" + matching };
            if (Volumes)
            {
                lines.Add("all anonymous volumes not used by at least one container" + matching + Listed(volumes?.Select(v => v.Name ?? "")));
            }

            lines.Add(All ? "all images without at least one container associated to them" + matching : "all dangling images" + matching + Listed(danglingImages));
            if (buildCache)
            {
                lines.Add((All ? "all build cache" : "unused build cache") + matching);
            }

            return lines;
        }

        /// <summary>
        /// The short ids of the dangling images the prune would remove (one list call), for the question and -WhatIf; null
        /// when they cannot be told from a list: with -All, or an "until" filter.
        /// </summary>
        private async Task<List<string>?> DanglingImagesAsync(EngineFilter filter)
        {
            if (All || filter.Contains("until"))
            {
                return null;
            }

            var list = new EngineFilter();
            list.Add("label", filter.ValuesOf("label"));
            list.Add("dangling", "true");
            IReadOnlyCollection<string> without = filter.ValuesOf("label!");
            IList<ImagesListResponse> images = await RequestAsync(RequestLimit.Default, (e, token) =>
                e.Client.Images.ListImagesAsync(new ImagesListParameters { Filters = list.ToApi() }, token));
            return images
                .Where(i => !without.Any(l => HasLabel(i.Labels, l)))
                .Select(i => (i.ID ?? "").Replace("sha256:", ""))
                .Select(id => id.Length > 12 ? id.Substring(0, 12) : id)
                .ToList();
        }

        private static bool HasLabel(IDictionary<string, string>? labels, string label)
        {
            int eq = label.IndexOf('=');
            return labels is not null && (eq < 0
                ? labels.ContainsKey(label)
                : labels.TryGetValue(label.Substring(0, eq), out string? v) && v == label.Substring(eq + 1));
        }

        private async Task PruneAsync(EngineFilter filter)
        {
            IDictionary<string, IDictionary<string, bool>>? filters = filter.ToApi();
            EngineConnection engine = await ConnectAsync();
            bool buildCache = engine.ApiVersion >= s_buildPruneApiVersion;
            EngineFilter volumeFilter = filter.Clone();
            List<VolumeResponse>? volumeCandidates = Volumes ? await VolumeIdentity.PruneCandidatesAsync(this, volumeFilter, all: false) : null;
            List<string> removes = Removes(filter, buildCache, volumeCandidates, await DanglingImagesAsync(filter));
            string target = $"the engine at {engine.Endpoint}";
            string question = $"This will remove:{Environment.NewLine}" + string.Join(Environment.NewLine, removes.Select(r => "  - " + r)) +
                $"{Environment.NewLine}Are you sure you want to continue?";
            if (!ConfirmBulk(target, "Remove " + string.Join("; ", removes) + " (docker system prune)", question, $"Prune {target}"))
            {
                return;
            }

            ulong space = 0;
            ContainersPruneResponse containers = await RequestAsync(RequestLimit.None, (e, token) =>
                e.Client.Containers.PruneContainersAsync(new ContainersPruneParameters { Filters = filters }, token));
            space += containers.SpaceReclaimed;
            List<string> containersDeleted = Written("Deleted Containers", containers.ContainersDeleted);

            NetworksPruneResponse networks = await RequestAsync(RequestLimit.None, (e, token) =>
                e.Client.Networks.PruneNetworksAsync(new NetworksDeleteUnusedParameters { Filters = filters }, token));
            List<string> networksDeleted = Written("Deleted Networks", networks.NetworksDeleted);

            var volumesDeleted = new List<string>();
            if (volumeCandidates is not null)
            {
                (List<string> deleted, ulong? freed) = await VolumeIdentity.PruneAsync(this, engine, volumeFilter, all: false, volumeCandidates);
                space += freed ?? 0;
                volumesDeleted = deleted;
            }

            EngineFilter imageFilter = filter.Clone();
            imageFilter.Add("dangling", All ? "false" : "true");
            IDictionary<string, IDictionary<string, bool>>? imageFilters = imageFilter.ToApi();
            ImagesPruneResponse images = await RequestAsync(RequestLimit.None, (e, token) =>
                e.Client.Images.PruneImagesAsync(new ImagesPruneParameters { Filters = imageFilters }, token));
            space += images.SpaceReclaimed;
            var untagged = (images.ImagesDeleted ?? new List<ImageDeleteResponse>()).Where(i => !string.IsNullOrEmpty(i.Untagged)).Select(i => i.Untagged!).ToList();
            var imagesDeleted = (images.ImagesDeleted ?? new List<ImageDeleteResponse>()).Where(i => !string.IsNullOrEmpty(i.Deleted)).Select(i => i.Deleted!).ToList();
            Written("Untagged Images", untagged);
            Written("Deleted Images", imagesDeleted);

            var cacheDeleted = new List<string>();
            if (buildCache)
            {
                (List<string> ids, ulong freed) = await RequestAsync(RequestLimit.None, async (e, token) =>
                {
                    // POST /build/prune has no method in the client library. Its query is all and filters.
                    var query = new List<KeyValuePair<string, string>>();
                    if (filters is not null && filters.Count > 0)
                    {
                        query.Add(new KeyValuePair<string, string>("filters", EngineRawRequest.Filters(filters)));
                    }

                    if (All)
                    {
                        query.Add(new KeyValuePair<string, string>("all", "1"));
                    }

                    return ReadBuildPrune(await EngineRawRequest.SendAsync(e, HttpMethod.Post, "build/prune", query, null, token));
                });
                space += freed;
                cacheDeleted = Written("Deleted Build Cache Objects", ids);
            }

            WriteObject(new DockerPruneResult(containersDeleted, networksDeleted, volumesDeleted, imagesDeleted, untagged, cacheDeleted,
                (long)Math.Min(space, long.MaxValue), engine.Endpoint));
        }

        /// <summary>The ids deleted and the space freed, from POST /build/prune's answer (CachesDeleted, SpaceReclaimed).</summary>
        internal static (List<string> Ids, ulong SpaceReclaimed) ReadBuildPrune(string json)
        {
            using JsonDocument doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            JsonElement root = doc.RootElement;
            var ids = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("CachesDeleted", out JsonElement deleted) && deleted.ValueKind == JsonValueKind.Array
                ? deleted.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String).Select(d => d.GetString() ?? "").ToList()
                : new List<string>();
            ulong space = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("SpaceReclaimed", out JsonElement s) && s.ValueKind == JsonValueKind.Number && s.TryGetUInt64(out ulong n)
                ? n
                : 0;
            return (ids, space);
        }

        /// <summary>Writes what one prune deleted to the verbose stream, as docker system prune prints it, and returns it as a list.</summary>
        private List<string> Written(string heading, IEnumerable<string>? items)
        {
            var list = (items ?? Enumerable.Empty<string>()).ToList();
            if (list.Count > 0)
            {
                WriteVerbose($"{heading}:{Environment.NewLine}{string.Join(Environment.NewLine, list)}");
            }

            return list;
        }
    }
}
