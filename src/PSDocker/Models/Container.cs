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
            long? sizeRootFs = null,
            ContainerDetails? details = null)
        {
            Id = id;
            Names = names;
            LinkAliases = linkAliases ?? Array.Empty<string>();
            PortsText = portsText ?? string.Join(", ", System.Linq.Enumerable.Select(ports, p => p.ToDockerPsText()));
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
            if (details is not null)
            {
                IsInspected = true;
                ExitCode = details.ExitCode;
                Error = details.Error;
                StartedAt = details.StartedAt;
                FinishedAt = details.FinishedAt;
                RestartCount = details.RestartCount;
                OOMKilled = details.OOMKilled;
                Pid = details.Pid;
                CommandLine = details.CommandLine;
                Entrypoint = details.Entrypoint;
                Cmd = details.Cmd;
                Environment = details.Environment;
                WorkingDirectory = details.WorkingDirectory;
                User = details.User;
                Hostname = details.Hostname;
                Domainname = details.Domainname;
                Tty = details.Tty;
                Interactive = details.Interactive;
                StopSignal = details.StopSignal;
                StopTimeout = details.StopTimeout;
                RestartPolicy = details.RestartPolicy;
                Memory = details.Memory;
                MemoryReservation = details.MemoryReservation;
                MemorySwap = details.MemorySwap;
                NanoCpus = details.NanoCpus;
                CpuShares = details.CpuShares;
                Privileged = details.Privileged;
                ReadOnly = details.ReadOnly;
                AutoRemove = details.AutoRemove;
                PublishAll = details.PublishAll;
                Isolation = details.Isolation;
                CapAdd = details.CapAdd;
                CapDrop = details.CapDrop;
                HealthState = details.HealthState;
                Platform = details.Platform;
            }
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

        // What only docker inspect knows (GET /containers/{id}/json). Filled when Get-Container looked the
        // container up by exact name or id (IsInspected); null in a listing, which is one request for all.

        /// <summary>
        /// True when the object holds what docker inspect knows: Get-Container was given the container's exact
        /// name or id (typed, piped by value, or piped back as an object). A listing (no name, wildcards, -Label,
        /// -Status, -Filter) is one request for all containers and leaves this false: the properties below are
        /// then null. `Get-Container -All | Get-Container` fills them for every container.
        /// </summary>
        public bool IsInspected { get; }

        /// <summary>The exit code of the container's last run (State.ExitCode; 0 while it has never exited). Null when not inspected.</summary>
        public int? ExitCode { get; }

        /// <summary>Why the engine could not run the container, when it could not (State.Error); "" otherwise. Null when not inspected.</summary>
        public string? Error { get; }

        /// <summary>
        /// When the container last started, in local time, as <see cref="Created"/> (State.StartedAt). Null when
        /// it never started, or when not inspected.
        /// </summary>
        public DateTime? StartedAt { get; }

        /// <summary>
        /// When the container last stopped, in local time, as <see cref="Created"/> (State.FinishedAt). Null when
        /// it never stopped, or when not inspected.
        /// </summary>
        public DateTime? FinishedAt { get; }

        /// <summary>How many times the engine restarted the container under its restart policy (RestartCount). Null when not inspected.</summary>
        public int? RestartCount { get; }

        /// <summary>True when the kernel killed the container's process for lack of memory (State.OOMKilled). Null when not inspected.</summary>
        public bool? OOMKilled { get; }

        /// <summary>The host process id of the container's main process; 0 when it is not running (State.Pid). Null when not inspected.</summary>
        public int? Pid { get; }

        /// <summary>
        /// What the engine started, one item a word: the program and its arguments (docker inspect's Path and
        /// Args), which is <see cref="Entrypoint"/> followed by <see cref="Cmd"/>. Null when not inspected.
        /// </summary>
        public IReadOnlyList<string>? CommandLine { get; }

        /// <summary>
        /// The entrypoint, one item a word (Config.Entrypoint: docker run --entrypoint, or the image's ENTRYPOINT).
        /// Empty when there is none; null when not inspected.
        /// </summary>
        public IReadOnlyList<string>? Entrypoint { get; }

        /// <summary>
        /// The command, one item a word (Config.Cmd: the words after the image in docker run, or the image's CMD),
        /// given to the entrypoint as arguments. <see cref="Command"/> is the same as docker ps prints it, one
        /// string with the entrypoint. Empty when there is none; null when not inspected.
        /// </summary>
        public IReadOnlyList<string>? Cmd { get; }

        /// <summary>
        /// The environment variables, as "KEY=VALUE" strings in the engine's order (Config.Env: docker run -e,
        /// --env-file, and the image's ENV). Values may be secrets: they are returned as asked, and never written
        /// to the verbose or debug streams. Empty when none; null when not inspected.
        /// </summary>
        public IReadOnlyList<string>? Environment { get; }

        /// <summary>The working directory of the container's process (Config.WorkingDir: docker run -w); "" for the image's. Null when not inspected.</summary>
        public string? WorkingDirectory { get; }

        /// <summary>The user the process runs as: "name", "uid", "uid:gid" (Config.User: docker run -u); "" for the image's. Null when not inspected.</summary>
        public string? User { get; }

        /// <summary>The container's host name (Config.Hostname: docker run -h; the short id by default). Null when not inspected.</summary>
        public string? Hostname { get; }

        /// <summary>The container's domain name (Config.Domainname: docker run --domainname); "" when none. Null when not inspected.</summary>
        public string? Domainname { get; }

        /// <summary>True when the container has a terminal (Config.Tty: docker run -t). Null when not inspected.</summary>
        public bool? Tty { get; }

        /// <summary>True when the container's standard input is kept open (Config.OpenStdin: docker run -i). Null when not inspected.</summary>
        public bool? Interactive { get; }

        /// <summary>The signal docker stop sends first (Config.StopSignal: docker run --stop-signal); "" for SIGTERM. Null when not inspected.</summary>
        public string? StopSignal { get; }

        /// <summary>
        /// Seconds docker stop waits before it kills the container (Config.StopTimeout: docker run --stop-timeout).
        /// Null when not set (the engine's default, 10 s) or when not inspected.
        /// </summary>
        public int? StopTimeout { get; }

        /// <summary>
        /// When the engine restarts the container (HostConfig.RestartPolicy: docker run --restart): a name (no,
        /// always, unless-stopped, on-failure) and, for on-failure, the most retries. Null when not inspected.
        /// </summary>
        public ContainerRestartPolicy? RestartPolicy { get; }

        /// <summary>The memory limit in bytes (HostConfig.Memory: docker run -m); 0 for none. Null when not inspected.</summary>
        public long? Memory { get; }

        /// <summary>The memory soft limit in bytes (HostConfig.MemoryReservation: --memory-reservation); 0 for none. Null when not inspected.</summary>
        public long? MemoryReservation { get; }

        /// <summary>
        /// The limit of memory plus swap in bytes (HostConfig.MemorySwap: --memory-swap); 0 when not set, -1 for
        /// unlimited swap. Null when not inspected.
        /// </summary>
        public long? MemorySwap { get; }

        /// <summary>The CPU limit in billionths of a CPU (HostConfig.NanoCpus: docker run --cpus 1.5 gives 1500000000); 0 for none. Null when not inspected.</summary>
        public long? NanoCpus { get; }

        /// <summary>The CPU limit in CPUs, as docker run --cpus takes it (<see cref="NanoCpus"/> / 10^9); 0 for none. Null when not inspected.</summary>
        public decimal? Cpus => NanoCpus.HasValue ? NanoCpus.Value / 1_000_000_000m : (decimal?)null;

        /// <summary>The relative CPU weight (HostConfig.CpuShares: docker run -c); 0 for the default (1024). Null when not inspected.</summary>
        public long? CpuShares { get; }

        /// <summary>True when the container runs privileged (HostConfig.Privileged: docker run --privileged). Null when not inspected.</summary>
        public bool? Privileged { get; }

        /// <summary>True when the container's root file system is read-only (HostConfig.ReadonlyRootfs: docker run --read-only). Null when not inspected.</summary>
        public bool? ReadOnly { get; }

        /// <summary>True when the engine removes the container when it exits (HostConfig.AutoRemove: docker run --rm). Null when not inspected.</summary>
        public bool? AutoRemove { get; }

        /// <summary>True when every exposed port is published on a random host port (HostConfig.PublishAllPorts: docker run -P). Null when not inspected.</summary>
        public bool? PublishAll { get; }

        /// <summary>
        /// The isolation technology (HostConfig.Isolation: docker run --isolation; default, process or hyperv on
        /// Windows); "" for the engine's default. Null when not inspected.
        /// </summary>
        public string? Isolation { get; }

        /// <summary>Kernel capabilities added (HostConfig.CapAdd: docker run --cap-add). Empty when none; null when not inspected.</summary>
        public IReadOnlyList<string>? CapAdd { get; }

        /// <summary>Kernel capabilities dropped (HostConfig.CapDrop: docker run --cap-drop). Empty when none; null when not inspected.</summary>
        public IReadOnlyList<string>? CapDrop { get; }

        /// <summary>
        /// The state of the container's health check (State.Health): its status, the failing streak and the last
        /// probes with their output and exit code. <see cref="Health"/> is its status alone, in listings too. Null
        /// when the container has no health check, or when not inspected.
        /// </summary>
        public ContainerHealth? HealthState { get; }

        /// <summary>The platform the container runs on, such as "linux" (Platform). Null when not inspected.</summary>
        public string? Platform { get; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// One container port and, when published, the host address and port it is reachable on. Formats as that
    /// reachable "host:port" (<see cref="ReachableEndpoint"/>), so "http://$(Get-ContainerPort $web 8080 -Single)/" is a URL;
    /// a port only exposed formats as "8080/tcp".
    /// </summary>
    public sealed class PortMapping
    {
        internal PortMapping(int containerPort, string protocol, string? hostIP, int? hostPort, DockerEndpoint? endpoint = null)
        {
            ContainerPort = containerPort;
            Protocol = protocol;
            HostIP = hostIP;
            HostPort = hostPort;
            Endpoint = endpoint;
            ReachableEndpoint = hostPort.HasValue ? PortAddress.Reachable(hostIP, hostPort.Value, endpoint) : null;
        }

        /// <summary>The port inside the container (the API's PrivatePort, or the key of NetworkSettings.Ports).</summary>
        public int ContainerPort { get; }

        /// <summary>tcp, udp or sctp.</summary>
        public string Protocol { get; }

        /// <summary>The host address the port is published on, as the engine reports it (0.0.0.0, ::, 127.0.0.1, ...), or null when not published.</summary>
        public string? HostIP { get; }

        /// <summary>The host port (the API's PublicPort or HostPort), or null when the port is only exposed.</summary>
        public int? HostPort { get; }

        /// <summary>True when the port is published on the host.</summary>
        public bool IsPublished => HostPort.HasValue;

        /// <summary>
        /// Where the port is published, as docker port prints it: "127.0.0.1:3000", "0.0.0.0:3000", "[::]:3000";
        /// null when the port is not published. A wildcard address here is where the engine listens, not where to
        /// connect: use <see cref="ReachableEndpoint"/> for that.
        /// </summary>
        public string? HostEndpoint => HostPort.HasValue ? PortAddress.Join(HostIP ?? "", HostPort.Value) : null;

        /// <summary>
        /// Where to connect to the port from this machine, as "host:port" (the address form of a TCP client, a URL's
        /// authority): the bound address, with the wildcards resolved to a reachable one: 0.0.0.0 to 127.0.0.1 and
        /// :: to [::1] on a local engine (unix socket, named pipe), both to the engine's own host for a tcp:// engine.
        /// An IPv6 address is in brackets ("[::1]:32768"). Null when the port is not published. Also the object's
        /// ToString().
        /// </summary>
        public string? ReachableEndpoint { get; }

        /// <summary>The engine the port was read from.</summary>
        public DockerEndpoint? Endpoint { get; }

        /// <summary>The reachable "host:port" (<see cref="ReachableEndpoint"/>) of a published port; "8080/tcp" for a port only exposed.</summary>
        public override string ToString() => ReachableEndpoint ?? $"{ContainerPort}/{Protocol}";

        /// <summary>As docker ps prints one port: "0.0.0.0:8080->80/tcp", or "80/tcp".</summary>
        internal string ToDockerPsText()
        {
            string inner = $"{ContainerPort}/{Protocol}";
            return HostEndpoint is string bound ? $"{bound}->{inner}" : inner;
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

namespace PSDocker
{
    /// <summary>When the engine restarts a container (docker run --restart; HostConfig.RestartPolicy).</summary>
    public sealed class ContainerRestartPolicy
    {
        internal ContainerRestartPolicy(string name, int maximumRetryCount)
        {
            Name = name;
            MaximumRetryCount = maximumRetryCount;
        }

        /// <summary>no, always, unless-stopped or on-failure (Name). "no" also when the engine reports none.</summary>
        public string Name { get; }

        /// <summary>For on-failure, how many times the engine retries (MaximumRetryCount); 0 for no limit.</summary>
        public int MaximumRetryCount { get; }

        /// <summary>As docker run --restart takes it: "always", "on-failure:3".</summary>
        public override string ToString() =>
            Name == "on-failure" && MaximumRetryCount > 0 ? $"{Name}:{MaximumRetryCount}" : Name;
    }

    /// <summary>The state of a container's health check (docker inspect's State.Health).</summary>
    public sealed class ContainerHealth
    {
        internal ContainerHealth(string status, int failingStreak, IReadOnlyList<HealthProbe> log)
        {
            Status = status;
            FailingStreak = failingStreak;
            Log = log;
        }

        /// <summary>starting, healthy or unhealthy (Status).</summary>
        public string Status { get; }

        /// <summary>How many probes in a row have failed, up to now (FailingStreak); 0 after a passing one.</summary>
        public int FailingStreak { get; }

        /// <summary>The last probes the engine keeps (five at most), oldest first (Log).</summary>
        public IReadOnlyList<HealthProbe> Log { get; }

        /// <summary>The latest probe, or null when none has run yet.</summary>
        public HealthProbe? LastProbe => Log.Count > 0 ? Log[Log.Count - 1] : null;

        /// <summary>What the latest probe printed (its Output), or null when none has run yet.</summary>
        public string? LastOutput => LastProbe?.Output;

        /// <summary>The exit code of the latest probe (0 passed, 1 failed; its ExitCode), or null when none has run yet.</summary>
        public int? LastExitCode => LastProbe?.ExitCode;

        public override string ToString() => FailingStreak > 0 ? $"{Status} (failing streak {FailingStreak})" : Status;
    }

    /// <summary>One run of a container's health check command (an item of State.Health.Log).</summary>
    public sealed class HealthProbe
    {
        internal HealthProbe(DateTime? start, DateTime? end, int exitCode, string output)
        {
            Start = start;
            End = end;
            ExitCode = exitCode;
            Output = output;
        }

        /// <summary>When the probe started, in local time (Start).</summary>
        public DateTime? Start { get; }

        /// <summary>When the probe ended, in local time (End).</summary>
        public DateTime? End { get; }

        /// <summary>0: healthy; 1: unhealthy; other values are reserved by docker (ExitCode).</summary>
        public int ExitCode { get; }

        /// <summary>What the probe printed, stdout and stderr together (Output; the engine keeps at most 4 KiB).</summary>
        public string Output { get; }

        public override string ToString() => $"{ExitCode}: {Output.Trim()}";
    }

    /// <summary>What docker inspect adds to a listed container, mapped by <see cref="ModelMapper"/>.</summary>
    internal sealed class ContainerDetails
    {
        internal int ExitCode { get; set; }
        internal string Error { get; set; } = "";
        internal DateTime? StartedAt { get; set; }
        internal DateTime? FinishedAt { get; set; }
        internal int RestartCount { get; set; }
        internal bool OOMKilled { get; set; }
        internal int Pid { get; set; }
        internal IReadOnlyList<string> CommandLine { get; set; } = Array.Empty<string>();
        internal IReadOnlyList<string> Entrypoint { get; set; } = Array.Empty<string>();
        internal IReadOnlyList<string> Cmd { get; set; } = Array.Empty<string>();
        internal IReadOnlyList<string> Environment { get; set; } = Array.Empty<string>();
        internal string WorkingDirectory { get; set; } = "";
        internal string User { get; set; } = "";
        internal string Hostname { get; set; } = "";
        internal string Domainname { get; set; } = "";
        internal bool Tty { get; set; }
        internal bool Interactive { get; set; }
        internal string StopSignal { get; set; } = "";
        internal int? StopTimeout { get; set; }
        internal ContainerRestartPolicy RestartPolicy { get; set; } = new ContainerRestartPolicy("no", 0);
        internal long Memory { get; set; }
        internal long MemoryReservation { get; set; }
        internal long MemorySwap { get; set; }
        internal long NanoCpus { get; set; }
        internal long CpuShares { get; set; }
        internal bool Privileged { get; set; }
        internal bool ReadOnly { get; set; }
        internal bool AutoRemove { get; set; }
        internal bool PublishAll { get; set; }
        internal string Isolation { get; set; } = "";
        internal IReadOnlyList<string> CapAdd { get; set; } = Array.Empty<string>();
        internal IReadOnlyList<string> CapDrop { get; set; } = Array.Empty<string>();
        internal ContainerHealth? HealthState { get; set; }
        internal string Platform { get; set; } = "";
    }
}
