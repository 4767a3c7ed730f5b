using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;

namespace PSDocker
{
    /// <summary>
    /// The one place swarm nodes are found: "self", an id, a unique id prefix or a host name resolved as docker node
    /// inspect resolves them (the engine's GET /nodes/{ref} takes all three), the node id of the engine asked, and each
    /// node's host name by id (for tables that name nodes, as docker service ps does).
    /// </summary>
    internal static class SwarmNodes
    {
        internal const string NotFoundErrorId = "SwarmNodeNotFound";

        /// <summary>The engine is in no swarm (ErrorMapper.SwarmRefusal gives it from the engine's message).</summary>
        internal const string SwarmNotInitializedErrorId = "SwarmNotInitialized";

        /// <summary>The engine is a worker, or a manager not ready (ErrorMapper.SwarmRefusal).</summary>
        internal const string SwarmNotManagerErrorId = "SwarmNotManager";

        /// <summary>True for a refusal about the engine's swarm itself, which ends the whole call rather than one node.</summary>
        internal static bool IsSwarmWide(PSDockerException e) =>
            e.ErrorId == SwarmNotInitializedErrorId || e.ErrorId == SwarmNotManagerErrorId;

        /// <summary>The node id of the engine <paramref name="cmdlet"/> talks to (GET /info Swarm.NodeID); empty outside a swarm.</summary>
        internal static async Task<string> SelfIdAsync(DockerCmdlet cmdlet)
        {
            SystemInfoResponse info = await cmdlet.RequestAsync(RequestLimit.Default, (e, token) => e.Client.System.GetSystemInfoAsync(token));
            return info.Swarm?.NodeID ?? "";
        }

        /// <summary>Every node of the swarm (GET /nodes; docker node ls), in the engine's order.</summary>
        internal static async Task<IList<NodeListResponse>> ListAsync(DockerCmdlet cmdlet, CancellationToken cancel = default) =>
            await cmdlet.RequestAsync(RequestLimit.Default, cancel, (e, token) => e.Client.Swarm.ListNodesAsync(token)) ?? new List<NodeListResponse>();

        /// <summary>
        /// Each node's host name by node id (GET /nodes), as docker service ps and docker service logs name nodes; a node
        /// without a host name is named by its id. An engine that cannot list nodes (a worker) gives an empty map: callers
        /// then show the ids. <paramref name="cancel"/> is a caller's own deadline (OperationCanceledException when it fires).
        /// </summary>
        internal static async Task<IReadOnlyDictionary<string, string>> HostnamesAsync(DockerCmdlet cmdlet, CancellationToken cancel = default)
        {
            try
            {
                return (await ListAsync(cmdlet, cancel)).Where(n => !string.IsNullOrEmpty(n.ID))
                    .GroupBy(n => n.ID, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.First().Description?.Hostname is { Length: > 0 } h ? h : g.Key, StringComparer.Ordinal);
            }
            catch (DockerApiException)
            {
                return new Dictionary<string, string>(StringComparer.Ordinal);
            }
        }

        /// <summary>The node ids in <paramref name="hostnames"/> whose id, id prefix or host name is <paramref name="nameOrId"/>.</summary>
        internal static IReadOnlyList<string> Match(IReadOnlyDictionary<string, string> hostnames, string nameOrId) =>
            hostnames.Where(n => n.Key == nameOrId || string.Equals(n.Value, nameOrId, StringComparison.OrdinalIgnoreCase) ||
                    (nameOrId.Length >= 1 && n.Key.StartsWith(nameOrId, StringComparison.Ordinal)))
                .Select(n => n.Key).ToList();

        /// <summary>
        /// One node by "self", id, unique id prefix or host name (GET /nodes/{ref}; docker node inspect). A node that is not
        /// there is SwarmNodeNotFound (ObjectNotFound) naming <paramref name="given"/>; a prefix or host name several nodes
        /// share is SwarmNodeAmbiguous (InvalidArgument); other refusals (SwarmNotManager, ...) as ErrorMapper maps them.
        /// </summary>
        internal static async Task<NodeListResponse> InspectAsync(DockerCmdlet cmdlet, string given)
        {
            string reference = string.Equals(given, "self", StringComparison.Ordinal) ? await SelfIdAsync(cmdlet) : given;
            if (reference.Length == 0)
            {
                throw new PSDockerException(
                    "This engine is not part of a swarm: it has no node 'self'. Initialize-DockerSwarm or Join-DockerSwarm makes it one.",
                    SwarmNotInitializedErrorId, ErrorCategory.InvalidOperation, given);
            }

            try
            {
                return await cmdlet.RequestAsync(RequestLimit.Default, (e, token) => e.Client.Swarm.InspectNodeAsync(reference, token));
            }
            catch (DockerApiException e) when (ToError(e, given) is PSDockerException mapped)
            {
                throw mapped;
            }
        }

        /// <summary>The error for an engine refusal about one node (see <see cref="InspectAsync"/>); null for a swarm-wide refusal.</summary>
        internal static PSDockerException? ToError(DockerApiException e, string node)
        {
            string message = ErrorMapper.EngineMessage(e.ResponseBody) ?? e.Message;
            if (e.StatusCode == HttpStatusCode.NotFound)
            {
                return new PSDockerException($"No such swarm node: {node}. Get-SwarmNode lists the swarm's nodes. The engine said: {message}",
                    NotFoundErrorId, ErrorCategory.ObjectNotFound, node, e);
            }

            if (message.IndexOf("is not down", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new PSDockerException($"Swarm node '{node}' is not down: make it leave first (Exit-DockerSwarm on its engine), or remove it with -Force. The engine said: {message}",
                    "SwarmNodeNotDown", ErrorCategory.InvalidOperation, node, e);
            }

            if (message.IndexOf("is a cluster manager", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new PSDockerException($"Swarm node '{node}' is a manager: demote it first (Set-SwarmNode -Role Worker). The engine said: {message}",
                    "SwarmNodeIsManager", ErrorCategory.InvalidOperation, node, e);
            }

            if (message.IndexOf("ambiguous", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new PSDockerException($"'{node}' names several swarm nodes: give more of the id. The engine said: {message}",
                    "SwarmNodeAmbiguous", ErrorCategory.InvalidArgument, node, e);
            }

            return null;
        }
    }
}
