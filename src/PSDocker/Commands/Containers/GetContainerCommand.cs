using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets containers, like docker ps and docker inspect.</para>
    /// <para type="description">Running containers by default; -All adds stopped ones. Naming containers
    /// (-Name, -Id), asking for a -Status, or for the -Last/-Latest created ones looks at every container,
    /// running or not. A name is resolved as the engine resolves it (full id, exact name, unique id prefix).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Container", DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(Container))]
    public sealed class GetContainerCommand : DockerCmdlet
    {
        private const string ByNameSet = "ByName";
        private const string ByIdSet = "ById";

        /// <summary>The type name given to containers listed with -Size: their table adds docker's SIZE column.</summary>
        internal const string SizeTypeName = "PSDocker.Container#Size";

        /// <summary>
        /// Containers by name or id, as docker inspect takes them: the full id, the exact name
        /// (case-sensitive, as docker), or a prefix of the id that only one container has. Wildcards
        /// (* ? [ ]) match the containers' own names, ignoring case, and never link aliases. Without
        /// wildcards, one that matches nothing is a ContainerNotFound error; an id prefix several
        /// containers share is a ContainerIdAmbiguous error. Ids piped by value (docker ps -q) bind here.
        /// </summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// Container ids: the full 64-digit id or a prefix only one container has (as docker accepts them;
        /// a "sha256:" prefix is ignored). One that matches nothing is a ContainerNotFound error; a prefix
        /// several containers share is a ContainerIdAmbiguous error.
        /// </summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>Include stopped containers (docker ps -a).</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>Only containers in these states.</summary>
        [Parameter]
        [ValidateSet("created", "running", "paused", "restarting", "removing", "exited", "dead", IgnoreCase = true)]
        public string[]? Status { get; set; }

        /// <summary>Only containers with these labels: "key" (any value) or "key=value". All must match.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>
        /// Engine filters as docker ps --filter takes them, e.g. @{ ancestor = 'busybox'; network = 'web' }.
        /// A value may be a list.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? Filter { get; set; }

        /// <summary>
        /// Only the N most recently created containers, in any state (docker ps -n N; the list API's
        /// limit). 1 or more. With -Name or -Id, the N most recent of the containers they select.
        /// </summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; }

        /// <summary>Only the most recently created container, in any state (docker ps -l): -Last 1.</summary>
        [Parameter]
        public SwitchParameter Latest { get; set; }

        /// <summary>
        /// Also get the containers' sizes (docker ps -s; the list API's size=true): SizeRw and SizeRootFs
        /// in bytes, and SizeText as docker prints it. The engine takes longer to answer.
        /// </summary>
        [Parameter]
        public SwitchParameter Size { get; set; }

        protected override string ErrorNoun => "Container";

        private bool LastGiven => MyInvocation.BoundParameters.ContainsKey(nameof(Last));

        protected override void BeginProcessing()
        {
            if (LastGiven && Latest)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-Latest cannot be combined with -Last {Last}: -Latest is -Last 1. Give one of them."),
                    "LatestWithLast", ErrorCategory.InvalidArgument, Last));
            }
        }

        protected override void ProcessRecord()
        {
            var filters = BuildFilters();
            int limit = LastGiven ? Last : Latest ? 1 : 0;
            bool selecting = Name is not null || Id is not null;
            Run(async () =>
            {
                EngineConnection engine = await ConnectAsync();
                bool all = All || selecting || Status is not null || limit > 0;
                var parameters = new ContainersListParameters { All = all, Filters = filters };
                if (limit > 0 && !selecting)
                {
                    parameters.Limit = limit;   // the engine keeps the newest
                }

                if (Size)
                {
                    parameters.Size = true;
                }

                IList<ContainerListResponse> list = await RequestAsync((e, token) => e.Client.Containers.ListContainersAsync(parameters, token));
                List<Container> containers = list.Select(item => ModelMapper.ToContainer(item, engine.Endpoint, Size)).ToList();

                IEnumerable<Container> output = selecting ? Select(containers, engine.Endpoint) : containers;
                if (limit > 0 && selecting)
                {
                    // The engine lists the newest first; keep that order for the selection and take the first N.
                    var order = new Dictionary<string, int>(StringComparer.Ordinal);
                    for (int i = 0; i < containers.Count; i++)
                    {
                        order[containers[i].Id] = i;
                    }

                    output = output.ToList().OrderBy(c => order[c.Id]).Take(limit);
                }

                foreach (Container c in output)
                {
                    if (Size)
                    {
                        PSObject wrapped = new PSObject(c);
                        wrapped.TypeNames.Insert(0, SizeTypeName);
                        WriteObject(wrapped);
                    }
                    else
                    {
                        WriteObject(c);
                    }
                }
            }, (object?)Name ?? Id);
        }

        private IEnumerable<Container> Select(List<Container> all, DockerEndpoint endpoint)
        {
            var emitted = new HashSet<string>(StringComparer.Ordinal);

            foreach (string name in Name ?? Array.Empty<string>())
            {
                if (ContainerIdentity.IsWildcard(name))
                {
                    foreach (Container c in ContainerIdentity.MatchWildcard(name, all))
                    {
                        if (emitted.Add(c.Id))
                        {
                            yield return c;
                        }
                    }

                    continue;
                }

                ContainerResolution resolution = ContainerIdentity.Resolve(name, all);
                if (resolution.Container is Container found)
                {
                    if (emitted.Add(found.Id))
                    {
                        yield return found;
                    }
                }
                else
                {
                    WriteItemError(ContainerIdentity.ToError(resolution, endpoint, all)!, name);
                }
            }

            foreach (string id in Id ?? Array.Empty<string>())
            {
                ContainerResolution resolution = ContainerIdentity.ResolveId(id, all);
                if (resolution.Container is Container found)
                {
                    if (emitted.Add(found.Id))
                    {
                        yield return found;
                    }
                }
                else
                {
                    WriteItemError(ContainerIdentity.ToError(resolution, endpoint, all, idsOnly: true)!, id);
                }
            }
        }

        private IDictionary<string, IDictionary<string, bool>>? BuildFilters()
        {
            var filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);

            void Add(string key, string value)
            {
                if (!filters.TryGetValue(key, out IDictionary<string, bool>? values))
                {
                    values = new Dictionary<string, bool>(StringComparer.Ordinal);
                    filters[key] = values;
                }

                values[value] = true;
            }

            foreach (string s in Status ?? Array.Empty<string>())
            {
                Add("status", s.ToLowerInvariant());
            }

            foreach (string l in Label ?? Array.Empty<string>())
            {
                Add("label", l);
            }

            if (Filter is not null)
            {
                foreach (DictionaryEntry entry in Filter)
                {
                    string key = entry.Key?.ToString() ?? "";
                    if (key.Length == 0)
                    {
                        ThrowTerminatingError(new ErrorRecord(new ArgumentException("A -Filter key is empty."),
                            "InvalidFilter", ErrorCategory.InvalidArgument, Filter));
                    }

                    object? value = entry.Value is PSObject pso ? pso.BaseObject : entry.Value;
                    if (value is string || value is null || value is not IEnumerable)
                    {
                        Add(key, LanguagePrimitives.ConvertTo<string>(value) ?? "");
                    }
                    else
                    {
                        foreach (object? item in (IEnumerable)value)
                        {
                            Add(key, LanguagePrimitives.ConvertTo<string>(item is PSObject p ? p.BaseObject : item) ?? "");
                        }
                    }
                }
            }

            return filters.Count == 0 ? null : filters;
        }
    }
}
