using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// A node of a swarm, as docker node ls and docker node inspect describe it (GET /nodes, GET /nodes/{id}), read from a
    /// manager. Its <see cref="Id"/> binds to the -Name of Set-SwarmNode and Remove-SwarmNode, its <see cref="Endpoint"/> to
    /// the manager it came from.
    /// </summary>
    public sealed class SwarmNode
    {
        internal SwarmNode(string id, DockerEndpoint endpoint)
        {
            Id = id ?? "";
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The node's id, 25 characters (the API's ID; docker node ls' ID).</summary>
        public string Id { get; }

        /// <summary>The node's host name (Description.Hostname; docker node ls' HOSTNAME).</summary>
        public string Hostname { get; internal set; } = "";

        /// <summary>True for the node of the engine that was asked (docker node ls marks it with *).</summary>
        public bool IsSelf { get; internal set; }

        /// <summary>The id as docker node ls prints it: followed by " *" for the node of the engine that was asked.</summary>
        public string DisplayId => IsSelf ? Id + " *" : Id;

        /// <summary>manager or worker (Spec.Role).</summary>
        public string Role { get; internal set; } = "";

        /// <summary>ready, down, unknown or disconnected (Status.State; docker node ls' STATUS, capitalized there).</summary>
        public string Status { get; internal set; } = "";

        /// <summary>The engine's message about the status, if any (Status.Message).</summary>
        public string StatusMessage { get; internal set; } = "";

        /// <summary>active, pause or drain (Spec.Availability; docker node ls' AVAILABILITY).</summary>
        public string Availability { get; internal set; } = "";

        /// <summary>Leader, Reachable or Unreachable for a manager, empty for a worker (docker node ls' MANAGER STATUS).</summary>
        public string ManagerStatus { get; internal set; } = "";

        /// <summary>True for the manager that leads the swarm (ManagerStatus.Leader).</summary>
        public bool IsLeader { get; internal set; }

        /// <summary>The node's address as the swarm sees it (Status.Addr).</summary>
        public string Address { get; internal set; } = "";

        /// <summary>A manager's address for the other managers, host:port (ManagerStatus.Addr); empty for a worker.</summary>
        public string ManagerAddress { get; internal set; } = "";

        /// <summary>The node engine's version (Description.Engine.EngineVersion; docker node ls' ENGINE VERSION).</summary>
        public string EngineVersion { get; internal set; } = "";

        /// <summary>The node's labels, set with Set-SwarmNode -Label (Spec.Labels; docker node update --label-add).</summary>
        public IReadOnlyDictionary<string, string> Labels { get; internal set; } = new Dictionary<string, string>();

        /// <summary>The engine's own labels (dockerd --label; Description.Engine.Labels).</summary>
        public IReadOnlyDictionary<string, string> EngineLabels { get; internal set; } = new Dictionary<string, string>();

        /// <summary>The node's operating system, e.g. linux (Description.Platform.OS).</summary>
        public string OS { get; internal set; } = "";

        /// <summary>The node's architecture, e.g. x86_64 (Description.Platform.Architecture).</summary>
        public string Architecture { get; internal set; } = "";

        /// <summary>The CPUs the node offers to tasks, in CPUs (Description.Resources.NanoCPUs / 1e9).</summary>
        public double? Cpus { get; internal set; }

        /// <summary>The memory the node offers to tasks, in bytes (Description.Resources.MemoryBytes).</summary>
        public long? MemoryBytes { get; internal set; }

        /// <summary>When the node joined, in UTC (CreatedAt).</summary>
        public DateTime? CreatedAt { get; internal set; }

        /// <summary>When the node was last changed, in UTC (UpdatedAt).</summary>
        public DateTime? UpdatedAt { get; internal set; }

        /// <summary>The node's version index (Version.Index), which Set-SwarmNode sends back.</summary>
        public ulong Version { get; internal set; }

        /// <summary>The manager the node was read from.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => Hostname.Length > 0 ? Hostname : Id;
    }
}
