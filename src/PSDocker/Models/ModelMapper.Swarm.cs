using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>The swarm mappings (the swarm, its nodes, secrets and configs).</summary>
    internal static partial class ModelMapper
    {
        /// <summary>
        /// The swarm as GET /info's Swarm part (<paramref name="info"/>) and, on a manager, GET /swarm (<paramref name="swarm"/>)
        /// describe it. The join tokens are kept only when <paramref name="swarm"/> has them.
        /// </summary>
        internal static DockerSwarm ToSwarm(Info? info, SwarmInspectResponse? swarm, DockerEndpoint endpoint)
        {
            var s = new DockerSwarm(endpoint)
            {
                LocalNodeState = info?.LocalNodeState ?? "",
                NodeId = info?.NodeID ?? "",
                NodeAddress = info?.NodeAddr ?? "",
                IsManager = info?.ControlAvailable ?? false,
                Nodes = info?.Nodes is long n ? (int)n : null,
                Managers = info?.Managers is long m ? (int)m : null,
                RemoteManagers = (info?.RemoteManagers ?? new List<Peer>()).Select(p => p.Addr ?? "").Where(a => a.Length > 0).ToList(),
                Error = info?.Error ?? "",
            };

            if (swarm is not null)
            {
                s.Id = swarm.ID ?? "";
                s.CreatedAt = ToUtc(swarm.CreatedAt);
                s.UpdatedAt = ToUtc(swarm.UpdatedAt);
                s.Version = swarm.Version?.Index;
                s.TaskHistoryLimit = swarm.Spec?.Orchestration?.TaskHistoryRetentionLimit;
                s.CertExpiry = swarm.Spec?.CAConfig?.NodeCertExpiry;
                s.DispatcherHeartbeat = swarm.Spec?.Dispatcher?.HeartbeatPeriod;
                s.Autolock = swarm.Spec?.EncryptionConfig?.AutoLockManagers ?? false;
                s.DefaultAddressPool = (swarm.DefaultAddrPool ?? new List<string>()).ToList();
                s.SubnetSize = swarm.SubnetSize;
                s.DataPathPort = swarm.DataPathPort;
                s.RootRotationInProgress = swarm.RootRotationInProgress;
                s.JoinTokens = swarm.JoinTokens is null ? null : new SwarmJoinTokens(
                    SwarmObjects.Secure(swarm.JoinTokens.Worker ?? ""), SwarmObjects.Secure(swarm.JoinTokens.Manager ?? ""));
            }

            return s;
        }

        /// <summary>A node as GET /nodes lists it; <paramref name="selfId"/> is the node id of the engine asked (GET /info Swarm.NodeID).</summary>
        internal static SwarmNode ToSwarmNode(NodeListResponse n, string? selfId, DockerEndpoint endpoint)
        {
            ManagerStatus? manager = n.ManagerStatus;
            string managerStatus = manager is null ? "" :
                manager.Leader == true ? "Leader" :
                string.Equals(manager.Reachability, "reachable", StringComparison.OrdinalIgnoreCase) ? "Reachable" :
                string.Equals(manager.Reachability, "unreachable", StringComparison.OrdinalIgnoreCase) ? "Unreachable" :
                manager.Reachability ?? "";
            return new SwarmNode(n.ID ?? "", endpoint)
            {
                Hostname = n.Description?.Hostname ?? "",
                IsSelf = !string.IsNullOrEmpty(selfId) && string.Equals(n.ID, selfId, StringComparison.Ordinal),
                Role = n.Spec?.Role ?? "",
                Status = n.Status?.State ?? "",
                StatusMessage = n.Status?.Message ?? "",
                Availability = n.Spec?.Availability ?? "",
                ManagerStatus = managerStatus,
                IsLeader = manager?.Leader == true,
                Address = n.Status?.Addr ?? "",
                ManagerAddress = manager?.Addr ?? "",
                EngineVersion = n.Description?.Engine?.EngineVersion ?? "",
                Labels = SwarmMap(n.Spec?.Labels),
                EngineLabels = SwarmMap(n.Description?.Engine?.Labels),
                OS = n.Description?.Platform?.OS ?? "",
                Architecture = n.Description?.Platform?.Architecture ?? "",
                Cpus = n.Description?.Resources?.NanoCPUs is long cpus ? cpus / 1e9 : null,
                MemoryBytes = n.Description?.Resources?.MemoryBytes,
                CreatedAt = ToUtc(n.CreatedAt),
                UpdatedAt = ToUtc(n.UpdatedAt),
                Version = n.Version?.Index ?? 0,
            };
        }

        /// <summary>A secret as GET /secrets lists it (the engine never returns its data).</summary>
        internal static SwarmSecret ToSwarmSecret(Secret s, DockerEndpoint endpoint) =>
            new SwarmSecret(s.ID ?? "", s.Spec?.Name ?? "", endpoint)
            {
                Labels = SwarmMap(s.Spec?.Labels),
                Driver = s.Spec?.Driver?.Name ?? "",
                CreatedAt = ToUtc(s.CreatedAt),
                UpdatedAt = ToUtc(s.UpdatedAt),
                Version = s.Version?.Index ?? 0,
            };

        /// <summary>A config as GET /configs lists it, with its data.</summary>
        internal static SwarmConfig ToSwarmConfig(Docker.DotNet.Models.SwarmConfig c, DockerEndpoint endpoint) =>
            new PSDocker.SwarmConfig(c.ID ?? "", c.Spec?.Name ?? "", c.Spec?.Data?.ToArray() ?? Array.Empty<byte>(), endpoint)
            {
                Labels = SwarmMap(c.Spec?.Labels),
                Templating = c.Spec?.Templating?.Name ?? "",
                CreatedAt = ToUtc(c.CreatedAt),
                UpdatedAt = ToUtc(c.UpdatedAt),
                Version = c.Version?.Index ?? 0,
            };

        /// <summary>A time the library read, as UTC (it may give local or unspecified kinds).</summary>
        internal static DateTime? ToUtc(DateTime? value) =>
            value is not DateTime d || d == default ? null :
            d.Kind == DateTimeKind.Local ? d.ToUniversalTime() :
            d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d;

        private static IReadOnlyDictionary<string, string> SwarmMap(IDictionary<string, string>? items) =>
            items is null ? new Dictionary<string, string>() : new Dictionary<string, string>(items, StringComparer.Ordinal);
    }
}
