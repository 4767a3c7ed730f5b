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
        private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(2);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            try
            {
                DockerEndpoint endpoint = EndpointResolver.ForCurrentProcess().Resolve(
                    CompleterSupport.RequestFrom(fakeBoundParameters), Commands.DockerCmdlet.SessionDefault);

                // Off the pipeline thread, with a short budget: completion must never hang the prompt.
                List<(string Name, string Detail)> names = Task.Run(async () =>
                {
                    using var cts = new CancellationTokenSource(s_budget);
                    EngineConnection engine = await EngineClientCache.GetAsync(endpoint, cts.Token).ConfigureAwait(false);
                    IList<ContainerListResponse> list = await engine.Client.Containers
                        .ListContainersAsync(new ContainersListParameters { All = true }, cts.Token).ConfigureAwait(false);
                    return list.SelectMany(c => (c.Names ?? new List<string>()).Select(n =>
                        (n.TrimStart('/'), $"{n.TrimStart('/')} ({c.State}, {c.Image})"))).ToList();
                }).GetAwaiter().GetResult();

                var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
                return names.Where(n => n.Name.IndexOf('/') < 0 && pattern.IsMatch(n.Name))
                    .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(n => new CompletionResult(n.Name, n.Name, CompletionResultType.ParameterValue, n.Detail))
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
                names.AddRange(EndpointResolver.ForCurrentProcess().Config.ListContexts().Select(c => c.Name));
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

    internal static class CompleterSupport
    {
        internal static EndpointRequest RequestFrom(IDictionary bound)
        {
            static string? Get(IDictionary d, string key) =>
                d.Contains(key) ? LanguagePrimitives.ConvertTo<string>(d[key] is PSObject p ? p.BaseObject : d[key]) : null;

            return new EndpointRequest
            {
                HostAddress = Get(bound, "HostAddress"),
                Context = Get(bound, "Context"),
                TlsCertPath = Get(bound, "TlsCertPath"),
            };
        }
    }
}
