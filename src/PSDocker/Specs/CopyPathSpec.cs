using System;

namespace PSDocker.Specs
{
    /// <summary>
    /// One side of docker cp: "CONTAINER:PATH" or a local path, split as the docker CLI's splitCpArg splits it
    /// (cli/command/container/cp.go):
    /// <list type="bullet">
    /// <item>An absolute local path ("/srv/x"; on Windows "C:\x" or "\x") is local, whatever colons it holds.</item>
    /// <item>Otherwise the text is cut at its first ':'. No ':' at all, or a part before it that starts with '.'
    /// ("./file:name.txt", "../a:b"), is a local path: a local path with a colon is written with ./ in front.</item>
    /// <item>Anything else is CONTAINER:PATH ("web:/www", "web:relative" relative to the container's root, "web:" the
    /// container's working directory as the engine takes an empty path).</item>
    /// </list>
    /// </summary>
    internal sealed class CopyPathSpec
    {
        private CopyPathSpec(string? container, string path)
        {
            Container = container;
            Path = path;
        }

        /// <summary>The container's name or id, or null for a local path.</summary>
        internal string? Container { get; }

        /// <summary>The path: in the container when <see cref="Container"/> is set, else local (as given, not resolved).</summary>
        internal string Path { get; }

        /// <summary>True when the path is in a container.</summary>
        internal bool IsContainer => Container is not null;

        /// <summary>Splits <paramref name="arg"/>; <paramref name="windows"/>: the client's platform rules for absolute paths.</summary>
        internal static CopyPathSpec Parse(string arg, bool windows)
        {
            if (IsAbsoluteLocal(arg, windows))
            {
                return new CopyPathSpec(null, arg);
            }

            int colon = arg.IndexOf(':');
            if (colon < 0 || arg.StartsWith(".", StringComparison.Ordinal))
            {
                return new CopyPathSpec(null, arg);
            }

            return new CopyPathSpec(arg.Substring(0, colon), arg.Substring(colon + 1));
        }

        /// <summary>Parses with the current platform's rules.</summary>
        internal static CopyPathSpec Parse(string arg) => Parse(arg, IsWindows);

        internal static bool IsWindows => System.IO.Path.DirectorySeparatorChar == '\\';

        // docker's isAbs: filepath.IsAbs, or a leading separator (a Windows path without its drive).
        private static bool IsAbsoluteLocal(string path, bool windows)
        {
            if (!windows)
            {
                return path.StartsWith("/", StringComparison.Ordinal);
            }

            if (path.StartsWith("\\", StringComparison.Ordinal))
            {
                return true;
            }

            return path.Length >= 3 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/');
        }
    }
}
