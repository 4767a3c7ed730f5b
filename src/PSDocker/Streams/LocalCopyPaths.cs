using System;
using System.IO;
using System.Management.Automation;

namespace PSDocker.Streams
{
    /// <summary>What a local path is, without following a link at its end (lstat).</summary>
    internal enum LocalKind { Missing, File, Directory, SymbolicLink, Other }

    /// <summary>
    /// The local side of docker cp: paths made absolute (against the PowerShell location) with the user's trailing
    /// "/" or "/." kept, and moby's CopyInfoSourcePath / ResolveHostSourcePath / CopyInfoDestinationPath on the local
    /// file system. Paths are "/"-separated for <see cref="CopyRules"/> (Windows accepts "/" too).
    /// </summary>
    internal static class LocalCopyPaths
    {
        /// <summary>Error id of a copy source that does not exist (category ObjectNotFound).</summary>
        internal const string PathNotFoundErrorId = "PathNotFound";

        /// <summary>The absolute form of <paramref name="given"/>, its trailing "/" or "/." kept (the CLI's resolveLocalPath).</summary>
        internal static string Absolute(string given, Func<string, string> resolve)
        {
            string slashed = ToSlash(given);
            string full = ToSlash(resolve(given));
            string trimmed = full.Length > 1 && full.EndsWith("/", StringComparison.Ordinal) && !full.EndsWith(":/", StringComparison.Ordinal)
                ? full.TrimEnd('/')
                : full;
            if (trimmed.EndsWith("/.", StringComparison.Ordinal))
            {
                trimmed = trimmed.Substring(0, trimmed.Length - 2);
            }

            return CopyRules.PreserveTrailingDotOrSeparator(trimmed.Length == 0 ? "/" : trimmed, slashed);
        }

        /// <summary>"\" made "/" on Windows; the path as it is elsewhere.</summary>
        internal static string ToSlash(string path) => Path.DirectorySeparatorChar == '\\' ? path.Replace('\\', '/') : path;

        /// <summary>The kind of the entry at <paramref name="path"/> itself (a link is not followed), and a link's target.</summary>
        internal static LocalKind Kind(string path, out string? linkTarget)
        {
            linkTarget = null;
            string p = path.Length > 1 ? path.TrimEnd('/') : path;
            if (p.Length == 0)
            {
                p = "/";
            }
#if NET8_0_OR_GREATER
            var info = new FileInfo(p);
            if (info.LinkTarget is string target)
            {
                linkTarget = target;
                return LocalKind.SymbolicLink;
            }
#endif
            if (Directory.Exists(p))
            {
                return LocalKind.Directory;
            }

            if (File.Exists(p))
            {
                return (File.GetAttributes(p) & (FileAttributes.Device)) != 0 ? LocalKind.Other : LocalKind.File;
            }

            return LocalKind.Missing;
        }

        /// <summary>Go's filepath.EvalSymlinks: every link in the path followed; a missing element is an error.</summary>
        internal static string EvalSymlinks(string path)
        {
            string p = CopyRules.Clean(path);
            int rootEnd = p.StartsWith("/", StringComparison.Ordinal) ? 1 : p.IndexOf('/') + 1;
            string done = p.Substring(0, rootEnd);
            string[] parts = p.Substring(rootEnd).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            int hops = 0;
            var queue = new System.Collections.Generic.Queue<string>(parts);
            while (queue.Count > 0)
            {
                string part = queue.Dequeue();
                string next = done.EndsWith("/", StringComparison.Ordinal) || done.Length == 0 ? done + part : done + "/" + part;
                LocalKind kind = Kind(next, out string? target);
                if (kind == LocalKind.Missing)
                {
                    throw new FileNotFoundException($"lstat {next}: no such file or directory", next);
                }

                if (kind != LocalKind.SymbolicLink)
                {
                    done = next;
                    continue;
                }

                if (++hops > 255)
                {
                    throw new IOException($"too many links in {path}");
                }

                string t = ToSlash(target!);
                string resolved = IsRooted(t) ? CopyRules.Clean(t) : CopyRules.Clean(CopyRules.Dir(next) + "/" + t);
                var rest = new System.Collections.Generic.List<string>(queue);
                queue.Clear();
                rootEnd = resolved.StartsWith("/", StringComparison.Ordinal) ? 1 : resolved.IndexOf('/') + 1;
                done = resolved.Substring(0, rootEnd);
                foreach (string r in resolved.Substring(rootEnd).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    queue.Enqueue(r);
                }

                foreach (string r in rest)
                {
                    queue.Enqueue(r);
                }
            }

            return done.Length == 0 ? "/" : done;
        }

