using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// A swarm service, as docker service ls and docker service inspect describe it (GET /services?status=true,
    /// GET /services/{id}). Its <see cref="Name"/> binds to the -Name of the service cmdlets, its <see cref="Endpoint"/>
    /// to the manager engine it was read from.
    /// </summary>
    public sealed class SwarmService
    {
        internal SwarmService(string id, string name, DockerEndpoint endpoint)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Name = name ?? "";
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The service's full id (25 characters; the API's ID).</summary>
        public string Id { get; }

        /// <summary>The first 12 characters of <see cref="Id"/>, as docker service ls prints it.</summary>
        public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

        /// <summary>The service's name (Spec.Name).</summary>
        public string Name { get; }

        /// <summary>"replicated" or "global" (from Spec.Mode); "replicated-job" or "global-job" for jobs.</summary>
        public string Mode { get; internal set; } = "";

        /// <summary>
        /// Running and desired tasks as docker service ls shows them: "2/4" (ServiceStatus.RunningTasks/DesiredTasks, API
        /// 1.41); empty when the engine did not count them (an inspect of one service).
        /// </summary>
        public string Replicas { get; internal set; } = "";

        /// <summary>Tasks running now (ServiceStatus.RunningTasks); null when not counted.</summary>
        public ulong? RunningTasks { get; internal set; }

        /// <summary>Tasks the service wants (ServiceStatus.DesiredTasks); null when not counted.</summary>
        public ulong? DesiredTasks { get; internal set; }

        /// <summary>The replicas asked for (Spec.Mode.Replicated.Replicas); null for a global service.</summary>
        public ulong? ReplicasWanted { get; internal set; }

        /// <summary>The image, without the digest the engine pins it to (as docker service ls prints it).</summary>
        public string Image { get; internal set; } = "";

        /// <summary>The image as the tasks run it (Spec.TaskTemplate.ContainerSpec.Image), with its pinned digest when there is one.</summary>
        public string ImageReference { get; internal set; } = "";

        /// <summary>
        /// Published ports: "*:8080->80/tcp" for the routing mesh (ingress), "host:8080->80/tcp" for ports each node
        /// publishes itself (mode=host), comma-separated (from Endpoint.Ports, else Spec.EndpointSpec.Ports; none when the spec publishes none).
        /// </summary>
        public string Ports { get; internal set; } = "";

        /// <summary>The published ports one by one: each "PUBLISHED:TARGET/PROTOCOL/MODE".</summary>
        public IReadOnlyList<string> PortList { get; internal set; } = Array.Empty<string>();

        /// <summary>The command (ContainerSpec.Command followed by ContainerSpec.Args); empty for the image's own.</summary>
        public IReadOnlyList<string> Command { get; internal set; } = Array.Empty<string>();

        /// <summary>Environment variables, KEY=VALUE (ContainerSpec.Env).</summary>
        public IReadOnlyList<string> Environment { get; internal set; } = Array.Empty<string>();

        /// <summary>The service's labels (Spec.Labels).</summary>
        public IReadOnlyDictionary<string, string> Labels { get; internal set; } = new Dictionary<string, string>();

        /// <summary>The labels of the tasks' containers (ContainerSpec.Labels; --container-label).</summary>
        public IReadOnlyDictionary<string, string> ContainerLabels { get; internal set; } = new Dictionary<string, string>();

        /// <summary>Placement constraints (Spec.TaskTemplate.Placement.Constraints), e.g. node.role==worker.</summary>
        public IReadOnlyList<string> Constraints { get; internal set; } = Array.Empty<string>();

        /// <summary>The networks the tasks join, by id (Spec.TaskTemplate.Networks[].Target).</summary>
        public IReadOnlyList<string> Networks { get; internal set; } = Array.Empty<string>();

        /// <summary>The secrets the tasks get, by name (ContainerSpec.Secrets[].SecretName).</summary>
        public IReadOnlyList<string> Secrets { get; internal set; } = Array.Empty<string>();

        /// <summary>The configs the tasks get, by name (ContainerSpec.Configs[].ConfigName).</summary>
        public IReadOnlyList<string> Configs { get; internal set; } = Array.Empty<string>();

        /// <summary>The state of the last update: updating, paused, completed, rollback_started, rollback_paused, rollback_completed (UpdateStatus.State); empty when never updated.</summary>
        public string UpdateState { get; internal set; } = "";

        /// <summary>The engine's message about the last update (UpdateStatus.Message).</summary>
        public string UpdateMessage { get; internal set; } = "";

        /// <summary>True when the engine holds a previous spec, so -Rollback has something to return to (PreviousSpec).</summary>
        public bool HasPreviousSpec { get; internal set; }

        /// <summary>The service object's version index (Version.Index), which an update must quote.</summary>
        public ulong Version { get; internal set; }

        /// <summary>How often the tasks were made to redeploy (TaskTemplate.ForceUpdate; Set-SwarmService -Force adds one).</summary>
        public ulong ForceUpdate { get; internal set; }

        /// <summary>When the service was created, in local time (CreatedAt).</summary>
        public DateTime? Created { get; internal set; }

        /// <summary>When the service was last changed, in local time (UpdatedAt).</summary>
        public DateTime? Updated { get; internal set; }

        /// <summary>The manager engine the service was read from.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <summary>The service's name.</summary>
        public override string ToString() => Name;
    }
}
