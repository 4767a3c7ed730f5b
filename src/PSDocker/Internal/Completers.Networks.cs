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
            string word = (wordToComplete ?? "").Trim('\'', '"');
            try
            {
                var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
                return CompleterSupport.Ask(fakeBoundParameters, "its networks", (engine, token) =>
                        engine.Client.Networks.ListNetworksAsync(new NetworksListParameters(), token))
                    .Where(n => !string.IsNullOrEmpty(n.Name) && pattern.IsMatch(n.Name))
                    .OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(n =>
                    {
                        string shortId = (n.ID ?? "").Length > 12 ? n.ID!.Substring(0, 12) : n.ID ?? "";
                        return new CompletionResult(n.Name, n.Name, CompletionResultType.ParameterValue, $"{n.Name} ({n.Driver}, {shortId})");
                    })
                    .ToList();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }
    }
}
