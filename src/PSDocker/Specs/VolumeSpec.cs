using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace PSDocker.Specs
{
    /// <summary>What a -v value asks for: a bind mount, a named volume, or an anonymous volume.</summary>
    internal enum VolumeKind
    {
        /// <summary>SRC is a host path (absolute, or ./relative): HostConfig.Binds.</summary>
        Bind,

        /// <summary>SRC is a volume name: HostConfig.Binds; the engine creates the volume when it is missing.</summary>
        Named,

        /// <summary>Only DST: Config.Volumes, a new volume the engine names.</summary>
        Anonymous,
    }

    /// <summary>One parsed -v value.</summary>
    internal sealed class VolumeSpecResult
    {
        internal VolumeSpecResult(VolumeKind kind, string source, string target, string mode)
        {
            Kind = kind;
            Source = source;
            Target = target;
            Mode = mode;
        }

        internal VolumeKind Kind { get; }

        /// <summary>The host path (made absolute) or volume name; empty for an anonymous volume.</summary>
        internal string Source { get; }

        /// <summary>The absolute path in the container.</summary>
        internal string Target { get; }

        /// <summary>The options after the second colon ("ro", "rw,Z", ...), or empty.</summary>
        internal string Mode { get; }

        /// <summary>The HostConfig.Binds entry: SRC:DST[:MODE].</summary>
        internal string Bind => Source + ":" + Target + (Mode.Length > 0 ? ":" + Mode : "");
    }

    /// <summary>
    /// docker run -v / --volume on a Linux engine: <c>SRC:DST[:OPTIONS]</c> with SRC an absolute host path, a
    /// ./relative path (made absolute against the current location, as the docker CLI does) or a volume name; or
    /// <c>DST</c> alone for an anonymous volume. OPTIONS is a comma-separated list with at most one of each kind:
    /// <c>ro</c>/<c>rw</c>; <c>z</c>/<c>Z</c> (SELinux label); <c>private</c>, <c>rprivate</c>, <c>shared</c>,
    /// <c>rshared</c>, <c>slave</c>, <c>rslave</c> (propagation); <c>nocopy</c>; <c>consistent</c>, <c>cached</c>,
    /// <c>delegated</c>. Error id InvalidVolumeSpec.
    /// </summary>
    internal static class VolumeSpec
    {
        internal const string ErrorId = "InvalidVolumeSpec";

        private static readonly Regex s_volumeName = new Regex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", RegexOptions.CultureInvariant);

        private static readonly string[][] s_modeKinds =
        {
            new[] { "rw", "ro" },
            new[] { "z", "Z" },
            new[] { "private", "rprivate", "shared", "rshared", "slave", "rslave" },
            new[] { "nocopy" },
            new[] { "consistent", "cached", "delegated" },
        };

        /// <param name="spec">The -v value.</param>
        /// <param name="resolvePath">Makes a ./relative host path absolute (the current location).</param>
        internal static VolumeSpecResult Parse(string spec, Func<string, string> resolvePath)
        {
            if (spec is null || spec.Length == 0)
            {
                throw new SpecException(ErrorId, spec ?? "", "the value is empty. Give SRC:DST[:OPTIONS] or DST.");
            }

            string[] parts = spec.Split(':');
            if (parts.Length > 3)
            {
                throw new SpecException(ErrorId, spec, "it has too many colons. Give SRC:DST[:OPTIONS] or DST.");
            }

            foreach (string part in parts)
            {
                if (part.Length == 0)
                {
                    throw new SpecException(ErrorId, spec, "a part between colons is empty. Give SRC:DST[:OPTIONS] or DST.");
                }
            }

            string source = "", target, mode = "";
            switch (parts.Length)
            {
                case 1:
                    target = parts[0];
                    break;
                case 2:
                    if (IsValidMode(parts[1]))
                    {
                        throw new SpecException(ErrorId, spec, $"'{parts[1]}' are options, and options need a source: SRC:DST:{parts[1]}.");
                    }

                    source = parts[0];
                    target = parts[1];
                    break;
                default:
                    source = parts[0];
                    target = parts[1];
                    mode = parts[2];
                    break;
            }

            if (!IsValidMode(mode))
            {
                throw new SpecException(ErrorId, spec,
                    $"the options '{mode}' are not valid: give at most one of ro/rw, z/Z, a propagation (private, rprivate, shared, rshared, slave, rslave), nocopy, and a consistency (consistent, cached, delegated), separated by commas.");
            }

            if (!target.StartsWith("/", StringComparison.Ordinal))
            {
                throw new SpecException(ErrorId, spec, $"the container path '{target}' is not absolute.");
            }

            if (source.Length == 0)
            {
                return new VolumeSpecResult(VolumeKind.Anonymous, "", target, mode);
            }

            if (source.StartsWith("/", StringComparison.Ordinal))
            {
                return new VolumeSpecResult(VolumeKind.Bind, source, target, mode);
            }

            if (source == "." || source == ".." || source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal))
            {
                return new VolumeSpecResult(VolumeKind.Bind, resolvePath(source), target, mode);
            }

            if (!s_volumeName.IsMatch(source))
            {
                throw new SpecException(ErrorId, spec,
                    $"'{source}' is neither an absolute host path nor a volume name (letters, digits, _ . -, starting with a letter or digit). Start a relative host path with ./");
            }

            return new VolumeSpecResult(VolumeKind.Named, source, target, mode);
        }

        /// <summary>True for "" and for a comma-separated list with at most one option of each kind.</summary>
        internal static bool IsValidMode(string mode)
        {
            if (mode.Length == 0)
            {
                return true;
            }

            var seen = new HashSet<int>();
            foreach (string option in mode.Split(','))
            {
                int kind = Array.FindIndex(s_modeKinds, k => Array.IndexOf(k, option) >= 0);
                if (kind < 0 || !seen.Add(kind))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
