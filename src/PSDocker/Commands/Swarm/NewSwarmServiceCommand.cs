using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a swarm service, like docker service create.</para>
    /// <para type="description">Creates a replicated service (-Replicas, 1 unless given) or a global one (-Global: one task
    /// on every node that meets the constraints) on the swarm whose manager the call talks to, and writes it as a
    /// SwarmService at once, as docker service create -d does: the tasks are scheduled and started afterwards
    /// (Wait-SwarmService waits until they run). Every option is read before anything is sent: a bad -Publish, -Mount,
    /// -Secret, size, duration or word is a terminating error naming the parameter and the value, and nothing is
    /// created. Secrets and configs are named and looked up by name (or id) on the swarm, as the CLI does.
    /// -WithRegistryAuth sends the registry credentials PSDocker finds for the image (docker login,
    /// Connect-ContainerRegistry) with the service, so the nodes can pull a private image; they are never written.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SwarmService", SupportsShouldProcess = true, DefaultParameterSetName = ReplicatedSet)]
    [OutputType(typeof(SwarmService))]
    public sealed class NewSwarmServiceCommand : DockerCmdlet
    {
        private const string ReplicatedSet = "Replicated";
        private const string GlobalSet = "Global";

        /// <summary>The service's name (Spec.Name; docker service create --name): ASCII letters, digits, '-' and '_', starting and ending with a letter or digit, at most 63 characters; another name is InvalidSwarmServiceName (before anything is sent). A name the swarm already has is SwarmServiceNameConflict.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The image the tasks run (ContainerSpec.Image), e.g. 127.0.0.1:5000/psdocker/busybox:latest. A bad reference is InvalidImageReference.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Image { get; set; }

        /// <summary>
        /// The command and its arguments (ContainerSpec.Args: what follows the image in docker service create IMAGE COMMAND
        /// ARG...), one array item per argument; the image's entrypoint stays. Omitted: the image's CMD.
        /// </summary>
        [Parameter(Position = 1)]
        public string[]? Command { get; set; }

        /// <summary>Replaces the image's entrypoint (ContainerSpec.Command; docker service create --entrypoint), one item per word.</summary>
        [Parameter]
        public string[]? Entrypoint { get; set; }

        /// <summary>How many tasks to run (Mode.Replicated.Replicas; docker service create --replicas); 1 unless given. Not with -Global.</summary>
        [Parameter(ParameterSetName = ReplicatedSet)]
        public ulong Replicas { get; set; } = 1;

        /// <summary>At most this many tasks of the service on one node (Placement.MaxReplicas; --replicas-max-per-node); 0 for no limit.</summary>
        [Parameter(ParameterSetName = ReplicatedSet)]
        public ulong MaxReplicasPerNode { get; set; }

        /// <summary>One task on every node that meets the constraints (Mode.Global; docker service create --mode global).</summary>
        [Parameter(ParameterSetName = GlobalSet, Mandatory = true)]
        public SwitchParameter Global { get; set; }

        /// <summary>
        /// Ports to publish (EndpointSpec.Ports; --publish), as the docker CLI reads them: 'PUBLISHED:TARGET' ('8080:80'),
        /// with '/udp' or '/sctp', a lone target port ('80': the swarm picks the published port), ranges; or the long form
        /// 'mode=host,target=80,published=8080,protocol=tcp' (mode=host publishes on each node running a task, instead of
        /// the routing mesh). Bad ones are InvalidPublishSpec errors.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Publish { get; set; }

        /// <summary>Environment variables (ContainerSpec.Env; --env): KEY=VALUE, KEY alone (this process's value), or a hashtable. Bad ones are InvalidEnvironmentSpec errors.</summary>
        [Parameter]
        [Alias("Environment")]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Env { get; set; }

        /// <summary>The service's labels (Spec.Labels; --label): KEY=VALUE, KEY alone, or a hashtable. Bad ones are InvalidLabelSpec errors.</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Label { get; set; }

        /// <summary>Labels of the tasks' containers (ContainerSpec.Labels; --container-label), in the forms -Label takes.</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? ContainerLabel { get; set; }

        /// <summary>
        /// Mounts (ContainerSpec.Mounts; --mount) in the syntax of docker run --mount: 'type=volume,source=data,target=/data',
        /// 'type=bind,source=/srv,target=/srv,readonly', 'type=tmpfs,target=/tmp'. A bind source is a path on the node.
        /// Bad ones are InvalidMountSpec errors.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Mount { get; set; }

        /// <summary>Networks the tasks join, by name or id (TaskTemplate.Networks; --network): overlay networks of the swarm.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Network { get; set; }

        /// <summary>Placement constraints (Placement.Constraints; --constraint), e.g. 'node.role==worker', 'node.labels.zone!=east'; all must hold.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Constraint { get; set; }

        /// <summary>Placement preferences (Placement.Preferences; --placement-pref): 'spread=node.labels.zone'. Bad ones are InvalidPlacementPreferenceSpec errors.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? PlacementPreference { get; set; }

        /// <summary>CPU limit per task (Resources.Limits.NanoCPUs; --limit-cpu): 1.5, 0.25. Bad ones are InvalidCpusSpec errors.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LimitCpu { get; set; }

        /// <summary>Memory limit per task (Resources.Limits.MemoryBytes; --limit-memory): 512m, 1g, or bytes. Bad ones are InvalidMemorySpec errors.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LimitMemory { get; set; }

        /// <summary>CPUs reserved per task (Resources.Reservations.NanoCPUs; --reserve-cpu), as -LimitCpu.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReserveCpu { get; set; }

        /// <summary>Memory reserved per task (Resources.Reservations.MemoryBytes; --reserve-memory), as -LimitMemory.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReserveMemory { get; set; }

        /// <summary>When a task's container is restarted (RestartPolicy.Condition; --restart-condition): none, on-failure or any (the engine's default).</summary>
        [Parameter]
        [ValidateSet("none", "on-failure", "any", IgnoreCase = true)]
        public string? RestartCondition { get; set; }

        /// <summary>Time between restart attempts (RestartPolicy.Delay; --restart-delay): seconds, or a duration (5s, 1m30s), or a TimeSpan.</summary>
        [Parameter]
        [SecondsTransformation(nameof(RestartDelay))]
        public TimeSpan? RestartDelay { get; set; }

        /// <summary>Restarts given up after this many attempts (RestartPolicy.MaxAttempts; --restart-max-attempts); 0 for no limit.</summary>
        [Parameter]
        public ulong? RestartMaxAttempts { get; set; }

        /// <summary>The window in which -RestartMaxAttempts are counted (RestartPolicy.Window; --restart-window), as -RestartDelay.</summary>
        [Parameter]
        [SecondsTransformation(nameof(RestartWindow))]
        public TimeSpan? RestartWindow { get; set; }

        /// <summary>Tasks updated at once (UpdateConfig.Parallelism; --update-parallelism); 1 unless given, 0 for all at once.</summary>
        [Parameter]
        public ulong? UpdateParallelism { get; set; }

        /// <summary>Time between updates of task groups (UpdateConfig.Delay; --update-delay), as -RestartDelay.</summary>
        [Parameter]
        [SecondsTransformation(nameof(UpdateDelay))]
        public TimeSpan? UpdateDelay { get; set; }

        /// <summary>What a failed update does (UpdateConfig.FailureAction; --update-failure-action): pause (default), continue or rollback.</summary>
        [Parameter]
        [ValidateSet("pause", "continue", "rollback", IgnoreCase = true)]
        public string? UpdateFailureAction { get; set; }

        /// <summary>How long each updated task is watched for failure (UpdateConfig.Monitor; --update-monitor), as -RestartDelay.</summary>
        [Parameter]
        [SecondsTransformation(nameof(UpdateMonitor))]
        public TimeSpan? UpdateMonitor { get; set; }

        /// <summary>The share of tasks that may fail during an update, 0 to 1 (UpdateConfig.MaxFailureRatio; --update-max-failure-ratio).</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double? UpdateMaxFailureRatio { get; set; }

        /// <summary>Update order (UpdateConfig.Order; --update-order): stop-first (default) or start-first.</summary>
        [Parameter]
        [ValidateSet("start-first", "stop-first", IgnoreCase = true)]
        public string? UpdateOrder { get; set; }

        /// <summary>Tasks rolled back at once (RollbackConfig.Parallelism; --rollback-parallelism); 1 unless given, 0 for all at once.</summary>
        [Parameter]
        public ulong? RollbackParallelism { get; set; }

        /// <summary>Time between rollbacks of task groups (RollbackConfig.Delay; --rollback-delay), as -RestartDelay.</summary>
        [Parameter]
        [SecondsTransformation(nameof(RollbackDelay))]
        public TimeSpan? RollbackDelay { get; set; }

        /// <summary>What a failed rollback does (RollbackConfig.FailureAction; --rollback-failure-action): pause (default) or continue.</summary>
        [Parameter]
        [ValidateSet("pause", "continue", IgnoreCase = true)]
        public string? RollbackFailureAction { get; set; }

        /// <summary>How long each rolled-back task is watched (RollbackConfig.Monitor; --rollback-monitor), as -RestartDelay.</summary>
        [Parameter]
        [SecondsTransformation(nameof(RollbackMonitor))]
        public TimeSpan? RollbackMonitor { get; set; }

        /// <summary>The share of tasks that may fail during a rollback, 0 to 1 (RollbackConfig.MaxFailureRatio; --rollback-max-failure-ratio).</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double? RollbackMaxFailureRatio { get; set; }

        /// <summary>Rollback order (RollbackConfig.Order; --rollback-order): stop-first (default) or start-first.</summary>
        [Parameter]
        [ValidateSet("start-first", "stop-first", IgnoreCase = true)]
        public string? RollbackOrder { get; set; }

        /// <summary>
        /// Secrets the tasks get as files (ContainerSpec.Secrets; --secret): a secret's name (the file /run/secrets/NAME), or
        /// 'source=NAME,target=FILE,uid=0,gid=0,mode=0400'. Names are looked up on the swarm: one that does not exist is
        /// SwarmSecretNotFound; a bad value is InvalidSecretSpec.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Secret { get; set; }

        /// <summary>Configs the tasks get as files (ContainerSpec.Configs; --config), as -Secret (the file /NAME unless target= says). Missing: SwarmConfigNotFound; bad: InvalidConfigSpec.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Config { get; set; }

        /// <summary>The health check command, run by the task's shell (Healthcheck.Test = CMD-SHELL; --health-cmd).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HealthCommand { get; set; }

        /// <summary>Time between health checks (Healthcheck.Interval; --health-interval): 30s, 1m30s. Bad ones are InvalidDurationSpec errors.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HealthInterval { get; set; }

        /// <summary>Consecutive failures that make a task unhealthy (Healthcheck.Retries; --health-retries).</summary>
        [Parameter]
        public int HealthRetries { get; set; }

        /// <summary>How long one health check may run (Healthcheck.Timeout; --health-timeout): 10s.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HealthTimeout { get; set; }

        /// <summary>Start-up time in which failures do not count (Healthcheck.StartPeriod; --health-start-period): 1m.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HealthStartPeriod { get; set; }

        /// <summary>Turn off the image's health check (Healthcheck.Test = NONE; --no-healthcheck). Not with the other -Health* parameters (NoHealthcheckConflict).</summary>
        [Parameter]
        public SwitchParameter NoHealthcheck { get; set; }

        /// <summary>The working directory in the tasks (ContainerSpec.Dir; --workdir).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? WorkingDirectory { get; set; }

        /// <summary>The user the tasks run as (ContainerSpec.User; --user): name, uid, or uid:gid.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? User { get; set; }

        /// <summary>The tasks' hostname (ContainerSpec.Hostname; --hostname); Go templates such as {{.Node.Hostname}} work as in docker.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Hostname { get; set; }

        /// <summary>
        /// How long a task gets to stop before it is killed (ContainerSpec.StopGracePeriod; --stop-grace-period; 10 s by
        /// default): seconds, a duration (2s), or a TimeSpan. Short ones make updates of programs that ignore SIGTERM fast.
        /// </summary>
        [Parameter]
        [SecondsTransformation(nameof(StopGracePeriod))]
        public TimeSpan? StopGracePeriod { get; set; }

        /// <summary>
        /// Send the registry credentials PSDocker finds for the image's registry (as docker login stored them; see
        /// Connect-ContainerRegistry) with the service, as the X-Registry-Auth header of docker service create
        /// --with-registry-auth, so the nodes can pull a private image. The credentials are never written anywhere.
        /// </summary>
        [Parameter]
        public SwitchParameter WithRegistryAuth { get; set; }

        protected override string ErrorNoun => SwarmServiceIdentity.Noun;

        internal const string InvalidNameErrorId = "InvalidSwarmServiceName";

        internal const string NameConflictErrorId = "SwarmServiceNameConflict";

        /// <summary>The swarm's rule for service names (a DNS name component): ASCII letters and digits, '-' and '_' between them.</summary>
        private static readonly Regex s_validName = new Regex("^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]+)*$", RegexOptions.CultureInvariant);

        protected override void ProcessRecord()
        {
            string name = Name!.Trim();
            ServiceSpec spec = CheckInput(name, BuildSpec);
            AuthConfig? auth = WithRegistryAuth
                ? CheckInput(Image, () => RegistryCredentials.For(ImageReference.Parse(Image!, nameof(Image))) ?? new AuthConfig())
                : null;
            if (!ShouldProcess($"{name} (from {Image})", "Create swarm service"))
            {
                return;
            }

            Run(async () =>
            {
                EngineConnection engine = await ConnectAsync();
                await ResolveReferencesAsync(spec.TaskTemplate!.ContainerSpec!);
                ServiceCreateResponse created;
                try
                {
                    created = await RequestAsync(RequestLimit.Default, (e, token) =>
                        e.Client.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = spec, RegistryAuth = auth! }, token));
                }
                catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict ||
                    (ErrorMapper.EngineMessage(e.ResponseBody) ?? "").IndexOf("code = AlreadyExists", StringComparison.Ordinal) >= 0)
                {
                    throw new PSDockerException($"The swarm already has a service named '{name}': give another -Name, or change that one with Set-SwarmService.",
                        NameConflictErrorId, ErrorCategory.ResourceExists, name, e);
                }
                catch (DockerApiException e) when (SwarmServiceIdentity.ToError(e, name) is PSDockerException mapped)
                {
                    throw mapped;
                }

                foreach (string warning in created.Warnings ?? new List<string>())
                {
                    WriteWarning(warning);
                }

                WriteObject(ModelMapper.ToSwarmService(await SwarmServiceIdentity.InspectAsync(this, created.ID ?? name), engine.Endpoint));
            }, name);
        }

        /// <summary>The service spec for the bound parameters; a PSDockerException (InvalidArgument, naming the parameter and the value) for a bad one.</summary>
        private ServiceSpec BuildSpec()
        {
            ImageReference.Parse(Image!, nameof(Image));
            var container = new ContainerSpec
            {
                Image = Image!.Trim(),
                Args = Command?.ToList(),
                Command = Entrypoint?.ToList(),
                Env = Env?.Select(e => SpecException.Check(nameof(Env), () => KeyValueSpec.ParseEnvironment(e, System.Environment.GetEnvironmentVariable))).ToList(),
                Labels = ContainerLabel is null ? null : KeyValueSpec.ToMap(ContainerLabel, nameof(ContainerLabel)),
                Mounts = Mount?.Select(m => SpecException.Check(nameof(Mount), () => MountSpec.Parse(m, p => p))).ToList(),
                Dir = WorkingDirectory,
                User = User,
                Hostname = Hostname,
                StopGracePeriod = StopGracePeriod,
                Healthcheck = HealthcheckSpec.Apply(null, HealthCommand, HealthInterval, HealthTimeout, HealthStartPeriod,
                    MyInvocation.BoundParameters.ContainsKey(nameof(HealthRetries)) ? HealthRetries : null, NoHealthcheck),
                Secrets = Secret?.Select(s => SpecException.Check(nameof(Secret), () => ServiceOptionSpec.ParseSecret(s)))
                    .Select(r => new SecretReference { SecretName = r.Source, File = new SecretReferenceFileTarget { Name = r.Target, UID = r.Uid, GID = r.Gid, Mode = r.Mode } })
                    .ToList(),
                Configs = Config?.Select(s => SpecException.Check(nameof(Config), () => ServiceOptionSpec.ParseConfig(s)))
                    .Select(r => new SwarmConfigReference { ConfigName = r.Source, File = new ConfigReferenceFileTarget { Name = r.Target, UID = r.Uid, GID = r.Gid, Mode = r.Mode } })
                    .ToList(),
            };

            var task = new TaskSpec
            {
                ContainerSpec = container,
                Networks = Network?.Select(n => new NetworkAttachmentConfig { Target = n.Trim() }).ToList(),
                Resources = Resources(),
                RestartPolicy = RestartPolicy(),
            };

            if (Constraint is not null || PlacementPreference is not null || MaxReplicasPerNode > 0)
            {
                task.Placement = new Placement
                {
                    Constraints = Constraint?.Select(c => c.Trim()).ToList(),
                    Preferences = PlacementPreference?
                        .Select(p => new PlacementPreference { Spread = new SpreadOver { SpreadDescriptor = SpecException.Check(nameof(PlacementPreference), () => ServiceOptionSpec.ParsePlacementPreference(p)) } })
                        .ToList(),
                    MaxReplicas = MaxReplicasPerNode > 0 ? MaxReplicasPerNode : null,
                };
            }

            string name = Name!.Trim();
            if (name.Length > 63 || !s_validName.IsMatch(name))
            {
                throw SpecException.Refuse(InvalidNameErrorId, nameof(Name), name,
                    "a service name is letters, digits, '-' and '_', starts and ends with a letter or digit, and has at most 63 characters (the swarm's rule: a DNS name component).");
            }

            List<PortConfig>? ports = Publish?.SelectMany(p => SpecException.Check(nameof(Publish), () => ServicePortSpec.Parse(p))).ToList();
            return new ServiceSpec
            {
                Name = Name!.Trim(),
                Labels = Label is null ? null! : KeyValueSpec.ToMap(Label, nameof(Label)),
                TaskTemplate = task,
                Mode = Global ? new ServiceMode { Global = new GlobalService() } : new ServiceMode { Replicated = new ReplicatedService { Replicas = Replicas } },
                EndpointSpec = ports is null ? null : new EndpointSpec { Ports = ports },
                UpdateConfig = UpdatePolicy(UpdateParallelism, UpdateDelay, UpdateFailureAction, UpdateMonitor, UpdateMaxFailureRatio, UpdateOrder),
                RollbackConfig = UpdatePolicy(RollbackParallelism, RollbackDelay, RollbackFailureAction, RollbackMonitor, RollbackMaxFailureRatio, RollbackOrder),
            };
        }

        private ResourceRequirements? Resources()
        {
            long? Cpu(string? text, string parameter) => text is null ? null : SpecException.Check(parameter, () => CpusSpec.ParseNanoCpus(text));
            long? Memory(string? text, string parameter) => text is null ? null : SpecException.Check(parameter, () => MemorySpec.Parse(text));
            long? limitCpu = Cpu(LimitCpu, nameof(LimitCpu)), reserveCpu = Cpu(ReserveCpu, nameof(ReserveCpu));
            long? limitMemory = Memory(LimitMemory, nameof(LimitMemory)), reserveMemory = Memory(ReserveMemory, nameof(ReserveMemory));
            if (limitCpu is null && reserveCpu is null && limitMemory is null && reserveMemory is null)
            {
                return null;
            }

            return new ResourceRequirements
            {
                Limits = limitCpu is null && limitMemory is null ? null : new SwarmLimit { NanoCPUs = limitCpu, MemoryBytes = limitMemory },
                Reservations = reserveCpu is null && reserveMemory is null ? null : new SwarmResources { NanoCPUs = reserveCpu, MemoryBytes = reserveMemory },
            };
        }

        private SwarmRestartPolicy? RestartPolicy()
        {
            if (RestartCondition is null && RestartDelay is null && RestartMaxAttempts is null && RestartWindow is null)
            {
                return null;
            }

            CheckNotNegative(RestartDelay, nameof(RestartDelay));
            CheckNotNegative(RestartWindow, nameof(RestartWindow));
            return new SwarmRestartPolicy
            {
                Condition = RestartCondition?.ToLowerInvariant(),
                Delay = RestartDelay,
                MaxAttempts = RestartMaxAttempts,
                Window = RestartWindow,
            };
        }

        /// <summary>An update or rollback config when any of its options is given (parallelism 1 unless given, as the CLI sends); else null (the engine's defaults).</summary>
        private static SwarmUpdateConfig? UpdatePolicy(ulong? parallelism, TimeSpan? delay, string? failureAction, TimeSpan? monitor, double? ratio, string? order)
        {
            if (parallelism is null && delay is null && failureAction is null && monitor is null && ratio is null && order is null)
            {
                return null;
            }

            CheckNotNegative(delay, "Delay");
            CheckNotNegative(monitor, "Monitor");
            return new SwarmUpdateConfig
            {
                Parallelism = parallelism ?? 1,
                Delay = delay,
                FailureAction = failureAction?.ToLowerInvariant() ?? "pause",
                Monitor = monitor,
                MaxFailureRatio = ratio is null ? 0 : ServiceOptionSpec.Ratio(ratio.Value),
                Order = order?.ToLowerInvariant() ?? "stop-first",
            };
        }

        private static void CheckNotNegative(TimeSpan? value, string parameter)
        {
            if (value < TimeSpan.Zero)
            {
                throw SpecException.Refuse(DurationSpec.ErrorId, parameter, value.ToString()!, "a duration here cannot be negative.");
            }
        }

        /// <summary>
        /// Resolves the secrets' and configs' names to ids, as the CLI does (docker secret ls / docker config ls): a name (or
        /// id) the swarm does not have is SwarmSecretNotFound / SwarmConfigNotFound, and nothing is created.
        /// </summary>
        private async Task ResolveReferencesAsync(ContainerSpec container)
        {
            if (container.Secrets is { Count: > 0 } secrets)
            {
                IList<Docker.DotNet.Models.Secret> all = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Secrets.ListAsync(token));
                foreach (SecretReference r in secrets)
                {
                    Docker.DotNet.Models.Secret? found = all.FirstOrDefault(s => s.Spec?.Name == r.SecretName) ?? all.FirstOrDefault(s => s.ID == r.SecretName);
                    if (found is null)
                    {
                        throw new PSDockerException($"-Secret '{r.SecretName}': the swarm has no such secret. New-SwarmSecret (docker secret create) makes one.",
                            "SwarmSecretNotFound", ErrorCategory.ObjectNotFound, r.SecretName);
                    }

                    r.SecretID = found.ID;
                    r.SecretName = found.Spec?.Name ?? r.SecretName;
                }
            }

            if (container.Configs is { Count: > 0 } configs)
            {
                IList<Docker.DotNet.Models.SwarmConfig> all = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Configs.ListConfigsAsync(token));
                foreach (SwarmConfigReference r in configs)
                {
                    Docker.DotNet.Models.SwarmConfig? found = all.FirstOrDefault(s => s.Spec?.Name == r.ConfigName) ?? all.FirstOrDefault(s => s.ID == r.ConfigName);
                    if (found is null)
                    {
                        throw new PSDockerException($"-Config '{r.ConfigName}': the swarm has no such config. New-SwarmConfig (docker config create) makes one.",
                            "SwarmConfigNotFound", ErrorCategory.ObjectNotFound, r.ConfigName);
                    }

                    r.ConfigID = found.ID;
                    r.ConfigName = found.Spec?.Name ?? r.ConfigName;
                }
            }
        }
    }
}
