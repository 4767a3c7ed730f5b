using System;
using System.Collections.Generic;

namespace PSDocker.Streams
{
    /// <summary>
    /// The details the engine puts before each line of a service log asked for with details=1 (docker service logs):
    /// "KEY=VALUE,KEY=VALUE TEXT", the values URL-encoded, among them the node, service and task ids.
    /// </summary>
    internal static class ServiceLogDetails
    {
        internal const string NodeKey = "com.docker.swarm.node.id";
        internal const string ServiceKey = "com.docker.swarm.service.id";
        internal const string TaskKey = "com.docker.swarm.task.id";

        /// <summary>The details and the text of one line. A line without details (no "KEY=" before its first space) is all text.</summary>
        internal static (IReadOnlyDictionary<string, string> Details, string Text) Split(string line)
        {
            var details = new Dictionary<string, string>(StringComparer.Ordinal);
            string text = line ?? "";
            int space = text.IndexOf(' ');
            string head = space < 0 ? text : text.Substring(0, space);
            if (head.Length == 0)
            {
                // Details asked for but none given: the engine still writes the separating space.
                return (details, space == 0 ? text.Substring(1) : text);
            }

            foreach (string pair in head.Split(','))
            {
                int eq = pair.IndexOf('=');
                if (eq <= 0)
                {
                    return (new Dictionary<string, string>(StringComparer.Ordinal), text);
                }

                details[Uri.UnescapeDataString(pair.Substring(0, eq))] = Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' '));
            }

            return (details, space < 0 ? "" : text.Substring(space + 1));
        }
    }
}
