using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the nodes of the swarm, like docker node ls and docker node inspect.</para>
    /// <para type="description">Writes one SwarmNode per node of the swarm, asked of a manager (GET /nodes): id, host name,
    /// role, status, availability, manager status (Leader, Reachable, Unreachable), address, engine version and labels. The
    /// node of the engine asked has IsSelf, and the table marks its id with *, as docker node ls does. Without -Name every
    /// node is written, by host name. On a worker the engine's refusal is SwarmNotManager; on an engine in no swarm
    /// SwarmNotInitialized.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SwarmNode")]
    [OutputType(typeof(SwarmNode))]
    public sealed class GetSwarmNodeCommand : DockerCmdlet
    {
        /// <summary>
        /// Nodes by id, unique id prefix, host name or "self" (the engine asked), as docker node inspect takes them, or
        /// wildcard patterns matched against host names and ids. A node not found is SwarmNodeNotFound (non-terminating);
        /// a prefix several ids share is SwarmNodeAmbiguous. SwarmNode objects bind by their Id.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "Node")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmNodeCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only nodes of this role: Manager or Worker (docker node ls --filter role=...).</summary>
        [Parameter]
        [ValidateSet("Manager", "Worker", IgnoreCase = true)]
        public string? Role { get; set; }

        protected override string ErrorNoun => "SwarmNode";


        /// <summary>Several -Context or -HostAddress values ask each engine, concurrently (see DockerCmdlet).</summary>

        protected override bool SeveralEngines => true;

        protected override void ProcessRecord()
        {
            var given = (Name ?? Array.Empty<string>()).Select(n => n.Trim()).ToList();
            Run(async () =>
            {
                string selfId = await SwarmNodes.SelfIdAsync(this);
                DockerEndpoint? endpoint = null;
                IList<NodeListResponse> listed = await RequestAsync(RequestLimit.Default, (e, token) =>
                {
                    endpoint = e.Endpoint;
                    return e.Client.Swarm.ListNodesAsync(token);
                }) ?? new List<NodeListResponse>();
                List<SwarmNode> nodes = listed.Select(n => ModelMapper.ToSwarmNode(n, selfId, endpoint!))
                    .Where(n => Role is null || string.Equals(n.Role, Role, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(n => n.Hostname, StringComparer.OrdinalIgnoreCase).ThenBy(n => n.Id, StringComparer.Ordinal)
                    .ToList();

                if (given.Count == 0)
                {
                    nodes.ForEach(n => WriteObject(n));
                    return;
                }

                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (string text in given)
                {
                    List<SwarmNode> found;
                    if (WildcardPattern.ContainsWildcardCharacters(text))
                    {
                        var pattern = new WildcardPattern(text, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                        found = nodes.Where(n => pattern.IsMatch(n.Hostname) || pattern.IsMatch(n.Id)).ToList();
                    }
                    else
                    {
                        found = Match(nodes, text, selfId);
                        if (found.Count == 0)
                        {
                            WriteItemError(SwarmNodes.NotFoundErrorId, ErrorCategory.ObjectNotFound,
                                $"No such swarm node: {text}{(Role is null ? "" : $" (with role {Role.ToLowerInvariant()})")}. Get-SwarmNode lists the swarm's nodes.", text);
                            continue;
                        }

                        if (found.Count > 1)
                        {
                            WriteItemError("SwarmNodeAmbiguous", ErrorCategory.InvalidArgument,
                                $"'{text}' names several swarm nodes ({string.Join(", ", found.Select(n => n.Id))}): give more of the id.", text);
                            continue;
                        }
                    }

                    foreach (SwarmNode n in found.Where(n => written.Add(n.Id)))
                    {
                        WriteObject(n);
                    }
                }
            }, Name);
        }

        /// <summary>The nodes <paramref name="text"/> names as docker node inspect resolves it: "self", the id, the host name, else a prefix of the id.</summary>
        private static List<SwarmNode> Match(List<SwarmNode> nodes, string text, string selfId)
        {
            string reference = string.Equals(text, "self", StringComparison.Ordinal) ? selfId : text;
            List<SwarmNode> exact = nodes.Where(n => string.Equals(n.Id, reference, StringComparison.Ordinal)).ToList();
            if (exact.Count == 0)
            {
                exact = nodes.Where(n => string.Equals(n.Hostname, reference, StringComparison.OrdinalIgnoreCase)).ToList();
            }

            return exact.Count > 0 || reference.Length == 0 ? exact : nodes.Where(n => n.Id.StartsWith(reference, StringComparison.Ordinal)).ToList();
        }
    }
}
