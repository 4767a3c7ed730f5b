using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PSDocker
{
    /// <summary>How a container identity was resolved.</summary>
    internal enum ContainerMatchKind
    {
        /// <summary>Nothing matched.</summary>
        None = 0,

        /// <summary>The full 64-digit id.</summary>
        FullId,

        /// <summary>The container's name, exactly (case-sensitive, as docker compares names).</summary>
        Name,

        /// <summary>A link alias ("app/db"), exactly, as docker inspect accepts it.</summary>
        LinkAlias,

        /// <summary>A prefix of exactly one container's id.</summary>
        IdPrefix,

        /// <summary>A prefix of several containers' ids.</summary>
        AmbiguousIdPrefix,
    }

    /// <summary>The outcome of resolving one identity: the container, or why there is none.</summary>
    internal sealed class ContainerResolution
    {
        internal ContainerResolution(string identity, ContainerMatchKind kind, IReadOnlyList<Container> candidates)
        {
            Identity = identity;
            Kind = kind;
            Candidates = candidates;
        }

        /// <summary>The identity as given.</summary>
        internal string Identity { get; }

        internal ContainerMatchKind Kind { get; }

        /// <summary>The one match, or every container an ambiguous prefix matches; empty when none.</summary>
        internal IReadOnlyList<Container> Candidates { get; }

        /// <summary>The container, when exactly one matched.</summary>
        internal Container? Container => Kind != ContainerMatchKind.None && Kind != ContainerMatchKind.AmbiguousIdPrefix ? Candidates[0] : null;
    }

    /// <summary>
    /// Resolves what a user typed for a container to the container, the way the engine does
    /// (moby's daemon GetContainer, used by docker inspect, stop, rm...): the full id first, then the exact
    /// name (case-sensitive; link aliases too), then a prefix of the id that only one container has. A
    /// prefix several ids share is an error of its own (ContainerIdAmbiguous). Names with wildcards are
    /// matched against the containers' own names (not link aliases), ignoring case, as PowerShell matches
    /// names. Every cmdlet that takes a container by name or id resolves it here.
    /// </summary>
    internal static class ContainerIdentity
    {
        /// <summary>Error id for an identity that matches no container (category ObjectNotFound).</summary>
        internal const string NotFoundErrorId = "ContainerNotFound";

        /// <summary>Error id for an id prefix several containers share (category InvalidArgument).</summary>
        internal const string AmbiguousErrorId = "ContainerIdAmbiguous";

        /// <summary>Resolves a name or an id (full or a unique prefix), as docker does.</summary>
        internal static ContainerResolution Resolve(string identity, IReadOnlyCollection<Container> containers) =>
            Resolve(identity, containers, idsOnly: false);

        /// <summary>Resolves an id only: full, or a unique prefix. A "sha256:" prefix is ignored; letters may be upper case.</summary>
        internal static ContainerResolution ResolveId(string id, IReadOnlyCollection<Container> containers)
        {
            ContainerResolution r = Resolve(NormalizeId(id), containers, idsOnly: true);
            return new ContainerResolution(id, r.Kind, r.Candidates);
        }

        private static ContainerResolution Resolve(string identity, IReadOnlyCollection<Container> containers, bool idsOnly)
        {
            if (identity.Length == 0)
            {
                return new ContainerResolution(identity, ContainerMatchKind.None, Array.Empty<Container>());
            }

            Container? byId = containers.FirstOrDefault(c => string.Equals(c.Id, identity, StringComparison.Ordinal));
            if (byId is not null)
            {
                return One(identity, ContainerMatchKind.FullId, byId);
            }

            if (!idsOnly)
            {
                // docker takes a name with or without its leading slash ("/web" is "web").
                string name = identity.TrimStart('/');
                Container? byName = containers.FirstOrDefault(c => c.Names.Any(n => string.Equals(n, name, StringComparison.Ordinal)));
                if (byName is not null)
                {
                    return One(identity, ContainerMatchKind.Name, byName);
                }

                string alias = identity.TrimStart('/');
                Container? byAlias = containers.FirstOrDefault(c => c.LinkAliases.Any(n => string.Equals(n, alias, StringComparison.Ordinal)));
                if (byAlias is not null)
                {
                    return One(identity, ContainerMatchKind.LinkAlias, byAlias);
                }
            }

            List<Container> byPrefix = containers.Where(c => c.Id.StartsWith(identity, StringComparison.Ordinal)).ToList();
            return byPrefix.Count switch
            {
                0 => new ContainerResolution(identity, ContainerMatchKind.None, Array.Empty<Container>()),
                1 => One(identity, ContainerMatchKind.IdPrefix, byPrefix[0]),
                _ => new ContainerResolution(identity, ContainerMatchKind.AmbiguousIdPrefix, byPrefix),
            };
        }

        private static ContainerResolution One(string identity, ContainerMatchKind kind, Container container) =>
            new ContainerResolution(identity, kind, new[] { container });

        /// <summary>
        /// True when the engine can be asked for the named containers one by one instead of listing them all:
        /// no wildcard name (matched here, ignoring case), and no caller filter on "name" or "id" (values added
        /// to those would widen them, as the engine ORs the values of one key).
        /// </summary>
        internal static bool CanNarrow(IEnumerable<string>? names, IDictionary<string, IDictionary<string, bool>>? baseFilters) =>
            (baseFilters is null || (!baseFilters.ContainsKey("name") && !baseFilters.ContainsKey("id"))) &&
            !(names ?? Array.Empty<string>()).Any(IsWildcard);

        /// <summary>
        /// <paramref name="baseFilters"/> (left unchanged) plus an "id" filter: the engine lists the one container
        /// whose id has that prefix, and none when several do (its id index refuses an ambiguous prefix).
        /// </summary>
        internal static IDictionary<string, IDictionary<string, bool>> WithIdPrefix(IDictionary<string, IDictionary<string, bool>>? baseFilters, string prefix)
        {
            var set = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);
            foreach (var pair in baseFilters ?? new Dictionary<string, IDictionary<string, bool>>())
            {
                set[pair.Key] = pair.Value;
            }

            set["id"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [prefix] = true };
            return set;
        }

        /// <summary>
        /// True when the text can name a container (docker's name rule, [a-zA-Z0-9][a-zA-Z0-9_.-]*, with an
        /// optional leading slash, and '/' between the parts of a link alias) or be an id: only such text is
        /// worth asking the engine about.
        /// </summary>
        internal static bool CouldBeName(string text)
        {
            string t = text.Trim().TrimStart('/');
            if (t.Length == 0 || !char.IsLetterOrDigit(t[0]) || t[0] > 'z')
            {
                return false;
            }

            foreach (char ch in t)
            {
                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-' || ch == '/'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>An id as -Id takes it: trimmed, lower case, without a "sha256:" prefix.</summary>
        internal static string NormalizeId(string id)
        {
            string text = id.Trim().ToLowerInvariant();
            return text.StartsWith("sha256:", StringComparison.Ordinal) ? text.Substring("sha256:".Length) : text;
        }

        /// <summary>The id prefix the engine's id filter takes for the text, or null when it cannot be part of an id (not hex).</summary>
        internal static string? IdPrefix(string text)
        {
            string t = text.Trim();
            if (t.Length == 0 || t.Length > 64)
            {
                return null;
            }

            foreach (char ch in t)
            {
                if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
                {
                    return null;   // ids are lower-case hex; docker does not match "ABC" as an id either
                }
            }

            return t;
        }

        /// <summary>The containers whose own names match a wildcard pattern, ignoring case; link aliases never match.</summary>
        internal static IEnumerable<Container> MatchWildcard(string pattern, IEnumerable<Container> containers)
        {
            var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            return containers.Where(c => c.Names.Any(n => wildcard.IsMatch(n)));
        }

        /// <summary>
        /// Null when a wildcard name is a valid pattern; else an error (InvalidWildcard, InvalidArgument) naming the
        /// parameter and the pattern, raised before anything is sent.
        /// </summary>
        internal static PSDockerException? CheckWildcard(string pattern, string parameter)
        {
            if (!IsWildcard(pattern))
            {
                return null;
            }

            try
            {
                new WildcardPattern(pattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant).IsMatch("");
                return null;
            }
            catch (WildcardPatternException e)
            {
                return new PSDockerException($"{parameter} '{pattern}' is not a valid wildcard pattern: {e.Message} " +
                    "Escape a literal [ or ] with a backtick (`[).", "InvalidWildcard", ErrorCategory.InvalidArgument, pattern);
            }
        }

        /// <summary>True when the text is a wildcard pattern rather than a name or id.</summary>
        internal static bool IsWildcard(string text) => WildcardPattern.ContainsWildcardCharacters(text);

        /// <summary>
        /// The error for an identity that did not resolve to one container: ContainerNotFound
        /// (ObjectNotFound) or ContainerIdAmbiguous (InvalidArgument, naming the candidates).
        /// Null when it did resolve.
        /// </summary>
        internal static PSDockerException? ToError(ContainerResolution resolution, DockerEndpoint endpoint, IReadOnlyCollection<Container> containers, bool idsOnly = false)
        {
            switch (resolution.Kind)
            {
                case ContainerMatchKind.None:
                    string what = idsOnly ? "with id" : "named or with id";
                    string message = $"No container {what} '{resolution.Identity}' exists on {endpoint}.";
                    if (!idsOnly)
                    {
                        // Names are case-sensitive in docker; point at the one the user probably meant.
                        string wanted = resolution.Identity.TrimStart('/');
                        List<string> near = containers.SelectMany(c => c.Names)
                            .Where(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToList();
                        if (near.Count > 0)
                        {
                            message += $" Container names are case-sensitive: there {(near.Count == 1 ? "is one" : "are ones")} named " +
                                string.Join(" and ", near.Select(n => $"'{n}'")) + ".";
                        }
                    }

                    return new PSDockerException(message, NotFoundErrorId, ErrorCategory.ObjectNotFound, resolution.Identity);

                case ContainerMatchKind.AmbiguousIdPrefix:
                    string candidates = string.Join(", ", resolution.Candidates.Select(c => $"{c.ShortId} ({c.Name})"));
                    return new PSDockerException(
                        $"The id prefix '{resolution.Identity}' matches {resolution.Candidates.Count} containers on {endpoint}: {candidates}. Give more digits of the id, or the name.",
                        AmbiguousErrorId, ErrorCategory.InvalidArgument, resolution.Identity);

                default:
                    return null;
            }
        }
    }
}
