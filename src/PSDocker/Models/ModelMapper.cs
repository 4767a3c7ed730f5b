using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>Maps the client library's models to PSDocker's own output types. The only place that does.</summary>
    internal static partial class ModelMapper
    {
        /// <param name="c">One item of the engine's container list.</param>
        /// <param name="endpoint">The engine it came from.</param>
        /// <param name="withSize">True when the list was asked for with size=true (SizeRw and SizeRootFs are filled in).</param>
        /// <param name="inspect">
        /// The same container as docker inspect describes it (GET /containers/{id}/json), when it was looked up:
        /// it fills the properties a listing leaves null (<see cref="Container.IsInspected"/>).
        /// </param>
        internal static Container ToContainer(ContainerListResponse c, DockerEndpoint endpoint, bool withSize = false,
            ContainerInspectResponse? inspect = null)
        {
            var allNames = (c.Names ?? Array.Empty<string>())
                .Where(n => !string.IsNullOrEmpty(n))
                .Select(n => n.TrimStart('/'))
                .ToList();
            // A name holding a slash is a link alias ("/app/db": container app links to this one as db).
            var names = allNames.Where(n => n.IndexOf('/') < 0).ToList();
            var linkAliases = allNames.Where(n => n.IndexOf('/') >= 0).ToList();

            var ports = (c.Ports ?? Array.Empty<PortSummary>())
                .Select(p => new PortMapping(p.PrivatePort, string.IsNullOrEmpty(p.Type) ? "tcp" : p.Type,
                    p.PublicPort.HasValue && p.PublicPort.Value != 0 ? p.IP : null,
                    p.PublicPort.HasValue && p.PublicPort.Value != 0 ? p.PublicPort.Value : (int?)null, endpoint))
                .OrderBy(p => p.ContainerPort).ThenBy(p => p.Protocol, StringComparer.Ordinal)
                .ThenBy(p => p.HostIP ?? "", StringComparer.Ordinal)
                .ToList();

            var networks = (c.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>())
                .OrderBy(n => n.Key, StringComparer.Ordinal)
                .Select(n => new NetworkAttachment(n.Key, NullIfEmpty(n.Value?.NetworkID), NullIfEmpty(n.Value?.IPAddress),
                    (int)(n.Value?.IPPrefixLen ?? 0), NullIfEmpty(n.Value?.Gateway), NullIfEmpty(n.Value?.MacAddress),
                    NullIfEmpty(n.Value?.GlobalIPv6Address), (IReadOnlyList<string>?)n.Value?.Aliases?.ToList() ?? Array.Empty<string>()))
                .ToList();

            var mounts = (c.Mounts ?? Array.Empty<MountPoint>())
                .Select(m => new ContainerMount(m.Type ?? "", NullIfEmpty(m.Name), NullIfEmpty(m.Source), m.Destination ?? "",
                    NullIfEmpty(m.Driver), NullIfEmpty(m.Mode), m.RW, NullIfEmpty(m.Propagation)))
                .ToList();

            return new Container(
                c.ID ?? "",
                names,
                c.Image ?? "",
                c.ImageID ?? "",
                c.Command ?? "",
                ToLocal(c.Created),
                ParseState(c.State),
                c.Status ?? "",
                NullIfEmpty(c.Health?.Status) is string h && h != "none" ? h : HealthFromStatus(c.Status),
                ports,
                c.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(c.Labels),
                networks,
                mounts,
                NullIfEmpty(c.HostConfig?.NetworkMode),
                endpoint,
                linkAliases,
                PortFormatter.Format((c.Ports ?? Array.Empty<PortSummary>())
                    .Select(p => new PortEntry(p.IP, p.PrivatePort, p.PublicPort ?? 0, string.IsNullOrEmpty(p.Type) ? "tcp" : p.Type))),
                withSize ? c.SizeRw ?? 0 : (long?)null,
                withSize ? c.SizeRootFs ?? 0 : (long?)null,
                inspect is null ? null : ToDetails(inspect));
        }

        /// <summary>
        /// The rows docker images prints for one listed image: one per repository:tag, or one "&lt;none&gt;" row
        /// when the image has no tag (RepoTags empty, or the engine's "&lt;none&gt;:&lt;none&gt;").
        /// </summary>
        internal static IEnumerable<Image> ToImageRows(ImagesListResponse i, DockerEndpoint endpoint, ImageInspectResponse? inspect = null)
        {
            var tags = (i.RepoTags ?? Array.Empty<string>()).Where(t => !string.IsNullOrEmpty(t) && t != "<none>:<none>").ToList();
            if (tags.Count == 0)
            {
                yield return ToImage(i, endpoint, null, inspect);
                yield break;
            }

            foreach (string tag in tags)
            {
                yield return ToImage(i, endpoint, tag, inspect);
            }
        }

        /// <param name="i">One item of the engine's image list (GET /images/json).</param>
        /// <param name="endpoint">The engine it came from.</param>
        /// <param name="repoTag">The row's "repository:tag", or null for the untagged row.</param>
        /// <param name="inspect">The same image as docker image inspect describes it, when it was looked up.</param>
        internal static Image ToImage(ImagesListResponse i, DockerEndpoint endpoint, string? repoTag, ImageInspectResponse? inspect = null)
        {
            var image = new Image(i.ID ?? "", endpoint)
            {
                RepoTags = (i.RepoTags ?? Array.Empty<string>()).Where(t => !string.IsNullOrEmpty(t) && t != "<none>:<none>").ToList(),
                RepoDigests = (i.RepoDigests ?? Array.Empty<string>()).Where(d => !string.IsNullOrEmpty(d) && d != "<none>@<none>").ToList(),
                Created = ToLocal(i.Created),
                Size = i.Size,
                Labels = i.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(i.Labels),
                ParentId = NullIfEmpty(i.ParentID),
            };
            SetRow(image, repoTag);
            if (inspect is not null)
            {
                AddDetails(image, inspect);
            }

            return image;
        }

        /// <summary>
        /// The rows docker images prints for one image known from docker image inspect alone: one per repository:tag,
        /// or one "&lt;none&gt;" row when the image has no tag; each with inspect's details.
        /// </summary>
        internal static IEnumerable<Image> ToImageRows(ImageInspectResponse i, DockerEndpoint endpoint)
        {
            var tags = (i.RepoTags ?? Array.Empty<string>()).Where(t => !string.IsNullOrEmpty(t) && t != "<none>:<none>").ToList();
            if (tags.Count == 0)
            {
                yield return ToImage(i, endpoint, null);
                yield break;
            }

            foreach (string tag in tags)
            {
                yield return ToImage(i, endpoint, tag);
            }
        }

        /// <summary>An image from docker image inspect alone (GET /images/{name}/json), as the row <paramref name="repoTag"/> names it.</summary>
        internal static Image ToImage(ImageInspectResponse i, DockerEndpoint endpoint, string? repoTag)
        {
            var image = new Image(i.ID ?? "", endpoint)
            {
                RepoTags = (i.RepoTags ?? Array.Empty<string>()).Where(t => !string.IsNullOrEmpty(t) && t != "<none>:<none>").ToList(),
                RepoDigests = (i.RepoDigests ?? Array.Empty<string>()).Where(d => !string.IsNullOrEmpty(d) && d != "<none>@<none>").ToList(),
                Created = i.Created.HasValue ? ToLocal(i.Created.Value) : default,
                Size = i.Size,
                Labels = i.Config?.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(i.Config.Labels),
            };
            SetRow(image, repoTag);
            AddDetails(image, i);
            return image;
        }

        private static void SetRow(Image image, string? repoTag)
        {
            if (string.IsNullOrEmpty(repoTag))
            {
                return;
            }

            // The tag follows the last ':' after the last '/' (a ':' before it is a registry port).
            int colon = repoTag!.LastIndexOf(':');
            if (colon > repoTag.LastIndexOf('/'))
            {
                image.Repository = repoTag.Substring(0, colon);
                image.Tag = repoTag.Substring(colon + 1);
            }
            else
            {
                image.Repository = repoTag;
            }
        }

        private static void AddDetails(Image image, ImageInspectResponse i)
        {
            image.IsInspected = true;
            image.Architecture = i.Architecture ?? "";
            image.Os = i.Os ?? "";
            image.Author = i.Author ?? "";
            image.Entrypoint = ToList(i.Config?.Entrypoint);
            image.Command = ToList(i.Config?.Cmd);
            image.Environment = ToList(i.Config?.Env);
            image.ExposedPorts = (i.Config?.ExposedPorts?.Keys ?? (ICollection<string>)Array.Empty<string>()).OrderBy(p => p, StringComparer.Ordinal).ToList();
            image.WorkingDirectory = i.Config?.WorkingDir ?? "";
            image.User = i.Config?.User ?? "";
            image.Layers = ToList(i.RootFS?.Layers);
        }

        /// <summary>What docker inspect adds to a listed container. Values are kept as the engine gives them
        /// (0, "" and empty lists included), so null on a Container only ever means "not inspected".</summary>
        internal static ContainerDetails ToDetails(ContainerInspectResponse i)
        {
            State state = i.State ?? new State();
            ContainerConfig config = i.Config ?? new ContainerConfig();
            HostConfig host = i.HostConfig ?? new HostConfig();
            var commandLine = new List<string>();
            if (!string.IsNullOrEmpty(i.Path))
            {
                commandLine.Add(i.Path);
            }

            commandLine.AddRange(i.Args ?? Array.Empty<string>());
            return new ContainerDetails
            {
                ExitCode = (int)state.ExitCode,
                Error = state.Error ?? "",
                StartedAt = ParseTimestamp(state.StartedAt),
                FinishedAt = ParseTimestamp(state.FinishedAt),
                RestartCount = (int)i.RestartCount,
                OOMKilled = state.OOMKilled,
                Pid = (int)state.Pid,
                CommandLine = commandLine,
                Entrypoint = ToList(config.Entrypoint),
                Cmd = ToList(config.Cmd),
                Environment = ToList(config.Env),
                WorkingDirectory = config.WorkingDir ?? "",
                User = config.User ?? "",
                Hostname = config.Hostname ?? "",
                Domainname = config.Domainname ?? "",
                Tty = config.Tty,
                Interactive = config.OpenStdin,
                StopSignal = config.StopSignal ?? "",
                StopTimeout = config.StopTimeout.HasValue ? (int)config.StopTimeout.Value.TotalSeconds : (int?)null,
                RestartPolicy = ToRestartPolicy(host.RestartPolicy),
                Memory = host.Memory,
                MemoryReservation = host.MemoryReservation,
                MemorySwap = host.MemorySwap,
                NanoCpus = host.NanoCPUs,
                CpuShares = host.CPUShares,
                Privileged = host.Privileged,
                ReadOnly = host.ReadonlyRootfs,
                AutoRemove = host.AutoRemove,
                PublishAll = host.PublishAllPorts,
                Isolation = host.Isolation ?? "",
                CapAdd = ToList(host.CapAdd),
                CapDrop = ToList(host.CapDrop),
                HealthState = state.Health is Health h && !string.IsNullOrEmpty(h.Status) && h.Status != "none" ? ToHealth(h) : null,
                Platform = i.Platform ?? "",
            };
        }

        /// <summary>Docker's restart policy names; an unset policy (the API's "") is "no", as the engine treats it.</summary>
        internal static ContainerRestartPolicy ToRestartPolicy(RestartPolicy? policy)
        {
            string name = policy?.Name switch
            {
                RestartPolicyKind.Always => "always",
                RestartPolicyKind.OnFailure => "on-failure",
                RestartPolicyKind.UnlessStopped => "unless-stopped",
                _ => "no",
            };
            return new ContainerRestartPolicy(name, (int)(policy?.MaximumRetryCount ?? 0));
        }

        internal static ContainerHealth ToHealth(Health h) =>
            new ContainerHealth(h.Status, (int)h.FailingStreak,
                (h.Log ?? Array.Empty<HealthcheckResult>())
                    .Where(r => r is not null)
                    .Select(r => new HealthProbe(ToLocalOrNull(r.Start), ToLocalOrNull(r.End), (int)r.ExitCode, r.Output ?? ""))
                    .ToList());

        /// <summary>
        /// An engine timestamp (RFC 3339 with up to nine fractional digits, "2024-05-01T12:00:00.123456789Z") in
        /// local time, as <see cref="Container.Created"/>. Null for docker's "never" (0001-01-01T00:00:00Z), an
        /// empty value, or one that does not parse.
        /// </summary>
        internal static DateTime? ParseTimestamp(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            // .NET reads seven fractional digits at most: cut the nanoseconds to ticks.
            string t = text!.Trim();
            int dot = t.IndexOf('.');
            if (dot > 0)
            {
                int end = dot + 1;
                while (end < t.Length && char.IsDigit(t[end]))
                {
                    end++;
                }

                if (end - dot - 1 > 7)
                {
                    t = t.Substring(0, dot + 8) + t.Substring(end);
                }
            }

            if (!DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed) || parsed.UtcDateTime.Year <= 1)
            {
                return null;
            }

            return parsed.UtcDateTime.ToLocalTime();
        }

        private static DateTime? ToLocalOrNull(DateTime value) => value == default || value.Year <= 1 ? (DateTime?)null : ToLocal(value);

        private static IReadOnlyList<string> ToList(IList<string>? items) =>
            items is null ? Array.Empty<string>() : items.Where(s => s is not null).ToList();

        internal static ContainerState ParseState(string? state)
        {
            if (string.IsNullOrEmpty(state))
            {
                return ContainerState.Unknown;
            }

            return Enum.TryParse(state, ignoreCase: true, out ContainerState parsed) && Enum.IsDefined(typeof(ContainerState), parsed)
                ? parsed
                : ContainerState.Unknown;
        }

        /// <summary>Older engines report health only inside Status: "Up 5 minutes (healthy)".</summary>
        internal static string? HealthFromStatus(string? status)
        {
            if (string.IsNullOrEmpty(status))
            {
                return null;
            }

            if (status!.EndsWith("(healthy)", StringComparison.Ordinal))
            {
                return "healthy";
            }

            if (status.EndsWith("(unhealthy)", StringComparison.Ordinal))
            {
                return "unhealthy";
            }

            if (status.EndsWith("(health: starting)", StringComparison.Ordinal))
            {
                return "starting";
            }

            return null;
        }

        internal static DateTime ToLocal(DateTime value)
        {
            if (value == default)
            {
                return value;
            }

            return value.Kind switch
            {
                DateTimeKind.Local => value,
                DateTimeKind.Utc => value.ToLocalTime(),
                _ => DateTime.SpecifyKind(value, DateTimeKind.Utc).ToLocalTime(),
            };
        }

        internal static DockerVersion ToVersion(VersionResponse v, EngineConnection connection, string clientVersion)
        {
            var components = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var component in v.Components ?? Array.Empty<ComponentVersion>())
            {
                if (!string.IsNullOrEmpty(component?.Name))
                {
                    components[component!.Name] = component.Version ?? "";
                }
            }

            return new DockerVersion(clientVersion, connection.ApiVersion.ToString(2), v.Version ?? "", v.APIVersion ?? "",
                NullIfEmpty(v.MinAPIVersion), NullIfEmpty(v.Os), NullIfEmpty(v.Arch), NullIfEmpty(v.KernelVersion),
                NullIfEmpty(v.GoVersion), NullIfEmpty(v.GitCommit), NullIfEmpty(v.BuildTime), v.Experimental ?? false,
                NullIfEmpty(v.Platform?.Name), components, connection.Endpoint);
        }

        internal static DockerInfo ToInfo(SystemInfoResponse i, DockerEndpoint endpoint)
        {
            return new DockerInfo
            {
                Id = i.ID ?? "",
                Name = i.Name ?? "",
                ServerVersion = i.ServerVersion ?? "",
                Containers = i.Containers,
                ContainersRunning = i.ContainersRunning,
                ContainersPaused = i.ContainersPaused,
                ContainersStopped = i.ContainersStopped,
                Images = i.Images,
                StorageDriver = NullIfEmpty(i.Driver),
                LoggingDriver = NullIfEmpty(i.LoggingDriver),
                CgroupDriver = NullIfEmpty(i.CgroupDriver),
                CgroupVersion = NullIfEmpty(i.CgroupVersion),
                OperatingSystem = NullIfEmpty(i.OperatingSystem),
                OSType = NullIfEmpty(i.OSType),
                OSVersion = NullIfEmpty(i.OSVersion),
                Architecture = NullIfEmpty(i.Architecture),
                KernelVersion = NullIfEmpty(i.KernelVersion),
                CpuCount = i.NCPU,
                MemoryTotal = i.MemTotal,
                DockerRootDir = NullIfEmpty(i.DockerRootDir),
                DefaultRuntime = NullIfEmpty(i.DefaultRuntime),
                Runtimes = i.Runtimes?.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList() ?? new List<string>(),
                SwarmState = NullIfEmpty(i.Swarm?.LocalNodeState),
                SwarmNodeId = NullIfEmpty(i.Swarm?.NodeID),
                Isolation = NullIfEmpty(i.Isolation),
                LiveRestoreEnabled = i.LiveRestoreEnabled,
                Debug = i.Debug,
                Labels = i.Labels?.ToList() ?? new List<string>(),
                SecurityOptions = i.SecurityOptions?.ToList() ?? new List<string>(),
                InsecureRegistries = i.RegistryConfig?.InsecureRegistryCIDRs?.ToList() ?? new List<string>(),
                IndexServerAddress = NullIfEmpty(i.IndexServerAddress),
                Warnings = i.Warnings?.ToList() ?? new List<string>(),
                Endpoint = endpoint,
            };
        }

        private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

        /// <summary>One step of docker history (GET /images/{name}/history), as its own row.</summary>
        internal static ImageHistoryItem ToImageHistoryItem(ImageHistoryResponse h, DockerEndpoint endpoint) =>
            new ImageHistoryItem(string.IsNullOrEmpty(h.ID) ? "<missing>" : h.ID, endpoint)
            {
                Created = ToLocal(h.Created),
                CreatedBy = h.CreatedBy ?? "",
                Size = h.Size,
                Comment = h.Comment ?? "",
                Tags = h.Tags?.Where(t => !string.IsNullOrEmpty(t) && t != "<none>:<none>").ToArray() ?? Array.Empty<string>(),
            };
    }
}
