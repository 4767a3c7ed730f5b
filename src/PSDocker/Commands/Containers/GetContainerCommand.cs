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
    /// (-Name, -Id) or asking for a -Status looks at every container, running or not.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Container", DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(Container))]
    public sealed class GetContainerCommand : DockerCmdlet
    {
        private const string ByNameSet = "ByName";
        private const string ByIdSet = "ById";

        /// <summary>Container names; wildcards allowed. Without wildcards a name that matches nothing is an error.</summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Container ids, full or a unique prefix (as docker accepts).</summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
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

        protected override string ErrorNoun => "Container";

        protected override void ProcessRecord()
        {
            var filters = BuildFilters();
            Run(async () =>
            {
                EngineConnection engine = await ConnectAsync();
                bool all = All || Name is not null || Id is not null || Status is not null;
                IList<ContainerListResponse> list = await RequestAsync((e, token) => e.Client.Containers.ListContainersAsync(
                    new ContainersListParameters { All = all, Filters = filters }, token));

                foreach (Container c in Select(list.Select(item => ModelMapper.ToContainer(item, engine.Endpoint)), engine.Endpoint))
                {
                    WriteObject(c);
                }
            }, (object?)Name ?? Id);
        }

        private IEnumerable<Container> Select(IEnumerable<Container> containers, DockerEndpoint endpoint)
        {
            if (Name is null && Id is null)
            {
                foreach (Container c in containers)
                {
                    yield return c;
                }

                yield break;
            }

            List<Container> all = containers.ToList();
            var emitted = new HashSet<string>(StringComparer.Ordinal);

            foreach (string name in Name ?? Array.Empty<string>())
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                bool found = false;
                foreach (Container c in all.Where(c => c.Names.Any(n => pattern.IsMatch(n))))
                {
                    found = true;
                    if (emitted.Add(c.Id))
                    {
                        yield return c;
                    }
                }

                if (!found && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteItemError("ContainerNotFound", ErrorCategory.ObjectNotFound,
                        $"No container named '{name}' exists on {endpoint}.", name);
                }
            }

            foreach (string id in Id ?? Array.Empty<string>())
            {
                string prefix = id.Trim().ToLowerInvariant();
                if (prefix.StartsWith("sha256:", StringComparison.Ordinal))
                {
                    prefix = prefix.Substring(7);
                }

                bool found = false;
                foreach (Container c in all.Where(c => c.Id.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    found = true;
                    if (emitted.Add(c.Id))
                    {
                        yield return c;
                    }
                }

                if (!found)
                {
                    WriteItemError("ContainerNotFound", ErrorCategory.ObjectNotFound, $"No container with id '{id}' exists on {endpoint}.", id);
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
