using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet;

namespace PSDocker.Commands
{
    /// <summary>
    /// The base of the Get- and Remove- cmdlets of swarm secrets and configs: -Name (names, ids or unique id prefixes, with
    /// wildcards where the cmdlet takes them; by value and by property name) or -Id (by property name), resolved on a
    /// manager as docker secret inspect and docker config inspect resolve them.
    /// </summary>
    public abstract class SwarmObjectCommandBase<T> : DockerCmdlet where T : class
    {
        /// <summary>The parameter set of -Name.</summary>
        public const string NameSet = "Name";

        /// <summary>The parameter set of -Id.</summary>
        public const string IdSet = "Id";

        /// <summary>How this cmdlet's kind of object is listed, inspected and named.</summary>
        private protected abstract SwarmObjectKind<T> Objects { get; }

        /// <summary>"secret" or "config", as messages name them.</summary>
        private protected string Kind => Objects.Kind;

        /// <summary>
        /// Removes the objects <paramref name="names"/> or <paramref name="ids"/> name (docker secret rm, docker config rm),
        /// each confirmed by ShouldProcess; a refusal is that object's error and the others go on. Names with wildcards
        /// are refused before anything is sent (select with <paramref name="getter"/> and pipe).
        /// </summary>
        private protected void RemoveSelected(string[]? names, string[]? ids, string getter)
        {
            CheckInput(names, () => SwarmObjects.CheckNoWildcards(names, "Name", getter, MyInvocation.MyCommand.Name));
            Run(async () =>
            {
                foreach (var (item, _) in await SelectAsync(names, ids))
                {
                    string shown = $"{Objects.Name(item)} ({Objects.Id(item)})";
                    if (!ShouldProcess(shown, $"Remove {Kind} (docker {Kind} rm)"))
                    {
                        continue;
                    }

                    try
                    {
                        await RequestAsync(RequestLimit.Default, async (e, token) =>
                        {
                            await Objects.Remove(e, Objects.Id(item), token);
                            return true;
                        });
                        WriteVerbose($"Removed {Kind} {shown}.");
                    }
                    catch (DockerApiException e)
                    {
                        WriteItemError(SwarmObjects.ToError(e, ErrorNoun, Kind, Objects.Name(item)) ?? (Exception)e, Objects.Name(item));
                    }
                }
            }, (object?)names ?? ids);
        }

        /// <summary>
        /// The objects <paramref name="names"/> or <paramref name="ids"/> name, each once, in the order given: a wildcard
        /// name matches the names of the listed objects (sorted by name; nothing when none matches); any other name is
        /// asked of the engine, which takes a name, an id or a unique id prefix; an id must be the id or a prefix of it.
        /// Each one not found (or named ambiguously) writes its error and the others go on. No names: every object.
        /// </summary>
        private protected async Task<List<(T Item, DockerEndpoint Endpoint)>> SelectAsync(string[]? names, string[]? ids)
        {
            DockerEndpoint? endpoint = null;
            var selected = new List<(T, DockerEndpoint)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            IList<T>? listed = null;
            async Task<IList<T>> List() => listed ??= await RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return Objects.List(e, token);
            }) ?? new List<T>();

            if (names is null && ids is null)
            {
                foreach (T item in (await List()).OrderBy(Objects.Name, StringComparer.Ordinal))
                {
                    selected.Add((item, endpoint!));
                }

                return selected;
            }

            bool byId = ids is not null;
            foreach (string text in (ids ?? names!).Select(n => n.Trim()))
            {
                if (!byId && WildcardPattern.ContainsWildcardCharacters(text))
                {
                    var pattern = new WildcardPattern(text, WildcardOptions.CultureInvariant);
                    foreach (T item in (await List()).Where(i => pattern.IsMatch(Objects.Name(i))).OrderBy(Objects.Name, StringComparer.Ordinal))
                    {
                        if (seen.Add(Objects.Id(item)))
                        {
                            selected.Add((item, endpoint!));
                        }
                    }

                    continue;
                }

                T found;
                try
                {
                    found = await RequestAsync(RequestLimit.Default, (e, token) =>
                    {
                        endpoint = e.Endpoint;
                        return Objects.Inspect(e, text, token);
                    });
                }
                catch (DockerApiException e) when (SwarmObjects.ToError(e, ErrorNoun, "", text) is PSDockerException mapped &&
                    mapped.ErrorId.StartsWith(ErrorNoun, StringComparison.Ordinal))
                {
                    WriteItemError(mapped, text);
                    continue;
                }

                if (byId && !Objects.Id(found).StartsWith(text, StringComparison.Ordinal))
                {
                    WriteItemError(ErrorNoun + "NotFound", ErrorCategory.ObjectNotFound, $"No {Kind} has the id {text}.", text);
                    continue;
                }

                if (seen.Add(Objects.Id(found)))
                {
                    selected.Add((found, endpoint!));
                }
            }

            return selected;
        }
    }

    /// <summary>How one kind of swarm object (secrets, configs) is listed, inspected and named, for <see cref="SwarmObjectCommandBase{T}"/>.</summary>
    internal sealed class SwarmObjectKind<T>
    {
        internal SwarmObjectKind(string kind, Func<EngineConnection, System.Threading.CancellationToken, Task<IList<T>>> list,
            Func<EngineConnection, string, System.Threading.CancellationToken, Task<T>> inspect,
            Func<EngineConnection, string, System.Threading.CancellationToken, Task> remove, Func<T, string> id, Func<T, string> name)
        {
            Remove = remove;
            Kind = kind;
            List = list;
            Inspect = inspect;
            Id = id;
            Name = name;
        }

        internal string Kind { get; }

        internal Func<EngineConnection, System.Threading.CancellationToken, Task<IList<T>>> List { get; }

        internal Func<EngineConnection, string, System.Threading.CancellationToken, Task<T>> Inspect { get; }

        internal Func<EngineConnection, string, System.Threading.CancellationToken, Task> Remove { get; }

        internal Func<T, string> Id { get; }

        internal Func<T, string> Name { get; }
    }

    /// <summary>The swarm object kinds.</summary>
    internal static class SwarmObjectKinds
    {
        internal static readonly SwarmObjectKind<Docker.DotNet.Models.Secret> Secrets = new SwarmObjectKind<Docker.DotNet.Models.Secret>(
            "secret", async (e, token) => await e.Client.Secrets.ListAsync(token), (e, r, token) => e.Client.Secrets.InspectAsync(r, token),
            (e, id, token) => e.Client.Secrets.DeleteAsync(id, token), s => s.ID ?? "", s => s.Spec?.Name ?? "");

        internal static readonly SwarmObjectKind<Docker.DotNet.Models.SwarmConfig> Configs = new SwarmObjectKind<Docker.DotNet.Models.SwarmConfig>(
            "config", async (e, token) => await e.Client.Configs.ListConfigsAsync(token), (e, r, token) => e.Client.Configs.InspectConfigAsync(r, token),
            (e, id, token) => e.Client.Configs.RemoveConfigAsync(id, token), c => c.ID ?? "", c => c.Spec?.Name ?? "");
    }
}
