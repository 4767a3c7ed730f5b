using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using PSDocker.Streams;

namespace PSDocker
{
    internal static partial class ModelMapper
    {
        /// <summary>A service (GET /services, /services/{id}) as a <see cref="SwarmService"/>.</summary>
        internal static SwarmService ToSwarmService(Docker.DotNet.Models.SwarmService s, DockerEndpoint endpoint)
        {
            ServiceSpec spec = s.Spec ?? new ServiceSpec();
            ContainerSpec container = spec.TaskTemplate?.ContainerSpec ?? new ContainerSpec();
            // The live ports name the published ports the swarm chose; they lag behind an update that removed every port.
            IList<PortConfig> ports = spec.EndpointSpec?.Ports is not { Count: > 0 } wanted ? new List<PortConfig>()
                : s.Endpoint?.Ports is { Count: > 0 } live ? live : wanted;
            var service = new SwarmService(s.ID ?? "", spec.Name ?? "", endpoint)
            {
                Mode = ServiceModeName(spec.Mode),
                ReplicasWanted = spec.Mode?.Replicated?.Replicas,
                Image = ImageWithoutDigest(container.Image),
                ImageReference = container.Image ?? "",
                Ports = string.Join(", ", ports.Select(FormatServicePort)),
                PortList = ports.Select(p => $"{p.PublishedPort ?? 0}:{p.TargetPort ?? 0}/{p.Protocol ?? "tcp"}/{p.PublishMode ?? "ingress"}").ToList(),
                Command = (container.Command ?? new List<string>()).Concat(container.Args ?? new List<string>()).ToList(),
                Environment = (container.Env ?? new List<string>()).ToList(),
                Labels = Map(spec.Labels),
                ContainerLabels = Map(container.Labels),
                Constraints = (spec.TaskTemplate?.Placement?.Constraints ?? new List<string>()).ToList(),
                Networks = (spec.TaskTemplate?.Networks ?? new List<NetworkAttachmentConfig>()).Select(n => n.Target ?? "").ToList(),
                Secrets = (container.Secrets ?? new List<SecretReference>()).Select(r => r.SecretName ?? r.SecretID ?? "").ToList(),
                Configs = (container.Configs ?? new List<SwarmConfigReference>()).Select(r => r.ConfigName ?? r.ConfigID ?? "").ToList(),
                UpdateState = s.UpdateStatus?.State ?? "",
                UpdateMessage = s.UpdateStatus?.Message ?? "",
                HasPreviousSpec = s.PreviousSpec is not null,
                Version = s.Version?.Index ?? 0,
                ForceUpdate = spec.TaskTemplate?.ForceUpdate ?? 0,
                Created = Local(s.CreatedAt),
                Updated = Local(s.UpdatedAt),
            };
            if (s.ServiceStatus is ServiceStatus status)
            {
                service.RunningTasks = status.RunningTasks;
                service.DesiredTasks = status.DesiredTasks;
                service.Replicas = $"{status.RunningTasks}/{status.DesiredTasks}";
            }

            return service;
        }

        /// <summary>
        /// A task (GET /tasks) as a <see cref="SwarmTask"/>, its service and node named from <paramref name="serviceNames"/>
        /// (service id to name) and <paramref name="nodeNames"/> (node id to hostname).
        /// </summary>
        internal static SwarmTask ToSwarmTask(TaskResponse t, IReadOnlyDictionary<string, string> serviceNames,
            IReadOnlyDictionary<string, string> nodeNames, DockerEndpoint endpoint)
        {
            string service = serviceNames.TryGetValue(t.ServiceID ?? "", out string? s) ? s : t.ServiceID ?? "";
            string nodeId = t.NodeID ?? "";
            return new SwarmTask(t.ID ?? "", endpoint)
            {
                Name = TaskName(t, service),
                Service = service,
                ServiceId = t.ServiceID ?? "",
                Slot = t.Slot is > 0 ? t.Slot : null,
                NodeId = nodeId,
                Node = nodeId.Length == 0 ? "" : nodeNames.TryGetValue(nodeId, out string? n) ? n : nodeId,
                Image = ImageWithoutDigest(t.Spec?.ContainerSpec?.Image),
                DesiredState = StateName(t.DesiredState),
                State = StateName(t.Status?.State),
                StateChanged = Local(t.Status?.Timestamp),
                Error = t.Status?.Err ?? "",
                Message = t.Status?.Message ?? "",
                ContainerId = t.Status?.ContainerStatus?.ContainerID ?? "",
                ExitCode = t.Status?.ContainerStatus is ContainerStatus cs && StateName(t.Status?.State) is "Complete" or "Failed" or "Shutdown" ? cs.ExitCode : null,
            };
        }

        /// <summary>A task's name as docker service ps prints it: SERVICE.SLOT, or SERVICE.NODEID for a global service's task.</summary>
        internal static string TaskName(TaskResponse t, string service) =>
            t.Name is { Length: > 0 } own ? own : t.Slot is > 0 ? $"{service}.{t.Slot}" : $"{service}.{t.NodeID}";

        /// <summary>A task state as docker prints it: Running, Shutdown (the API's lower-case word, capitalised).</summary>
        internal static string StateName(TaskState? state)
        {
            if (state is null)
            {
                return "";
            }

            string text = state.Value.ToString();
            return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
        }

        /// <summary>A line of a service's log (read with timestamps and details) as a <see cref="SwarmServiceLogRecord"/>.</summary>
        internal static SwarmServiceLogRecord ToServiceLogRecord(in OutputLine line, string text, string service, string taskId, string task,
            string nodeId, string node, DockerEndpoint endpoint) =>
            new SwarmServiceLogRecord(line.Stream == OutputStreamKind.StandardError ? LogStream.StdErr : LogStream.StdOut,
                line.Timestamp, line.SubTickNanoseconds, text, service, taskId, task, nodeId, node, endpoint);

        /// <summary>"replicated", "global", "replicated-job" or "global-job".</summary>
        internal static string ServiceModeName(ServiceMode? mode) =>
            mode?.Global is not null ? "global"
            : mode?.ReplicatedJob is not null ? "replicated-job"
            : mode?.GlobalJob is not null ? "global-job"
            : "replicated";

        /// <summary>An image reference without the "@sha256:..." the engine pins a tagged image to, as docker service ls prints it.</summary>
        internal static string ImageWithoutDigest(string? image)
        {
            string text = image ?? "";
            int at = text.IndexOf('@');
            return at > 0 ? text.Substring(0, at) : text;
        }

        /// <summary>A published port: "*:8080->80/tcp" (routing mesh) or "host:8080->80/tcp" (mode=host).</summary>
        internal static string FormatServicePort(PortConfig p) =>
            $"{(string.Equals(p.PublishMode, "host", StringComparison.OrdinalIgnoreCase) ? "host" : "*")}:{p.PublishedPort ?? 0}->{p.TargetPort ?? 0}/{p.Protocol ?? "tcp"}";

        private static IReadOnlyDictionary<string, string> Map(IDictionary<string, string>? items) =>
            items is null ? new Dictionary<string, string>() : new Dictionary<string, string>(items, StringComparer.Ordinal);

        private static DateTime? Local(DateTime? t) =>
            t is null || t.Value == default ? null : t.Value.Kind == DateTimeKind.Local ? t.Value : t.Value.ToLocalTime();
    }
}
