using System;
using System.Collections.Generic;
using System.Security;

namespace PSDocker
{
    /// <summary>
    /// The swarm an engine belongs to, as docker swarm inspect (GET /swarm, managers only) and the swarm part of docker
    /// info (GET /info, Swarm) describe it. On an engine in no swarm <see cref="LocalNodeState"/> is "inactive" and the
    /// swarm's own values are empty; on a worker only the docker info part is filled (a worker cannot inspect the swarm).
    /// The join tokens and the unlock key are secrets, held as SecureStrings: no view, ToString, ConvertTo-Json or
    /// Export-Clixml shows their text.
    /// </summary>
    public sealed class DockerSwarm
    {
        internal DockerSwarm(DockerEndpoint endpoint) => Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));

        /// <summary>The swarm's id (GET /swarm ID); empty on a worker or an engine in no swarm.</summary>
        public string Id { get; internal set; } = "";

        /// <summary>When the swarm was created, in UTC (GET /swarm CreatedAt); null when not known here.</summary>
        public DateTime? CreatedAt { get; internal set; }

        /// <summary>When the swarm's spec was last changed, in UTC (GET /swarm UpdatedAt); null when not known here.</summary>
        public DateTime? UpdatedAt { get; internal set; }

        /// <summary>This engine's state in the swarm: inactive, pending, active, error or locked (GET /info Swarm.LocalNodeState).</summary>
        public string LocalNodeState { get; internal set; } = "";

        /// <summary>True when this engine takes part in a swarm (LocalNodeState active).</summary>
        public bool IsActive => string.Equals(LocalNodeState, "active", StringComparison.OrdinalIgnoreCase);

        /// <summary>This engine's node id in the swarm (GET /info Swarm.NodeID); empty outside a swarm.</summary>
        public string NodeId { get; internal set; } = "";

        /// <summary>The address this node is reached at by the other nodes (GET /info Swarm.NodeAddr).</summary>
        public string NodeAddress { get; internal set; } = "";

        /// <summary>True when this engine is a manager (GET /info Swarm.ControlAvailable; docker info's "Is Manager").</summary>
        public bool IsManager { get; internal set; }

        /// <summary>This engine's role: manager, worker, or empty outside a swarm.</summary>
        public string Role => IsActive ? (IsManager ? "manager" : "worker") : "";

        /// <summary>How many nodes the swarm has (GET /info Swarm.Nodes); null on a worker or outside a swarm.</summary>
        public int? Nodes { get; internal set; }

        /// <summary>How many of them are managers (GET /info Swarm.Managers); null on a worker or outside a swarm.</summary>
        public int? Managers { get; internal set; }

        /// <summary>The managers' addresses (host:port) this engine knows (GET /info Swarm.RemoteManagers).</summary>
        public IReadOnlyList<string> RemoteManagers { get; internal set; } = Array.Empty<string>();

        /// <summary>The engine's error about its swarm, if any (GET /info Swarm.Error).</summary>
        public string Error { get; internal set; } = "";

        /// <summary>The spec's version index (GET /swarm Version.Index), which Update-DockerSwarm sends back.</summary>
        public ulong? Version { get; internal set; }

        /// <summary>How many finished tasks the swarm keeps per slot (Spec.Orchestration.TaskHistoryRetentionLimit; docker swarm init --task-history-limit).</summary>
        public long? TaskHistoryLimit { get; internal set; }

        /// <summary>How long node certificates are valid (Spec.CAConfig.NodeCertExpiry; --cert-expiry).</summary>
        public TimeSpan? CertExpiry { get; internal set; }

        /// <summary>How often nodes report to the managers (Spec.Dispatcher.HeartbeatPeriod; --dispatcher-heartbeat).</summary>
        public TimeSpan? DispatcherHeartbeat { get; internal set; }

        /// <summary>True when managers are locked on restart and need Unlock-DockerSwarm (Spec.EncryptionConfig.AutoLockManagers; --autolock).</summary>
        public bool Autolock { get; internal set; }

        /// <summary>The address pools overlay networks take their subnets from (GET /swarm DefaultAddrPool; CIDRs).</summary>
        public IReadOnlyList<string> DefaultAddressPool { get; internal set; } = Array.Empty<string>();

        /// <summary>The prefix length of each overlay subnet taken from the pools (GET /swarm SubnetSize).</summary>
        public uint? SubnetSize { get; internal set; }

        /// <summary>The UDP port of the data path, VXLAN (GET /swarm DataPathPort; 4789 by default).</summary>
        public uint? DataPathPort { get; internal set; }

        /// <summary>True while the swarm's root CA is being rotated (GET /swarm RootRotationInProgress).</summary>
        public bool RootRotationInProgress { get; internal set; }

        /// <summary>
        /// The tokens that join a node to this swarm as a worker or a manager (GET /swarm JoinTokens; docker swarm join-token
        /// -q), as SecureStrings in .JoinTokens.Worker and .JoinTokens.Manager: Join-DockerSwarm -Token takes them as they
        /// are, ConvertFrom-SecureString -AsPlainText gives the text. Null on a worker or outside a swarm.
        /// </summary>
        public SwarmJoinTokens? JoinTokens { get; internal set; }

        /// <summary>
        /// The key that unlocks a locked manager (GET /swarm/unlockkey; docker swarm unlock-key -q), as a SecureString:
        /// filled by Initialize-DockerSwarm -Autolock, Get-DockerSwarm -UnlockKey and Update-DockerSwarm when it turns
        /// autolock on or rotates the key; null otherwise. Read it with ConvertFrom-SecureString -AsPlainText.
        /// </summary>
        public SecureString? UnlockKey { get; internal set; }

        /// <summary>The engine this describes.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => Id.Length > 0 ? Id : LocalNodeState;
    }

    /// <summary>
    /// A swarm's join tokens (GET /swarm JoinTokens), as SecureStrings like the unlock key: ConvertTo-Json, Export-Clixml
    /// and the views never show their text. Join-DockerSwarm -Token takes them as they are; ConvertFrom-SecureString
    /// -AsPlainText gives the text (docker swarm join-token -q).
    /// </summary>
    public sealed class SwarmJoinTokens
    {
        internal SwarmJoinTokens(SecureString worker, SecureString manager)
        {
            Worker = worker ?? throw new ArgumentNullException(nameof(worker));
            Manager = manager ?? throw new ArgumentNullException(nameof(manager));
        }

        /// <summary>The token that joins a node as a worker (docker swarm join-token -q worker), as a SecureString.</summary>
        public SecureString Worker { get; }

        /// <summary>The token that joins a node as a manager (docker swarm join-token -q manager), as a SecureString.</summary>
        public SecureString Manager { get; }

        /// <summary>Says where the tokens are, without them.</summary>
        public override string ToString() => "(Worker and Manager tokens: SecureStrings in .Worker and .Manager)";
    }
}
