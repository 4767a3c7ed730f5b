using System;
using System.Collections.Generic;
using System.Linq;

namespace PSDocker
{
    /// <summary>
    /// A network of an engine, as docker network ls and docker network inspect describe it (GET /networks/{id}).
    /// </summary>
    public sealed class ContainerNetwork
    {
        internal ContainerNetwork(
            string id,
            string name,
            string driver,
            string scope,
            DateTime? created,
            bool ipv6,
            bool @internal,
            bool attachable,
            bool ingress,
            string? ipamDriver,
            IReadOnlyList<NetworkSubnet> subnets,
            IReadOnlyDictionary<string, string> options,
            IReadOnlyDictionary<string, string> labels,
            IReadOnlyList<NetworkContainer> containers,
            DockerEndpoint endpoint)
        {
            Id = id;
            Name = name;
            Driver = driver;
            Scope = scope;
            Created = created;
            IPv6 = ipv6;
            Internal = @internal;
            Attachable = attachable;
            Ingress = ingress;
            IpamDriver = ipamDriver;
            Subnets = subnets;
            Options = options;
            Labels = labels;
            Containers = containers;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The network's full id, 64 hexadecimal digits (the API's Id).</summary>
        public string Id { get; }

        /// <summary>The first 12 digits of <see cref="Id"/>, as docker network ls prints it (NETWORK ID).</summary>
        public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

        /// <summary>The network's name (the API's Name), unique on an engine; bridge, host and none are the engine's own.</summary>
        public string Name { get; }

        /// <summary>The network driver: bridge, host, null, overlay, macvlan, ipvlan or a plugin's name (the API's Driver).</summary>
        public string Driver { get; }

        /// <summary>Where the network is known: local (this engine), swarm or global (the API's Scope).</summary>
        public string Scope { get; }

        /// <summary>When the network was created, in local time (the API's Created, UTC); null where the engine does not say (host, none).</summary>
        public DateTime? Created { get; }

        /// <summary>True when containers get IPv6 addresses on the network (the API's EnableIPv6; docker network create --ipv6).</summary>
        public bool IPv6 { get; }

        /// <summary>True when the network has no route outside its own containers (the API's Internal; --internal).</summary>
        public bool Internal { get; }

        /// <summary>True when standalone containers may connect to this swarm network (the API's Attachable; --attachable).</summary>
        public bool Attachable { get; }

        /// <summary>True for a swarm's routing-mesh network (the API's Ingress).</summary>
        public bool Ingress { get; }

        /// <summary>The IP address management driver, usually "default" (the API's IPAM.Driver).</summary>
        public string? IpamDriver { get; }

        /// <summary>The network's address pools: subnet, gateway and IP range of each (the API's IPAM.Config).</summary>
        public IReadOnlyList<NetworkSubnet> Subnets { get; }

        /// <summary>The subnets alone, in CIDR form ("10.89.0.0/24"), as <see cref="Subnets"/> lists them.</summary>
        public IReadOnlyList<string> Subnet => Subnets.Select(s => s.Subnet).Where(s => s.Length > 0).ToList();

        /// <summary>The gateways alone, as <see cref="Subnets"/> lists them (those the engine reports).</summary>
        public IReadOnlyList<string> Gateway => Subnets.Select(s => s.Gateway).Where(g => g is not null).Select(g => g!).ToList();

        /// <summary>The driver options (the API's Options; docker network create -o), e.g. com.docker.network.bridge.name.</summary>
        public IReadOnlyDictionary<string, string> Options { get; }

        /// <summary>The network's labels (the API's Labels; docker network create --label).</summary>
        public IReadOnlyDictionary<string, string> Labels { get; }

        /// <summary>
        /// The containers connected to the network, with their addresses on it (the Containers of docker network inspect),
        /// sorted by name. Running containers only: a stopped container has no endpoint on any network.
        /// </summary>
        public IReadOnlyList<NetworkContainer> Containers { get; }

        /// <summary>The engine the network belongs to.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => Name;
    }

