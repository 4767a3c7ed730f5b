using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker
{
    internal static partial class ModelMapper
    {
        /// <summary>
        /// A network as docker network inspect describes it (GET /networks/{id}); from a listing (GET /networks) the
        /// containers are empty, as engines list them without their endpoints.
        /// </summary>
        internal static ContainerNetwork ToContainerNetwork(NetworkResponse n, DockerEndpoint endpoint)
        {
            string id = n.ID ?? "";
            string name = n.Name ?? "";
            var subnets = (n.IPAM?.Config ?? new List<IPAMConfig>())
                .Where(c => c is not null)
                .Select(c => new NetworkSubnet(c.Subnet ?? "", NullIfEmpty(c.Gateway), NullIfEmpty(c.IPRange),
                    ReadOnly(c.AuxAddress)))
                .ToList();
            var containers = (n.Containers ?? new Dictionary<string, EndpointResource>())
                .Where(c => c.Value is not null)
                .Select(c =>
                {
                    (string? v4, int? v4Length) = SplitCidr(c.Value.IPv4Address);
                    (string? v6, int? v6Length) = SplitCidr(c.Value.IPv6Address);
                    return new NetworkContainer(c.Key, c.Value.Name ?? "", NullIfEmpty(c.Value.EndpointID), NullIfEmpty(c.Value.MacAddress),
                        v4, v4Length, v6, v6Length, name, id, endpoint);
                })
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            return new ContainerNetwork(id, name, n.Driver ?? "", n.Scope ?? "", ToLocalOrNull(n.Created), n.EnableIPv6, n.Internal,
                n.Attachable, n.Ingress, NullIfEmpty(n.IPAM?.Driver), subnets, ReadOnly(n.Options), ReadOnly(n.Labels), containers, endpoint);
        }

        /// <summary>
        /// The endpoints of the containers of one container list (GET /containers/json: NetworkSettings.Networks of each),
        /// grouped by network id, as network inspect's Containers gives them (name without its '/', addresses with their
        /// prefix lengths, sorted by name). A container without an endpoint on a network (not running) is left out there,
        /// as network inspect leaves it out. One list request stands for an inspect per network.
        /// </summary>
        internal static ILookup<string, NetworkContainer> ToNetworkContainers(IEnumerable<ContainerListResponse> containers, DockerEndpoint endpoint) =>
            containers
                .Where(c => c is not null)
                .SelectMany(c => (c.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>())
                    .Where(n => n.Value is not null && !string.IsNullOrEmpty(n.Value.NetworkID) && !string.IsNullOrEmpty(n.Value.EndpointID))
                    .Select(n => new NetworkContainer(c.ID ?? "", (c.Names?.FirstOrDefault() ?? "").TrimStart('/'), n.Value.EndpointID,
                        NullIfEmpty(n.Value.MacAddress),
                        NullIfEmpty(n.Value.IPAddress), string.IsNullOrEmpty(n.Value.IPAddress) ? null : (int?)n.Value.IPPrefixLen,
                        NullIfEmpty(n.Value.GlobalIPv6Address), string.IsNullOrEmpty(n.Value.GlobalIPv6Address) ? null : (int?)n.Value.GlobalIPv6PrefixLen,
                        n.Key, n.Value.NetworkID, endpoint)))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToLookup(c => c.NetworkId, StringComparer.Ordinal);

        /// <summary>A listed network with the containers connected to it (from <see cref="ToNetworkContainers"/>).</summary>
        internal static ContainerNetwork WithContainers(ContainerNetwork n, IEnumerable<NetworkContainer> containers) =>
            new ContainerNetwork(n.Id, n.Name, n.Driver, n.Scope, n.Created, n.IPv6, n.Internal, n.Attachable, n.Ingress, n.IpamDriver,
                n.Subnets, n.Options, n.Labels, containers.ToList(), n.Endpoint);

        /// <summary>"10.89.0.2/24" as ("10.89.0.2", 24); an address without a length as (address, null); empty as (null, null).</summary>
        internal static (string? Address, int? PrefixLength) SplitCidr(string? cidr)
        {
            if (string.IsNullOrEmpty(cidr))
            {
                return (null, null);
            }

            int slash = cidr!.IndexOf('/');
            if (slash < 0)
            {
                return (cidr, null);
            }

            return (cidr.Substring(0, slash), int.TryParse(cidr.Substring(slash + 1), out int length) ? length : (int?)null);
        }

        private static IReadOnlyDictionary<string, string> ReadOnly(IDictionary<string, string>? values) =>
            values is null ? new Dictionary<string, string>() : new Dictionary<string, string>(values, StringComparer.Ordinal);
    }
}
