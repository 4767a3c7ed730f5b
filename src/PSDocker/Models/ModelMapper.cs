using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>Maps the client library's models to PSDocker's own output types. The only place that does.</summary>
    internal static class ModelMapper
    {
        /// <param name="c">One item of the engine's container list.</param>
        /// <param name="endpoint">The engine it came from.</param>
        /// <param name="withSize">True when the list was asked for with size=true (SizeRw and SizeRootFs are filled in).</param>
        internal static Container ToContainer(ContainerListResponse c, DockerEndpoint endpoint, bool withSize = false)
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
                    p.PublicPort.HasValue && p.PublicPort.Value != 0 ? p.PublicPort.Value : (int?)null))
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
                withSize ? c.SizeRootFs ?? 0 : (long?)null);
        }

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
    }
}
