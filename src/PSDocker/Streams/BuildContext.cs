using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using PSDocker.Specs;

namespace PSDocker.Streams
{
    /// <summary>
    /// A build context folder as `docker build PATH` sends it (the docker CLI's build command):
    /// <list type="bullet">
    /// <item>The .dockerignore patterns (<see cref="DockerIgnore"/>), with exceptions added for .dockerignore and the
    /// Dockerfile when they are excluded, so the engine gets both (it removes them itself after reading them).</item>
    /// <item>A walk in lexical (ordinal) order, each folder's entries right after the folder: a path is matched with
    /// the verdict on its folder (<see cref="IgnoreMatcher.Match"/>). An excluded file is left out; an excluded folder
    /// is left out with all it holds, unless an exception pattern names it or something under it: then the folder is
    /// walked (its own entry is not sent) and only what is not excluded inside goes.</item>
    /// <item>Entries: relative paths with "/", folders with a trailing "/", symbolic links as links (never
    /// followed), regular files with their content; the file mode's permission, setuid, setgid and sticky bits
    /// (0755 for everything on Windows, as the CLI sends); uid and gid 0; the modification time in seconds.
    /// Hard links are sent as separate files; sockets, pipes and devices are not supported.</item>
    /// <item>A Dockerfile outside the context (-File) is added under a generated name ".dockerfile.&lt;20 hex&gt;"
    /// (mode 0600), and that name is appended to the .dockerignore entry (made when there is none), as the CLI does,
    /// so the engine reads it and does not leave it in the context.</item>
    /// </list>
    /// </summary>
    internal sealed class BuildContext
    {
        private readonly IgnoreMatcher _matcher;
        private readonly string? _ignoreText;
        private readonly byte[]? _outsideDockerfile;

        /// <param name="root">The context folder, absolute.</param>
        /// <param name="dockerfile">The Dockerfile's absolute path, or null for "Dockerfile" in the context.</param>
        internal BuildContext(string root, string? dockerfile)
        {
            Root = Path.GetFullPath(root);
            List<string> patterns = DockerIgnore.ReadFolder(Root, out _ignoreText);
            string relative;
            if (dockerfile is null)
            {
                relative = File.Exists(Path.Combine(Root, "Dockerfile")) || !File.Exists(Path.Combine(Root, "dockerfile")) ? "Dockerfile" : "dockerfile";
                DockerfilePath = Path.Combine(Root, relative);
            }
            else
            {
                DockerfilePath = Path.GetFullPath(dockerfile);
                relative = RelativePath(Root, DockerfilePath);
            }

            IsDockerfileOutside = relative == ".." || relative.StartsWith("../", StringComparison.Ordinal);
            if (IsDockerfileOutside)
            {
                _outsideDockerfile = File.ReadAllBytes(DockerfilePath);
                DockerfileName = ".dockerfile." + RandomHex(20);
            }
            else
            {
                DockerfileName = relative;
            }

            Patterns = DockerIgnore.KeepBuildFiles(patterns, relative);
            _matcher = new IgnoreMatcher(Patterns);
        }

        /// <summary>The context folder.</summary>
        internal string Root { get; }

        /// <summary>The Dockerfile on disk.</summary>
        internal string DockerfilePath { get; }

        /// <summary>The Dockerfile's name in the sent context: the "dockerfile" build parameter.</summary>
        internal string DockerfileName { get; }

        /// <summary>True when the Dockerfile is outside the context folder and is added under a generated name.</summary>
        internal bool IsDockerfileOutside { get; }

        /// <summary>The exclude patterns in force (the .dockerignore's, plus the build files' exceptions).</summary>
        internal IReadOnlyList<string> Patterns { get; }

        /// <summary>Files (not folders) written so far; read from any thread.</summary>
        internal int FileCount => Volatile.Read(ref _files);

        private int _files;

        /// <summary>
        /// The relative paths the context holds, in the order they are sent (folders end with "/"): what
        /// <see cref="WriteTo"/> writes, without reading any file. For tests and -WhatIf.
        /// </summary>
        internal IEnumerable<string> EntryNames()
        {
            foreach (ContextEntry e in Walk(CancellationToken.None))
            {
                yield return e.Name;
            }

            if (IsDockerfileOutside)
            {
                if (_ignoreText is null)
                {
                    yield return DockerIgnore.FileName;
                }

                yield return DockerfileName;
            }
        }

