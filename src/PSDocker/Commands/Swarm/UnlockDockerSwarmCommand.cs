using System.Management.Automation;
using System.Security;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Unlocks a locked swarm manager, like docker swarm unlock.</para>
    /// <para type="description">Gives a manager whose engine restarted with autolock on its unlock key (POST /swarm/unlock),
    /// so it takes part in the swarm again. The key is a secret: it is never written to any stream. A wrong key is
    /// SwarmUnlockKeyInvalid; a manager that is not locked is SwarmNotLocked; an engine in no swarm SwarmNotInitialized.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Unlock, "DockerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(void))]
    public sealed class UnlockDockerSwarmCommand : DockerCmdlet
    {
        /// <summary>
        /// The unlock key (SWMKEY-1-...), as Initialize-DockerSwarm -Autolock or Get-DockerSwarm -UnlockKey gave it: a
        /// SecureString, or the key as a string (made a SecureString at once). The API's UnlockKey.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString? UnlockKey { get; set; }

        protected override string ErrorNoun => "Swarm";

        protected override void ProcessRecord()
        {
            Run(async () =>
            {
                if (!ShouldProcess(ResolveEndpoint().ToString(), "Unlock the swarm manager (docker swarm unlock)"))
                {
                    return;
                }

                var parameters = new SwarmUnlockParameters { UnlockKey = SwarmObjects.Text(UnlockKey!) };
                await RequestAsync(RequestLimit.Default, async (e, token) =>
                {
                    await e.Client.Swarm.UnlockSwarmAsync(parameters, token);
                    return true;
                });
                parameters.UnlockKey = "";
                WriteVerbose("The swarm manager is unlocked.");
            }, null);
        }
    }
}
