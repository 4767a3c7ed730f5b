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
        internal static IDictionary<string, IDictionary<string, bool>> Filters(IEnumerable<string>? labels, bool? dangling = null, IEnumerable<string>? drivers = null)
        {
            IDictionary<string, IDictionary<string, bool>> filters = ImageIdentity.Filters(labels, dangling);
            if (drivers is not null && drivers.Any())
            {
                filters["driver"] = drivers.Distinct(StringComparer.Ordinal).ToDictionary(d => d, _ => true, StringComparer.Ordinal);
            }

            return filters;
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