        /// <summary>Writes the context to <paramref name="tar"/> as it walks the folder, one file at a time.</summary>
        internal void WriteTo(ITarSink tar, CancellationToken cancel)
        {
            foreach (ContextEntry e in Walk(cancel))
            {
                cancel.ThrowIfCancellationRequested();
                switch (e.Type)
                {
                    case EntryType.Directory:
                        tar.AddDirectory(e.Name, e.Mode, e.Modified);
                        break;
                    case EntryType.SymbolicLink:
                        tar.AddSymbolicLink(e.Name, e.LinkTarget!, e.Mode, e.Modified);
                        break;
                    default:
                        if (IsDockerfileOutside && e.Name == DockerIgnore.FileName)
                        {
                            byte[] ignore = Encoding.UTF8.GetBytes((_ignoreText ?? "") + "\n" + DockerfileName + "\n");
                            tar.AddFile(e.Name, e.Mode, e.Modified, new MemoryStream(ignore, false), ignore.Length);
                        }
                        else
                        {
                            using var stream = new FileStream(e.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
                            tar.AddFile(e.Name, e.Mode, e.Modified, stream, stream.Length);
                        }

                        Interlocked.Increment(ref _files);
                        break;
                }
            }

            if (IsDockerfileOutside)
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                if (_ignoreText is null)
                {
                    byte[] ignore = Encoding.UTF8.GetBytes(DockerIgnore.FileName + "\n" + DockerfileName + "\n");
                    tar.AddFile(DockerIgnore.FileName, 0x180, now, new MemoryStream(ignore, false), ignore.Length);
                }

                tar.AddFile(DockerfileName, 0x180, now, new MemoryStream(_outsideDockerfile!, false), _outsideDockerfile!.Length);
                Interlocked.Increment(ref _files);
            }
        }

        private enum EntryType { File, Directory, SymbolicLink }

        private sealed class ContextEntry
        {
            internal string Name = "";
            internal string FullPath = "";
            internal EntryType Type;
            internal int Mode;
            internal DateTimeOffset Modified;
            internal string? LinkTarget;
        }

        private IEnumerable<ContextEntry> Walk(CancellationToken cancel) => WalkFolder(Root, "", null, cancel);

        // One folder's entries in lexical order, each subfolder's entries right after the subfolder; folder: the
        // verdict on the folder itself (null at the top of the context).
        private IEnumerable<ContextEntry> WalkFolder(string dirFull, string dirRel, IgnoreVerdict? folder, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            FileSystemInfo[] infos = new DirectoryInfo(dirFull).GetFileSystemInfos();
            Array.Sort(infos, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            foreach (FileSystemInfo info in infos)
            {
                string rel = dirRel.Length == 0 ? info.Name : dirRel + "/" + info.Name;
                bool isLink = IsSymbolicLink(info);
                bool isDir = !isLink && (info.Attributes & FileAttributes.Directory) != 0;
                IgnoreVerdict verdict = _matcher.Match(rel, folder);
                if (verdict.Excluded)
                {
                    // Left out; a folder is still looked into when an exception may keep something under it.
                    if (isDir && _matcher.ExceptionMayMatchUnder(rel))
                    {
                        foreach (ContextEntry inner in WalkFolder(info.FullName, rel, verdict, cancel))
                        {
                            yield return inner;
                        }
                    }

                    continue;
                }

                var entry = new ContextEntry { FullPath = info.FullName, Modified = info.LastWriteTimeUtc, Mode = ModeOf(info, isDir), Name = rel };
                if (isDir)
                {
                    entry.Type = EntryType.Directory;
                    entry.Name = rel + "/";
                    yield return entry;
                    foreach (ContextEntry inner in WalkFolder(info.FullName, rel, verdict, cancel))
                    {
                        yield return inner;
                    }
                }
                else if (isLink)
                {
                    entry.Type = EntryType.SymbolicLink;
                    entry.LinkTarget = LinkTargetOf(info);
                    if (entry.LinkTarget is not null)
                    {
                        yield return entry;
                    }
                }
                else if (IsRegularFile(info))
                {
                    entry.Type = EntryType.File;
                    yield return entry;
                }
            }
        }

        private static bool IsSymbolicLink(FileSystemInfo info) => (info.Attributes & FileAttributes.ReparsePoint) != 0 && LinkTargetOf(info) is not null;

        private static string? LinkTargetOf(FileSystemInfo info)
        {
#if NET8_0_OR_GREATER
            return info.LinkTarget;
#else
            // Windows PowerShell 5.1: no API reads a link's target; links are sent as what they point to.
            return null;
#endif
        }

        // Sockets, pipes and devices are not told apart from files by .NET; a context holding one is refused by the
        // open (sockets) or waits for a writer (pipes), as it would not be sent by the CLI either.
        private static bool IsRegularFile(FileSystemInfo info) => info is FileInfo;

        private static int ModeOf(FileSystemInfo info, bool isDir)
        {
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                return (int)info.UnixFileMode & 0xFFF;
            }
#endif
            // The CLI on Windows sends 0755 for files and folders (chmodTarEntry).
            _ = isDir;
            return 0x1ED;
        }

        private static string RelativePath(string root, string path)
        {
            string rel = GetRelativePath(root, path).Replace('\\', '/');
            return ContextPath.Clean(rel);
        }

        private static string GetRelativePath(string root, string path)
        {
#if NET8_0_OR_GREATER
            return Path.GetRelativePath(root, path);
#else
            var rootUri = new Uri(root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar);
            return Uri.UnescapeDataString(rootUri.MakeRelativeUri(new Uri(path)).ToString());
#endif
        }

        private static string RandomHex(int length)
        {
            var bytes = new byte[(length + 1) / 2];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(bytes);
            }

            var sb = new StringBuilder(length + 1);
            foreach (byte b in bytes)
            {
                sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return sb.ToString(0, length);
        }
    }
}
