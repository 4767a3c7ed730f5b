using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Changes a swarm node's availability, role and labels, like docker node update, promote and demote.</para>
    /// <para type="description">Reads each node's spec and version (GET /nodes/{id}), changes what is given and sends it back
    /// (POST /nodes/{id}/update), on a manager. The spec is read after the confirmation prompt; when another change went
    /// in between the read and the send (the engine's "update out of sequence"), it is read and applied again, up to 3
    /// times, then the node's error is SwarmUpdateConflict. -Availability Drain moves the node's tasks to other nodes; Pause keeps them
    /// but schedules no new ones; Active schedules again. -Role Manager promotes, Worker demotes (docker node promote,
    /// docker node demote). -Label adds or replaces labels, -RemoveLabel removes them (docker node update --label-add,
    /// --label-rm); placement constraints read them as node.labels.KEY. -PassThru writes the node as it is after the
    /// change.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SwarmNode))]
    public sealed class SetSwarmNodeCommand : DockerCmdlet
    {
        /// <summary>
        /// Nodes by id, unique id prefix, host name or "self", as docker node update takes them. SwarmNode objects bind by
        /// their Id (and their Endpoint). A node not found is SwarmNodeNotFound (non-terminating).
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "Node")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmNodeCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Active, Pause or Drain (docker node update --availability; Spec.Availability).</summary>
        [Parameter]
        [ValidateSet("Active", "Pause", "Drain", IgnoreCase = true)]
        public string? Availability { get; set; }

        /// <summary>Manager (docker node promote) or Worker (docker node demote); Spec.Role.</summary>
        [Parameter]
        [ValidateSet("Manager", "Worker", IgnoreCase = true)]
        public string? Role { get; set; }

        /// <summary>Labels to add or replace (docker node update --label-add; Spec.Labels): KEY=VALUE strings, KEY alone (empty value), or a hashtable. An empty key is an InvalidLabelSpec error.</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Label { get; set; }

        /// <summary>Label keys to remove (docker node update --label-rm). A key the node does not have is ignored.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RemoveLabel { get; set; }

        /// <summary>Write each node as it is after the change (a SwarmNode).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "SwarmNode";

        protected override void ProcessRecord()
        {
            Dictionary<string, string> add = CheckInput(Label, () => KeyValueSpec.ToMap(Label, nameof(Label)));
            Run(async () =>
            {
                string? selfId = null;
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
                    if (!ShouldProcess($"{hostname} ({node.ID})", "Update swarm node (docker node update)"))
                    {
                        continue;
                    }

                    // The version is read after the prompt, and again when another change went in first.
                    string nodeId = node.ID;
                    try
                    {
                        await SwarmUpdates.SendAsync($"Swarm node '{given}'", async () =>
                        {
                            NodeListResponse current = await SwarmNodes.InspectAsync(this, nodeId);
                            NodeUpdateParameters update = Change(current.Spec ?? new NodeUpdateParameters(), add);
                            return await RequestAsync(RequestLimit.Default, async (e, token) =>
                            {
                                await e.Client.Swarm.UpdateNodeAsync(nodeId, current.Version?.Index ?? 0, update, token);
                                return true;
                            });
                        });
                    }
                    catch (DockerApiException e)
                    {
                        WriteItemError(SwarmNodes.ToError(e, given) ?? (Exception)e, given);
                        continue;
                    }
                    catch (PSDockerException e) when (!SwarmNodes.IsSwarmWide(e))
                    {
                        WriteItemError(e, given);
                        continue;
                    }

                    WriteVerbose($"Updated swarm node {hostname} ({node.ID}).");
                    if (PassThru)
                    {
                        selfId ??= await SwarmNodes.SelfIdAsync(this);
                        NodeListResponse after = await SwarmNodes.InspectAsync(this, node.ID);
                        DockerEndpoint endpoint = ResolveEndpoint();
                        WriteObject(ModelMapper.ToSwarmNode(after, selfId, endpoint));
                    }
                }
            }, Name);
        }

        /// <summary>The node's spec with the changes given: labels removed then added, role and availability when given.</summary>
        private NodeUpdateParameters Change(NodeUpdateParameters spec, Dictionary<string, string> add)
        {
            var labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            foreach (string key in RemoveLabel ?? Array.Empty<string>())
            {
                labels.Remove(key);
            }

            foreach (KeyValuePair<string, string> pair in add)
            {
                labels[pair.Key] = pair.Value;
            }

            return new NodeUpdateParameters
            {
                Name = spec.Name,
                Labels = labels,
                Role = Role?.ToLowerInvariant() ?? spec.Role,
                Availability = Availability?.ToLowerInvariant() ?? spec.Availability,
            };
        }
    }
}
