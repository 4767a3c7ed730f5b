using System;
using System.Collections.Generic;

namespace PSDocker.Streams
{
    /// <summary>What is known of one side of a copy: moby's archive.CopyInfo.</summary>
    internal sealed class CopyInfo
    {
        internal CopyInfo(string path, bool exists, bool isDirectory, string rebaseName = "")
        {
            Path = path;
            Exists = exists;
            IsDirectory = isDirectory;
            RebaseName = rebaseName;
        }

        /// <summary>The path, "/"-separated, with a trailing "/" or "/." kept as the user gave it.</summary>
        internal string Path { get; }

        internal bool Exists { get; }

        internal bool IsDirectory { get; }

        /// <summary>The name the archive's first path element takes when a link changed it (-FollowLink, "link/"), else "".</summary>
        internal string RebaseName { get; }
    }

    /// <summary>How a copy is laid out: the folder the archive is extracted into, and how its entry names change.</summary>
    internal sealed class CopyPlan
    {
        internal CopyPlan(string extractTo, string? oldBase, string? newBase)
        {
            ExtractTo = extractTo;
            OldBase = oldBase;
            NewBase = newBase;
        }

        /// <summary>The existing folder the archive is extracted into (the destination itself, or its parent).</summary>
        internal string ExtractTo { get; }

        /// <summary>The first path element of the entries to rename, or null to keep the names.</summary>
        internal string? OldBase { get; }

        /// <summary>What <see cref="OldBase"/> becomes.</summary>
        internal string? NewBase { get; }

        /// <summary>An entry's name in the extracted archive.</summary>
        internal string Rename(string name) => OldBase is null ? name : CopyRules.Rebase(name, OldBase, NewBase!);
    }

    /// <summary>A copy docker cp refuses, with docker's own words (moby's archive errors).</summary>
    internal sealed class CopyRuleException : Exception
    {
        internal CopyRuleException(string errorId, string message)
            : base(message) => ErrorId = errorId;

        /// <summary>CopyDirectoryToFile ("cannot copy directory"), CopyDestinationNotDirectory ("no such directory", "not a directory").</summary>
        internal string ErrorId { get; }
    }

    /// <summary>
    /// docker cp's path rules, as the docker CLI applies them through moby's pkg/archive (copy.go): the "/." suffix
    /// meaning "the contents of", a trailing "/" asserting a folder, what an existing or missing destination does, and
    /// the renaming of the archive's first path element (RebaseArchiveEntries). Pure functions on "/"-separated paths
    /// (Go's path package semantics: Clean, Dir, Base); the container's paths are always "/"-separated, local paths are
    /// given to them with "/" too.
    /// </summary>
    internal static class CopyRules
    {
        internal const string CannotCopyDirErrorId = "CopyDirectoryToFile";
        internal const string NotDirectoryErrorId = "CopyDestinationNotDirectory";

        /// <summary>Go's path.Clean: the shortest equivalent path ("." for empty), lexically.</summary>
        internal static string Clean(string path)
        {
            if (path.Length == 0)
            {
                return ".";
            }

            bool rooted = path[0] == '/';
            var parts = new List<string>();
            foreach (string part in path.Split('/'))
            {
                if (part.Length == 0 || part == ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    if (parts.Count > 0 && parts[parts.Count - 1] != "..")
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                    else if (!rooted)
                    {
                        parts.Add("..");
                    }

                    continue;
                }

                parts.Add(part);
            }

            string joined = string.Join("/", parts);
            return rooted ? "/" + joined : (joined.Length == 0 ? "." : joined);
        }

        /// <summary>Go's path.Base: the last element, trailing slashes dropped; "/" for a root, "." for empty.</summary>
        internal static string Base(string path)
        {
            if (path.Length == 0)
            {
                return ".";
            }

            string p = path.TrimEnd('/');
            if (p.Length == 0)
            {
                return "/";
            }

            int slash = p.LastIndexOf('/');
            return slash >= 0 ? p.Substring(slash + 1) : p;
        }

        /// <summary>Go's path.Dir: all but the last element, cleaned.</summary>
        internal static string Dir(string path)
        {
            int slash = path.LastIndexOf('/');
            return Clean(slash >= 0 ? path.Substring(0, slash + 1) : "");
        }

        /// <summary>True when <paramref name="path"/> ends with "/".</summary>
        internal static bool HasTrailingSeparator(string path) => path.Length > 0 && path[path.Length - 1] == '/';

        /// <summary>True when the last element is "." ("dir/.", "dir/./"): "the contents of" the folder.</summary>
        internal static bool SpecifiesCurrentDir(string path) => Base(path) == ".";

        /// <summary>True when the path says it is a folder: a trailing "/" or a last element ".".</summary>
        internal static bool AssertsDirectory(string path) => HasTrailingSeparator(path) || SpecifiesCurrentDir(path);

        /// <summary>
        /// moby's PreserveTrailingDotOrSeparator: <paramref name="cleaned"/> (a cleaned form of <paramref name="original"/>)
        /// with the original's trailing "/." or "/" put back.
        /// </summary>
        internal static string PreserveTrailingDotOrSeparator(string cleaned, string original)
        {
            if (!SpecifiesCurrentDir(cleaned) && SpecifiesCurrentDir(original))
            {
                if (!HasTrailingSeparator(cleaned))
                {
                    cleaned += "/";
                }

                cleaned += ".";
            }

            if (!HasTrailingSeparator(cleaned) && HasTrailingSeparator(original))
            {
                cleaned += "/";
            }

            return cleaned;
        }

