using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the swarm the engine belongs to, like docker swarm inspect, docker info and docker swarm join-token.</para>
    /// <para type="description">Writes one DockerSwarm: this engine's state in the swarm, node id and role, the node and
    /// manager counts (GET /info), and on a manager the swarm's id, times, spec values and join tokens (GET /swarm). The
    /// tokens are secrets: no view, Format-List or ToString shows them; read (Get-DockerSwarm).JoinTokens.Worker or .Manager
    /// (docker swarm join-token -q). -UnlockKey adds the unlock key as a SecureString (docker swarm unlock-key -q).
    /// On an engine in no swarm LocalNodeState is "inactive" and the swarm's values are empty; on a worker there are no
    /// tokens (IsManager is false). -UnlockKey on them is SwarmNotInitialized or SwarmNotManager.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DockerSwarm")]
    [OutputType(typeof(DockerSwarm))]
    public sealed class GetDockerSwarmCommand : DockerCmdlet
    {
        /// <summary>Also read the key that unlocks a locked manager, into the UnlockKey property as a SecureString (docker swarm unlock-key; GET /swarm/unlockkey). Managers only.</summary>
        [Parameter]
        public SwitchParameter UnlockKey { get; set; }

        protected override string ErrorNoun => "Swarm";


        /// <summary>Several -Context or -HostAddress values ask each engine, concurrently (see DockerCmdlet).</summary>

        protected override bool SeveralEngines => true;

        protected override void ProcessRecord() =>
            Run(async () => WriteObject(await SwarmState.ReadAsync(this, UnlockKey)), null);
    }
}
