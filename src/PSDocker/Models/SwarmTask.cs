using System;

namespace PSDocker
{
    /// <summary>
    /// A task of a swarm service, as docker service ps shows it (GET /tasks): which node runs which replica, its state
    /// and its error. Node names come from the swarm's node list.
    /// </summary>
    public sealed class SwarmTask
    {
        internal SwarmTask(string id, DockerEndpoint endpoint)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The task's full id (the API's ID).</summary>
        public string Id { get; }

        /// <summary>The first 12 characters of <see cref="Id"/>, as docker service ps prints it.</summary>
        public string ShortId => Id.Length > 12 ? Id.Substring(0, 12) : Id;

        /// <summary>The task's name as docker service ps shows it: SERVICE.SLOT for a replicated service, SERVICE.NODEID for a global one.</summary>
        public string Name { get; internal set; } = "";

        /// <summary>The service's name.</summary>
        public string Service { get; internal set; } = "";

        /// <summary>The service's id (ServiceID).</summary>
        public string ServiceId { get; internal set; } = "";

        /// <summary>The replica's slot (1, 2, ...) of a replicated service; null for a global one.</summary>
        public long? Slot { get; internal set; }

        /// <summary>The node's hostname (from the node list; the node id when the node is gone); empty while not assigned.</summary>
        public string Node { get; internal set; } = "";

        /// <summary>The node's id (NodeID).</summary>
        public string NodeId { get; internal set; } = "";

        /// <summary>The image the task runs, without its pinned digest (Spec.ContainerSpec.Image).</summary>
        public string Image { get; internal set; } = "";

        /// <summary>The state the orchestrator wants: Running, Shutdown, Ready... (DesiredState).</summary>
        public string DesiredState { get; internal set; } = "";

        /// <summary>The state the task is in: New, Pending, Assigned, Preparing, Starting, Running, Complete, Shutdown, Failed, Rejected... (Status.State).</summary>
        public string State { get; internal set; } = "";

        /// <summary>When the task reached <see cref="State"/>, in local time (Status.Timestamp).</summary>
        public DateTime? StateChanged { get; internal set; }

        /// <summary>The state and its age as docker service ps prints it: "Running 5 seconds ago".</summary>
        public string CurrentState => StateChanged.HasValue ? $"{State} {Humanize.Since(StateChanged.Value, DateTime.Now)}" : State;

        /// <summary>Why the task failed or cannot run (Status.Err), e.g. "no suitable node (scheduling constraints not satisfied on 2 nodes)"; empty when none.</summary>
        public string Error { get; internal set; } = "";

        /// <summary>The engine's note on the task's state (Status.Message), e.g. "started" or "pending task scheduling".</summary>
        public string Message { get; internal set; } = "";

        /// <summary>The id of the task's container on its node (Status.ContainerStatus.ContainerID); empty before it is made.</summary>
        public string ContainerId { get; internal set; } = "";

        /// <summary>The container's exit code once it ended (Status.ContainerStatus.ExitCode).</summary>
        public long? ExitCode { get; internal set; }

        /// <summary>The manager engine the task was read from.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <summary>The task's name.</summary>
        public override string ToString() => Name;
    }
}