        /// <summary>moby's SplitPathDirEntry: the folder and the last element of a path, a final "." kept as the element.</summary>
        internal static (string Dir, string Base) SplitPathDirEntry(string path)
        {
            string cleaned = Clean(path);
            if (SpecifiesCurrentDir(path))
            {
                cleaned += "/.";
            }

            return (Dir(cleaned), Base(cleaned));
        }

        /// <summary>
        /// Go's strings.Replace(name, oldBase, newBase, 1), as RebaseArchiveEntries applies it to each entry name: the
        /// first occurrence replaced (an oldBase of "/" is taken as "", which puts newBase in front).
        /// </summary>
        internal static string Rebase(string name, string oldBase, string newBase)
        {
            if (oldBase == "/")
            {
                oldBase = "";
            }

            int at = oldBase.Length == 0 ? 0 : name.IndexOf(oldBase, StringComparison.Ordinal);
            return at < 0 ? name : name.Substring(0, at) + newBase + name.Substring(at + oldBase.Length);
        }

        /// <summary>
        /// moby's GetRebaseName: <paramref name="resolved"/> (what a link at <paramref name="path"/> led to) with the
        /// path's trailing "/." or "/" put back, and the name the archive's entries must take when the last element
        /// changed ("" when it did not).
        /// </summary>
        internal static (string Resolved, string RebaseName) GetRebaseName(string path, string resolved)
        {
            if (SpecifiesCurrentDir(path) && !SpecifiesCurrentDir(resolved))
            {
                resolved += "/.";
            }

            if (HasTrailingSeparator(path) && !HasTrailingSeparator(resolved))
            {
                resolved += "/";
            }

            return (resolved, Base(path) != Base(resolved) ? Base(path) : "");
        }

        /// <summary>
        /// The first path element of the entries of an archive of <paramref name="sourcePath"/> made as docker makes it
        /// (TarResourceRebase: the source's last element, or "." for "the contents of"), and with it the names
        /// of the entries (<see cref="SourceEntryName"/>).
        /// </summary>
        internal static string SourceBase(string sourcePath) => SplitPathDirEntry(sourcePath).Base;

        /// <summary>
        /// The name of an entry in the archive docker makes of a source (TarWithOptions with the source's last element
        /// included, the source folder itself included): <paramref name="relative"/> is the path under the source's
        /// folder ("" for the source itself); <paramref name="rebaseName"/>, when not "", replaces the first element.
        /// Folders end with "/".
        /// </summary>
        internal static string SourceEntryName(string sourceBase, string relative, bool isDirectory, string rebaseName)
        {
            string name;
            if (sourceBase == ".")
            {
                name = relative.Length == 0 ? "." : "./" + relative;
            }
            else
            {
                name = relative.Length == 0 ? sourceBase : sourceBase + "/" + relative;
            }

            if (rebaseName.Length > 0)
            {
                name = Rebase(name, sourceBase, rebaseName == "/" ? "" : rebaseName);
            }

            return isDirectory && !name.EndsWith("/", StringComparison.Ordinal) ? name + "/" : name;
        }

        /// <summary>
        /// moby's PrepareArchiveCopy: where the archive of <paramref name="source"/> is extracted so that it lands as
        /// docker cp places it at <paramref name="destination"/>, and how its entries are renamed.
        /// <list type="bullet">
        /// <item>The destination is an existing folder: extracted into it, names kept ("a" into "/www" gives "/www/a";
        /// "a/." gives a's contents in "/www").</item>
        /// <item>The destination exists as a file and the source is a folder: refused, "cannot copy directory".</item>
        /// <item>The destination exists as a file and the source is a file: the file is replaced (extracted into the
        /// destination's folder under the destination's name).</item>
        /// <item>The destination is missing and the source is a folder: the folder is made under the destination's name
        /// (its parent must exist).</item>
        /// <item>The destination is missing, ends with "/" or "/." and the source is a file: refused, "no such directory".</item>
        /// <item>Otherwise (missing, a file source): the file is made under the destination's name.</item>
        /// </list>
        /// </summary>
        internal static CopyPlan Prepare(CopyInfo source, CopyInfo destination)
        {
            (string dstDir, string dstBase) = SplitPathDirEntry(destination.Path);
            string srcBase = SplitPathDirEntry(source.Path).Base;
            if (source.RebaseName.Length > 0)
            {
                srcBase = source.RebaseName;
            }

            if (destination.Exists && destination.IsDirectory)
            {
                return new CopyPlan(destination.Path, null, null);
            }

            if (destination.Exists && source.IsDirectory)
            {
                throw new CopyRuleException(CannotCopyDirErrorId, "cannot copy directory");
            }

            if (!destination.Exists && !source.IsDirectory && AssertsDirectory(destination.Path))
            {
                throw new CopyRuleException(NotDirectoryErrorId, "no such directory");
            }

            return new CopyPlan(dstDir, srcBase, dstBase);
        }

        /// <summary>
        /// True when an archive entry stays inside the folder it is extracted into, as moby's Untar checks each entry
        /// (breakout): its cleaned name must not lead above the folder.
        /// </summary>
        internal static bool StaysInside(string entryName)
        {
            string relative = Clean(entryName.Replace('\\', '/'));
            return relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal);
        }

        /// <summary>
        /// True when a symbolic link entry at <paramref name="entryName"/> pointing to <paramref name="target"/> stays
        /// inside the folder it is extracted into, as moby's Untar checks links: the target joined to the link's folder
        /// (an absolute target is joined too, so "/etc/hosts" is kept as a link, as docker keeps it) must stay inside.
        /// </summary>
        internal static bool LinkStaysInside(string entryName, string target)
        {
            string joined = Clean(Dir(Clean(entryName)) + "/" + target);
            return joined != ".." && !joined.StartsWith("../", StringComparison.Ordinal);
        }
    }
}
