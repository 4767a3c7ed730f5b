using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// The options for creating a container, declared once for every cmdlet that creates one (New-Container,
    /// Start-Container -Image). All are in the parameter set <see cref="ImageSet"/>. Each takes what the docker
    /// run/create flag of the same meaning takes; <see cref="BuildCreateParameters"/> turns them into the engine's
    /// create body, checking every value before anything is sent. A bad value is a terminating InvalidArgument error
    /// whose id names the kind (InvalidPublishSpec, InvalidVolumeSpec, ...) and whose message names the parameter and
    /// the value.
    /// </summary>
    public abstract class ContainerCreateCommandBase : DockerCmdlet
    {
        /// <summary>The parameter set of the create options.</summary>
        public const string ImageSet = "Image";

        /// <summary>
        /// The image to create the container from: NAME[:TAG] or NAME@DIGEST, as docker create takes it
        /// (Config.Image).
        /// </summary>
        [Parameter(ParameterSetName = ImageSet, Mandatory = true)]
        [ArgumentCompleter(typeof(ImageReferenceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Image { get; set; }

        /// <summary>The command and its arguments, one item each (Config.Cmd; what follows the image in docker create). Replaces the image's CMD.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        public string[]? Command { get; set; }

        /// <summary>
        /// The entrypoint and its arguments, one item each (Config.Entrypoint; docker --entrypoint). Replaces the
        /// image's ENTRYPOINT; '' clears it.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        public string[]? Entrypoint { get; set; }

        /// <summary>
        /// Environment variables (Config.Env; docker -e): KEY=VALUE strings, KEY alone (takes this process's
        /// variable KEY as docker does, or passes KEY unset when there is none), or a hashtable. An empty name is an
        /// InvalidEnvironmentSpec error.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        [Alias("Env")]
        [KeyValueTransformation]
        public string[]? Environment { get; set; }

        /// <summary>
        /// Ports to publish (HostConfig.PortBindings and Config.ExposedPorts; docker -p): C, H:C, IP:H:C, IP::C,
        /// ranges H1-H2:C1-C2 and IP::C1-C2, a host range for one port (8000-8010:80), /tcp /udp /sctp, IPv6 as
        /// [::1]:H:C, or published=H,target=C[,protocol=P]. Ports go from 1 to 65535. Bad ones are InvalidPublishSpec errors.
        /// With no host port (8080, or 127.0.0.1::8080) the engine picks a free one, as docker run -p 8080 does.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNull]
        public string[]? Publish { get; set; }

        /// <summary>Publish every exposed port on a port the engine picks (HostConfig.PublishAllPorts; docker -P).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        public SwitchParameter PublishAll { get; set; }

        /// <summary>Ports to expose without publishing (Config.ExposedPorts; docker --expose): PORT[/PROTO] or START-END[/PROTO]. Bad ones are InvalidExposeSpec errors.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNull]
        public string[]? Expose { get; set; }

        /// <summary>
        /// Volumes (docker -v): SRC:DST[:OPTIONS] binds a host path (absolute, or ./relative to the current location)
        /// or a named volume (HostConfig.Binds); DST alone makes an anonymous volume (Config.Volumes). OPTIONS: ro, rw,
        /// z, Z, nocopy, a propagation, a consistency, comma-separated. Bad ones are InvalidVolumeSpec errors.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(VolumeSpecCompleter))]
        public string[]? Volume { get; set; }

        /// <summary>
        /// Mounts (HostConfig.Mounts; docker --mount): the --mount string (type=bind,source=/src,target=/dst,readonly)
        /// or a Docker.DotNet.Models.Mount object. Bad strings are InvalidMountSpec errors.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNull]
        public object[]? Mount { get; set; }

        /// <summary>The network to connect to (HostConfig.NetworkMode; docker --network): bridge, host, none, container:NAME, or a network's name.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? Network { get; set; }

        /// <summary>Names the container has on -Network, a user-defined network (docker --network-alias).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNull]
        public string[]? NetworkAlias { get; set; }

        /// <summary>Labels (Config.Labels; docker -l): KEY=VALUE strings, KEY alone (empty value), or a hashtable. An empty key is an InvalidLabelSpec error.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [KeyValueTransformation]
        public string[]? Label { get; set; }

        /// <summary>The working directory of the command (Config.WorkingDir; docker -w). An absolute path.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? WorkingDirectory { get; set; }

        /// <summary>The user to run as (Config.User; docker -u): NAME, UID, NAME:GROUP or UID:GID.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? User { get; set; }

        /// <summary>The container's host name (Config.Hostname; docker -h).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? Hostname { get; set; }

        /// <summary>
        /// When the engine restarts the container (HostConfig.RestartPolicy; docker --restart): no, always,
        /// unless-stopped, on-failure or on-failure:N. Others are InvalidRestartPolicySpec errors.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? RestartPolicy { get; set; }

        /// <summary>
        /// The memory limit (HostConfig.Memory, bytes; docker -m): bytes, or docker's units, 1024-based: 512m, 1g,
        /// 1.5g, 512MiB. PowerShell's 512MB works too (a number of bytes). 0 is no limit; the engine's minimum is 6m.
        /// Bad ones are InvalidMemorySpec errors.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? Memory { get; set; }

        /// <summary>How many CPUs the container may use (HostConfig.NanoCpus = CPUs x 10^9; docker --cpus): 1.5, 0.25, 3/2. Bad ones are InvalidCpusSpec errors.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? Cpus { get; set; }

        /// <summary>The relative CPU weight (HostConfig.CpuShares; docker -c); 1024 is the default weight.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateRange(0, long.MaxValue)]
        public long CpuShares { get; set; }

        /// <summary>Mount the container's root file system read-only (HostConfig.ReadonlyRootfs; docker --read-only).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        public SwitchParameter ReadOnly { get; set; }

        /// <summary>Give the container all capabilities and devices (HostConfig.Privileged; docker --privileged).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        public SwitchParameter Privileged { get; set; }

        /// <summary>Linux capabilities to add (HostConfig.CapAdd; docker --cap-add): NET_ADMIN, SYS_TIME, ALL ... Sent as docker sends them: CAP_NET_ADMIN.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNull]
        public string[]? CapAdd { get; set; }

        /// <summary>Linux capabilities to drop (HostConfig.CapDrop; docker --cap-drop): CHOWN, NET_RAW, ALL ...</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNull]
        public string[]? CapDrop { get; set; }

        /// <summary>The isolation technology (HostConfig.Isolation; docker --isolation): default, or on Windows process or hyperv.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateSet("default", "process", "hyperv", IgnoreCase = true)]
        public string? Isolation { get; set; }

        /// <summary>The health check command, run by the container's shell (Config.Healthcheck.Test = CMD-SHELL; docker --health-cmd).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? HealthCommand { get; set; }

        /// <summary>Time between health checks (Config.Healthcheck.Interval; docker --health-interval): 30s, 1m30s, 500ms, or a TimeSpan. Bad ones are InvalidDurationSpec errors.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? HealthInterval { get; set; }

        /// <summary>Consecutive failures that make the container unhealthy (Config.Healthcheck.Retries; docker --health-retries).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateRange(0, int.MaxValue)]
        public int HealthRetries { get; set; }

        /// <summary>How long one health check may run (Config.Healthcheck.Timeout; docker --health-timeout): 10s, or a TimeSpan.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? HealthTimeout { get; set; }

        /// <summary>Start-up time in which failures do not count (Config.Healthcheck.StartPeriod; docker --health-start-period): 1m, or a TimeSpan.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? HealthStartPeriod { get; set; }

        /// <summary>Turn off the image's health check (Config.Healthcheck.Test = NONE; docker --no-healthcheck). Not with the other -Health* parameters.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        public SwitchParameter NoHealthcheck { get; set; }

        /// <summary>Give the container a terminal (Config.Tty; docker -t).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        public SwitchParameter Tty { get; set; }

        /// <summary>Keep the container's standard input open (Config.OpenStdin; docker -i).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        public SwitchParameter Interactive { get; set; }

        /// <summary>The engine removes the container when it exits (HostConfig.AutoRemove; docker --rm). Not with a -RestartPolicy other than no.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        public SwitchParameter AutoRemove { get; set; }

        /// <summary>The signal that stops the container (Config.StopSignal; docker --stop-signal): SIGTERM, SIGINT, 9 ...</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? StopSignal { get; set; }

        /// <summary>Seconds to wait after the stop signal before killing (Config.StopTimeout; docker --stop-timeout).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateRange(0, int.MaxValue)]
        public int StopTimeout { get; set; }

        /// <summary>The platform of the image to use, os[/arch[/variant]] (docker --platform): linux/amd64.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? Platform { get; set; }

        /// <summary>
        /// The engine's create body for what no parameter covers (POST /containers/create): a JSON string, a
        /// hashtable in its shape (@{ HostConfig = @{ ShmSize = 128MB } }), or a Docker.DotNet.Models.CreateContainerParameters.
        /// The parameters given are applied over it: a list they set replaces the body's, a map (labels, ports) is
        /// merged with theirs winning. A body that does not read is an InvalidCreateBody error.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNull]
        public object? CreateBody { get; set; }

        private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        /// <summary>
        /// The create body for the bound parameters, or a terminating error (the Invalid*Spec id, InvalidArgument,
        /// naming the parameter and the value) before anything is sent; then -WhatIf/-Confirm for
        /// <paramref name="action"/>. Null when the user declined.
        /// </summary>
        private protected CreateContainerParameters? PrepareCreate(string? name, string action)
        {
            CreateContainerParameters parameters;
            try
            {
                parameters = BuildCreateParameters(name);
            }
            catch (PSDockerException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, ErrorNoun, e.Target));
                return null;
            }

            string target = name is null ? $"a container from {parameters.Image}" : $"{name} (from {parameters.Image})";
            return ShouldProcess(target, action) ? parameters : null;
        }

        /// <summary>A container just made, read back as Get-Container NAME gives it; null when it is already gone.</summary>
        private protected System.Threading.Tasks.Task<Container?> ReadBackAsync(string id) =>
            new ContainerTargets(this, WriteItemError).TryReadBackAsync(id);

        /// <summary>
        /// The engine's create body for the bound parameters. Throws a <see cref="PSDockerException"/> (InvalidArgument,
        /// an Invalid*Spec id, a message naming the parameter and the value) for a bad value; sends nothing.
        /// </summary>
        internal CreateContainerParameters BuildCreateParameters(string? name)
        {
            Func<string, string> resolvePath = LocationPaths.For(this);
            CreateContainerParameters p = ReadCreateBody();
            HostConfig host = p.HostConfig ??= new HostConfig();

            // docker create sends an empty map when nothing is published.
            host.PortBindings ??= new Dictionary<string, IList<PortBinding>>();
            p.Name = name ?? p.Name;
            p.Image = Image ?? p.Image;

            // docker create attaches the output streams and names the default network.
            if (CreateBody is null)
            {
                p.AttachStdout = true;
                p.AttachStderr = true;
            }

            if (Given(nameof(Command)))
            {
                p.Cmd = (Command ?? Array.Empty<string>()).ToList();
            }

            if (Given(nameof(Entrypoint)))
            {
                p.Entrypoint = Entrypoint is null || Entrypoint.Length == 0 ? new List<string> { "" } : Entrypoint.ToList();
            }

            if (Environment is not null)
            {
                p.Env = Environment.Select(e => Parse(nameof(Environment), () =>
                    KeyValueSpec.ParseEnvironment(e, System.Environment.GetEnvironmentVariable))).ToList();
            }

            if (Label is not null)
            {
                IDictionary<string, string> labels = p.Labels ??= new Dictionary<string, string>();
                foreach (KeyValuePair<string, string> pair in KeyValueSpec.ToMap(Label, nameof(Label)))
                {
                    labels[pair.Key] = pair.Value;
                }
            }

            if (Publish is not null)
            {
                IDictionary<string, EmptyStruct> exposed = p.ExposedPorts ??= new Dictionary<string, EmptyStruct>();
                IDictionary<string, IList<PortBinding>> bindings = host.PortBindings ??= new Dictionary<string, IList<PortBinding>>();
                foreach (string spec in Publish)
                {
                    foreach (PortMappingSpec m in Parse(nameof(Publish), () => PortSpec.ParsePublish(spec)))
                    {
                        exposed[m.ContainerPort] = default;
                        if (!bindings.TryGetValue(m.ContainerPort, out IList<PortBinding>? list))
                        {
                            bindings[m.ContainerPort] = list = new List<PortBinding>();
                        }

                        list.Add(new PortBinding { HostIP = m.HostIP, HostPort = m.HostPort });
                    }
                }
            }

            if (Expose is not null)
            {
                IDictionary<string, EmptyStruct> exposed = p.ExposedPorts ??= new Dictionary<string, EmptyStruct>();
                foreach (string spec in Expose)
                {
                    foreach (string port in Parse(nameof(Expose), () => PortSpec.ParseExpose(spec)))
                    {
                        exposed[port] = default;
                    }
                }
            }

            if (PublishAll)
            {
                host.PublishAllPorts = true;
            }

            if (Volume is not null)
            {
                var binds = new List<string>();
                IDictionary<string, EmptyStruct>? volumes = p.Volumes;
                foreach (string spec in Volume)
                {
                    VolumeSpecResult v = Parse(nameof(Volume), () => VolumeSpec.Parse(spec, resolvePath));
                    if (v.Kind == VolumeKind.Anonymous)
                    {
                        (volumes ??= new Dictionary<string, EmptyStruct>())[v.Target] = default;
                    }
                    else
                    {
                        binds.Add(v.Bind);
                    }
                }

                p.Volumes = volumes;
                host.Binds = binds.Count > 0 ? binds : host.Binds;
            }

            if (Mount is not null)
            {
                var mounts = new List<Mount>();
                foreach (object item in Mount)
                {
                    object? value = item is PSObject pso ? pso.BaseObject : item;
                    switch (value)
                    {
                        case Mount m:
                            mounts.Add(m);
                            break;
                        case string s:
                            mounts.Add(Parse(nameof(Mount), () => MountSpec.Parse(s, resolvePath)));
                            break;
                        default:
                            throw Invalid(MountSpec.ErrorId, nameof(Mount), value?.ToString() ?? "",
                                "give a --mount string (type=bind,source=/src,target=/dst) or a Docker.DotNet.Models.Mount.");
                    }
                }

                host.Mounts = mounts;
            }

            if (Network is not null)
            {
                host.NetworkMode = Network;
            }
            else if (string.IsNullOrEmpty(host.NetworkMode))
            {
                host.NetworkMode = "default";
            }

            if (NetworkAlias is not null && NetworkAlias.Length > 0)
            {
                string network = Network ?? host.NetworkMode!;
                p.NetworkingConfig ??= new NetworkingConfig();
                IDictionary<string, EndpointSettings> endpoints = p.NetworkingConfig.EndpointsConfig ??= new Dictionary<string, EndpointSettings>();
                if (!endpoints.TryGetValue(network, out EndpointSettings? settings))
                {
                    endpoints[network] = settings = new EndpointSettings();
                }

                settings.Aliases = NetworkAlias.ToList();
            }

            p.WorkingDir = WorkingDirectory ?? p.WorkingDir;
            p.User = User ?? p.User;
            p.Hostname = Hostname ?? p.Hostname;

            if (RestartPolicy is not null)
            {
                host.RestartPolicy = Parse(nameof(RestartPolicy), () => RestartPolicySpec.Parse(RestartPolicy));
            }

            // docker create sends "no" when --restart is not given.
            host.RestartPolicy ??= new RestartPolicy { Name = RestartPolicyKind.No };

            if (AutoRemove)
            {
                if (host.RestartPolicy is { } rp && rp.Name != RestartPolicyKind.No && rp.Name != RestartPolicyKind.Undefined)
                {
                    throw Invalid("AutoRemoveWithRestartPolicy", nameof(AutoRemove), RestartPolicy ?? rp.Name.ToString(),
                        "-AutoRemove (docker --rm) cannot be combined with a -RestartPolicy other than no: the engine would remove a container it should restart.");
                }

                host.AutoRemove = true;
            }

            if (Memory is not null)
            {
                host.Memory = Parse(nameof(Memory), () => MemorySpec.Parse(Memory));
            }

            if (Cpus is not null)
            {
                host.NanoCPUs = Parse(nameof(Cpus), () => CpusSpec.ParseNanoCpus(Cpus));
            }

            if (Given(nameof(CpuShares)))
            {
                host.CPUShares = CpuShares;
            }

            host.ReadonlyRootfs |= ReadOnly;
            host.Privileged |= Privileged;
            if (CapAdd is not null || CapDrop is not null)
            {
                (List<string>? add, List<string>? drop) = CapabilitySpec.Effective(CapAdd ?? host.CapAdd, CapDrop ?? host.CapDrop);
                host.CapAdd = add;
                host.CapDrop = drop;
            }
            host.Isolation = Isolation?.ToLowerInvariant() ?? host.Isolation;

            BuildHealthcheck(p);

            p.Tty |= Tty;
            if (Interactive)
            {
                p.OpenStdin = true;
                p.AttachStdin = true;
                p.StdinOnce = true;
            }

            p.StopSignal = StopSignal ?? p.StopSignal;
            if (Given(nameof(StopTimeout)))
            {
                p.StopTimeout = TimeSpan.FromSeconds(StopTimeout);
            }

            p.Platform = Platform ?? p.Platform;
            return p;
        }

        private void BuildHealthcheck(CreateContainerParameters p) =>
            p.Healthcheck = HealthcheckSpec.Apply(p.Healthcheck, HealthCommand, HealthInterval, HealthTimeout, HealthStartPeriod,
                Given(nameof(HealthRetries)) ? HealthRetries : null, NoHealthcheck);

        private CreateContainerParameters ReadCreateBody()
        {
            object? body = CreateBody is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : CreateBody;
            switch (body)
            {
                case null:
                    return new CreateContainerParameters();
                case CreateContainerParameters given:
                    // A copy, so the caller's object is not changed.
                    return JsonSerializer.Deserialize<CreateContainerParameters>(JsonSerializer.Serialize(given))!;
                default:
                    string json = body as string ?? JsonSerializer.Serialize(ToPlain(body));
                    try
                    {
                        return JsonSerializer.Deserialize<CreateContainerParameters>(json,
                            new JsonSerializerOptions { PropertyNameCaseInsensitive = true }) ?? new CreateContainerParameters();
                    }
                    catch (Exception e) when (e is JsonException || e is NotSupportedException || e is InvalidOperationException)
                    {
                        throw new PSDockerException($"-CreateBody is not a container create body: {e.Message}", "InvalidCreateBody",
                            ErrorCategory.InvalidArgument, CreateBody);
                    }
            }
        }

        /// <summary>Hashtables, PSCustomObjects and lists as plain dictionaries and lists, for the JSON writer.</summary>
        private static object? ToPlain(object? value)
        {
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (PSPropertyInfo prop in pso.Properties)
                    {
                        fields[prop.Name] = ToPlain(prop.Value);
                    }

                    return fields;
                }

                value = pso.BaseObject;
            }

            switch (value)
            {
                case null:
                case string:
                    return value;
                case IDictionary d:
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (DictionaryEntry e in d)
                    {
                        map[e.Key?.ToString() ?? ""] = ToPlain(e.Value);
                    }

                    return map;
                case IEnumerable items:
                    return items.Cast<object?>().Select(ToPlain).ToList();
                default:
                    return value;
            }
        }

        private static T Parse<T>(string parameter, Func<T> parse) => SpecException.Check(parameter, parse);

        private static PSDockerException Invalid(string errorId, string parameter, string value, string reason) =>
            SpecException.Refuse(errorId, parameter, value, reason);
    }
}
