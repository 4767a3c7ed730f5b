using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker
{
    /// <summary>What a foreground run ended with: the container and its exit code (0; others are raised), or that the user detached.</summary>
    internal sealed class ContainerRunResult
    {
        internal ContainerRunResult(string id, string? name, long exitCode, bool detached = false)
        {
            Id = id;
            Name = name;
            ExitCode = exitCode;
            Detached = detached;
        }

        /// <summary>An interactive run the user detached from (the detach keys): the container goes on running; no exit code.</summary>
        internal bool Detached { get; }

        internal string Id { get; }
        internal string? Name { get; }
        internal long ExitCode { get; }
    }

    /// <summary>
    /// The engine side of `docker run`, for Start-Container -Image. Every request goes through the cmdlet's
    /// <see cref="IEngineRequests"/>; every callback (output lines, verbose, warnings) is called on the thread that
    /// awaits the runner, which inside DockerCmdlet.Run is the pipeline thread (AsyncPump), so it may call Write*.
    /// <list type="number">
    /// <item>Create (POST /containers/create). When the engine answers 404 "No such image", pull the image
    /// as Invoke-ImagePull does (<see cref="ImageTransfer"/>: progress per layer, the user's stored registry
    /// credentials) and create again; an error inside the pull's JSON stream is ImageNotFound,
    /// RegistryAuthenticationFailed or ImagePullFailed, never a silent success.</item>
    /// <item>Attach (stream=1, stdout=1, stderr=1; a hijacked connection) BEFORE start, so no early output is lost.
    /// Watch the container's events from its creation on (GET /events, type=container, container=ID, since=its
    /// Created time, replayed by the engine, so an exit before the watch began is not missed): "die" carries the
    /// exit code, and with HostConfig.AutoRemove (--rm) the run ends only at "destroy", when the engine has
    /// removed it, as docker waits. This is docker's own wait for engines without wait conditions: the client
    /// library has no condition=next-exit|removed on POST /containers/{id}/wait, and the default not-running
    /// condition cannot wait for an --rm container that may already be gone.</item>
    /// <item>Start. A failed start leaves the container created (docker run does the same; with --rm the engine
    /// removes it) and raises ContainerStartFailed.</item>
    /// <item>Read the output into lines as they arrive (<see cref="OutputLineReader"/>) and hand each to the caller.
    /// At the end of the stream take the exit code; a non-zero one raises <see cref="ContainerExitedException"/>.</item>
    /// </list>
    /// Ctrl+C (the cancel token) stops reading and waiting at once and forwards SIGINT to the container, as docker
    /// run's signal proxy does; nothing waits for the container to end, and nothing is stopped or removed
    /// client-side: a container that ignores SIGINT is left running, as docker leaves it (with --rm the engine
    /// removes it once it exits).
    /// </summary>
    internal sealed class ContainerRunner
    {
        private readonly IEngineRequests _engine;
        private readonly CancellationToken _cancel;
        private readonly Action<string> _verbose;
        private readonly Action<string> _warning;
        private readonly Action<ProgressRecord> _progress;

        /// <param name="engine">The cmdlet's requests: <c>new CmdletEngineRequests(this)</c>.</param>
        /// <param name="cancel">The cmdlet's CancelToken (Ctrl+C).</param>
        /// <param name="verbose">Status text (pulling, pulled, container id): WriteVerbose.</param>
        /// <param name="warning">The engine's create warnings: WriteWarning.</param>
        /// <param name="progress">The progress of a pull of a missing image: WriteProgress.</param>
        internal ContainerRunner(IEngineRequests engine, CancellationToken cancel, Action<string>? verbose = null, Action<string>? warning = null,
            Action<ProgressRecord>? progress = null)
        {
            _progress = progress ?? (_ => { });
            _engine = engine ?? throw new ArgumentNullException(nameof(engine));
            _cancel = cancel;
            _verbose = verbose ?? (_ => { });
            _warning = warning ?? (_ => { });
        }

        /// <summary>
        /// Creates a container (docker create), pulling its image first when the engine does not have it.
        /// Shared by the foreground run and -Detach. Returns the engine's answer (ID, Warnings; the warnings are
        /// also given to the warning callback).
        /// </summary>
        internal async Task<CreateContainerResponse> CreateAsync(CreateContainerParameters parameters)
        {
            if (parameters is null)
            {
                throw new ArgumentNullException(nameof(parameters));
            }

            CreateContainerResponse created;
            try
            {
                created = await _engine.RequestAsync((c, t) => c.Client.Containers.CreateContainerAsync(parameters, t), RequestLimit.Default);
            }
            catch (DockerApiException e) when (IsNoSuchImage(e) && !string.IsNullOrEmpty(parameters.Image))
            {
                _verbose($"Unable to find image '{parameters.Image}' locally: pulling it.");
                await PullAsync(parameters.Image, parameters.Platform);
                created = await _engine.RequestAsync((c, t) => c.Client.Containers.CreateContainerAsync(parameters, t), RequestLimit.Default);
            }

            foreach (string warning in created.Warnings ?? (IList<string>)Array.Empty<string>())
            {
                if (!string.IsNullOrWhiteSpace(warning))
                {
                    _warning(warning);
                }
            }

            _verbose($"Created container {created.ID}.");
            return created;
        }

        /// <summary>
        /// Pulls a missing image as Invoke-ImagePull does (<see cref="ImageTransfer.PullAsync"/>): progress per layer to
        /// the progress callback, status lines to verbose, credentials from <see cref="RegistryCredentials.For(PSDocker.Specs.ImageReference, System.Management.Automation.PSCredential)"/>.
        /// Raises ImageNotFound, RegistryAuthenticationFailed or ImagePullFailed (target: the image reference) when the
        /// engine refuses the pull or reports an error inside the stream.
        /// </summary>
        internal async Task PullAsync(string image, string? platform = null)
        {
            if (!ImageReference.TryParse(image, out ImageReference? reference, out string? reason))
            {
                throw new PSDockerException($"Could not pull image '{image}': it is not a valid image reference: {reason}",
                    "InvalidImageReference", ErrorCategory.InvalidArgument, image);
            }

            var writer = new JsonMessageWriter("Pulling " + reference!.FamiliarString, _progress, _verbose);
            try
            {
                await ImageTransfer.PullAsync(_engine, reference, false, platform, RegistryCredentials.For(reference), writer);
            }
            finally
            {
                writer.Complete();
            }
        }

        /// <summary>
        /// Runs a container in the foreground (docker run without -d): create (pulling when missing), attach,
        /// start, hand every output line to <paramref name="output"/> as it arrives, wait for the exit. Exit code
        /// 0 returns the result; any other raises <see cref="ContainerExitedException"/> (ContainerExitedWithError)
        /// after the last line. Sets AttachStdout and AttachStderr in <paramref name="parameters"/>, as docker run
        /// does for a foreground container; stdin is not attached.
        /// <paramref name="created"/>, if given, gets the new container's full id right after it is created (before
        /// any output), e.g. to use as the TargetObject of standard-error records.
        /// </summary>
        internal async Task<ContainerRunResult> RunAsync(CreateContainerParameters parameters, Action<OutputLine> output, Action<string>? created = null)
        {
            if (output is null)
            {
                throw new ArgumentNullException(nameof(output));
            }

            parameters.AttachStdout = true;
            parameters.AttachStderr = true;
            bool autoRemove = parameters.HostConfig?.AutoRemove == true;

            string id = (await CreateAsync(parameters)).ID;
            string? name = parameters.Name;
            created?.Invoke(id);

            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
            var exit = new ExitWatcher(id, autoRemove);
            Task<bool>? watching = null;
            OutputLineReader? reader = null;
            EngineConnection? connection = null;
            try
            {
                ContainerInspectResponse inspect = await _engine.RequestAsync((c, t) => c.Client.Containers.InspectContainerAsync(id, t), RequestLimit.Default);
                name = inspect.Name?.TrimStart('/') ?? name;
                watching = WatchEventsAsync(exit, inspect.Created, stopWatching.Token);

                MultiplexedStream stream = await _engine.RequestAsync(
                    (c, t) => c.Client.Containers.AttachContainerAsync(id, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, t),
                    RequestLimit.None);
                reader = new OutputLineReader(stream);

                await StartAsync(id, name, autoRemove, c => connection = c);

                long exitCode;
                try
                {
                    while (await reader.ReadLineAsync(_cancel) is OutputLine line)
                    {
                        output(line);
                    }

                    exitCode = await ExitCodeAsync(exit, watching, id);
                }
                catch (OperationCanceledException) when (_cancel.IsCancellationRequested && connection is not null)
                {
                    ForwardInterrupt(connection, id);
                    throw;
                }

                if (exitCode != 0)
                {
                    throw new ContainerExitedException(id, name, exitCode);
                }

                return new ContainerRunResult(id, name, exitCode);
            }
            finally
            {
                reader?.Dispose();
                stopWatching.Cancel();
                if (watching is not null)
                {
                    _ = watching.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }

        /// <summary>
        /// Runs a container with a terminal in this console (docker run -it): create (pulling when missing) with
        /// Tty, OpenStdin, StdinOnce and stdin/stdout/stderr attached, watch its events from its creation on, attach
        /// with stdin BEFORE the start (so no early output is lost; the stream is the terminal's raw bytes), start,
        /// then hand the stream and the container's resize (POST /containers/{id}/resize) to <paramref name="session"/>,
        /// which runs it in the console. Once the stream ends the exit code comes from the "die" event (with
        /// AutoRemove, after "destroy"), as for <see cref="RunAsync"/>; a non-zero code raises
        /// <see cref="ContainerExitedException"/>. When the user detaches, the result has <c>Detached</c> set and the
        /// container goes on running. Ctrl+C inside the session is a key for the container, not a cancel here; a
        /// pipeline stop ends the session at once and leaves the container as it is.
        /// </summary>
        internal async Task<ContainerRunResult> RunInteractiveAsync(CreateContainerParameters parameters, string detachKeys,
            Func<MultiplexedStream, Func<int, int, Task>, Task<TtySessionEnd>> session, Action<string>? created = null)
        {
            if (session is null)
            {
                throw new ArgumentNullException(nameof(session));
            }

            parameters.Tty = true;
            parameters.OpenStdin = true;
            parameters.StdinOnce = true;
            parameters.AttachStdin = true;
            parameters.AttachStdout = true;
            parameters.AttachStderr = true;
            bool autoRemove = parameters.HostConfig?.AutoRemove == true;

            string id = (await CreateAsync(parameters)).ID;
            string? name = parameters.Name;
            created?.Invoke(id);

            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(_cancel);
            var exit = new ExitWatcher(id, autoRemove);
            Task<bool>? watching = null;
            try
            {
                ContainerInspectResponse inspect = await _engine.RequestAsync((c, t) => c.Client.Containers.InspectContainerAsync(id, t), RequestLimit.Default);
                name = inspect.Name?.TrimStart('/') ?? name;
                watching = WatchEventsAsync(exit, inspect.Created, stopWatching.Token);

                TtySessionEnd end;
                using (MultiplexedStream stream = await _engine.RequestAsync(
                    (c, t) => c.Client.Containers.AttachContainerAsync(id, new ContainerAttachParameters
                    {
                        Stream = true,
                        Stdin = true,
                        Stdout = true,
                        Stderr = true,
                        DetachKeys = detachKeys,
                    }, t),
                    RequestLimit.None))
                {
                    await StartAsync(id, name, autoRemove, _ => { });
                    end = await session(stream, ContainerSession.ContainerResize(_engine, id));
                }

                if (end == TtySessionEnd.Detached)
                {
                    _verbose($"Detached from '{name}' ({ShortId(id)}): it goes on running.");
                    return new ContainerRunResult(id, name, 0, detached: true);
                }

                long exitCode = await ExitCodeAsync(exit, watching, id);
                if (exitCode != 0)
                {
                    throw new ContainerExitedException(id, name, exitCode);
                }

                return new ContainerRunResult(id, name, exitCode);
            }
            finally
            {
                stopWatching.Cancel();
                if (watching is not null)
                {
                    _ = watching.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }

        /// <summary>
        /// Starts a created container. A refusal leaves it created (docker run does the same; with --rm the engine
        /// removes it) and raises ContainerStartFailed. <paramref name="connection"/> gets the connection used.
        /// </summary>
        private async Task StartAsync(string id, string? name, bool autoRemove, Action<EngineConnection> connection)
        {
            try
            {
                await _engine.RequestAsync(
                    (c, t) =>
                    {
                        connection(c);
                        return c.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), t);
                    },
                    RequestLimit.Default);
            }
            catch (DockerApiException e)
            {
                var (_, category, message) = ErrorMapper.Classify(e.StatusCode, e.ResponseBody, "Container");
                string left = autoRemove ? "The engine removed it (AutoRemove)." : "It was left created, as docker run leaves it.";
                throw new PSDockerException($"Could not start container '{name}' ({ShortId(id)}): {message.TrimEnd().TrimEnd('.')}. {left}", "ContainerStartFailed", category, id, e);
            }
        }

        /// <summary>
        /// Ctrl+C during a run: sends SIGINT to the container (POST /containers/{id}/kill?signal=SIGINT), as docker
        /// run's signal proxy (--sig-proxy, on by default) forwards it, without waiting for the answer, so the
        /// cmdlet returns at once. A process that handles SIGINT ends (and with --rm the engine removes the
        /// container); one that ignores it, as busybox sleep as PID 1 does, keeps running, as with docker. Sent on
        /// the connection the run used, not through RequestAsync, whose requests the same Ctrl+C has cancelled.
        /// </summary>
        private static void ForwardInterrupt(EngineConnection connection, string id)
        {
            var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            connection.Client.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "SIGINT" }, limit.Token)
                .ContinueWith(
                    t =>
                    {
                        _ = t.Exception;
                        limit.Dispose();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
        }

        /// <summary>The exit code from the events; should the event stream end without one, the engine's wait.</summary>
        private async Task<long> ExitCodeAsync(ExitWatcher exit, Task<bool> watching, string id)
        {
            Task first = await EngineClientCache.WaitAsync(Task.WhenAny(exit.Task, watching), _cancel);
            if (first == exit.Task || exit.Task.IsCompleted)
            {
                return await exit.Task;
            }

            _verbose($"The engine's event stream ended ({watching.Exception?.GetBaseException().Message ?? "no exit event"}); asking for the exit code.");
            ContainerWaitResponse waited = await _engine.RequestAsync((c, t) => c.Client.Containers.WaitContainerAsync(id, t), RequestLimit.None);
            return waited.StatusCode;
        }

        private Task<bool> WatchEventsAsync(ExitWatcher exit, DateTime created, CancellationToken stop)
        {
            // One second before the engine's own creation time: the engine replays its recent events from there.
            DateTime utc = created.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(created, DateTimeKind.Utc) : created.ToUniversalTime();
            long since = new DateTimeOffset(utc).ToUnixTimeSeconds() - 1;
            var parameters = new ContainerEventsParameters
            {
                Since = since.ToString(CultureInfo.InvariantCulture),
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["type"] = new Dictionary<string, bool> { ["container"] = true },
                    ["container"] = new Dictionary<string, bool> { [exit.ContainerId] = true },
                },
            };

            return _engine.RequestAsync(
                async (c, t) =>
                {
                    using var both = CancellationTokenSource.CreateLinkedTokenSource(t, stop);
                    await c.Client.System.MonitorEventsAsync(parameters, exit, both.Token).ConfigureAwait(false);
                    return true;
                },
                RequestLimit.None);
        }

        internal static bool IsNoSuchImage(DockerApiException e) =>
            e.StatusCode == HttpStatusCode.NotFound &&
            (ErrorMapper.EngineMessage(e.ResponseBody) ?? "").StartsWith("No such image", StringComparison.OrdinalIgnoreCase);

        private static string ShortId(string id) => id.Length > 12 ? id.Substring(0, 12) : id;

        /// <summary>Takes the exit code from a container's "die" event (and with --rm, waits for "destroy").</summary>
        internal sealed class ExitWatcher : IProgress<Message>
        {
            private readonly TaskCompletionSource<long> _exit = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly bool _untilRemoved;
            private long? _code;

            internal ExitWatcher(string containerId, bool untilRemoved)
            {
                ContainerId = containerId;
                _untilRemoved = untilRemoved;
            }

            internal string ContainerId { get; }

            /// <summary>Completes with the exit code once the container has exited (and, with --rm, been removed).</summary>
            internal Task<long> Task => _exit.Task;

            public void Report(Message value)
            {
                if (value is null || !string.Equals(value.Type, "container", StringComparison.Ordinal) ||
                    !string.Equals(value.Actor?.ID, ContainerId, StringComparison.Ordinal))
                {
                    return;
                }

                switch (value.Action)
                {
                    case "die":
                        // As docker: 125 when the event does not say.
                        long code = value.Actor?.Attributes is { } attributes && attributes.TryGetValue("exitCode", out string? text) &&
                            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : 125;
                        lock (_exit)
                        {
                            _code = code;
                        }

                        if (!_untilRemoved)
                        {
                            _exit.TrySetResult(code);
                        }

                        break;

                    case "destroy":
                        lock (_exit)
                        {
                            _exit.TrySetResult(_code ?? 125);
                        }

                        break;
                }
            }
        }
    }
}
