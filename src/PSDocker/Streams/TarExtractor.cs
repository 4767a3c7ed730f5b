using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
#if NET8_0_OR_GREATER
using System.Formats.Tar;
#else
using ICSharpCode.SharpZipLib.Tar;
#endif

namespace PSDocker.Streams
{
    /// <summary>
    /// Extracts a tar stream from the engine into a local folder as docker cp does (moby's Untar with NoLchown and
    /// NoOverwriteDirNonDir), entry by entry as it arrives, never holding the archive:
    /// <list type="bullet">
    /// <item>Each entry's name goes through the copy's renaming (<see cref="CopyPlan"/>); a name that leads outside
    /// the folder, or a symbolic link whose target (joined to the link's folder) does, is refused
    /// (CopyEntryOutsideDestination), as docker refuses a "breakout". Absolute link targets are kept as they are.</item>
    /// <item>Missing parent folders are made; an existing folder is never replaced by a non-folder nor the reverse
    /// (CopyTypeConflict, docker's "cannot overwrite directory ... with non-directory ..."); an existing file or link
    /// is replaced.</item>
    /// <item>Each file is written to a hidden partial file beside it (".NAME.RANDOM.partial") and moved over its final
    /// name when whole, with its permission, setuid, setgid and sticky bits (not on Windows) and modification time: Ctrl+C
    /// or a failure leaves the entries completed so far, no file cut short, and an existing file being replaced as it
    /// was (the partial file is deleted). Folders get their modes and times once all they hold is written.
    /// Links are made as links (PowerShell 7 only; Windows PowerShell skips them with a warning), their own times not
    /// set. Hard links are written as copies of their target. Devices, pipes and sockets are skipped with a warning.
    /// Owners are not changed (the files belong to the user running PowerShell).</item>
    /// </list>
    /// </summary>
    internal sealed class TarExtractor
    {
        internal const string OutsideErrorId = "CopyEntryOutsideDestination";
        internal const string ConflictErrorId = "CopyTypeConflict";

        private readonly string _root;
        private readonly Func<string, string> _rename;
        private readonly Action<string> _warn;
        private readonly List<(string Path, int Mode, DateTimeOffset Modified)> _folders = new List<(string, int, DateTimeOffset)>();
        private long _bytes;

        /// <param name="root">The folder to extract into ("/"-separated, existing).</param>
        /// <param name="rename">The renaming of the entries (<see cref="CopyPlan.Rename"/>).</param>
        /// <param name="warn">Where skipped entries are reported (called on the extracting thread).</param>
        internal TarExtractor(string root, Func<string, string> rename, Action<string> warn)
        {
            _root = root.Length > 1 ? root.TrimEnd('/') : root;
            _rename = rename;
            _warn = warn;
        }

        /// <summary>File content bytes written so far (read from any thread).</summary>
        internal long ContentBytes => Interlocked.Read(ref _bytes);

        /// <summary>The top-level paths made or replaced (for -PassThru), in order.</summary>
        internal List<string> TopLevel { get; } = new List<string>();

        private enum Kind { File, Directory, SymbolicLink, HardLink, Other }

