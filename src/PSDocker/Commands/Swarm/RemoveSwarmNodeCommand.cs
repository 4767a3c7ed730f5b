using System;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes nodes from the swarm, like docker node rm.</para>
    /// <para type="description">Removes each node from the swarm's node list (DELETE /nodes/{id}), on a manager. A node that
    /// is still up is refused (SwarmNodeNotDown) unless -Force, which removes it anyway (docker node rm --force); a manager
    /// must be demoted first (SwarmNodeIsManager). A node not found is SwarmNodeNotFound (non-terminating).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveSwarmNodeCommand : DockerCmdlet
    {
        /// <summary>Nodes by id, unique id prefix or host name, as docker node rm takes them. SwarmNode objects bind by their Id (and their Endpoint).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "Node")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmNodeCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Remove a node even when it is not down (docker node rm --force; the API's force).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string ErrorNoun => "SwarmNode";

        protected override void ProcessRecord()
        {
            Run(async () =>
            {
                foreach (string given in Name!.Select(n => n.Trim()))
                {
                    NodeListResponse node;
                    try
                    {
                        node = await SwarmNodes.InspectAsync(this, given);
                    }
                    catch (PSDockerException e) when (!SwarmNodes.IsSwarmWide(e))
                    {
                        WriteItemError(e, given);
                        continue;
                    }

                    string hostname = node.Description?.Hostname ?? "";
                    if (!ShouldProcess($"{hostname} ({node.ID})", Force ? "Remove swarm node (docker node rm --force)" : "Remove swarm node (docker node rm)"))
                    {
                        continue;
                    }

                    try
                    {
                        await RequestAsync(RequestLimit.Default, async (e, token) =>
                        {
                            await e.Client.Swarm.RemoveNodeAsync(node.ID, Force ? true : null, token);
                            return true;
                        });
                        WriteVerbose($"Removed swarm node {hostname} ({node.ID}).");
                    }
                    catch (DockerApiException e)
                    {
                        WriteItemError(SwarmNodes.ToError(e, given) ?? (Exception)e, given);
                    }
                }
            }, Name);
        }
    }
}
