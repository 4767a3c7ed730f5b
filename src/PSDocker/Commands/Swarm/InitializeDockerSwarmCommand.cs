using System;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Makes the engine the first manager of a new swarm, like docker swarm init.</para>
    /// <para type="description">Creates a swarm with this engine as its first manager (POST /swarm/init) and writes the
    /// swarm as Get-DockerSwarm reads it. Other engines join it with Join-DockerSwarm and a token from
    /// (Get-DockerSwarm).JoinTokens.Worker or .Manager. With -Autolock the managers are locked when their engine restarts:
    /// the unlock key docker prints once is in the UnlockKey property of the object written (a SecureString, never shown),
    /// and a warning says so. An engine already in a swarm gives SwarmAlreadyInitialized.</para>
    /// </summary>
    [Cmdlet(VerbsData.Initialize, "DockerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DockerSwarm))]
    public sealed class InitializeDockerSwarmCommand : SwarmSpecCommandBase
    {
        /// <summary>
        /// The address the other nodes reach this manager at (--advertise-addr; the API's AdvertiseAddr): an address, an
        /// interface name such as eth0, optionally with :port (2377 by default). Needed when the engine has several addresses.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AdvertiseAddress { get; set; }

        /// <summary>The address and port the manager listens on for the swarm (--listen-addr; the API's ListenAddr). 0.0.0.0:2377 by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ListenAddress { get; set; } = "0.0.0.0:2377";

        /// <summary>The address or interface for data traffic between the nodes (--data-path-addr; the API's DataPathAddr); the advertise address when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DataPathAddress { get; set; }

        /// <summary>
        /// The networks overlay networks take their subnets from, in CIDR form such as 10.20.0.0/16 (--default-addr-pool; the
        /// API's DefaultAddrPool). A value not in CIDR form is an InvalidAddressPool error before anything is sent.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? DefaultAddressPool { get; set; }

        /// <summary>The prefix length of each subnet taken from -DefaultAddressPool, 24 by default (--default-addr-pool-mask-length; the API's SubnetSize).</summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public uint SubnetSize { get; set; }

        /// <summary>Lock the managers when their engine restarts, until Unlock-DockerSwarm gives the key (--autolock). The key is in the UnlockKey property of the output.</summary>
        [Parameter]
        public SwitchParameter Autolock { get; set; }

        /// <summary>Make a new single-manager swarm from this manager's state, after the swarm lost its quorum (--force-new-cluster).</summary>
        [Parameter]
        public SwitchParameter ForceNewCluster { get; set; }


        protected override void ProcessRecord()
        {
            CheckInput(DefaultAddressPool, () => SwarmState.CheckPools(DefaultAddressPool, nameof(DefaultAddressPool)));
            CheckSpecInput();

            // The engine merges this spec into its defaults, but takes the autolock flag from it as it is: say it here too.
            var spec = new Spec { EncryptionConfig = new EncryptionConfig { AutoLockManagers = Autolock } };
            ApplySpec(spec);

            var parameters = new SwarmInitParameters
            {
                ListenAddr = ListenAddress,
                AdvertiseAddr = AdvertiseAddress ?? "",
                DataPathAddr = DataPathAddress ?? "",
                ForceNewCluster = ForceNewCluster,
                AutoLockManagers = Autolock,
                DefaultAddrPool = DefaultAddressPool?.Select(p => p.Trim()).ToList()!,
                SubnetSize = SubnetSize,
                Spec = spec,
            };

            Run(async () =>
            {
                string target = ResolveEndpoint().ToString();
                if (!ShouldProcess(target, ForceNewCluster ? "Initialize a new swarm from this manager's state (docker swarm init --force-new-cluster)" : "Initialize a swarm (docker swarm init)"))
                {
                    return;
                }

                string nodeId = await RequestAsync(RequestLimit.None, (e, token) => e.Client.Swarm.InitSwarmAsync(parameters, token));
                WriteVerbose($"Swarm initialized: this engine is now a manager (node {nodeId?.Trim('"', ' ', '\n')}).");
                DockerSwarm swarm = await SwarmState.ReadAsync(this, Autolock);
                SwarmState.WarnUnlockKey(this, swarm);
                WriteObject(swarm);
            }, AdvertiseAddress);
        }
    }
}