        /// <summary>Reads the tar of <paramref name="response"/> to its end and writes what it holds.</summary>
        internal void Extract(Stream response, CancellationToken cancel)
        {
            // The engine's response is read ahead on its own task into a pipe (up to 4 MiB), so reading the network and
            // writing the files overlap; the tar readers read the pipe synchronously on this, the extracting thread.
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20, minimumSegmentSize: 128 * 1024, useSynchronizationContext: false));
            Task pump = PumpAsync(response, pipe.Writer, cancel);
            try
            {
                using Stream tar = pipe.Reader.AsStream();
                ExtractFrom(tar, cancel);
            }
            finally
            {
                pipe.Reader.Complete();
                try
                {
                    pump.Wait(TimeSpan.FromSeconds(10));
                }
                catch (AggregateException)
                {
                }
            }
        }

        private static async Task PumpAsync(Stream response, PipeWriter writer, CancellationToken cancel)
        {
            try
            {
                var buffer = new byte[128 * 1024];
                while (true)
                {
                    int n = await response.ReadAsync(buffer, 0, buffer.Length, cancel).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    FlushResult flushed = await writer.WriteAsync(new ReadOnlyMemory<byte>(buffer, 0, n), cancel).ConfigureAwait(false);
                    if (flushed.IsCompleted || flushed.IsCanceled)
                    {
                        break;
                    }
                }

                writer.Complete();
            }
            catch (Exception e)
            {
                writer.Complete(e);
            }
        }

        private void ExtractFrom(Stream tar, CancellationToken cancel)
        {
#if NET8_0_OR_GREATER
            using (var reader = new TarReader(tar, leaveOpen: true))
            {
                TarEntry? entry;
                while ((entry = reader.GetNextEntry()) is not null)
                {
                    cancel.ThrowIfCancellationRequested();
                    Kind kind = entry.EntryType switch
                    {
                        TarEntryType.Directory => Kind.Directory,
                        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => Kind.File,
                        TarEntryType.SymbolicLink => Kind.SymbolicLink,
                        TarEntryType.HardLink => Kind.HardLink,
                        _ => Kind.Other,
                    };
                    Stream? data = entry.DataStream;
                    One(entry.Name, kind, (int)entry.Mode, entry.ModificationTime, entry.LinkName, entry.Length, target => CopyData(data, target, cancel));
                }
            }
#else
            using (var reader = new TarInputStream(tar, System.Text.Encoding.UTF8) { IsStreamOwner = false })
            {
                TarEntry? entry;
                while ((entry = reader.GetNextEntry()) is not null)
                {
                    cancel.ThrowIfCancellationRequested();
                    byte type = entry.TarHeader.TypeFlag;
                    Kind kind = type == TarHeader.LF_DIR ? Kind.Directory
                        : type == TarHeader.LF_NORMAL || type == TarHeader.LF_OLDNORM || type == TarHeader.LF_CONTIG ? Kind.File
                        : type == TarHeader.LF_SYMLINK ? Kind.SymbolicLink
                        : type == TarHeader.LF_LINK ? Kind.HardLink
                        : Kind.Other;
                    One(entry.Name, kind, entry.TarHeader.Mode, new DateTimeOffset(DateTime.SpecifyKind(entry.ModTime, DateTimeKind.Utc)),
                        entry.TarHeader.LinkName, entry.Size, target => CopyData(reader, target, cancel));
                }
            }
#endif
            // Folders last, deepest first: writing what they hold changed their times.
            for (int i = _folders.Count - 1; i >= 0; i--)
            {
                (string path, int mode, DateTimeOffset modified) = _folders[i];
                SetMode(path, mode);
                Directory.SetLastWriteTimeUtc(path, modified.UtcDateTime);
            }
        }

        private void One(string rawName, Kind kind, int mode, DateTimeOffset modified, string? linkName, long size, Func<Stream, long> copyData)
        {
            string name = _rename(rawName);
            if (!CopyRules.StaysInside(name))
            {
                throw Outside(rawName, $"the entry '{rawName}' would be written outside '{_root}'");
            }

            string relative = CopyRules.Clean(name);
            if (relative.StartsWith("/", StringComparison.Ordinal))
            {
                relative = CopyRules.Clean(relative.TrimStart('/'));
            }

            string path = relative == "." ? _root : (_root == "/" ? "/" : _root + "/") + relative;
            string top = relative == "." ? _root : (_root == "/" ? "/" : _root + "/") + relative.Split('/')[0];
            if (!TopLevel.Contains(top))
            {
                TopLevel.Add(top);
            }

            if (kind == Kind.Other)
            {
                _warn($"Skipped '{rawName}': devices, pipes and sockets are not copied.");
                return;
            }

            // Parent folders an archive leaves out are made (0755).
            string parent = CopyRules.Dir(path);
            if (!Directory.Exists(parent))
            {
                Directory.CreateDirectory(parent);
            }

            LocalKind existing = LocalCopyPaths.Kind(path, out _);
            if (existing != LocalKind.Missing)
            {
                if (existing == LocalKind.Directory && kind != Kind.Directory)
                {
                    throw Conflict($"cannot overwrite directory \"{path}\" with non-directory \"{rawName}\"");
                }

                if (existing != LocalKind.Directory && kind == Kind.Directory)
                {
                    throw Conflict($"cannot overwrite non-directory \"{path}\" with directory \"{rawName}\"");
                }

                if (existing == LocalKind.Directory && relative == ".")
                {
                    return;
                }

                // A file is written beside its target and moved over it when whole: the old one is kept until then.
                if (existing != LocalKind.Directory && kind != Kind.File)
                {
                    File.Delete(path);
                }
            }

            switch (kind)
            {
                case Kind.Directory:
                    if (existing == LocalKind.Missing)
                    {
                        Directory.CreateDirectory(path);
                    }

                    _folders.Add((path, mode, modified));
                    break;
                case Kind.File:
                    WriteFile(path, rawName, mode, modified, size, copyData);
                    break;
                case Kind.SymbolicLink:
                    if (!CopyRules.LinkStaysInside(relative, linkName ?? ""))
                    {
                        throw Outside(rawName, $"the link '{rawName}' -> '{linkName}' points outside '{_root}'");
                    }
#if NET8_0_OR_GREATER
                    File.CreateSymbolicLink(path, linkName ?? "");
#else
                    _warn($"Skipped the link '{rawName}' -> '{linkName}': Windows PowerShell cannot make symbolic links.");
#endif
                    break;
                case Kind.HardLink:
                    string targetName = _rename(linkName ?? "");
                    if (!CopyRules.StaysInside(targetName))
                    {
                        throw Outside(rawName, $"the hard link '{rawName}' -> '{linkName}' points outside '{_root}'");
                    }

                    string targetPath = (_root == "/" ? "/" : _root + "/") + CopyRules.Clean(targetName).TrimStart('/');
                    File.Copy(targetPath, path, true);
                    break;
            }
        }

        // Writes a regular file to a hidden partial file beside it (FileDownload's), gives it its mode and time, and
        // moves it over the target only when whole; a failure or Ctrl+C deletes the partial file and leaves the target.
        // An archive that ends inside the file's data (the engine or the connection gone) is an error, not a short file.
        private static void WriteFile(string path, string rawName, int mode, DateTimeOffset modified, long size, Func<Stream, long> copyData)
        {
            string partial = FileDownload.PartialPath(path);
            bool complete = false;
            try
            {
                using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.SequentialScan))
                {
                    long written = copyData(file);
                    if (written < size)
                    {
                        throw new InvalidDataException($"The archive ended inside '{rawName}' ({written} of {size} bytes).");
                    }
                }

                SetMode(partial, mode);
                File.SetLastWriteTimeUtc(partial, modified.UtcDateTime);
                FileDownload.MoveIntoPlace(partial, path);
                complete = true;
            }
            finally
            {
                if (!complete)
                {
                    FileDownload.TryDelete(partial);
                }
            }
        }

        // Copies an entry's data; returns the bytes copied.
        private long CopyData(Stream? source, Stream target, CancellationToken cancel)
        {
            if (source is null)
            {
                return 0;
            }

            var buffer = new byte[81920];
            long copied = 0;
            int n;
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancel.ThrowIfCancellationRequested();
                target.Write(buffer, 0, n);
                copied += n;
                Interlocked.Add(ref _bytes, n);
            }

            return copied;
        }

        private static void SetMode(string path, int mode)
        {
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, (UnixFileMode)(mode & 0xFFF));
            }
#else
            _ = path;
            _ = mode;
#endif
        }

        private PSDockerException Outside(string name, string why) =>
            new PSDockerException($"Refused to copy: {why}.", OutsideErrorId, ErrorCategory.SecurityError, name);

        private static PSDockerException Conflict(string why) =>
            new PSDockerException($"Could not copy: {why}.", ConflictErrorId, ErrorCategory.InvalidOperation, why);
    }
}
