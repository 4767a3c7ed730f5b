using System;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes swarm services, like docker service rm.</para>
    /// <para type="description">Removes each service by name or id; the swarm then stops and removes its tasks on every
    /// node (in the background, as docker service rm). A service that does not exist is SwarmServiceNotFound
    /// (non-terminating) and the others are still removed. -PassThru writes each service removed, as it was just
    /// before.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "SwarmService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SwarmService))]
    public sealed class RemoveSwarmServiceCommand : SwarmServiceCommandBase
    {
        /// <summary>The services, by name or id (prefix). Strings bind by value, SwarmService objects by their Name (and their Endpoint).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Service")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmServiceNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Write each service removed, as it was just before.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (string text in (Name ?? Array.Empty<string>()).Select(n => n.Trim()))
            {
                Run(async () =>
                {
                    EngineConnection engine = await ConnectAsync();
                    if (await FindAsync(text, withCounts: PassThru) is not Docker.DotNet.Models.SwarmService found)
                    {
                        return;
                    }

                    string name = found.Spec?.Name ?? text;
                    if (!ShouldProcess($"{name} ({found.ID})", "Remove swarm service (docker service rm)"))
                    {
                        return;
                    }

                    try
                    {
                        await RequestAsync(RequestLimit.Default, async (e, token) =>
                        {
                            await e.Client.Swarm.RemoveServiceAsync(found.ID, token);
                            return true;
                        });
                    }
                    catch (DockerApiException e) when (SwarmServiceIdentity.ToError(e, name) is PSDockerException mapped)
                    {
                        WriteItemError(mapped, name);
                        return;
                    }

                    if (PassThru)
                    {
                        WriteObject(ModelMapper.ToSwarmService(found, engine.Endpoint));
                    }
                }, text);
            }
        }
    }
}
