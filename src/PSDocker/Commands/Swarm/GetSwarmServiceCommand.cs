using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets swarm services, like docker service ls and docker service inspect.</para>
    /// <para type="description">Writes one SwarmService per service of the swarm whose manager the call talks to: its
    /// mode, replicas as docker service ls shows them ("2/4": running and desired tasks), image, published ports, and
    /// what docker service inspect adds (command, environment, labels, constraints, update state). Without -Name every
    /// service is listed, by name. -Name takes names and wildcard patterns; -Id takes ids or id prefixes. A name or id
    /// that matches no service is a SwarmServiceNotFound error (non-terminating, per name); a pattern that matches
    /// nothing writes nothing. An engine that is no swarm manager gives SwarmNotManager (SwarmNotInitialized on an engine in no swarm).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SwarmService", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(SwarmService))]
    public sealed class GetSwarmServiceCommand : DockerCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";

        /// <summary>
        /// Services by name (exact), or wildcard patterns (* ? [ ]) matched against the names. Strings and objects with a
        /// Name (a SwarmService) bind from the pipeline.
        /// </summary>
        [Parameter(ParameterSetName = NameSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Service")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmServiceNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Services by full id or a unique id prefix (docker service inspect ID).</summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Only services with these labels: "key" (any value) or "key=value", or a hashtable; all must match (docker service ls --filter label=...).</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        protected override string ErrorNoun => SwarmServiceIdentity.Noun;


        /// <summary>Several -Context or -HostAddress values ask each engine, concurrently (see DockerCmdlet).</summary>

        protected override bool SeveralEngines => true;

        protected override void ProcessRecord()
        {
            var names = (Name ?? Array.Empty<string>()).Select(n => n.Trim()).ToList();
            var ids = (Id ?? Array.Empty<string>()).Select(n => n.Trim()).ToList();
            Run(async () =>
            {
                EngineConnection engine = await ConnectAsync();
                var filter = new EngineFilter();
                filter.Add("label", Label);
                IList<Docker.DotNet.Models.SwarmService> listed = await SwarmServiceIdentity.ListAsync(this, filter.ToApi());
                IEnumerable<Docker.DotNet.Models.SwarmService> byName = listed.OrderBy(s => s.Spec?.Name, StringComparer.Ordinal);
                SwarmService Map(Docker.DotNet.Models.SwarmService s) => ModelMapper.ToSwarmService(s, engine.Endpoint);

                if (names.Count == 0 && ids.Count == 0)
                {
                    foreach (Docker.DotNet.Models.SwarmService s in byName)
                    {
                        WriteObject(Map(s));
                    }

                    return;
                }

                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (string text in names.Concat(ids))
                {
                    List<Docker.DotNet.Models.SwarmService> found;
                    if (ids.Count > 0)
                    {
                        found = byName.Where(s => s.ID == text).ToList();
                        if (found.Count == 0)
                        {
                            found = byName.Where(s => (s.ID ?? "").StartsWith(text, StringComparison.Ordinal)).ToList();
                        }
                    }
                    else if (WildcardPattern.ContainsWildcardCharacters(text))
                    {
                        var pattern = new WildcardPattern(text, WildcardOptions.CultureInvariant);
                        found = byName.Where(s => pattern.IsMatch(s.Spec?.Name ?? "")).ToList();
                        found.ForEach(s => { if (written.Add(s.ID)) WriteObject(Map(s)); });
                        continue;
                    }
                    else
                    {
                        found = byName.Where(s => s.Spec?.Name == text).ToList();
                    }

                    if (found.Count == 1)
                    {
                        if (written.Add(found[0].ID))
                        {
                            WriteObject(Map(found[0]));
                        }

                        continue;
                    }

                    if (found.Count > 1)
                    {
                        WriteItemError("SwarmServiceAmbiguous", ErrorCategory.InvalidArgument,
                            $"The id prefix '{text}' matches {found.Count} services ({string.Join(", ", found.Select(s => s.Spec?.Name))}): give more of the id.", text);
                        continue;
                    }

                    // Not listed: no such service, or it does not match -Label.
                    try
                    {
                        await SwarmServiceIdentity.InspectAsync(this, text, withCounts: false);
                        WriteVerbose($"Service '{text}' does not match -Label.");
                    }
                    catch (PSDockerException e) when (e.ErrorId == SwarmServiceIdentity.NotFoundErrorId)
                    {
                        WriteItemError(e, text);
                    }
                }
            }, (object?)Name ?? Id);
        }
    }
}
