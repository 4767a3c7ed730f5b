using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PSDocker
{
    /// <summary>
    /// The filters of a list or stream request (the API's filters query value: key -> values, the values of one key
    /// OR'ed, the keys AND'ed, as docker's --filter key=value flags), built from a cmdlet's own parameters
    /// (<see cref="Add(string, IEnumerable{string})"/>) and its -Filter hashtable (<see cref="AddTable"/>).
    /// </summary>
    internal sealed class EngineFilter
    {
        /// <summary>The error id of a -Filter entry that is refused (an empty or unknown key, a value not allowed).</summary>
        internal const string InvalidErrorId = "InvalidFilter";

        private readonly Dictionary<string, IDictionary<string, bool>> _filters =
            new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);

        /// <summary>True when no filter was added.</summary>
        internal bool IsEmpty => _filters.Count == 0;

        /// <summary>Adds one value of <paramref name="key"/>.</summary>
        internal void Add(string key, string value)
        {
            if (!_filters.TryGetValue(key, out IDictionary<string, bool>? values))
            {
                values = new Dictionary<string, bool>(StringComparer.Ordinal);
                _filters[key] = values;
            }

            values[value] = true;
        }

        /// <summary>Adds each of <paramref name="values"/> (none when null) to <paramref name="key"/>.</summary>
        internal void Add(string key, IEnumerable<string>? values)
        {
            foreach (string value in values ?? Enumerable.Empty<string>())
            {
                Add(key, value);
            }
        }

        /// <summary>
        /// Adds the entries of a -Filter hashtable: each key with its value, or with each item of a list value. With
        /// <paramref name="knownKeys"/>, a key not in it (compared exactly, as the engine does) is refused; an empty key
        /// always is. A refusal is a PSDockerException (InvalidFilter, InvalidArgument) naming the parameter and the
        /// key, and the keys taken when they are known.
        /// </summary>
        internal void AddTable(IDictionary? table, string parameter, IReadOnlyCollection<string>? knownKeys = null)
        {
            if (table is null)
            {
                return;
            }

            foreach (DictionaryEntry entry in table)
            {
                string key = LanguagePrimitives.ConvertTo<string>(entry.Key is PSObject k ? k.BaseObject : entry.Key) ?? "";
                if (key.Length == 0 || (knownKeys is not null && !knownKeys.Contains(key, StringComparer.Ordinal)))
                {
                    string known = knownKeys is null ? "" : $": use {string.Join(", ", knownKeys.Select(k => "'" + k + "'"))}";
                    throw Invalid(key, key.Length == 0 ? $"-{parameter} has an empty key." : $"-{parameter} has the key '{key}', which this command does not take{known}.");
                }

                Add(key, Values(entry.Value));
            }
        }

        /// <summary>The values of <paramref name="key"/> added so far (empty when none).</summary>
        internal IReadOnlyCollection<string> ValuesOf(string key) =>
            _filters.TryGetValue(key, out IDictionary<string, bool>? values) ? values.Keys.ToList() : (IReadOnlyCollection<string>)Array.Empty<string>();

        /// <summary>True when <paramref name="key"/> has a value.</summary>
        internal bool Contains(string key) => _filters.ContainsKey(key);

        /// <summary>A copy, to add filters to without changing this one.</summary>
        internal EngineFilter Clone()
        {
            var copy = new EngineFilter();
            foreach (KeyValuePair<string, IDictionary<string, bool>> f in _filters)
            {
                copy.Add(f.Key, f.Value.Keys);
            }

            return copy;
        }

        /// <summary>The filters as docker prints them ("label=a=b, until=24h"), for messages.</summary>
        internal string Describe() => string.Join(", ", _filters.SelectMany(f => f.Value.Keys.Select(v => f.Key + "=" + v)));

        /// <summary>The filters as the library sends them, or null when there are none.</summary>
        internal IDictionary<string, IDictionary<string, bool>>? ToApi() => IsEmpty ? null : _filters;

        /// <summary>A refused filter: InvalidFilter, InvalidArgument, with <paramref name="value"/> as target.</summary>
        internal static PSDockerException Invalid(string value, string message) =>
            new PSDockerException(message, InvalidErrorId, ErrorCategory.InvalidArgument, value);

        private static IEnumerable<string> Values(object? value)
        {
            object? v = value is PSObject pso ? pso.BaseObject : value;
            if (v is string || v is null || v is not IEnumerable items)
            {
                yield return LanguagePrimitives.ConvertTo<string>(v) ?? "";
                yield break;
            }

            foreach (object? item in items)
            {
                yield return LanguagePrimitives.ConvertTo<string>(item is PSObject p ? p.BaseObject : item) ?? "";
            }
        }
    }
}