    /// <summary>One address pool of a network (an entry of the API's IPAM.Config; docker network create --subnet/--gateway/--ip-range).</summary>
    public sealed class NetworkSubnet
    {
        internal NetworkSubnet(string subnet, string? gateway, string? ipRange, IReadOnlyDictionary<string, string> auxiliaryAddresses)
        {
            Subnet = subnet;
            Gateway = gateway;
            IPRange = ipRange;
            AuxiliaryAddresses = auxiliaryAddresses;
        }

        /// <summary>The subnet in CIDR form, as the engine keeps it ("10.89.0.0/24"; the API's Subnet).</summary>
        public string Subnet { get; }

        /// <summary>The gateway's address ("10.89.0.1"; the API's Gateway); null when the engine reports none.</summary>
        public string? Gateway { get; }

        /// <summary>The part of the subnet containers get addresses from, in CIDR form (the API's IPRange); null for the whole subnet.</summary>
        public string? IPRange { get; }

        /// <summary>Addresses the engine must not hand out, by host name (the API's AuxiliaryAddresses; --aux-address).</summary>
        public IReadOnlyDictionary<string, string> AuxiliaryAddresses { get; }

        /// <inheritdoc />
        public override string ToString() => Gateway is null ? Subnet : $"{Subnet} via {Gateway}";
    }

    /// <summary>
    /// A container connected to a network, with its addresses on it (one entry of the Containers of docker network inspect).
    /// Its Name (the container's) and Network bind by property name to Disconnect-ContainerNetwork and Connect-ContainerNetwork.
    /// </summary>
    public sealed class NetworkContainer
    {
        internal NetworkContainer(string id, string name, string? endpointId, string? macAddress, string? ipv4Address, int? ipv4PrefixLength,
            string? ipv6Address, int? ipv6PrefixLength, string network, string networkId, DockerEndpoint endpoint)
        {
            Id = id;
            Name = name;
            EndpointId = endpointId;
            MacAddress = macAddress;
            IPv4Address = ipv4Address;
            IPv4PrefixLength = ipv4PrefixLength;
            IPv6Address = ipv6Address;
            IPv6PrefixLength = ipv6PrefixLength;
            Network = network;
            NetworkId = networkId;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The container's full id (the key of the API's Containers map).</summary>
        public string Id { get; }

        /// <summary>The container's name (the API's Name).</summary>
        public string Name { get; }

        /// <summary>The id of the container's endpoint on this network (the API's EndpointID).</summary>
        public string? EndpointId { get; }

        /// <summary>The container's MAC address on this network (the API's MacAddress).</summary>
        public string? MacAddress { get; }

        /// <summary>The container's IPv4 address on this network, without the prefix length ("10.89.0.2"; from the API's IPv4Address "10.89.0.2/24").</summary>
        public string? IPv4Address { get; }

        /// <summary>The prefix length of <see cref="IPv4Address"/>, in bits (24 for a /24).</summary>
        public int? IPv4PrefixLength { get; }

        /// <summary>The container's IPv6 address on this network, without the prefix length (from the API's IPv6Address); null when it has none.</summary>
        public string? IPv6Address { get; }

        /// <summary>The prefix length of <see cref="IPv6Address"/>, in bits.</summary>
        public int? IPv6PrefixLength { get; }

        /// <summary>The network's name.</summary>
        public string Network { get; }

        /// <summary>The network's full id.</summary>
        public string NetworkId { get; }

        /// <summary>The engine the network and container belong to.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => IPv4Address is null ? Name : $"{Name} ({IPv4Address})";
    }

    /// <summary>
    /// What a network prune did (Remove-ContainerNetwork -Unused; docker network prune): the names of the networks
    /// the engine deleted (POST /networks/prune's NetworksDeleted).
    /// </summary>
    public sealed class NetworkPruneResult
    {
        internal NetworkPruneResult(IReadOnlyList<string> deleted, DockerEndpoint endpoint)
        {
            Deleted = deleted;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The names of the networks deleted (the API's NetworksDeleted), as docker network prune prints them.</summary>
        public IReadOnlyList<string> Deleted { get; }

        /// <summary>The engine the networks were pruned on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => Deleted.Count == 0 ? "0 networks deleted" : $"{Deleted.Count} deleted: {string.Join(", ", Deleted)}";
    }
}
