using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;

namespace PSDocker
{
    /// <summary>
    /// The one place volume texts and engine answers about volumes are read: which names the local driver takes,
    /// what an anonymous volume is, the list filters, and which error an engine refusal about a volume is.
    /// </summary>
    internal static class VolumeIdentity
    {
        internal const string NotFoundErrorId = "VolumeNotFound";
        internal const string InUseErrorId = "VolumeInUse";
        internal const string InvalidNameErrorId = "InvalidVolumeName";
        internal const string InvalidOptionErrorId = "InvalidVolumeOptionSpec";
        internal const string DriverNotFoundErrorId = "VolumeDriverNotFound";

        /// <summary>The label engines 23+ put on the anonymous volumes they create (its value is empty).</summary>
        internal const string AnonymousLabel = "com.docker.volume.anonymous";

        /// <summary>The names the engine's local driver takes: [a-zA-Z0-9][a-zA-Z0-9_.-]+ (moby's restricted name pattern).</summary>
        private static readonly Regex s_localName = new Regex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant);

        private static readonly Regex s_generatedName = new Regex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant);

        /// <summary>
        /// Checks a volume name before it is sent: with the local driver (no -Driver, or "local"), at least two characters,
        /// the first a letter or digit, the rest letters, digits, '_', '.' or '-', as the engine requires. Other drivers
        /// decide for themselves. Throws InvalidVolumeName naming <paramref name="parameter"/> and the name.
        /// </summary>
        internal static void CheckName(string name, string parameter, string? driver)
        {
            if (!string.IsNullOrEmpty(driver) && !string.Equals(driver, "local", StringComparison.Ordinal))
            {
                return;
            }

            if (!s_localName.IsMatch(name))
            {
                string why = name.Length < 2
                    ? "a volume name has at least two characters"
                    : "the local driver takes names of letters, digits, '_', '.' and '-', starting with a letter or digit (a host folder is given to Start-Container -Volume as an absolute path)";
                throw new PSDockerException($"-{parameter} '{name}' is not a valid volume name: {why}.",
                    InvalidNameErrorId, ErrorCategory.InvalidArgument, name);
            }
        }

        /// <summary>
        /// True for an anonymous volume: labelled com.docker.volume.anonymous (engines 23+), or, as older engines mark
        /// nothing, named with the 64 hex digits the engine generates for a volume without a name.
        /// </summary>
        internal static bool IsAnonymous(string name, IReadOnlyDictionary<string, string>? labels) =>
            (labels is not null && labels.ContainsKey(AnonymousLabel)) || s_generatedName.IsMatch(name ?? "");

        /// <summary>The engine's list and prune filters: label ("key" or "key=value", all must match), dangling, driver.</summary>
        internal static IDictionary<string, IDictionary<string, bool>> Filters(IEnumerable<string>? labels, bool? dangling = null, IEnumerable<string>? drivers = null) =>
            Filter(labels, dangling, drivers).ToApi() ?? new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);

        /// <summary>As <see cref="Filters"/>, as an EngineFilter to add to.</summary>
        internal static EngineFilter Filter(IEnumerable<string>? labels, bool? dangling = null, IEnumerable<string>? drivers = null)
        {
            var filter = new EngineFilter();
            filter.Add("label", labels);
            if (dangling is bool d)
            {
                filter.Add("dangling", d ? "true" : "false");
            }

            filter.Add("driver", drivers);
            return filter;
        }

        /// <summary>The API version from which the engine's prune takes the "all" filter and prunes anonymous volumes only without it.</summary>
        internal static readonly System.Version PruneAllApiVersion = new System.Version(1, 42);

        /// <summary>
        /// The volumes a prune removes (docker volume prune [-a]), as the engine selects them: those no container uses that
        /// match <paramref name="filter"/> (label, label!), anonymous ones only unless <paramref name="all"/>; sorted by
        /// name. One list call (the list takes no label!, so that is applied here).
        /// </summary>
        internal static async Task<List<VolumeResponse>> PruneCandidatesAsync(DockerCmdlet cmdlet, EngineFilter filter, bool all)
        {
            EngineFilter list = Filter(filter.ValuesOf("label"), dangling: true);
            IReadOnlyCollection<string> without = filter.ValuesOf("label!");
            VolumesListResponse answer = await cmdlet.RequestAsync(RequestLimit.Default, (e, token) =>
                e.Client.Volumes.ListAsync(new VolumesListParameters { Filters = list.ToApi() }, token));
            return (answer.Volumes ?? new List<VolumeResponse>())
                .Where(v => all || IsAnonymous(v.Name ?? "", v.Labels is null ? null : new Dictionary<string, string>(v.Labels)))
                .Where(v => !without.Any(l => HasLabel(v.Labels, l)))
                .OrderBy(v => v.Name, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>
        /// Prunes volumes (docker volume prune [-a] --filter ...): anonymous ones no container uses, or all of them with
        /// <paramref name="all"/>. Engines of API 1.42 and later select them themselves. Older engines prune every unused
        /// volume, named or not, and know no "all": without <paramref name="all"/> the anonymous <paramref name="candidates"/>
        /// (from <see cref="PruneCandidatesAsync"/>) are removed one by one, and no space freed is known (null). A
        /// volume gone meanwhile, or taken up by a container since it was listed, is left, as a prune leaves it. Writes each
        /// deleted name to the verbose stream.
        /// </summary>
        internal static async Task<(List<string> Deleted, ulong? SpaceReclaimed)> PruneAsync(
            DockerCmdlet cmdlet, EngineConnection engine, EngineFilter filter, bool all, IReadOnlyList<VolumeResponse> candidates)
        {
            bool engineTakesAll = engine.ApiVersion >= PruneAllApiVersion;
            if (!engineTakesAll && !all)
            {
                cmdlet.WriteVerbose($"The engine speaks API {engine.ApiVersion.ToString(2)}, whose prune takes named volumes too: removing the {candidates.Count} anonymous ones one by one.");
                var removed = new List<string>();
                foreach (VolumeResponse v in candidates)
                {
                    string name = v.Name ?? "";
                    try
                    {
                        await cmdlet.RequestAsync(RequestLimit.Default, async (e, token) =>
                        {
                            await e.Client.Volumes.RemoveAsync(name, null, token);
                            return true;
                        });
                        removed.Add(name);
                        cmdlet.WriteVerbose($"Deleted: {name}");
                    }
                    catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound || e.StatusCode == HttpStatusCode.Conflict)
                    {
                        cmdlet.WriteVerbose($"Left {name}: {ErrorMapper.EngineMessage(e.ResponseBody)}");
                    }
                }

                return (removed, null);
            }

            EngineFilter prune = filter.Clone();
            if (all && engineTakesAll)
            {
                prune.Add("all", "true");
            }

            VolumesPruneResponse answer = await cmdlet.RequestAsync(RequestLimit.None, (e, token) =>
                e.Client.Volumes.PruneAsync(new VolumesPruneParameters { Filters = prune.ToApi() }, token));
            List<string> deleted = (answer.VolumesDeleted ?? new List<string>()).ToList();
            deleted.ForEach(d => cmdlet.WriteVerbose($"Deleted: {d}"));
            return (deleted, answer.SpaceReclaimed);
        }

        /// <summary>True when <paramref name="labels"/> has the label "key" (any value) or "key=value".</summary>
        private static bool HasLabel(IDictionary<string, string>? labels, string label)
        {
            int eq = label.IndexOf('=');
            return labels is not null && (eq < 0
                ? labels.ContainsKey(label)
                : labels.TryGetValue(label.Substring(0, eq), out string? v) && v == label.Substring(eq + 1));
        }

        /// <summary>
        /// The container ids of the engine's 409 "remove NAME: volume is in use - [ID1, ID2]" (docker volume rm), or
        /// null when <paramref name="message"/> is not that refusal.
        /// </summary>
        internal static IReadOnlyList<string>? InUseContainerIds(string? message)
        {
            if (message is null)
            {
                return null;
            }

            const string marker = "volume is in use";
            int at = message.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return null;
            }

            int open = message.IndexOf('[', at);
            int close = open < 0 ? -1 : message.IndexOf(']', open);
            if (open < 0 || close < 0)
            {
                return Array.Empty<string>();
            }

            return message.Substring(open + 1, close - open - 1)
                .Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .ToList();
        }

        /// <summary>
        /// The error for an engine refusal about one volume, with the names of the containers that use it looked up on
        /// the cmdlet's engine when the engine refused because of them (docker ps -a --filter volume=NAME); see
        /// <see cref="ToError"/>. Null for anything that is not an engine refusal.
        /// </summary>
        internal static async Task<PSDockerException?> ToErrorAsync(DockerCmdlet cmdlet, Exception e, string volume)
        {
            if (ErrorMapper.Unwrap(e) is not DockerApiException { StatusCode: HttpStatusCode.Conflict } api ||
                InUseContainerIds(ErrorMapper.EngineMessage(api.ResponseBody)) is not IReadOnlyList<string> ids || ids.Count == 0)
            {
                return ToError(e, volume);
            }

            List<string>? names = null;
            try
            {
                var filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal)
                {
                    ["volume"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [volume] = true },
                };
                DockerEndpoint? endpoint = null;
                IList<ContainerListResponse> users = await cmdlet.RequestAsync(RequestLimit.Default, (engine, token) =>
                {
                    endpoint = engine.Endpoint;
                    return engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, token);
                });
                List<Container> containers = users.Select(u => ModelMapper.ToContainer(u, endpoint!)).ToList();
                names = ids.Select(i =>
                {
                    Container? c = containers.FirstOrDefault(u => u.Id.StartsWith(i, StringComparison.Ordinal));
                    return c is null || c.Name.Length == 0 ? (i.Length > 12 ? i.Substring(0, 12) : i) : c.Name;
                }).ToList();
            }
            catch (DockerApiException)
            {
                // The names are a courtesy: the short ids say it too.
            }

            return ToError(e, volume, names);
        }

        /// <summary>
        /// The error for an engine refusal about one volume: VolumeNotFound (404; VolumeDriverNotFound when the driver
        /// plugin is missing), VolumeInUse (409 "volume is in use":
        /// ResourceBusy, naming the containers by <paramref name="containerNames"/>, their names when they were looked
        /// up), else as ErrorMapper maps the status. The volume's name is the target. Null for anything that is not an
        /// engine refusal.
        /// </summary>
        internal static PSDockerException? ToError(Exception e, string volume, IReadOnlyList<string>? containerNames = null)
        {
            if (ErrorMapper.Unwrap(e) is not DockerApiException api)
            {
                return null;
            }

            var (id, category, message) = ErrorMapper.Classify(api.StatusCode, api.ResponseBody, "Volume");
            if (api.StatusCode == HttpStatusCode.Conflict && InUseContainerIds(message) is IReadOnlyList<string> ids)
            {
                IReadOnlyList<string> names = containerNames ?? ids.Select(i => i.Length > 12 ? i.Substring(0, 12) : i).ToList();
                string who = names.Count == 0 ? "a container" : (names.Count == 1 ? "container " : "containers ") + string.Join(", ", names);
                return new PSDockerException(
                    $"Volume '{volume}' is in use by {who}: remove {(names.Count == 1 ? "it" : "them")} first (Remove-Container). " +
                    $"-Force does not remove a volume in use, as docker volume rm -f does not. The engine said: {message}",
                    InUseErrorId, ErrorCategory.ResourceBusy, volume, api);
            }

            if (api.StatusCode == HttpStatusCode.NotFound && message.IndexOf("plugin", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                (id, category) = (DriverNotFoundErrorId, ErrorCategory.ObjectNotFound);
            }
            else if (api.StatusCode == HttpStatusCode.NotFound)
            {
                message = $"No such volume: {volume}. Get-ContainerVolume lists the engine's volumes.";
            }

            return new PSDockerException(message, id, category, volume, api);
        }
    }
}
