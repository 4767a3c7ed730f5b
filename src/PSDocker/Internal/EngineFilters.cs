using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PSDocker
{
    /// <summary>
    /// The engine's list and prune filters (the API's filters query: key to set of values), built from -Label and a
    /// -Filter hashtable as docker's --filter KEY=VALUE takes them.
    /// </summary>
    internal static class EngineFilters
    {
        internal static Dictionary<string, IDictionary<string, bool>> Create() =>
            new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);

        /// <summary>Adds one KEY=VALUE filter (several values of one key are all sent).</summary>
        internal static void Add(IDictionary<string, IDictionary<string, bool>> filters, string key, string value)
        {
            if (!filters.TryGetValue(key, out IDictionary<string, bool>? values))
            {
                values = new Dictionary<string, bool>(StringComparer.Ordinal);
                filters[key] = values;
            }

            values[value] = true;
        }

        /// <summary>
        /// Adds a -Filter hashtable: each key with its value, or with each of its values when it is a list. A key not in
        /// <paramref name="allowedKeys"/>, or an empty key, is InvalidFilter (InvalidArgument) naming the parameter and the key.
        /// </summary>
        internal static void AddTable(IDictionary<string, IDictionary<string, bool>> filters, IDictionary table, string parameterName, IReadOnlyCollection<string> allowedKeys)
        {
            foreach (DictionaryEntry entry in table)
            {
                string key = entry.Key?.ToString() ?? "";
                if (!allowedKeys.Contains(key, StringComparer.Ordinal))
                {
                    throw new PSDockerException(
                        $"-{parameterName} has the key '{key}', which this command does not take: use {string.Join(", ", allowedKeys.Select(k => "'" + k + "'"))}.",
                        "InvalidFilter", ErrorCategory.InvalidArgument, key);
                }

                object? value = entry.Value is PSObject pso ? pso.BaseObject : entry.Value;
                IEnumerable<object?> values = value is string || value is null || value is not IEnumerable list
                    ? new[] { value }
                    : list.Cast<object?>().Select(v => v is PSObject p ? p.BaseObject : v);
                foreach (object? v in values)
                {
                    Add(filters, key, LanguagePrimitives.ConvertTo<string>(v) ?? "");
                }
            }
        }

        /// <summary>The filters as docker prints them ("label=a=b, until=24h"), for messages.</summary>
        internal static string Describe(IDictionary<string, IDictionary<string, bool>> filters) =>
            string.Join(", ", filters.SelectMany(f => f.Value.Keys.Select(v => f.Key + "=" + v)));
    }
}
