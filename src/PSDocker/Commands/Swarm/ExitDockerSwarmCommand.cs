using System;
using System.Management.Automation;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Makes the engine leave its swarm, like docker swarm leave.</para>
    /// <para type="description">Makes this engine leave the swarm it is in (POST /swarm/leave). A manager leaves only with
    /// -Force (docker swarm leave --force), which may break the swarm's quorum: without it the engine's refusal is
    /// SwarmLeaveNeedsForce. An engine in no swarm gives SwarmNotInitialized (no error with -Force). The node stays in the
    /// managers' node list as Down until Remove-SwarmNode removes it there.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Exit, "DockerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class ExitDockerSwarmCommand : DockerCmdlet
    {
        /// <summary>Leave even as a manager (docker swarm leave --force; the API's force). An engine in no swarm is then no error.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string ErrorNoun => "Swarm";

        protected override void ProcessRecord()
        {
            Run(async () =>
            {
                string target = ResolveEndpoint().ToString();
                if (!ShouldProcess(target, Force ? "Leave the swarm, even as a manager (docker swarm leave --force)" : "Leave the swarm (docker swarm leave)"))
                {
                    return;
                }

                try
                {
                    await RequestAsync(RequestLimit.None, async (e, token) =>
                    {
                        await e.Client.Swarm.LeaveSwarmAsync(new SwarmLeaveParameters { Force = Force ? true : null }, token);
                        return true;
                    });
                    WriteVerbose("This node left the swarm.");
                }
                catch (DockerApiException e) when (Force && ErrorMapper.SwarmRefusal(ErrorMapper.EngineMessage(e.ResponseBody) ?? "") is (SwarmNodes.SwarmNotInitializedErrorId, _))
                {
                    WriteVerbose("This engine is in no swarm: nothing to leave (-Force).");
                }
                catch (DockerApiException e) when ((ErrorMapper.EngineMessage(e.ResponseBody) ?? "").IndexOf("--force", StringComparison.Ordinal) >= 0)
                {
                    throw new PSDockerException(
                        $"The engine refused to leave without -Force: {ErrorMapper.EngineMessage(e.ResponseBody)}",
                        "SwarmLeaveNeedsForce", ErrorCategory.InvalidOperation, target, e);
                }
            }, null);
        }
    }
}
