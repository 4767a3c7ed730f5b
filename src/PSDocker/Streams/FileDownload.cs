using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace PSDocker.Streams
{
    /// <summary>
    /// Writes a stream from the engine to a local file (docker save -o, docker export -o), the one way PSDocker does:
    /// the target checked before anything is sent, the bytes streamed (never held in memory) into a hidden file beside
    /// the target with progress in bytes written, and moved into place only when complete. Ctrl+C or a failure leaves
    /// no partial file, and an existing file is kept until the new one is whole. A failed local write is
    /// FileWriteFailed (WriteError, the file as target), never taken for a failed connection to the engine.
    /// </summary>
    internal static class FileDownload
    {
        internal const string FileExistsErrorId = "FileExists";
        internal const string PathIsDirectoryErrorId = "PathIsDirectory";
        internal const string DirectoryNotFoundErrorId = "DirectoryNotFound";
        internal const string WriteFailedErrorId = "FileWriteFailed";

        private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// Checks the target before anything is sent: with <paramref name="noClobber"/> an existing file is FileExists
        /// (ResourceExists, the full path as target); a folder is PathIsDirectory and a missing folder DirectoryNotFound
        /// (the path as given as target). Throws PSDockerException; <see cref="PSDockerException.Target"/> is the target.
        /// </summary>
        /// <param name="path">The full path (resolved against the PowerShell location).</param>
        /// <param name="given">The -Path value as the user gave it.</param>
        /// <param name="noClobber">-NoClobber: refuse to replace an existing file.</param>
        /// <param name="dockerCommand">The docker command whose -o this is ("docker save"), for the messages.</param>
        /// <param name="exampleFile">A file name to suggest when the path is a folder ("images.tar").</param>
        internal static void CheckTarget(string path, string given, bool noClobber, string dockerCommand, string exampleFile)
        {
            if (noClobber && File.Exists(path))
            {
                throw new PSDockerException($"The file '{path}' already exists; -NoClobber refuses to replace it.",
                    FileExistsErrorId, ErrorCategory.ResourceExists, path);
            }

            if (Directory.Exists(path))
            {
                throw new PSDockerException(
                    $"-Path '{given}' is a folder: {dockerCommand} writes to a file. Name a file, such as '{Path.Combine(given, exampleFile)}'.",
                    PathIsDirectoryErrorId, ErrorCategory.InvalidArgument, given);
            }

            string? folder = Path.GetDirectoryName(path);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                throw new PSDockerException($"-Path '{given}': the folder '{folder}' does not exist.",
                    DirectoryNotFoundErrorId, ErrorCategory.ObjectNotFound, given);
            }
        }

        /// <summary>
        /// Copies <paramref name="source"/> to <paramref name="path"/> through a partial file, replacing an existing file
        /// only when the copy is whole; shows progress (bytes written) under <paramref name="activity"/> and closes it at
        /// the end. Call on the pipeline thread's pump (the cmdlet's Run): progress is written from here.
        /// </summary>
        /// <returns>The bytes written.</returns>
        internal static async Task<long> WriteAsync(Cmdlet cmdlet, Stream source, string path, string activity, int progressId, CancellationToken token)
        {
            string partial = PartialPath(path);
            long written = 0;
            bool complete = false;
            try
            {
                using (FileStream target = LocalFile(path, () => new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous)))
                {
                    var buffer = new byte[81920];
                    Stopwatch since = Stopwatch.StartNew();
                    int n;
                    while ((n = await source.ReadAsync(buffer, 0, buffer.Length, token)) > 0)
                    {
                        await LocalFile(path, () => target.WriteAsync(buffer, 0, n, token));
                        written += n;
                        if (since.Elapsed >= s_progressInterval)
                        {
                            since.Restart();
                            cmdlet.WriteProgress(new ProgressRecord(progressId, activity, $"{Humanize.Size(written)} written to {path}"));
                        }
                    }

                    await LocalFile(path, () => target.FlushAsync(token));
                }

                LocalFile(path, () =>
                {
                    MoveIntoPlace(partial, path);
                    return true;
                });

                complete = true;
            }
            finally
            {
                if (!complete)
                {
                    TryDelete(partial);
                }

                Progress.Complete(cmdlet, progressId, activity);
            }

            return written;
        }

        /// <summary>
        /// The hidden file a copy to <paramref name="path"/> is written to first: ".NAME.RANDOM.partial" in the same
        /// folder, so <see cref="MoveIntoPlace"/> is a rename on the same volume.
        /// </summary>
        internal static string PartialPath(string path) =>
            Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("n").Substring(0, 8) + ".partial");

        /// <summary>
        /// Moves a complete <paramref name="partial"/> file over <paramref name="path"/>, replacing an existing file (or
        /// link) only now: with PowerShell 7 in one rename; with Windows PowerShell by File.Replace (File.Move when there
        /// is nothing to replace).
        /// </summary>
        internal static void MoveIntoPlace(string partial, string path)
        {
#if NET8_0_OR_GREATER
            File.Move(partial, path, true);
#else
            if (File.Exists(path))
            {
                File.Replace(partial, path, null);
            }
            else
            {
                File.Move(partial, path);
            }
#endif
        }

        /// <summary>Runs a step on the local file: its failure (disk full, no permission) is FileWriteFailed.</summary>
        private static T LocalFile<T>(string path, Func<T> step)
        {
            try
            {
                return step();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw WriteFailed(path, e);
            }
        }

        private static async Task LocalFile(string path, Func<Task> step)
        {
            try
            {
                await step().ConfigureAwait(true);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw WriteFailed(path, e);
            }
        }

        private static PSDockerException WriteFailed(string path, Exception e) =>
            new PSDockerException($"Could not write '{path}': {e.Message}", WriteFailedErrorId, ErrorCategory.WriteError, path, e);

        /// <summary>Deletes a partial file left by a failed or cancelled copy; a file that cannot be deleted is left.</summary>
        internal static void TryDelete(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
