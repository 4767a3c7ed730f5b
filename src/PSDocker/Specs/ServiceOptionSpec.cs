using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace PSDocker.Specs
{
    /// <summary>A secret or config a service's tasks get as a file: which one (by name) and the file's name, owner and mode.</summary>
    internal sealed class FileReferenceSpec
    {
        internal FileReferenceSpec(string source, string target, string uid, string gid, uint mode)
        {
            Source = source;
            Target = target;
            Uid = uid;
            Gid = gid;
            Mode = mode;
        }

        /// <summary>The secret's or config's name (or id).</summary>
        internal string Source { get; }

        /// <summary>The file name (secrets: under /run/secrets; configs: an absolute path or a name under /).</summary>
        internal string Target { get; }

        internal string Uid { get; }

        internal string Gid { get; }

        /// <summary>The file mode (0444 unless given).</summary>
        internal uint Mode { get; }
    }

    /// <summary>
    /// The smaller docker service create options, as the docker CLI reads them (cli/command/service/opts.go,
    /// cli/opts/secret.go, cli/opts/config.go): placement preferences, secret and config references, and the words
    /// restart, update and rollback options take. Error ids: InvalidPlacementPreferenceSpec, InvalidSecretSpec,
    /// InvalidConfigSpec, InvalidServiceOption.
    /// </summary>
    internal static class ServiceOptionSpec
    {
        internal const string PlacementErrorId = "InvalidPlacementPreferenceSpec";
        internal const string SecretErrorId = "InvalidSecretSpec";
        internal const string ConfigErrorId = "InvalidConfigSpec";
        internal const string OptionErrorId = "InvalidServiceOption";

        /// <summary>The restart conditions (--restart-condition).</summary>
        internal static readonly string[] RestartConditions = { "none", "on-failure", "any" };

        /// <summary>The update failure actions (--update-failure-action).</summary>
        internal static readonly string[] UpdateFailureActions = { "pause", "continue", "rollback" };

        /// <summary>The rollback failure actions (--rollback-failure-action).</summary>
        internal static readonly string[] RollbackFailureActions = { "pause", "continue" };

        /// <summary>The update and rollback orders (--update-order, --rollback-order).</summary>
        internal static readonly string[] Orders = { "start-first", "stop-first" };

        /// <summary>
        /// A placement preference "spread=node.labels.zone" (--placement-pref): the descriptor to spread over. Only the
        /// spread strategy exists.
        /// </summary>
        internal static string ParsePlacementPreference(string spec)
        {
            string text = spec ?? "";
            int eq = text.IndexOf('=');
            if (eq <= 0)
            {
                throw new SpecException(PlacementErrorId, text, "a placement preference is STRATEGY=ARG, e.g. spread=node.labels.zone.");
            }

            string strategy = text.Substring(0, eq);
            if (!string.Equals(strategy, "spread", StringComparison.OrdinalIgnoreCase))
            {
                throw new SpecException(PlacementErrorId, text, $"the strategy '{strategy}' is not supported: only spread is.");
            }

            string descriptor = text.Substring(eq + 1);
            if (descriptor.Trim().Length == 0)
            {
                throw new SpecException(PlacementErrorId, text, "spread= needs what to spread over, e.g. node.labels.zone.");
            }

            return descriptor;
        }

        /// <summary>
        /// A --secret value: NAME alone (the file /run/secrets/NAME), or comma-separated source=/src=, target=, uid=, gid=,
        /// mode= (a number as Go reads it: 0400 octal, 0o400, 0x100, 256); uid and gid "0" and mode 0444 unless given.
        /// </summary>
        internal static FileReferenceSpec ParseSecret(string spec) => ParseReference(spec, SecretErrorId, "secret");

        /// <summary>A --config value, as <see cref="ParseSecret"/> (the file defaults to /NAME in the task).</summary>
        internal static FileReferenceSpec ParseConfig(string spec) => ParseReference(spec, ConfigErrorId, "config");

        private static FileReferenceSpec ParseReference(string spec, string errorId, string what)
        {
            string text = spec ?? "";
            if (text.Trim().Length == 0)
            {
                throw new SpecException(errorId, text, $"the value is empty. Give a {what} name, or source=NAME,target=FILE.");
            }

            List<string> fields = MountSpec.SplitCsv(text).ToList();
            if (fields.Count == 1 && fields[0].IndexOf('=') < 0)
            {
                return new FileReferenceSpec(fields[0], fields[0], "0", "0", Convert.ToUInt32("444", 8));
            }

            string source = "", target = "", uid = "0", gid = "0";
            uint mode = Convert.ToUInt32("444", 8);
            foreach (string field in fields)
            {
                int eq = field.IndexOf('=');
                if (eq <= 0)
                {
                    throw new SpecException(errorId, text, $"the field '{field}' is not key=value.");
                }

                string value = field.Substring(eq + 1);
                switch (field.Substring(0, eq).ToLowerInvariant())
                {
                    case "source":
                    case "src":
                        source = value;
                        break;
                    case "target":
                        target = value;
                        break;
                    case "uid":
                        uid = value;
                        break;
                    case "gid":
                        gid = value;
                        break;
                    case "mode":
                        mode = ParseMode(text, value, errorId);
                        break;
                    default:
                        throw new SpecException(errorId, text, $"the key '{field.Substring(0, eq)}' is not one of source, target, uid, gid, mode.");
                }
            }

            if (source.Length == 0)
            {
                throw new SpecException(errorId, text, $"source= (the {what}'s name) is missing.");
            }

            return new FileReferenceSpec(source, target.Length == 0 ? source : target, uid, gid, mode);
        }

        /// <summary>A file mode as Go's strconv.ParseUint(s, 0, 32) reads it: 0NNN and 0oNNN octal, 0xNN hex, 0bNN binary, else decimal.</summary>
        internal static uint ParseMode(string spec, string value, string errorId)
        {
            string v = value.Trim();
            try
            {
                string lower = v.ToLowerInvariant();
                if (lower.StartsWith("0x", StringComparison.Ordinal))
                {
                    return Convert.ToUInt32(v.Substring(2), 16);
                }

                if (lower.StartsWith("0o", StringComparison.Ordinal))
                {
                    return Convert.ToUInt32(v.Substring(2), 8);
                }

                if (lower.StartsWith("0b", StringComparison.Ordinal))
                {
                    return Convert.ToUInt32(v.Substring(2), 2);
                }

                if (v.Length > 1 && v[0] == '0')
                {
                    return Convert.ToUInt32(v.Substring(1), 8);
                }

                if (v.Length > 0 && v.All(c => c >= '0' && c <= '9'))
                {
                    return uint.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is FormatException || e is OverflowException || e is ArgumentException)
            {
            }

            throw new SpecException(errorId, spec, $"the mode '{value}' is not a number (0400 is octal, as in chmod).");
        }

        /// <summary>One of <paramref name="choices"/> (ignoring case), as the engine spells it; else InvalidServiceOption.</summary>
        internal static string Choice(string value, string[] choices, string what)
        {
            string? found = choices.FirstOrDefault(c => string.Equals(c, (value ?? "").Trim(), StringComparison.OrdinalIgnoreCase));
            return found ?? throw new SpecException(OptionErrorId, value ?? "", $"the {what} is one of {string.Join(", ", choices)}.");
        }

        /// <summary>A failure ratio from 0 to 1 (--update-max-failure-ratio).</summary>
        internal static float Ratio(double value)
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                throw new SpecException(OptionErrorId, value.ToString(CultureInfo.InvariantCulture), "a failure ratio goes from 0 to 1 (0.25 is a quarter of the tasks).");
            }

            return (float)value;
        }
    }
}