        private static bool IsRooted(string path) =>
            path.StartsWith("/", StringComparison.Ordinal) || (path.Length >= 2 && char.IsLetter(path[0]) && path[1] == ':');

        /// <summary>
        /// moby's CopyInfoSourcePath: the source to archive. Without <paramref name="followLink"/> the links before the
        /// last element are followed ("link/" to a folder gives that folder, named "link" in the archive) and a link at
        /// the end is copied as a link; with it (docker cp -L) a link at the end is followed too. A missing source is
        /// PathNotFound naming <paramref name="shown"/>.
        /// </summary>
        internal static CopyInfo SourceInfo(string path, bool followLink, string shown)
        {
            try
            {
                string resolved;
                string rebase = "";
                if (followLink)
                {
                    (resolved, rebase) = CopyRules.GetRebaseName(path, EvalSymlinks(path));
                }
                else
                {
                    int slash = path.LastIndexOf('/');
                    string dir = path.Substring(0, slash + 1);
                    string name = path.Substring(slash + 1);
                    string resolvedDir = EvalSymlinks(dir.Length == 0 ? "." : dir);
                    resolved = (resolvedDir == "/" ? "" : resolvedDir) + "/" + name;
                    if (CopyRules.HasTrailingSeparator(path) && CopyRules.Base(path) != CopyRules.Base(resolved))
                    {
                        rebase = CopyRules.Base(path);
                    }
                }

                LocalKind kind = Kind(resolved, out _);
                if (kind == LocalKind.Missing || (CopyRules.AssertsDirectory(resolved) && kind != LocalKind.Directory))
                {
                    throw new FileNotFoundException(resolved);
                }

                return new CopyInfo(resolved, true, kind == LocalKind.Directory, rebase);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                string why = e is FileNotFoundException || e is DirectoryNotFoundException ? "no such file or directory" : e.Message;
                throw new PSDockerException($"Could not copy '{shown}': {why}.", PathNotFoundErrorId, ErrorCategory.ObjectNotFound, shown, e);
            }
        }

        /// <summary>
        /// moby's CopyInfoDestinationPath: the local destination, a link at its end followed (up to 10 times); a missing
        /// destination whose folder exists is fine (it will be made). A missing folder is DirectoryNotFound; a parent
        /// that is not a folder is CopyDestinationNotDirectory.
        /// </summary>
        internal static CopyInfo DestinationInfo(string path, string shown)
        {
            string p = path;
            LocalKind kind = Kind(p, out string? target);
            if (CopyRules.HasTrailingSeparator(p) && (kind == LocalKind.File || kind == LocalKind.Other ||
                (kind == LocalKind.SymbolicLink && !Directory.Exists(p))))
            {
                // lstat of "file/" fails with ENOTDIR, which docker reports (only a missing path is fine).
                throw new PSDockerException($"Could not copy to '{shown}': not a directory.", CopyRules.NotDirectoryErrorId, ErrorCategory.InvalidArgument, shown);
            }

            for (int n = 0; kind == LocalKind.SymbolicLink; n++)
            {
                if (n > 10)
                {
                    throw new PSDockerException($"Too many links in '{shown}'.", CopyRules.NotDirectoryErrorId, ErrorCategory.InvalidArgument, shown);
                }

                string t = ToSlash(target!);
                p = IsRooted(t) ? t : CopyRules.Dir(CopyRules.Clean(p)) + "/" + t;
                kind = Kind(p, out target);
            }

            if (kind != LocalKind.Missing)
            {
                return new CopyInfo(p, true, kind == LocalKind.Directory);
            }

            string parent = CopyRules.SplitPathDirEntry(p).Dir;
            LocalKind parentKind = Kind(parent, out _);
            if (parentKind == LocalKind.SymbolicLink)
            {
                parentKind = Directory.Exists(parent) ? LocalKind.Directory : LocalKind.File;
            }

            if (parentKind == LocalKind.Missing)
            {
                throw new PSDockerException($"Could not copy to '{shown}': the folder '{parent}' does not exist.", "DirectoryNotFound",
                    ErrorCategory.ObjectNotFound, shown);
            }

            if (parentKind != LocalKind.Directory)
            {
                throw new PSDockerException($"Could not copy to '{shown}': '{parent}' is not a directory.", CopyRules.NotDirectoryErrorId,
                    ErrorCategory.InvalidArgument, shown);
            }

            return new CopyInfo(p, false, false);
        }
    }
}
