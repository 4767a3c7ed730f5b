using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace PSDocker
{
    /// <summary>The state of a container, as the engine reports it.</summary>
    public enum ContainerState
    {
        /// <summary>A state this version of PSDocker does not know.</summary>
        Unknown = 0,
        Created,
        Running,
        Paused,
        Restarting,
        Removing,
        Exited,
        Dead,
    }

    /// <summary>A container, as `docker ps` and `docker inspect` describe it.</summary>
    public sealed class Container
    {
        internal Container(
            string id,
            IReadOnlyList<string> names,
            string image,
            string imageId,
            string command,
            DateTime created,
            ContainerState state,
            string status,
            string? health,
            IReadOnlyList<PortMapping> ports,
            IDictionary<string, string> labels,
            IReadOnlyList<NetworkAttachment> networks,
            IReadOnlyList<ContainerMount> mounts,
            string? networkMode,
            DockerEndpoint endpoint,
            IReadOnlyList<string>? linkAliases = null,
            string? portsText = null,
            long? sizeRw = null,
            long? sizeRootFs = null)
        {
            Id = id;
            Names = names;
            LinkAliases = linkAliases ?? Array.Empty<string>();
            PortsText = portsText ?? string.Join(", ", System.Linq.Enumerable.Select(ports, p => p.ToString()));
            SizeRw = sizeRw;
            SizeRootFs = sizeRootFs;
            Name = names.Count > 0 ? names[0] : id.Substring(0, Math.Min(12, id.Length));
            Image = image;
            ImageId = imageId;
            Command = command;
            Created = created;
            State = state;
            Status = status;
            Health = health;
            Ports = ports;
            Labels = new ReadOnlyDictionary<string, string>(labels);
            Networks = networks;
            Mounts = mounts;
            NetworkMode = networkMode;
            Endpoint = endpoint;
        }

        /// <summary>The full container id (64 hex digits).</summary>
        public string Id { get; }

        /// <summary>The first 12 digits of the id, as docker prints it.</summary>
        public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

        /// <summary>The container's name, without docker's leading slash.</summary>
        public string Name { get; }

        /// <summary>
        /// The container's own names, without leading slashes (one, in practice). Link aliases, which the
        /// engine lists among the names, are in <see cref="LinkAliases"/> instead.
        /// </summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>
        /// The names other containers reach this one by through legacy links (docker run --link), as
        /// "LINKING-CONTAINER/ALIAS" without the leading slash: a container linked by
        /// `--link db:database` from `app` has "app/database". The engine lists them among the names
        /// (docker ps --no-trunc shows them); they are not the container's names and -Name wildcards do
        /// not match them.
        /// </summary>
        public IReadOnlyList<string> LinkAliases { get; }

        /// <summary>The image the container was created from, as given (name:tag or id).</summary>
        public string Image { get; }

        /// <summary>The id of that image (sha256:...).</summary>
        public string ImageId { get; }

        /// <summary>The command the container runs.</summary>
        public string Command { get; }

        /// <summary>When the container was created, in local time.</summary>
        public DateTime Created { get; }

        /// <summary>How long ago the container was created, as docker ps prints it ("5 minutes ago").</summary>
        public string CreatedSince => Humanize.Since(Created, DateTime.Now);

        /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
        public ContainerState State { get; }

        /// <summary>The engine's human-readable status, such as "Up 5 minutes" or "Exited (0) 2 hours ago".</summary>
        public string Status { get; }

        /// <summary>healthy, unhealthy or starting when the container has a health check; otherwise null.</summary>
        public string? Health { get; }

        /// <summary>The container's ports and where they are published on the host.</summary>
        public IReadOnlyList<PortMapping> Ports { get; }

        /// <summary>
        /// The ports as docker ps prints them in its PORTS column: consecutive ports grouped into ranges
        /// ("0.0.0.0:8000-8001->8000-8001/tcp"), each host address its own item, items joined by ", ".
        /// </summary>
        public string PortsText { get; }

        /// <summary>
        /// The size in bytes of the files the container has written or changed (its writable layer), as
        /// docker ps -s reports it (the list API's SizeRw). Only with Get-Container -Size; otherwise null.
        /// </summary>
        public long? SizeRw { get; }

        /// <summary>
        /// The size in bytes of all the container's files: its image plus <see cref="SizeRw"/> (the list
        /// API's SizeRootFs, "virtual" in docker ps -s). Only with Get-Container -Size; otherwise null.
        /// </summary>
        public long? SizeRootFs { get; }

        /// <summary>The SIZE text of docker ps -s, such as "0B (virtual 1.99MB)" (decimal units); null without -Size.</summary>
        public string? SizeText => SizeRw.HasValue ? Humanize.ContainerSize(SizeRw.Value, SizeRootFs ?? 0) : null;

        /// <summary>The container's labels.</summary>
        public IDictionary<string, string> Labels { get; }

        /// <summary>The networks the container is attached to, with its address on each.</summary>
        public IReadOnlyList<NetworkAttachment> Networks { get; }

        /// <summary>Volumes and bind mounts.</summary>
        public IReadOnlyList<ContainerMount> Mounts { get; }

        /// <summary>The network mode (bridge, host, none, container:ID or a network name).</summary>
        public string? NetworkMode { get; }

        /// <summary>The engine this container lives on.</summary>
        public DockerEndpoint Endpoint { get; }

        public override string ToString() => Name;
    }

    /// <summary>One container port and, when published, the host address and port it is reachable on.</summary>
    public sealed class PortMapping
    {
        internal PortMapping(int containerPort, string protocol, string? hostIP, int? hostPort)
        {
            ContainerPort = containerPort;
            Protocol = protocol;
            HostIP = hostIP;
            HostPort = hostPort;
        }

        /// <summary>The port inside the container.</summary>
        public int ContainerPort { get; }

        /// <summary>tcp, udp or sctp.</summary>
        public string Protocol { get; }

        /// <summary>The host address the port is published on (0.0.0.0, ::, 127.0.0.1, ...), or null when not published.</summary>
        public string? HostIP { get; }

        /// <summary>The host port, or null when the port is only exposed.</summary>
        public int? HostPort { get; }

        /// <summary>True when the port is published on the host.</summary>
        public bool IsPublished => HostPort.HasValue;

        /// <summary>
        /// Where the port is reached from the host, as docker port prints it: "127.0.0.1:3000", "[::]:3000";
        /// null when the port is not published.
        /// </summary>
        public string? HostEndpoint
        {
            get
            {
                if (!HostPort.HasValue)
                {
                    return null;
                }

                string ip = HostIP ?? "";
                return ip.IndexOf(':') >= 0 ? $"[{ip}]:{HostPort.Value}" : $"{ip}:{HostPort.Value}";
            }
        }

        /// <summary>As docker ps prints it: 0.0.0.0:8080->80/tcp, or 80/tcp.</summary>
        public override string ToString()
        {
            string inner = $"{ContainerPort}/{Protocol}";
            if (!HostPort.HasValue)
            {
                return inner;
            }

            string ip = HostIP ?? "";
            if (ip.IndexOf(':') >= 0)
            {
                ip = "[" + ip + "]";
            }

            return $"{ip}:{HostPort}->{inner}";
        }
    }

    /// <summary>A container's attachment to one network.</summary>
    public sealed class NetworkAttachment
    {
        internal NetworkAttachment(string name, string? networkId, string? ipAddress, int ipPrefixLength, string? gateway, string? macAddress, string? ipv6Address, IReadOnlyList<string> aliases)
        {
            Name = name;
            NetworkId = networkId;
            IPAddress = ipAddress;
            IPPrefixLength = ipPrefixLength;
            Gateway = gateway;
            MacAddress = macAddress;
            IPv6Address = ipv6Address;
            Aliases = aliases;
        }

        /// <summary>The network's name.</summary>
        public string Name { get; }

        /// <summary>The network's id.</summary>
        public string? NetworkId { get; }

        /// <summary>The container's IPv4 address on this network.</summary>
        public string? IPAddress { get; }

        /// <summary>The prefix length of <see cref="IPAddress"/>.</summary>
        public int IPPrefixLength { get; }

        /// <summary>The network's gateway.</summary>
        public string? Gateway { get; }

        /// <summary>The container's MAC address on this network.</summary>
        public string? MacAddress { get; }

        /// <summary>The container's global IPv6 address on this network, if any.</summary>
        public string? IPv6Address { get; }

        /// <summary>DNS aliases of the container on this network.</summary>
        public IReadOnlyList<string> Aliases { get; }

        public override string ToString() => string.IsNullOrEmpty(IPAddress) ? Name : $"{Name} ({IPAddress})";
    }

    /// <summary>A volume or bind mount of a container.</summary>
    public sealed class ContainerMount
    {
        internal ContainerMount(string type, string? name, string? source, string destination, string? driver, string? mode, bool readWrite, string? propagation)
        {
            Type = type;
            Name = name;
            Source = source;
            Destination = destination;
            Driver = driver;
            Mode = mode;
            ReadWrite = readWrite;
            Propagation = propagation;
        }

        /// <summary>volume, bind, tmpfs, npipe or image.</summary>
        public string Type { get; }

        /// <summary>The volume's name (volumes only).</summary>
        public string? Name { get; }

        /// <summary>The path on the host.</summary>
        public string? Source { get; }

        /// <summary>The path inside the container.</summary>
        public string Destination { get; }

        /// <summary>The volume driver (volumes only).</summary>
        public string? Driver { get; }

        /// <summary>Mount options as given (z, ro, ...).</summary>
        public string? Mode { get; }

        /// <summary>True when the container may write to the mount.</summary>
        public bool ReadWrite { get; }

        /// <summary>Bind propagation (rprivate, shared, ...).</summary>
        public string? Propagation { get; }

        public override string ToString() => $"{Source ?? Name}:{Destination}{(ReadWrite ? "" : ":ro")}";
    }
}
