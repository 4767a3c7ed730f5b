using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Changes swarm services, like docker service update and docker service scale.</para>
    /// <para type="description">Reads each service's spec and version, changes what the parameters say, and sends the
    /// update, which the swarm then rolls out as the service's update config says (one task at a time unless told
    /// otherwise): -Replicas scales, -Image starts a rolling update, -Env/-RemoveEnv, -Publish/-RemovePublish and
    /// -Label/-RemoveLabel change those lists, -Force redeploys every task with nothing changed (ForceUpdate + 1), and
    /// -Rollback returns to the spec before the last update. It returns at once; Wait-SwarmService waits until the update
    /// has completed. Bad values are terminating errors before anything is sent; an update the engine refuses (a rollback
    /// with no previous spec, -Replicas on a global service) is SwarmServiceUpdateRejected, naming the service and the
    /// engine's reason. An update the engine finds out of sequence (someone else changed the service meanwhile) is read
    /// and re-applied up to 3 times, then SwarmUpdateConflict (ResourceBusy).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "SwarmService", SupportsShouldProcess = true, DefaultParameterSetName = UpdateSet)]
    [OutputType(typeof(SwarmService))]
    public sealed class SetSwarmServiceCommand : SwarmServiceCommandBase
    {
        private const string UpdateSet = "Update";
        private const string RollbackSet = "Rollback";

        /// <summary>The services, by name or id (prefix). Strings bind by value, SwarmService objects by their Name (and their Endpoint). Missing: SwarmServiceNotFound.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Service")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmServiceNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The number of tasks of a replicated service (Mode.Replicated.Replicas; docker service scale NAME=N, --replicas).</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        public ulong? Replicas { get; set; }

        /// <summary>The image to update the tasks to (ContainerSpec.Image; --image): a rolling update. A bad reference is InvalidImageReference.</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        [ValidateNotNullOrEmpty]
        public string? Image { get; set; }

        /// <summary>Environment variables to add or change (--env-add): KEY=VALUE, KEY alone, or a hashtable; one with the same KEY is replaced.</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        [Alias("Environment")]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Env { get; set; }

        /// <summary>Environment variables to remove, by name (--env-rm).</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        [ValidateNotNullOrEmpty]
        public string[]? RemoveEnv { get; set; }

        /// <summary>Ports to publish (--publish-add), in New-SwarmService -Publish's forms; one with the same target port and protocol is replaced. Bad: InvalidPublishSpec.</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Publish { get; set; }

        /// <summary>Published ports to remove (--publish-rm), by target port: '80', '80/udp', or a -Publish form (its target counts).</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        [ValidateNotNullOrEmpty]
        public string[]? RemovePublish { get; set; }

        /// <summary>Service labels to add or change (--label-add): KEY=VALUE, KEY alone, or a hashtable.</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Label { get; set; }

        /// <summary>Service labels to remove, by key (--label-rm).</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        [ValidateNotNullOrEmpty]
        public string[]? RemoveLabel { get; set; }

        /// <summary>Redeploy every task even when nothing else changes (docker service update --force: TaskTemplate.ForceUpdate + 1).</summary>
        [Parameter(ParameterSetName = UpdateSet)]
        public SwitchParameter Force { get; set; }

        /// <summary>Return to the spec before the last update (docker service update --rollback; the API's rollback=previous). A service never updated has none: SwarmServiceUpdateRejected.</summary>
        [Parameter(ParameterSetName = RollbackSet, Mandatory = true)]
        public SwitchParameter Rollback { get; set; }

        /// <summary>Send the registry credentials PSDocker finds for the (new) image's registry with the update (--with-registry-auth), never written anywhere.</summary>
        [Parameter]
        public SwitchParameter WithRegistryAuth { get; set; }

        /// <summary>Write each service after the update was accepted (its new spec; the rollout goes on in the swarm).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private List<string>? _env;
        private List<PortConfig>? _publish;
        private List<string>? _removePublish;
        private Dictionary<string, string>? _labels;

        protected override void BeginProcessing()
        {
            if (Image is not null)
            {
                CheckInput(Image, () => ImageReference.Parse(Image, nameof(Image)));
            }

            CheckInput(null, () =>
            {
                _env = Env?.Select(e => SpecException.Check(nameof(Env), () => KeyValueSpec.ParseEnvironment(e, System.Environment.GetEnvironmentVariable))).ToList();
                _publish = Publish?.SelectMany(p => SpecException.Check(nameof(Publish), () => ServicePortSpec.Parse(p))).ToList();
                _removePublish = RemovePublish?.SelectMany(p => SpecException.Check(nameof(RemovePublish), () => ServicePortSpec.ParseRemoval(p))).ToList();
                _labels = Label is null ? null : KeyValueSpec.ToMap(Label, nameof(Label));
            });
        }

        /// <summary>How many times an update is read and sent when the engine finds it out of sequence (someone else updated the service).</summary>
        private const int MaxAttempts = 3;

        internal const string UpdateConflictErrorId = "SwarmUpdateConflict";

        /// <summary>True for the engine's refusal of an update made on a version that is no longer the service's ("update out of sequence").</summary>
        private static bool IsOutOfSequence(DockerApiException e) =>
            (ErrorMapper.EngineMessage(e.ResponseBody) ?? e.Message).IndexOf("update out of sequence", StringComparison.OrdinalIgnoreCase) >= 0;

        protected override void ProcessRecord()
        {
            foreach (string text in (Name ?? Array.Empty<string>()).Select(n => n.Trim()))
            {
                // Asked before anything is read: the version read next must be as fresh as possible when the update is sent.
                if (!ShouldProcess(text, Rollback ? "Roll back swarm service" : "Update swarm service"))
                {
                    continue;
                }

                Run(async () =>
                {
                    EngineConnection engine = await ConnectAsync();
                    Docker.DotNet.Models.SwarmService? current = null;
                    ServiceUpdateResponse? answer = null;
                    for (int attempt = 1; answer is null; attempt++)
                    {
                        if (await FindAsync(text, withCounts: false) is not Docker.DotNet.Models.SwarmService found)
                        {
                            return;
                        }

                        current = found;
                        string name = current.Spec?.Name ?? text;
                        ServiceSpec spec = current.Spec!;
                        if (!Rollback)
                        {
                            Change(spec, name);
                        }

                        string image = spec.TaskTemplate?.ContainerSpec?.Image ?? "";
                        AuthConfig? auth = WithRegistryAuth
                            ? RegistryCredentials.For(ImageReference.Parse(ModelMapper.ImageWithoutDigest(image), nameof(Image))) ?? new AuthConfig()
                            : null;
                        var parameters = new ServiceUpdateParameters
                        {
                            Service = spec,
                            Version = (long)(current.Version?.Index ?? 0),
                            Rollback = Rollback ? "previous" : null,
                            RegistryAuth = auth!,
                        };

                        try
                        {
                            answer = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Swarm.UpdateServiceAsync(found.ID, parameters, token));
                        }
                        catch (DockerApiException e) when (IsOutOfSequence(e))
                        {
                            // Someone else updated the service between our read and our update: read it again and re-apply.
                            if (attempt >= MaxAttempts)
                            {
                                WriteItemError(new PSDockerException(
                                    $"Service '{name}' kept changing while it was being updated ({MaxAttempts} attempts, each read afresh, were out of sequence). Try again. The engine said: {ErrorMapper.EngineMessage(e.ResponseBody)}",
                                    UpdateConflictErrorId, ErrorCategory.ResourceBusy, name, e), name);
                                return;
                            }

                            WriteVerbose($"Service '{name}' changed while it was being updated; reading it again (attempt {attempt + 1} of {MaxAttempts}).");
                        }
                        catch (DockerApiException e) when (SwarmServiceIdentity.ToUpdateError(e, name, Rollback) is PSDockerException mapped)
                        {
                            WriteItemError(mapped, name);
                            return;
                        }
                    }

                    foreach (string warning in answer.Warnings ?? new List<string>())
                    {
                        WriteWarning(warning);
                    }

                    if (PassThru)
                    {
                        WriteObject(ModelMapper.ToSwarmService(await SwarmServiceIdentity.InspectAsync(this, current!.ID), engine.Endpoint));
                    }
                }, text);
            }
        }

        /// <summary>Applies the update parameters to <paramref name="spec"/> (the service's current spec).</summary>
        private void Change(ServiceSpec spec, string name)
        {
            spec.TaskTemplate ??= new TaskSpec();
            ContainerSpec container = spec.TaskTemplate.ContainerSpec ??= new ContainerSpec();
            if (Replicas is ulong replicas)
            {
                if (spec.Mode?.Replicated is null)
                {
                    throw new PSDockerException($"-Replicas: service '{name}' is {ModelMapper.ServiceModeName(spec.Mode)}, so it has no replica count to set.",
                        SwarmServiceIdentity.UpdateRejectedErrorId, ErrorCategory.InvalidOperation, name);
                }

                spec.Mode.Replicated.Replicas = replicas;
            }

            if (Image is not null)
            {
                container.Image = Image.Trim();
            }

            if (_env is not null || RemoveEnv is not null)
            {
                static string Key(string e) => e.IndexOf('=') is int eq && eq >= 0 ? e.Substring(0, eq) : e;
                var removed = new HashSet<string>((RemoveEnv ?? Array.Empty<string>()).Concat((_env ?? new List<string>()).Select(Key)), StringComparer.Ordinal);
                container.Env = (container.Env ?? new List<string>()).Where(e => !removed.Contains(Key(e))).Concat(_env ?? new List<string>()).ToList();
            }

            if (_publish is not null || _removePublish is not null)
            {
                spec.EndpointSpec ??= new EndpointSpec();
                var removed = new HashSet<string>((_removePublish ?? new List<string>()).Concat((_publish ?? new List<PortConfig>()).Select(ServicePortSpec.Key)), StringComparer.Ordinal);
                spec.EndpointSpec.Ports = (spec.EndpointSpec.Ports ?? new List<PortConfig>()).Where(p => !removed.Contains(ServicePortSpec.Key(p)))
                    .Concat(_publish ?? new List<PortConfig>()).ToList();
            }

            if (_labels is not null || RemoveLabel is not null)
            {
                var labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
                foreach (string key in RemoveLabel ?? Array.Empty<string>())
                {
                    labels.Remove(key);
                }

                foreach (KeyValuePair<string, string> label in _labels ?? new Dictionary<string, string>())
                {
                    labels[label.Key] = label.Value;
                }

                spec.Labels = labels;
            }

            if (Force)
            {
                spec.TaskTemplate.ForceUpdate += 1;
            }
        }
    }
}
