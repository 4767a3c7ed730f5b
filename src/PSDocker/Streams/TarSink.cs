using System;
using System.IO;
using System.Text;
#if NET8_0_OR_GREATER
using System.Formats.Tar;
#else
using ICSharpCode.SharpZipLib.Tar;
#endif

namespace PSDocker.Streams
{
    /// <summary>Where a build context's entries go: a tar stream written entry by entry, never held whole.</summary>
    internal interface ITarSink : IDisposable
    {
        /// <summary>A folder: <paramref name="name"/> ends with "/"; <paramref name="mode"/> the permission bits (e.g. 0755).</summary>
        void AddDirectory(string name, int mode, DateTimeOffset modified);

        /// <summary>A symbolic link to <paramref name="target"/>, kept as a link.</summary>
        void AddSymbolicLink(string name, string target, int mode, DateTimeOffset modified);

        /// <summary>A regular file of <paramref name="length"/> bytes, copied from <paramref name="content"/>.</summary>
        void AddFile(string name, int mode, DateTimeOffset modified, Stream content, long length);

        /// <summary>Writes the end of the archive (two zero blocks).</summary>
        void Finish();
    }

    /// <summary>
    /// The tar writer of a build context, uid and gid 0 as the CLI's build context sets them. On .NET 8 the
    /// runtime's System.Formats.Tar (GNU format: any name length); on Windows PowerShell 5.1 SharpZipLib's tar
    /// writer (GNU long names too).
    /// </summary>
    internal static class TarSink
    {
        internal static ITarSink Create(Stream output) =>
#if NET8_0_OR_GREATER
            new SystemTarSink(output);
#else
            new SharpZipTarSink(output);
#endif

#if NET8_0_OR_GREATER
        private sealed class SystemTarSink : ITarSink
        {
            private readonly TarWriter _writer;

            internal SystemTarSink(Stream output) => _writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);

            public void AddDirectory(string name, int mode, DateTimeOffset modified) =>
                _writer.WriteEntry(Entry(TarEntryType.Directory, name, mode, modified));

            public void AddSymbolicLink(string name, string target, int mode, DateTimeOffset modified)
            {
                GnuTarEntry entry = Entry(TarEntryType.SymbolicLink, name, mode, modified);
                entry.LinkName = target;
                _writer.WriteEntry(entry);
            }

            public void AddFile(string name, int mode, DateTimeOffset modified, Stream content, long length)
            {
                GnuTarEntry entry = Entry(TarEntryType.RegularFile, name, mode, modified);
                entry.DataStream = content;
                _writer.WriteEntry(entry);
            }

            public void Finish() => _writer.Dispose();

            public void Dispose() => _writer.Dispose();

            private static GnuTarEntry Entry(TarEntryType type, string name, int mode, DateTimeOffset modified) =>
                new GnuTarEntry(type, name)
                {
                    Mode = (UnixFileMode)mode,
                    ModificationTime = TruncateToSeconds(modified),
                    Uid = 0,
                    Gid = 0,
                };
        }
#else
        private sealed class SharpZipTarSink : ITarSink
        {
            private readonly TarOutputStream _tar;

            internal SharpZipTarSink(Stream output) => _tar = new TarOutputStream(output, Encoding.UTF8) { IsStreamOwner = false };

            public void AddDirectory(string name, int mode, DateTimeOffset modified)
            {
                _tar.PutNextEntry(Entry(TarHeader.LF_DIR, name, mode, modified, 0));
                _tar.CloseEntry();
            }

            public void AddSymbolicLink(string name, string target, int mode, DateTimeOffset modified)
            {
                TarEntry entry = Entry(TarHeader.LF_SYMLINK, name, mode, modified, 0);
                entry.TarHeader.LinkName = target;
                _tar.PutNextEntry(entry);
                _tar.CloseEntry();
            }

            public void AddFile(string name, int mode, DateTimeOffset modified, Stream content, long length)
            {
                _tar.PutNextEntry(Entry(TarHeader.LF_NORMAL, name, mode, modified, length));
                content.CopyTo(_tar, 81920);
                _tar.CloseEntry();
            }

            public void Finish() => _tar.Finish();

            public void Dispose() => _tar.Dispose();

            private static TarEntry Entry(byte type, string name, int mode, DateTimeOffset modified, long size)
            {
                TarEntry entry = TarEntry.CreateTarEntry(name);
                entry.TarHeader.TypeFlag = type;
                entry.TarHeader.Mode = mode;
                entry.TarHeader.ModTime = TruncateToSeconds(modified).UtcDateTime;
                entry.TarHeader.UserId = 0;
                entry.TarHeader.GroupId = 0;
                entry.TarHeader.UserName = "";
                entry.TarHeader.GroupName = "";
                entry.Size = size;
                return entry;
            }
        }
#endif

        private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) =>
            t < DateTimeOffset.FromUnixTimeSeconds(0) ? DateTimeOffset.FromUnixTimeSeconds(0) : DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
    }
}
