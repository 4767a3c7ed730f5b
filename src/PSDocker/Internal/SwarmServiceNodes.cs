using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;

namespace PSDocker
{
    /// <summary>
    /// The swarm's node hostnames by node id (GET /nodes), as docker service ps and docker service logs name nodes.
    /// An engine that cannot list nodes gives an empty map: the ids are shown instead.
    /// </summary>
    internal static class SwarmServiceNodes
    {
        internal static async Task<IReadOnlyDictionary<string, string>> HostnamesAsync(DockerCmdlet cmdlet)
        {
            try
            {
                IList<NodeListResponse> nodes = await cmdlet.RequestAsync(RequestLimit.Default, (e, token) => e.Client.Swarm.ListNodesAsync(token));
                return (nodes ?? new List<NodeListResponse>())
                    .Where(n => !string.IsNullOrEmpty(n.ID))
                    .GroupBy(n => n.ID, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.First().Description?.Hostname is { Length: > 0 } h ? h : g.Key, StringComparer.Ordinal);
            }
            catch (DockerApiException)
            {
                return new Dictionary<string, string>(StringComparer.Ordinal);
            }
        }

        /// <summary>The node ids whose hostname or id is <paramref name="nameOrId"/> (a full id, an id prefix, or a hostname).</summary>
        internal static IReadOnlyList<string> Match(IReadOnlyDictionary<string, string> hostnames, string nameOrId) =>
            hostnames.Where(n => n.Key == nameOrId || string.Equals(n.Value, nameOrId, StringComparison.OrdinalIgnoreCase) ||
                    (nameOrId.Length >= 1 && n.Key.StartsWith(nameOrId, StringComparison.Ordinal)))
                .Select(n => n.Key).ToList();
    }
}
