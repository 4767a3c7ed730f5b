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
    /// Completes volume names from the engine the command line points at, using the cached client (docker volume ls),
    /// with the driver and, for anonymous volumes, that word as tooltip.
    /// </summary>
    public sealed class VolumeNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return CompleterSupport.Names(wordToComplete, () => Ordered(fakeBoundParameters), v => v.Name,
                v => $"{v.Name} ({v.Driver}{(VolumeIdentity.IsAnonymous(v.Name, null) ? ", anonymous" : "")})");
        }

        /// <summary>The engine's volumes, named ones first, each group by name.</summary>
        internal static IEnumerable<VolumeResponse> Ordered(IDictionary fakeBoundParameters) =>
            CompleterSupport.ListVolumes(fakeBoundParameters)
                .OrderBy(v => VolumeIdentity.IsAnonymous(v.Name, null)).ThenBy(v => v.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Completes the source of a -Volume spec (docker -v NAME:DST) with volume names, each followed by ':' so the container
    /// path can be typed next. A word that already has a ':' or looks like a host path (/, ., ~ or \) gets nothing here,
    /// so PowerShell completes it as a path.
    /// </summary>
    public sealed class VolumeSpecCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            if (word.IndexOfAny(new[] { ':', '/', '\\' }) >= 0 || word.StartsWith(".", StringComparison.Ordinal) || word.StartsWith("~", StringComparison.Ordinal))
            {
                return Array.Empty<CompletionResult>();
            }

            return CompleterSupport.Names(wordToComplete, () => VolumeNameCompleter.Ordered(fakeBoundParameters), v => v.Name,
                v => $"{v.Name} ({v.Driver})", suffix: ":");
        }
    }

    internal static partial class CompleterSupport
    {
        /// <summary>Every volume (docker volume ls) of the engine the command line points at, as <see cref="ListContainers"/>.</summary>
        internal static IList<VolumeResponse> ListVolumes(IDictionary fakeBoundParameters) =>
            Ask(fakeBoundParameters, "its volumes", async (engine, token) =>
                (await engine.Client.Volumes.ListAsync(new VolumesListParameters(), token).ConfigureAwait(false)).Volumes ?? new List<VolumeResponse>());
    }
}
