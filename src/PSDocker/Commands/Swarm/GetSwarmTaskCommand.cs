using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the tasks of swarm services, like docker service ps.</para>
    /// <para type="description">Writes one SwarmTask per task: its name (SERVICE.SLOT), the node that runs it by
    /// hostname, the state the swarm wants and the one it is in, with its age as docker service ps prints it ("Running 5
    /// seconds ago"), and the error that stopped it. -Service keeps the tasks of some services (SwarmService objects bind
    /// by their Name; an id prefix several services share is SwarmServiceAmbiguous), -Node those of some nodes ("self", hostnames,
    /// ids or id prefixes; one the swarm does not have is SwarmNodeNotFound, a prefix several share SwarmNodeAmbiguous), -DesiredState those the swarm wants running,
    /// shut down or accepted. Tasks come by service, then slot, newest first within a slot, as docker service ps lists
    /// them. A service that does not exist is SwarmServiceNotFound (non-terminating).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SwarmTask")]
    [OutputType(typeof(SwarmTask))]
    public sealed class GetSwarmTaskCommand : DockerCmdlet
    {
        /// <summary>Only the tasks of these services, by name or id (docker service ps SERVICE). Strings bind by value, SwarmService objects by their Name.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmServiceNameCompleter))]
        public string[]? Service { get; set; }

        /// <summary>Only the tasks on these nodes, by "self", hostname, id or id prefix (docker service ps --filter node=...). A node the swarm does not have is SwarmNodeNotFound; a prefix or hostname several nodes share is SwarmNodeAmbiguous.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmNodeCompleter))]
        public string[]? Node { get; set; }

        /// <summary>Only tasks the swarm wants in this state (docker service ps --filter desired-state=...): running, shutdown or accepted.</summary>
        [Parameter]
        [ValidateSet("running", "shutdown", "accepted", IgnoreCase = true)]
        public string? DesiredState { get; set; }

        protected override string ErrorNoun => SwarmServiceIdentity.Noun;

        /// <summary>Several -Context or -HostAddress values ask each engine, concurrently (see DockerCmdlet).</summary>
        protected override bool SeveralEngines => true;

        protected override void ProcessRecord()
        {
            var services = (Service ?? Array.Empty<string>()).Select(s => s.Trim()).ToList();
            Run(async () =>
            {
                EngineConnection engine = await ConnectAsync();
                IList<Docker.DotNet.Models.SwarmService> listed = await SwarmServiceIdentity.ListAsync(this);
                var serviceNames = listed.Where(s => s.ID is not null).ToDictionary(s => s.ID, s => s.Spec?.Name ?? s.ID, StringComparer.Ordinal);
                IReadOnlyDictionary<string, string> nodeNames = await SwarmNodes.HostnamesAsync(this);

                var filter = new EngineFilter();
                foreach (string text in services)
                {
                    // By exact name, full id or unique id prefix, as docker service ps finds it (an ambiguous prefix is SwarmServiceAmbiguous).
                    Docker.DotNet.Models.SwarmService found;
                    try
                    {
                        found = await SwarmServiceIdentity.InspectAsync(this, text, withCounts: false);
                    }
                    catch (PSDockerException e) when (e.ErrorId is SwarmServiceIdentity.NotFoundErrorId or SwarmServiceIdentity.AmbiguousErrorId)
                    {
                        WriteItemError(e, text);
                        continue;
                    }

                    filter.Add("service", found.ID);
                }

                if (services.Count > 0 && filter.ValuesOf("service").Count == 0)
                {
                    return;
                }

                foreach (string node in (Node ?? Array.Empty<string>()).Select(n => n.Trim()))
                {
                    // "self", an id, a unique id prefix or a host name, as docker service ps --filter node=... takes them;
                    // SwarmNodeNotFound and SwarmNodeAmbiguous are thrown: the base makes them this engine's error.
                    NodeListResponse found = await SwarmNodes.InspectAsync(this, node);
                    filter.Add("node", found.ID);
                }

                if (DesiredState is not null)
                {
                    filter.Add("desired-state", DesiredState.ToLowerInvariant());
                }

                IList<TaskResponse> tasks = await RequestAsync(RequestLimit.Default, (e, token) =>
                    e.Client.Tasks.ListAsync(new TasksListParameters { Filters = filter.ToApi() }, token));
                foreach (TaskResponse t in tasks
                    .OrderBy(t => serviceNames.TryGetValue(t.ServiceID ?? "", out string? n) ? n : t.ServiceID, StringComparer.Ordinal)
                    .ThenBy(t => t.Slot is > 0 ? t.Slot.Value.ToString("D10") : t.NodeID ?? "", StringComparer.Ordinal)
                    .ThenByDescending(t => t.CreatedAt ?? DateTime.MinValue))
                {
                    WriteObject(ModelMapper.ToSwarmTask(t, serviceNames, nodeNames, engine.Endpoint));
                }
            }, Service);
        }
    }
}
