using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace PSDocker.Specs
{
    /// <summary>
    /// docker run -e / --env and -l / --label values, and the hashtables PowerShell users give instead.
    /// Error ids InvalidEnvironmentSpec and InvalidLabelSpec.
    /// </summary>
    internal static class KeyValueSpec
    {
        internal const string EnvironmentErrorId = "InvalidEnvironmentSpec";
        internal const string LabelErrorId = "InvalidLabelSpec";

        /// <summary>
        /// One -e value as docker reads it: <c>KEY=VALUE</c> is sent as it is (the value may be empty or hold
        /// '='); <c>KEY</c> alone takes the caller's own variable of that name (<paramref name="lookup"/>) and is
        /// sent as <c>KEY</c> when there is none (the container gets no such variable). The key may not be empty.
        /// </summary>
        internal static string ParseEnvironment(string spec, Func<string, string?> lookup)
        {
            string text = spec ?? "";
            int eq = text.IndexOf('=');
            string key = eq < 0 ? text : text.Substring(0, eq);
            if (key.Length == 0)
            {
                throw new SpecException(EnvironmentErrorId, text, "the variable name (before '=') is empty.");
            }

            if (eq >= 0)
            {
                return text;
            }

            string? value = lookup(key);
            return value is null ? key : key + "=" + value;
        }

        /// <summary>One -l value: <c>KEY=VALUE</c>, or <c>KEY</c> alone for an empty value. The key may not be empty.</summary>
        internal static KeyValuePair<string, string> ParseLabel(string spec)
        {
            string text = spec ?? "";
            int eq = text.IndexOf('=');
            string key = eq < 0 ? text : text.Substring(0, eq);
            if (key.Length == 0)
            {
                throw new SpecException(LabelErrorId, text, "the label name (before '=') is empty.");
            }

            return new KeyValuePair<string, string>(key, eq < 0 ? "" : text.Substring(eq + 1));
        }

        /// <summary>
        /// The KEY=VALUE (or KEY alone, for an empty value) texts of <paramref name="parameter"/> as a map, as docker
        /// reads --label and --opt: the last of a repeated key wins. An empty key is refused with <paramref name="errorId"/>
        /// (InvalidArgument, naming the parameter and the value; the reason says "<paramref name="what"/> name").
        /// Null items give an empty map.
        /// </summary>
        internal static Dictionary<string, string> ToMap(IEnumerable<string>? items, string parameter, string errorId = LabelErrorId, string what = "label")
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string item in items ?? Array.Empty<string>())
            {
                KeyValuePair<string, string> pair = SpecException.Check(parameter, () =>
                {
                    try
                    {
                        return ParseLabel(item);
                    }
                    catch (SpecException e) when (errorId != e.ErrorId || what != "label")
                    {
                        throw new SpecException(errorId, e.Value, $"the {what} name (before '=') is empty.");
                    }
                });
                map[pair.Key] = pair.Value;
            }

            return map;
        }

        /// <summary>
        /// The values of a parameter that takes KEY=VALUE strings or dictionaries: each dictionary entry becomes
        /// "KEY=VALUE" (a null value gives "KEY="), in its own order when it keeps one ([ordered]), by key otherwise.
        /// </summary>
        internal static IEnumerable<string> Flatten(IEnumerable<object?> values)
        {
            foreach (object? raw in values)
            {
                object? value = raw is PSObject pso ? pso.BaseObject : raw;
                if (value is IDictionary dictionary)
                {
                    IEnumerable<DictionaryEntry> entries = dictionary.Cast<DictionaryEntry>();
                    if (dictionary is Hashtable)
                    {
                        entries = entries.OrderBy(e => ToText(e.Key), StringComparer.Ordinal);
                    }

                    foreach (DictionaryEntry entry in entries)
                    {
                        yield return ToText(entry.Key) + "=" + ToText(entry.Value);
                    }
                }
                else if (value is not null)
                {
                    yield return ToText(value);
                }
            }
        }

        private static string ToText(object? value)
        {
            object? v = value is PSObject pso ? pso.BaseObject : value;
            return v switch
            {
                null => "",
                string s => s,
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString() ?? "",
            };
        }
    }
}
