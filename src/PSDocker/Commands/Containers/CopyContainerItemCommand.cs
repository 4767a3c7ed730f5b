using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Copies files and folders between a container and the local file system, like docker cp.</para>
    /// <para type="description">One side is in a container, written CONTAINER:PATH (`-Path ./site -Destination web:/www`,
    /// `-Path web:/etc/hosts -Destination ./hosts`), or named with -Container and -ToContainer or -FromContainer. Files,
    /// folders and symbolic links (kept as links) are copied with their modes and modification times, by docker cp's
    /// rules: a destination folder that exists receives the source under its own name; a missing destination is made
    /// under the destination's name (its folder must exist); a source ending in "/." copies what the folder holds; a
    /// missing destination ending in "/" must receive a folder ("no such directory" for a file). The archive is streamed
    /// both ways (no temporary archive, never held whole in memory), with progress in bytes. A missing source is
    /// PathNotFound naming the path; a missing container is ContainerNotFound. Nothing is written to the pipeline unless
    /// -PassThru is given. Copying from a container writes each file to a hidden partial file beside it and moves it
    /// into place when whole: Ctrl+C or a failure stops at once and leaves the files completed so far, no file cut
    /// short, and an existing file being replaced as it was.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "ContainerItem", SupportsShouldProcess = true, DefaultParameterSetName = SpecSet)]
    [OutputType(typeof(ContainerItem), typeof(FileInfo), typeof(DirectoryInfo))]
    public sealed class CopyContainerItemCommand : DockerCmdlet
    {
        /// <summary>The parameter set of CONTAINER:PATH in -Path or -Destination.</summary>
        public const string SpecSet = "ContainerPath";

        /// <summary>The parameter set of -Container with -ToContainer.</summary>
        public const string ToSet = "ToContainer";

        /// <summary>The parameter set of -Container with -FromContainer.</summary>
        public const string FromSet = "FromContainer";

        /// <summary>Error id for two container sides, or none (category InvalidArgument).</summary>
        internal const string InvalidErrorId = "InvalidArgument";

        /// <summary>Error id for a copy the engine refused (category WriteError, the engine's message).</summary>
        internal const string FailedErrorId = "CopyFailed";

        private const int ProgressId = 0xC0B7;
        private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(250);

        // How long Ctrl+C or a failure waits for the copy's own thread or request to end.
        private static readonly TimeSpan s_settleLimit = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The source: a local file or folder (relative to the current PowerShell location; "~" is the home folder), or
        /// CONTAINER:PATH (docker cp's syntax: a local path holding ':' is written "./name:x"; an absolute local path is
        /// always local). A trailing "/." copies what a folder holds; a trailing "/" says the source is a folder. With
        /// -ToContainer it is local; with -FromContainer it is the path in the container.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>
        /// The destination: CONTAINER:PATH or a local path, by the same rules as -Path; with -ToContainer the path in the
        /// container, with -FromContainer a local path. Docker's rules decide what is made: see the description.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = "";

        /// <summary>
        /// The container (a name, id or unique id prefix), with -ToContainer or -FromContainer; then -Path and
        /// -Destination are plain paths (no CONTAINER: part). Bound by property name from piped Container objects.
        /// </summary>
        [Parameter(ParameterSetName = ToSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = FromSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string? Container { get; set; }

        /// <summary>Copy -Path (local) into -Container at -Destination.</summary>
        [Parameter(ParameterSetName = ToSet, Mandatory = true)]
        public SwitchParameter ToContainer { get; set; }

        /// <summary>Copy -Path in -Container to -Destination (local).</summary>
        [Parameter(ParameterSetName = FromSet, Mandatory = true)]
        public SwitchParameter FromContainer { get; set; }

        /// <summary>
        /// Follow a symbolic link at the end of the source and copy what it points to, under the link's name (docker cp -L).
        /// Without it the link itself is copied. Links before the last element are always followed.
        /// </summary>
        [Parameter]
        [Alias("L")]
        public SwitchParameter FollowLink { get; set; }

        /// <summary>
        /// Archive mode (docker cp -a, the engine's copyUIDGID): into a container, the engine gives the copied files the
        /// user and group of the container's user (its Config.User) instead of those the archive carries (root: PSDocker
        /// sends uid and gid 0). No effect copying from a container.
        /// </summary>
        [Parameter]
        [Alias("CopyUIDGID")]
        public SwitchParameter Archive { get; set; }

        /// <summary>
        /// Return what was made: a ContainerItem (the engine's stat of the destination) for a copy into a container;
        /// the FileInfo or DirectoryInfo of each top-level item written for a copy from a container.
        /// </summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "Container";

        protected override void ProcessRecord()
        {
            (string container, string source, string destination, bool toContainer) = CheckInput(Path, Sides);
            Func<string, string> resolve = LocationPaths.For(this);
            if (toContainer)
            {
                string local = LocalCopyPaths.Absolute(source, resolve);
                CopyInfo sourceInfo = CheckInput(Path, () => LocalCopyPaths.SourceInfo(local, FollowLink, source));
                string target = container + ":" + destination;
                if (ShouldProcess(target, $"Copy '{source}'"))
                {
                    Run(() => ToContainerAsync(container, sourceInfo, source, destination), target);
                }
            }
            else
            {
                string local = LocalCopyPaths.Absolute(destination, resolve);
                CheckInput(Destination, () => CheckOutputPath(local, destination));
                if (ShouldProcess(local, $"Copy '{container}:{source}'"))
                {
                    Run(() => FromContainerAsync(container, source, local, destination), container + ":" + source);
                }
            }
        }

        private (string Container, string Source, string Destination, bool ToContainer) Sides()
        {
            if (ParameterSetName == ToSet)
            {
                return (Container!, Path, Destination, true);
            }

            if (ParameterSetName == FromSet)
            {
                return (Container!, Path, Destination, false);
            }

            CopyPathSpec from = CopyPathSpec.Parse(Path);
            CopyPathSpec to = CopyPathSpec.Parse(Destination);
            if (from.IsContainer && to.IsContainer)
            {
                throw new PSDockerException($"-Path '{Path}' and -Destination '{Destination}' are both in containers: copying between containers is not supported (as with docker cp).",
                    InvalidErrorId, ErrorCategory.InvalidArgument, Path);
            }

            if (!from.IsContainer && !to.IsContainer)
            {
                throw new PSDockerException($"Neither -Path '{Path}' nor -Destination '{Destination}' names a container: write one as CONTAINER:PATH (web:/www), or give -Container with -ToContainer or -FromContainer. A local path holding ':' is written ./name:x.",
                    InvalidErrorId, ErrorCategory.InvalidArgument, Destination);
            }

            foreach (CopyPathSpec side in new[] { from, to })
            {
                if (side.IsContainer && side.Container!.Length == 0)
                {
                    throw new PSDockerException($"'{(side == from ? Path : Destination)}' names no container before ':'.", InvalidErrorId, ErrorCategory.InvalidArgument,
                        side == from ? Path : Destination);
                }
            }

            (string container, string source, string destination, bool toContainer) sides =
                from.IsContainer ? (from.Container!, from.Path, to.Path, false) : (to.Container!, from.Path, to.Path, true);

            // docker cp reads '-' as a tar stream on stdin or stdout; here a lone '-' would be a file named '-'.
            string local = sides.toContainer ? sides.source : sides.destination;
            if (local == "-")
            {
                throw new PSDockerException(
                    $"'-' as {(sides.toContainer ? "-Path" : "-Destination")} is docker cp's tar stream on {(sides.toContainer ? "stdin" : "stdout")}, which Copy-ContainerItem does not take: give a local path (./- for a file named '-').",
                    InvalidErrorId, ErrorCategory.InvalidArgument, "-");
            }

            return sides;
        }

        // The CLI's ValidateOutputPath: the folder of the destination must exist; an existing destination must be a
        // folder or a regular file.
        private static void CheckOutputPath(string local, string shown)
        {
            string folder = CopyRules.Dir(CopyRules.Clean(local));
            if (LocalCopyPaths.Kind(folder, out _) == LocalKind.Missing)
            {
                throw new PSDockerException($"-Destination '{shown}': the folder '{folder}' does not exist.", "DirectoryNotFound", ErrorCategory.ObjectNotFound, shown);
            }

            if (LocalCopyPaths.Kind(local, out _) == LocalKind.Other)
            {
                throw new PSDockerException($"-Destination '{shown}' must be a folder or a regular file.", InvalidErrorId, ErrorCategory.InvalidArgument, shown);
            }
        }

        private async Task<string> ResolveContainerAsync(string container)
        {
            ContainerInspectResponse inspect = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.InspectContainerAsync(container, token));
            return inspect.ID;
        }

        private async Task<ContainerPathStatResponse?> StatAsync(string id, string path)
        {
            try
            {
                ContainerArchiveResponse r = await RequestAsync(RequestLimit.Default, (e, token) =>
                    e.Client.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = path }, true, token));
                return r.Stat;
            }
            catch (DockerApiException)
            {
                return null;
            }
        }

        private async Task ToContainerAsync(string container, CopyInfo sourceInfo, string shownSource, string destination)
        {
            string id = await ResolveContainerAsync(container);
            string shownTarget = container + ":" + destination;

            // The destination as the CLI sees it: stat it (a link at its end followed once); any stat failure is taken
            // as "missing", and the extraction tells the rest.
            string dstPath = destination;
            bool exists = false, isDir = false;
            ContainerPathStatResponse? stat = await StatAsync(id, destination);
            if (stat is not null && (stat.Mode & ModelMapper.GoModeSymlink) != 0)
            {
                string link = stat.LinkTarget ?? "";
                dstPath = link.StartsWith("/", StringComparison.Ordinal) ? link : CopyRules.Clean(CopyRules.SplitPathDirEntry(destination).Dir + "/" + link);
                stat = await StatAsync(id, dstPath);
            }

            if (stat is not null)
            {
                bool regular = (stat.Mode & ModelMapper.GoModeType) == 0;
                isDir = (stat.Mode & ModelMapper.GoModeDir) != 0;
                if (!regular && !isDir)
                {
                    throw new PSDockerException($"The destination '{shownTarget}' must be a folder or a regular file.", InvalidErrorId, ErrorCategory.InvalidArgument, shownTarget);
                }

                exists = true;
            }

            CopyPlan plan = Plan(sourceInfo, new CopyInfo(dstPath, exists, isDir), shownTarget);
            var source = new LocalCopySource(sourceInfo, plan);
            long total = source.ContentSize();
            string activity = $"Copying '{shownSource}' to {shownTarget}";
            WriteVerbose($"{activity}: extracting into {plan.ExtractTo}{(plan.OldBase is null ? "" : $", '{plan.OldBase}' named '{plan.NewBase}'")}.");

            // Ctrl+C cancels the request and the upload from the thread pool, so StopProcessing returns at once.
            DockerEndpoint? endpoint = null;
            using var libraryCancel = new CancellationTokenSource();
            using var forward = OnCancel(CancelToken, libraryCancel.Cancel);
            try
            {
                using (var upload = new ContextUpload(source.WriteTo, libraryCancel.Token))
                {
                    // The library's own call, which RequestAsync stops waiting for on Ctrl+C: waited for below, before
                    // the upload and its cancel are disposed.
                    Task sending = Task.CompletedTask;
                    Task<bool> copy = RequestAsync(RequestLimit.None, (c, t) =>
                    {
                        endpoint = c.Endpoint;
                        Task<bool> send = SendAsync(c, t);
                        sending = send;
                        return send;
                    });
                    try
                    {
                        await ShowProgressAsync(copy, activity, () => upload.BytesSent, total);
                        await copy;
                    }
                    catch (Exception e) when (upload.ProducerError is Exception read && !CancelToken.IsCancellationRequested)
                    {
                        throw new PSDockerException($"Could not read '{shownSource}': {read.Message}", "FileReadFailed", ErrorCategory.ReadError, shownSource, e);
                    }
                    catch (DockerApiException e)
                    {
                        throw EngineRefused(e, shownTarget);
                    }
                    finally
                    {
                        await SettleAsync(copy);
                        await SettleAsync(sending);
                    }

                    async Task<bool> SendAsync(EngineConnection c, CancellationToken t)
                    {
                        using var stop = OnCancel(t, libraryCancel.Cancel);
                        await c.Client.Containers.ExtractArchiveToContainerAsync(id, new CopyToContainerParameters
                        {
                            Path = plan.ExtractTo,
                            // The library sends this property as the API's noOverwriteDirNonDir: true refuses to
                            // replace a folder with a file or a file with a folder, as docker cp always asks the engine.
                            AllowOverwriteDirWithFile = true,
                            CopyUIDGID = Archive.IsPresent ? true : null,
                        }, upload.Body, libraryCancel.Token).ConfigureAwait(false);
                        return true;
                    }
                }
            }
            finally
            {
                Progress.Complete(this, ProgressId, activity);
            }

            if (PassThru)
            {
                string made = plan.OldBase is null
                    ? CopyRules.Clean(plan.ExtractTo + "/" + CopyRules.Base(plan.Rename(CopyRules.SourceEntryName(CopyRules.SourceBase(sourceInfo.Path), "", sourceInfo.IsDirectory, sourceInfo.RebaseName))))
                    : CopyRules.Clean(plan.ExtractTo + "/" + plan.NewBase);
                if (CopyRules.SpecifiesCurrentDir(sourceInfo.Path) && plan.OldBase is null)
                {
                    made = CopyRules.Clean(plan.ExtractTo);
                }

                ContainerPathStatResponse? after = await StatAsync(id, made);
                if (after is not null)
                {
                    WriteObject(ModelMapper.ToContainerItem(container, made, after, endpoint!));
                }
            }
        }

        private async Task FromContainerAsync(string container, string sourcePath, string local, string shownDestination)
        {
            string id = await ResolveContainerAsync(container);
            string shownSource = container + ":" + sourcePath;
            string srcPath = sourcePath;
            string rebaseName = "";
            if (FollowLink)
            {
                ContainerPathStatResponse? stat = await StatAsync(id, srcPath);
                if (stat is not null && (stat.Mode & ModelMapper.GoModeSymlink) != 0)
                {
                    string link = stat.LinkTarget ?? "";
                    string target = link.StartsWith("/", StringComparison.Ordinal) ? link : CopyRules.Clean(CopyRules.SplitPathDirEntry(srcPath).Dir + "/" + link);
                    (srcPath, rebaseName) = CopyRules.GetRebaseName(srcPath, target);
                }
            }

            ContainerArchiveResponse archive;
            try
            {
                archive = await RequestAsync(RequestLimit.None, (e, token) =>
                    e.Client.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = srcPath }, false, token));
            }
            catch (DockerApiException e)
            {
                throw EngineRefused(e, shownSource);
            }

            using Stream content = archive.Stream ?? throw new PSDockerException($"The engine sent no archive for {shownSource}.", FailedErrorId, ErrorCategory.ReadError, shownSource);
            var sourceInfo = new CopyInfo(srcPath, true, (archive.Stat.Mode & ModelMapper.GoModeDir) != 0, rebaseName);
            CopyInfo destinationInfo = LocalCopyPaths.DestinationInfo(local, shownDestination);
            CopyPlan plan = Plan(sourceInfo, destinationInfo, shownDestination);

            // With -FollowLink the archive's first element is the link target's name: named as the link first (the CLI's
            // RebaseArchiveEntries before CopyTo).
            string linkBase = CopyRules.SplitPathDirEntry(srcPath).Base;
            Func<string, string> rename = rebaseName.Length > 0
                ? name => plan.Rename(CopyRules.Rebase(name, linkBase, rebaseName))
                : plan.Rename;
            var warnings = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var extractor = new TarExtractor(plan.ExtractTo, rename, warnings.Enqueue);
            string activity = $"Copying {shownSource} to '{shownDestination}'";
            WriteVerbose($"{activity}: extracting into {plan.ExtractTo}{(plan.OldBase is null ? "" : $", '{plan.OldBase}' named '{plan.NewBase}'")}.");
            long total = sourceInfo.IsDirectory ? 0 : archive.Stat.Size;

            using var stopRead = OnCancel(CancelToken, content.Dispose);
            Task extract = Task.Factory.StartNew(() => extractor.Extract(content, CancelToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                await ShowProgressAsync(extract, activity, () => extractor.ContentBytes, total, warnings);
                try
                {
                    await extract;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException || e is FormatException)
                {
                    CancelToken.ThrowIfCancellationRequested();
                    throw new PSDockerException($"Could not copy {shownSource} to '{shownDestination}': {e.Message}", FailedErrorId, ErrorCategory.WriteError, shownDestination, e);
                }
            }
            finally
            {
                // On Ctrl+C or a failure the extracting thread may still be writing (and deleting its partial file):
                // it ends before this does, and the response stream is closed under it only after.
                await SettleAsync(extract);
                Progress.Complete(this, ProgressId, activity);
                while (warnings.TryDequeue(out string? w))
                {
                    WriteWarning(w);
                }
            }

            if (PassThru)
            {
                foreach (string made in extractor.TopLevel)
                {
                    WriteObject(InvokeProvider.Item.Get(WildcardPattern.Escape(made)), true);
                }
            }
        }

        // Runs stop() on the thread pool when token is cancelled, so StopProcessing returns at once; a stop() whose
        // object is already disposed does nothing.
        private static CancellationTokenRegistration OnCancel(CancellationToken token, Action stop) =>
            token.Register(() => ThreadPool.QueueUserWorkItem(_ =>
            {
                try
                {
                    stop();
                }
                catch (ObjectDisposedException)
                {
                }
            }));

        // Waits for work left running by Ctrl+C or a failure (up to s_settleLimit), so what it uses is not disposed under
        // it, and observes its error (the one reported is the caller's).
        private static async Task SettleAsync(Task work)
        {
            if (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(s_settleLimit));
            }

            _ = work.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private static CopyPlan Plan(CopyInfo source, CopyInfo destination, string shownDestination)
        {
            try
            {
                return CopyRules.Prepare(source, destination);
            }
            catch (CopyRuleException e)
            {
                string why = e.ErrorId == CopyRules.CannotCopyDirErrorId
                    ? "cannot copy directory: the source is a folder and the destination an existing file"
                    : "no such directory: the destination does not exist and ends with '/', and the source is a file";
                throw new PSDockerException($"Could not copy to '{shownDestination}': {why}.", e.ErrorId, ErrorCategory.InvalidArgument, shownDestination, e);
            }
        }

        private static Exception EngineRefused(DockerApiException e, string target)
        {
            string message = ErrorMapper.EngineMessage(e.ResponseBody) ?? $"The engine answered {(int)e.StatusCode} ({e.StatusCode}).";
            if (e.StatusCode == HttpStatusCode.NotFound && message.IndexOf("No such container", StringComparison.OrdinalIgnoreCase) < 0)
            {
                return new PSDockerException($"Could not copy '{target}': {message}", LocalCopyPaths.PathNotFoundErrorId, ErrorCategory.ObjectNotFound, target, e);
            }

            return e.StatusCode == HttpStatusCode.NotFound
                ? e
                : new PSDockerException($"Could not copy '{target}': {message}", FailedErrorId, ErrorCategory.WriteError, target, e);
        }

        // Draws the byte progress on the pipeline thread until the work ends (the work runs elsewhere).
        private async Task ShowProgressAsync(Task work, string activity, Func<long> done, long total, System.Collections.Concurrent.ConcurrentQueue<string>? warnings = null)
        {
            var progress = new ProgressRecord(ProgressId, activity, "Starting");
            long shown = -1;
            var since = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                // A plain delay: one that ends at once on Ctrl+C would spin here without letting the pump run.
                Task finished = await Task.WhenAny(work, Task.Delay(200));
                CancelToken.ThrowIfCancellationRequested();
                while (warnings is not null && warnings.TryDequeue(out string? w))
                {
                    WriteWarning(w);
                }

                if (finished == work)
                {
                    return;
                }

                long n = done();
                if (n != shown && since.Elapsed >= s_progressInterval)
                {
                    shown = n;
                    since.Restart();
                    (progress.StatusDescription, progress.PercentComplete) = Streams.Progress.Of(n, total);
                    WriteProgress(progress);
                }
            }
        }
    }
}
