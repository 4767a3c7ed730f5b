using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>Completes network names from the engine the command line points at, using the cached client, with driver and short id as tooltip.</summary>
    public sealed class NetworkNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return CompleterSupport.Names(wordToComplete,
                () => CompleterSupport.Ask(fakeBoundParameters, "its networks", (engine, token) =>
                        engine.Client.Networks.ListNetworksAsync(new NetworksListParameters(), token))
                    .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase),
                n => n.Name, n =>
                {
                    string shortId = (n.ID ?? "").Length > 12 ? n.ID!.Substring(0, 12) : n.ID ?? "";
                    return $"{n.Name} ({n.Driver}, {shortId})";
                });
        }
    }
}
