using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>
    /// Completes swarm node host names from the manager the command line points at, using the cached client (docker node
    /// ls), with the id, role and status as tooltip.
    /// </summary>
    public sealed class SwarmNodeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return CompleterSupport.Names(wordToComplete,
                () => CompleterSupport.Ask(fakeBoundParameters, "its swarm nodes", (engine, token) => engine.Client.Swarm.ListNodesAsync(token))
                    .OrderBy(n => n.Description?.Hostname, StringComparer.OrdinalIgnoreCase),
                n => n.Description?.Hostname, n => $"{n.Description?.Hostname} ({n.ID}, {n.Spec?.Role}, {n.Status?.State})");
        }
    }

    /// <summary>Completes swarm secret names from the manager the command line points at (docker secret ls), with the id as tooltip.</summary>
    public sealed class SwarmSecretNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return CompleterSupport.Names(wordToComplete,
                () => CompleterSupport.Ask(fakeBoundParameters, "its secrets", (engine, token) => engine.Client.Secrets.ListAsync(token))
                    .OrderBy(s => s.Spec?.Name, StringComparer.OrdinalIgnoreCase),
                s => s.Spec?.Name, s => $"{s.Spec?.Name} ({s.ID})");
        }
    }

    /// <summary>Completes swarm config names from the manager the command line points at (docker config ls), with the id as tooltip.</summary>
    public sealed class SwarmConfigNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return CompleterSupport.Names(wordToComplete,
                () => CompleterSupport.Ask(fakeBoundParameters, "its configs", (engine, token) => engine.Client.Configs.ListConfigsAsync(token))
                    .OrderBy(c => c.Spec?.Name, StringComparer.OrdinalIgnoreCase),
                c => c.Spec?.Name, c => $"{c.Spec?.Name} ({c.ID})");
        }
    }
}
