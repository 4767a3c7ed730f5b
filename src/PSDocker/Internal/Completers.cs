using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>Completes container names from the engine the command line points at, using the cached client.</summary>
    public sealed class ContainerNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // Link aliases ("app/db") are not names: they are left out.
            return CompleterSupport.Names(wordToComplete,
                () => CompleterSupport.ListContainers(fakeBoundParameters)
                    .SelectMany(c => (c.Names ?? new List<string>()).Select(n => (Name: n.TrimStart('/'), c.State, c.Image)))
                    .Where(n => n.Name.IndexOf('/') < 0)
                    .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase),
                n => n.Name, n => $"{n.Name} ({n.State}, {n.Image})");
        }
    }

    /// <summary>
    /// Completes container ids from the engine the command line points at, using the cached client:
    /// the 12-digit short id (a unique prefix, as docker ps prints it), with the name and state as tooltip.
    /// </summary>
    public sealed class ContainerIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"').ToLowerInvariant();
            try
            {
                return CompleterSupport.ListContainers(fakeBoundParameters)
                    .Where(c => !string.IsNullOrEmpty(c.ID) && c.ID.StartsWith(word, StringComparison.Ordinal))
                    .Select(c =>
                    {
                        string shortId = c.ID.Length > 12 ? c.ID.Substring(0, 12) : c.ID;
                        string name = (c.Names ?? new List<string>()).Select(n => n.TrimStart('/')).FirstOrDefault(n => n.IndexOf('/') < 0) ?? "";
                        return new CompletionResult(shortId, shortId, CompletionResultType.ParameterValue, $"{name} ({c.State}, {c.Image})");
                    })
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }
    }

    /// <summary>
    /// Completes image references from the engine the command line points at, using the cached client: the
    /// REPOSITORY:TAG names docker images prints (untagged images are left out: give their id), with the short id
    /// and size as tooltip.
    /// </summary>
    public sealed class ImageReferenceCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            try
            {
                var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
                return CompleterSupport.ListImages(fakeBoundParameters)
                    .SelectMany(i => (i.RepoTags ?? new List<string>())
                        .Where(t => !string.IsNullOrEmpty(t) && t != "<none>:<none>")
                        .Select(t => (Name: t, Image: i)))
                    .Where(n => pattern.IsMatch(n.Name))
                    .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(n =>
                    {
                        string id = (n.Image.ID ?? "").StartsWith("sha256:", StringComparison.Ordinal) ? n.Image.ID!.Substring(7) : n.Image.ID ?? "";
                        string shortId = id.Length > 12 ? id.Substring(0, 12) : id;
                        return new CompletionResult(n.Name, n.Name, CompletionResultType.ParameterValue, $"{n.Name} ({shortId}, {Humanize.Size(n.Image.Size)})");
                    })
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }
    }

    /// <summary>Completes docker context names.</summary>
    public sealed class ContextNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            try
            {
                var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
                var names = new List<string> { DockerConfigStore.DefaultContextName };
                names.AddRange(EndpointResolver.ForCurrentProcess(LocationPaths.ForCurrentRunspace()).Config.ListContexts().Select(c => c.Name));
                return names.Where(n => pattern.IsMatch(n))
                    .Select(n => new CompletionResult(n.IndexOf(' ') >= 0 ? $"'{n}'" : n, n, CompletionResultType.ParameterValue, n))
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }
    }

    internal static partial class CompleterSupport
    {
        private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(2);

        /// <summary>
        /// Every container (docker ps -a) of the engine the command line points at, through the cached
        /// client, off the pipeline thread and within a short budget: completion must never hang the prompt.
        /// </summary>
        internal static IList<ContainerListResponse> ListContainers(IDictionary fakeBoundParameters) =>
            Ask(fakeBoundParameters, "its containers", (engine, token) =>
                engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, token));

        /// <summary>Every top-level image (docker images) of the engine the command line points at, as <see cref="ListContainers"/>.</summary>
        internal static IList<ImagesListResponse> ListImages(IDictionary fakeBoundParameters) =>
            Ask(fakeBoundParameters, "its images", (engine, token) =>
                engine.Client.Images.ListImagesAsync(new ImagesListParameters(), token));

        /// <summary>
        /// The completions of a name parameter: the names of <paramref name="items"/> (listed from the engine inside this
        /// call) that match the word typed so far as a case-insensitive prefix (wildcards allowed), in the order given,
        /// each followed by <paramref name="suffix"/> and with its tooltip. Nothing when the engine cannot be asked.
        /// </summary>
        internal static IEnumerable<CompletionResult> Names<T>(string? wordToComplete, Func<IEnumerable<T>> items, Func<T, string?> name,
            Func<T, string> tooltip, string suffix = "")
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            try
            {
                var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
                return items()
                    .Where(i => !string.IsNullOrEmpty(name(i)) && pattern.IsMatch(name(i)))
                    .Select(i => new CompletionResult(name(i) + suffix, name(i) + suffix, CompletionResultType.ParameterValue, tooltip(i)))
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }

        /// <summary>One request to the engine the command line points at, through the cached client, within the budget.</summary>
        internal static T Ask<T>(IDictionary fakeBoundParameters, string what, Func<EngineConnection, CancellationToken, Task<T>> request)
        {
            Func<string, string> fullPath = LocationPaths.ForCurrentRunspace();
            EndpointRequest endpointRequest = RequestFrom(fakeBoundParameters);
            endpointRequest.TlsCertPath = endpointRequest.TlsCertPath is null ? null : fullPath(endpointRequest.TlsCertPath);
            DockerEndpoint endpoint = EndpointResolver.ForCurrentProcess(fullPath).Resolve(endpointRequest, Commands.DockerCmdlet.SessionDefault);

            // Not disposed here: a listing abandoned at the budget may still hold its token.
            var cts = new CancellationTokenSource(s_budget);
            Task<T> list = Task.Run(async () =>
            {
                EngineConnection engine = await EngineClientCache.GetAsync(endpoint, cts.Token).ConfigureAwait(false);
                // WaitAsync stops waiting at the budget even where the library cannot be cancelled (a hung TLS handshake).
                return await EngineClientCache.WaitAsync(request(engine, cts.Token), cts.Token).ConfigureAwait(false);
            });
            if (!list.Wait(s_budget + TimeSpan.FromMilliseconds(250)))
            {
                throw new TimeoutException($"The engine did not list {what} within the completion budget.");
            }

            return list.Result;
        }

        internal static EndpointRequest RequestFrom(IDictionary bound)
        {
            // -Context and -HostAddress may hold several engines: names are completed from the first.
            static string? Get(IDictionary d, string key)
            {
                object? value = d.Contains(key) ? (d[key] is PSObject p ? p.BaseObject : d[key]) : null;
                if (value is not string && LanguagePrimitives.GetEnumerable(value) is IEnumerable items)
                {
                    value = items.Cast<object?>().FirstOrDefault();
                    value = value is PSObject first ? first.BaseObject : value;
                }

                return value is null ? null : LanguagePrimitives.ConvertTo<string>(value);
            }

            return new EndpointRequest
            {
                HostAddress = Get(bound, "HostAddress"),
                Context = Get(bound, "Context"),
                TlsCertPath = Get(bound, "TlsCertPath"),
            };
        }
    }
}
