using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSDocker
{
    /// <summary>What the engine's events are about and what they say, from the Engine API's reference (GET /events).</summary>
    internal static class EventVocabulary
    {
        /// <summary>The object types an event can be about (the type filter's values), as API 1.41 lists them.</summary>
        internal static readonly string[] Types =
        {
            "container", "image", "volume", "network", "daemon", "plugin", "node", "service", "secret", "config",
        };

        /// <summary>The filter keys the events API takes (anything else is refused before anything is sent).</summary>
        internal static readonly string[] FilterKeys =
        {
            "config", "container", "daemon", "event", "image", "label", "network", "node", "plugin", "scope", "secret", "service", "type", "volume",
        };

        /// <summary>The actions each type reports (the event filter's values).</summary>
        internal static readonly IReadOnlyDictionary<string, string[]> Actions = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["container"] = new[]
            {
                "attach", "commit", "copy", "create", "destroy", "detach", "die", "exec_create", "exec_detach", "exec_die", "exec_start",
                "export", "health_status", "kill", "oom", "pause", "rename", "resize", "restart", "start", "stop", "top", "unpause", "update", "prune",
            },
            ["image"] = new[] { "create", "delete", "import", "load", "pull", "push", "save", "tag", "untag", "prune" },
            ["volume"] = new[] { "create", "mount", "unmount", "destroy", "prune" },
            ["network"] = new[] { "create", "connect", "disconnect", "destroy", "update", "remove", "prune" },
            ["daemon"] = new[] { "reload" },
            ["plugin"] = new[] { "enable", "disable", "install", "remove" },
            ["node"] = new[] { "create", "update", "remove" },
            ["service"] = new[] { "create", "update", "remove" },
            ["secret"] = new[] { "create", "update", "remove" },
            ["config"] = new[] { "create", "update", "remove" },
        };
    }

    /// <summary>Completes event types (Get-DockerEvent -Type): container, image, volume, network, ...</summary>
    public sealed class EventTypeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            return EventVocabulary.Types
                .Where(t => t.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(t => new CompletionResult(t, t, CompletionResultType.ParameterValue, $"{t} events ({string.Join(", ", EventVocabulary.Actions[t])})"))
                .ToList();
        }
    }

    /// <summary>
    /// Completes event actions (Get-DockerEvent -Action): the actions of the types given with -Type, or of every type,
    /// each with the types that report it as tooltip.
    /// </summary>
    public sealed class EventActionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? "").Trim('\'', '"');
            var types = new HashSet<string>(Bound(fakeBoundParameters, "Type"), StringComparer.OrdinalIgnoreCase);
            return EventVocabulary.Actions
                .Where(a => types.Count == 0 || types.Contains(a.Key))
                .SelectMany(a => a.Value.Select(action => (Action: action, Type: a.Key)))
                .Where(a => a.Action.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .GroupBy(a => a.Action, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new CompletionResult(g.Key, g.Key, CompletionResultType.ParameterValue, $"{g.Key} ({string.Join(", ", g.Select(a => a.Type))})"))
                .ToList();
        }

        private static IEnumerable<string> Bound(IDictionary bound, string name)
        {
            object? value = bound?.Contains(name) == true ? bound[name] : null;
            value = value is PSObject pso ? pso.BaseObject : value;
            return value switch
            {
                null => Enumerable.Empty<string>(),
                string s => new[] { s },
                IEnumerable items => items.Cast<object?>().Select(i => i?.ToString() ?? ""),
                _ => new[] { value.ToString() ?? "" },
            };
        }
    }
}
