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
    /// removal (ConfirmImpact High): it asks first, naming what it will remove, unless -Force or -Confirm:$false;
    /// -WhatIf removes nothing.</para>
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
        /// Also remove volumes no container uses (docker system prune --volumes; POST /volumes/prune). Engines of API 1.42
        /// and later remove only anonymous ones, as docker does. Cannot be combined with an "until" filter, which the
        /// engine's volume prune does not take.
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
        private List<string> Removes(EngineFilter filters, bool buildCache)
        {
            var lines = new List<string> { "all stopped containers", "all networks not used by at least one container" };
            if (Volumes)
            {
                lines.Add("all volumes not used by at least one container");
            }

            lines.Add(All ? "all images without at least one container associated to them" : "all dangling images");
            if (buildCache)
            {
                lines.Add(All ? "all build cache" : "unused build cache");
            }

            if (!filters.IsEmpty)
            {
                for (int i = 0; i < lines.Count; i++)
                {
                    lines[i] += $" matching {filters.Describe()}";
                }
            }

            return lines;
        }

        private async Task PruneAsync(EngineFilter filter)
        {
            IDictionary<string, IDictionary<string, bool>>? filters = filter.ToApi();
            EngineConnection engine = await ConnectAsync();
            bool buildCache = engine.ApiVersion >= s_buildPruneApiVersion;
            List<string> removes = Removes(filter, buildCache);
            string target = $"the engine at {engine.Endpoint}";
            if (!Confirmed(target, removes))
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
            if (Volumes)
            {
                VolumesPruneResponse volumes = await RequestAsync(RequestLimit.None, (e, token) =>
                    e.Client.Volumes.PruneAsync(new VolumesPruneParameters { Filters = filters }, token));
                space += volumes.SpaceReclaimed;
                volumesDeleted = Written("Deleted Volumes", volumes.VolumesDeleted);
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
                    // POST /build/prune has no method in the client library. Its query is all and filters, which the
                    // library writes for the image list's parameters under the same names.
                    var query = new ImagesListParameters { Filters = filters };
                    if (All)
                    {
                        query.All = true;
                    }

                    return ReadBuildPrune(await EngineRawRequest.SendAsync(e.Client, HttpMethod.Post, "build/prune", query, token));
                });
                space += freed;
                cacheDeleted = Written("Deleted Build Cache Objects", ids);
            }

            WriteObject(new DockerPruneResult(containersDeleted, networksDeleted, volumesDeleted, imagesDeleted, untagged, cacheDeleted,
                (long)Math.Min(space, long.MaxValue), engine.Endpoint));
        }

        /// <summary>
        /// Whether to prune: -WhatIf says what would be removed and prunes nothing; -Force prunes without asking (unless
        /// -Confirm is given too); otherwise ShouldProcess asks, naming what will be removed, as it does by default for a
        /// ConfirmImpact High command (in a session without a user to ask, that is an error and nothing is removed).
        /// </summary>
        private bool Confirmed(string target, IReadOnlyList<string> removes)
        {
            string description = "Remove " + string.Join("; ", removes) + $" on {target} (docker system prune).";
            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? w)
                ? LanguagePrimitives.IsTrue(w)
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            if (Force && !whatIf && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return true;
            }

            string question = $"This will remove:{Environment.NewLine}" + string.Join(Environment.NewLine, removes.Select(r => "  - " + r)) +
                $"{Environment.NewLine}Are you sure you want to continue?";
            return ShouldProcess(description, question, $"Prune {target}");
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
