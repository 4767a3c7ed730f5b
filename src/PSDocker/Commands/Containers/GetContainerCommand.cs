using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets containers, like docker ps and docker inspect.</para>
    /// <para type="description">Running containers by default; -All adds stopped ones. Naming containers
    /// (-Name, -Id), asking for a -Status, or for the -Last/-Latest created ones looks at every container,
    /// running or not. A name is resolved as the engine resolves it (full id, exact name, unique id prefix).
    /// A container given by exact name or id carries what docker inspect knows (IsInspected); a listing
    /// (no name, wildcards, filters) is one request and leaves those properties null.</para>
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
        /// containers share is a ContainerIdAmbiguous error; one that matches carries what docker inspect
        /// knows (IsInspected). Ids piped by value (docker ps -q) bind here.
        /// </summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// Container ids: the full 64-digit id or a prefix only one container has (as docker accepts them;
        /// a "sha256:" prefix is ignored). One that matches nothing is a ContainerNotFound error; a prefix
        /// several containers share is a ContainerIdAmbiguous error. The container found carries what
        /// docker inspect knows (IsInspected).
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

        /// <summary>How many names or ids one call looks up one by one before it lists all containers instead.</summary>
        private const int MaxLookups = 8;

        protected override string ErrorNoun => "Container";

        protected override bool SeveralEngines => true;

        // docker inspect's answers by full id, gathered while resolving one input's names: a container the
        // lookup already described is not asked for again.
        private readonly Dictionary<string, ContainerInspectResponse> _inspected = new Dictionary<string, ContainerInspectResponse>(StringComparer.Ordinal);

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
            foreach (string name in Name ?? Array.Empty<string>())
            {
                if (ContainerIdentity.CheckWildcard(name, "-Name") is PSDockerException bad)
                {
                    ThrowTerminatingError(new ErrorRecord(bad, bad.ErrorId, bad.Category, name));
                }
            }

            var filters = BuildFilters();
            int limit = LastGiven ? Last : Latest ? 1 : 0;
            bool selecting = Name is not null || Id is not null;
            _inspected.Clear();   // each input is described as it is now, on its own engine
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

                // Sizes (docker ps -s) can take the engine minutes to compute: no client-side limit for them.
                RequestLimit listLimit = Size ? RequestLimit.None : RequestLimit.Default;

                // Named containers are looked up one by one (docker inspect's lookup, and the list filtered by
                // id), so finding one, or each id piped from docker ps -q, costs small answers, not the whole list.
                // Not with -Last: which are newest is the engine's list order, finer than the Created seconds.
                // Beyond a few names, one whole list costs less than two requests a name.
                bool narrowed = selecting && limit == 0 && (Name?.Length ?? 0) + (Id?.Length ?? 0) <= MaxLookups &&
                    ContainerIdentity.CanNarrow(Name, filters);
                IEnumerable<ContainerListResponse> list;
                if (narrowed)
                {
                    var finds = (Name ?? Array.Empty<string>()).Select(n => FindAsync(n, idsOnly: false, filters, parameters))
                        .Concat((Id ?? Array.Empty<string>()).Select(i => FindAsync(ContainerIdentity.NormalizeId(i), idsOnly: true, filters, parameters)));
                    list = (await Task.WhenAll(finds)).SelectMany(found => found);
                }
                else
                {
                    list = await RequestAsync(listLimit, (e, token) => e.Client.Containers.ListContainersAsync(parameters, token));
                }

                List<ContainerListResponse> items = list.GroupBy(item => item.ID, StringComparer.Ordinal).Select(g => g.First()).ToList();
                List<Container> containers = items.Select(item => ModelMapper.ToContainer(item, engine.Endpoint, Size)).ToList();
                if (narrowed && !ResolvesAll(containers))
                {
                    // An id prefix several containers share (the engine's lookups refuse it), or a name that is
                    // not there: decide on the whole list, which can name the candidates or a name in other case.
                    items = (await RequestAsync(listLimit, (e, token) => e.Client.Containers.ListContainersAsync(parameters, token))).ToList();
                    containers = items.Select(item => ModelMapper.ToContainer(item, engine.Endpoint, Size)).ToList();
                }

                if (!selecting)
                {
                    WriteContainers(containers);   // a listing: the one request above, nothing inspected
                    return;
                }

                // With -Status, -Label or -Filter, a container that exists but does not match them is not an
                // error (docker ps --filter name=... gives nothing either): find out which those are.
                List<Container>? unfiltered = null;
                if (filters is not null && !ResolvesAll(containers))
                {
                    unfiltered = (await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.ListContainersAsync(
                        new ContainersListParameters { All = true }, token)))
                        .Select(item => ModelMapper.ToContainer(item, engine.Endpoint)).ToList();
                }

                // Each container once, where it was first selected; inspected when any exact name or id selected it.
                List<(Container Container, string Identity, bool Exact)> selected = Select(containers, engine.Endpoint, unfiltered)
                    .GroupBy(s => s.Container.Id, StringComparer.Ordinal)
                    .Select(g => (g.First().Container, g.FirstOrDefault(s => s.Exact).Identity ?? g.First().Identity, g.Any(s => s.Exact)))
                    .ToList();
                if (limit > 0)
                {
                    // The engine lists the newest first; keep that order for the selection and take the first N.
                    var order = new Dictionary<string, int>(StringComparer.Ordinal);
                    for (int i = 0; i < containers.Count; i++)
                    {
                        order[containers[i].Id] = i;
                    }

                    selected = selected.OrderBy(s => order[s.Container.Id]).Take(limit).ToList();
                }

                // Containers named exactly carry what docker inspect knows: from the lookup's own answer when it
                // gave one, else asked by full id (all at once). Wildcard matches stay as listed.
                var details = await Task.WhenAll(selected.Select(s => s.Exact ? InspectAsync(s.Container.Id) : Task.FromResult<(ContainerInspectResponse?, Exception?)>((null, null))));
                var output = new List<Container>();
                for (int i = 0; i < selected.Count; i++)
                {
                    (ContainerInspectResponse? inspect, Exception? failure) = details[i];
                    if (failure is not null)
                    {
                        WriteItemError(failure, selected[i].Identity);   // removed since it was listed
                        continue;
                    }

                    output.Add(inspect is null ? selected[i].Container : Detailed(selected[i].Container, inspect, engine.Endpoint, items));
                }

                WriteContainers(output);
            }, (object?)Name ?? Id);
        }

        private void WriteContainers(IEnumerable<Container> containers)
        {
            foreach (Container c in containers)
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
        }

        /// <summary>The listed container again, with docker inspect's answer for it.</summary>
        private Container Detailed(Container listed, ContainerInspectResponse inspect, DockerEndpoint endpoint, IEnumerable<ContainerListResponse> list)
        {
            ContainerListResponse? item = list.FirstOrDefault(c => string.Equals(c.ID, listed.Id, StringComparison.Ordinal));
            return item is null ? listed : ModelMapper.ToContainer(item, endpoint, Size, inspect);
        }

        /// <summary>
        /// docker inspect's answer for a container by full id: the one the name lookup already got, or a new
        /// request. A container removed since it was listed gives the engine's error (ContainerNotFound) instead.
        /// </summary>
        private async Task<(ContainerInspectResponse? Inspect, Exception? Failure)> InspectAsync(string fullId)
        {
            lock (_inspected)
            {
                if (_inspected.TryGetValue(fullId, out ContainerInspectResponse? known))
                {
                    return (known, null);
                }
            }

            try
            {
                ContainerInspectResponse answer = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.InspectContainerAsync(fullId, token));
                return (answer, null);
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return (null, e);
            }
        }

        /// <summary>
        /// The containers one identity can resolve to, from two small requests sent together: the list filtered
        /// by the identity as an id prefix (when it can be one), and, for a name-or-id, the engine's own lookup
        /// (GET /containers/{identity}/json, as docker inspect: full id, name or link alias, unique id prefix),
        /// whose container is then listed by its full id. Caller filters (status, labels) apply to both lists.
        /// </summary>
        private async Task<IEnumerable<ContainerListResponse>> FindAsync(string identity, bool idsOnly,
            IDictionary<string, IDictionary<string, bool>>? filters, ContainersListParameters parameters)
        {
            Task<IList<ContainerListResponse>> ListAsync(string idPrefix) =>
                RequestAsync(parameters.Size == true ? RequestLimit.None : RequestLimit.Default, (e, token) => e.Client.Containers.ListContainersAsync(new ContainersListParameters
                {
                    All = parameters.All,
                    Size = parameters.Size,
                    Filters = ContainerIdentity.WithIdPrefix(filters, idPrefix),
                }, token));

            string? prefix = ContainerIdentity.IdPrefix(identity);
            Task<IList<ContainerListResponse>> byId = prefix is null
                ? Task.FromResult<IList<ContainerListResponse>>(new List<ContainerListResponse>())
                : ListAsync(prefix);
            // For -Id too: its answer, kept by full id, spares asking again for the details of the container found.
            Task<string?> lookedUp = !ContainerIdentity.CouldBeName(identity)
                ? Task.FromResult<string?>(null)
                : RequestAsync<string?>(RequestLimit.Default, async (e, token) =>
                {
                    try
                    {
                        ContainerInspectResponse answer = await e.Client.Containers.InspectContainerAsync(identity.Trim(), token);
                        if (!string.IsNullOrEmpty(answer.ID))
                        {
                            lock (_inspected)
                            {
                                _inspected[answer.ID] = answer;
                            }
                        }

                        return idsOnly ? null : answer.ID;   // an -Id value is not a name: found by the id list only
                    }
                    catch (DockerApiException)
                    {
                        // No such container (404), or an ambiguous prefix (400; 500 from older engines): decided
                        // on the whole list, whose request reports any real engine failure.
                        return null;
                    }
                });
            await Task.WhenAll(byId, lookedUp);

            IList<ContainerListResponse> found = byId.Result;
            if (lookedUp.Result is string fullId && !found.Any(c => string.Equals(c.ID, fullId, StringComparison.Ordinal)))
            {
                return found.Concat(await ListAsync(fullId));
            }

            return found;
        }

        /// <summary>True when every -Name and -Id value resolves to one container among <paramref name="containers"/>.</summary>
        private bool ResolvesAll(IReadOnlyCollection<Container> containers) =>
            (Name ?? Array.Empty<string>()).All(n => ContainerIdentity.Resolve(n, containers).Container is not null) &&
            (Id ?? Array.Empty<string>()).All(i => ContainerIdentity.ResolveId(i, containers).Container is not null);

        /// <summary>
        /// The containers -Name and -Id select, in their order, with the text that selected each and whether that
        /// text was exact (a name or id, not a wildcard); a container selected twice comes twice. Writes
        /// ContainerNotFound / ContainerIdAmbiguous for texts that select none.
        /// </summary>
        private IEnumerable<(Container Container, string Identity, bool Exact)> Select(List<Container> all, DockerEndpoint endpoint, List<Container>? unfiltered)
        {
            foreach (string name in Name ?? Array.Empty<string>())
            {
                if (ContainerIdentity.IsWildcard(name))
                {
                    foreach (Container c in ContainerIdentity.MatchWildcard(name, all))
                    {
                        yield return (c, name, false);
                    }

                    continue;
                }

                ContainerResolution resolution = ContainerIdentity.Resolve(name, all);
                if (resolution.Container is Container found)
                {
                    yield return (found, name, true);
                }
                else if (unfiltered is not null && ContainerIdentity.Resolve(name, unfiltered).Container is Container other)
                {
                    WriteVerbose($"'{name}' ({other.ShortId}, {other.Status}) does not match the filters given.");
                }
                else
                {
                    WriteItemError(ContainerIdentity.ToError(resolution, endpoint, unfiltered ?? all)!, name);
                }
            }

            foreach (string id in Id ?? Array.Empty<string>())
            {
                ContainerResolution resolution = ContainerIdentity.ResolveId(id, all);
                if (resolution.Container is Container found)
                {
                    yield return (found, id, true);
                }
                else if (unfiltered is not null && ContainerIdentity.ResolveId(id, unfiltered).Container is Container other)
                {
                    WriteVerbose($"'{id}' ({other.Name}, {other.Status}) does not match the filters given.");
                }
                else
                {
                    WriteItemError(ContainerIdentity.ToError(resolution, endpoint, unfiltered ?? all, idsOnly: true)!, id);
                }
            }
        }

        /// <summary>The filters of -Status, -Label and -Filter (an empty -Filter key is InvalidFilter, before anything is sent).</summary>
        private IDictionary<string, IDictionary<string, bool>>? BuildFilters() => CheckInput(Filter, () =>
        {
            var filter = new EngineFilter();
            filter.Add("status", Status?.Select(s => s.ToLowerInvariant()));
            filter.Add("label", Label);
            filter.AddTable(Filter, nameof(Filter));
            return filter.ToApi();
        });
    }
}
