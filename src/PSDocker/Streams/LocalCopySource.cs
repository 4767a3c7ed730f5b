using System;
using System.IO;
using System.Threading;

namespace PSDocker.Streams
{
    /// <summary>
    /// A local file or folder written as the tar docker cp sends to a container (moby's TarResourceRebase, then the
    /// renaming of <see cref="CopyPlan"/>): the source itself first, then, for a folder, what it holds in lexical
    /// (ordinal) order, each folder's entries right after it. Folders end with "/", symbolic links are kept as links
    /// (never followed), regular files are streamed one at a time; the mode's permission, setuid, setgid and sticky
    /// bits (0755 on Windows, as the CLI sends), the modification time in seconds, uid and gid 0. Sockets, pipes and
    /// devices are left out. Hard links are sent as separate files.
    /// </summary>
    internal sealed class LocalCopySource
    {
        private readonly CopyInfo _source;
        private readonly CopyPlan _plan;
        private readonly string _base;

        internal LocalCopySource(CopyInfo source, CopyPlan plan)
        {
            _source = source;
            _plan = plan;
            _base = CopyRules.SourceBase(source.Path);
        }

        /// <summary>The size of the regular files' content to send (the CLI's localContentSize), for progress.</summary>
        internal long ContentSize()
        {
            string root = Trim(_source.Path);
            if (!_source.IsDirectory)
            {
                return LocalCopyPaths.Kind(root, out _) == LocalKind.File ? new FileInfo(root).Length : 0;
            }

            return SizeOf(root);
        }

        private static long SizeOf(string folder)
        {
            long total = 0;
            foreach (FileSystemInfo info in new DirectoryInfo(folder).GetFileSystemInfos())
            {
                switch (LocalCopyPaths.Kind(info.FullName, out _))
                {
                    case LocalKind.File:
                        total += ((FileInfo)info).Length;
                        break;
                    case LocalKind.Directory:
                        total += SizeOf(info.FullName);
                        break;
                }
            }

            return total;
        }

        /// <summary>Writes the archive to <paramref name="tar"/>, reading each file as it goes.</summary>
        internal void WriteTo(ITarSink tar, CancellationToken cancel)
        {
            string root = Trim(_source.Path);
            WriteEntry(tar, root, "", cancel);
        }

        private void WriteEntry(ITarSink tar, string full, string relative, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            LocalKind kind = LocalCopyPaths.Kind(full, out string? target);
            FileSystemInfo info = kind == LocalKind.Directory ? new DirectoryInfo(full) : new FileInfo(full);
            DateTimeOffset modified = info.LastWriteTimeUtc;
            string name = _plan.Rename(CopyRules.SourceEntryName(_base, relative, kind == LocalKind.Directory, _source.RebaseName));
            switch (kind)
            {
                case LocalKind.Directory:
                    tar.AddDirectory(name, ModeOf(info), modified);
                    FileSystemInfo[] children = ((DirectoryInfo)info).GetFileSystemInfos();
                    Array.Sort(children, (a, b) => string.CompareOrdinal(a.Name, b.Name));
                    foreach (FileSystemInfo child in children)
                    {
                        WriteEntry(tar, full == "/" ? "/" + child.Name : full + "/" + child.Name, relative.Length == 0 ? child.Name : relative + "/" + child.Name, cancel);
                    }

                    break;
                case LocalKind.SymbolicLink:
                    // A link's own mode is 0777 on Linux, as lstat gives it to docker.
                    tar.AddSymbolicLink(name, target!, 0x1FF, modified);
                    break;
                case LocalKind.File:
                    using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
                    {
                        tar.AddFile(name, ModeOf(info), modified, stream, stream.Length);
                    }

                    break;
                default:
                    // Sockets, pipes and devices: not sent.
                    break;
            }
        }

        private static string Trim(string path)
        {
            string p = path;
            if (CopyRules.SpecifiesCurrentDir(p))
            {
                p = CopyRules.Dir(p.TrimEnd('/'));
            }

            return p.Length > 1 ? p.TrimEnd('/') : p;
        }

        private static int ModeOf(FileSystemInfo info)
        {
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                return (int)info.UnixFileMode & 0xFFF;
            }
#endif
            _ = info;
            return 0x1ED;
        }
    }
}
