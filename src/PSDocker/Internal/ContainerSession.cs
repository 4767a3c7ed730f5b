using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;

namespace PSDocker
{
    /// <summary>What Enter-Container runs in the container: docker exec -it's options.</summary>
    internal sealed class ExecSessionOptions
    {
        /// <summary>The command and its arguments (Cmd).</summary>
        internal IList<string> Command { get; set; } = new List<string> { "/bin/sh" };

        /// <summary>The user (User; docker exec -u), or null for the container's.</summary>
        internal string? User { get; set; }

        /// <summary>The working directory (WorkingDir; docker exec -w), or null for the container's.</summary>
        internal string? WorkingDirectory { get; set; }

        /// <summary>KEY=VALUE variables added to the container's (Env; docker exec -e).</summary>
        internal IList<string>? Environment { get; set; }

        /// <summary>Extended privileges for the command (Privileged; docker exec --privileged).</summary>
        internal bool Privileged { get; set; }

        /// <summary>The detach keys as docker writes them (DetachKeys), sent to the engine so it uses the same ones.</summary>
        internal string DetachKeys { get; set; } = Specs.DetachKeysSpec.Default;
    }

    /// <summary>How an Enter-Container session ended, and the exit code when the command (or the main process) exited.</summary>
    internal sealed class SessionOutcome
    {
        internal SessionOutcome(TtySessionEnd end, long? exitCode, string id, string? name, string? command)
        {
            End = end;
            ExitCode = exitCode;
            ContainerId = id;
            ContainerName = name;
            Command = command;
        }

        /// <summary>Whether the process exited or the user detached.</summary>
        internal TtySessionEnd End { get; }

        /// <summary>
        /// The exit code (ExitCode of GET /exec/{id}/json, or StatusCode of POST /containers/{id}/wait); null after the
        /// detach keys, or when it could not be read (an exec still running, a container removed as it exited).
        /// </summary>
        internal long? ExitCode { get; }

        /// <summary>The container's full id.</summary>
        internal string ContainerId { get; }

        /// <summary>The container's name, without the leading slash.</summary>
        internal string? ContainerName { get; }

        /// <summary>The exec's command line; null for an attach.</summary>
        internal string? Command { get; }

        /// <summary>The ContainerExitedWithError exception for a non-zero <see cref="ExitCode"/>; null otherwise.</summary>
        internal ContainerExitedException? Failure() => ExitCode is long code && code != 0
            ? (Command is null ? new ContainerExitedException(ContainerId, ContainerName, code) : new ContainerExitedException(ContainerId, ContainerName, code, Command))
            : null;
    }

    /// <summary>
    /// The engine side of Enter-Container: an exec with a TTY (docker exec -it) or an attach to the container's main
    /// process (docker attach), each run as a <see cref="TtySession"/> in this console. Every request goes through the
    /// cmdlet's <see cref="IEngineRequests"/>; the caller awaits on the pipeline thread.
    /// <list type="bullet">
    /// <item>Exec: POST /containers/{id}/exec (AttachStdin/Stdout/Stderr, Tty, Cmd, User, WorkingDir, Env, Privileged,
    /// DetachKeys), POST /exec/{id}/start (Tty: the stream is the terminal's raw bytes, not multiplexed), the window
    /// size with POST /exec/{id}/resize right after the start and on every change, then GET /exec/{id}/json for the
    /// exit code once the stream ends.</item>
    /// <item>Attach: the container must be running and have a TTY; POST /containers/{id}/attach (stream, stdout,
    /// stderr, stdin when the container keeps its input open, DetachKeys), POST /containers/{id}/resize, then the
    /// exit code from POST /containers/{id}/wait once the stream ends.</item>
    /// </list>
    /// Each returns a <see cref="SessionOutcome"/> with the exit code and raises nothing for it: the cmdlet decides
    /// (it sets $LASTEXITCODE, and raises ContainerExitedWithError with -ThrowOnError). After the detach keys there is
    /// no exit code: the process goes on running.
    /// </summary>
    internal static class ContainerSession
    {
        /// <summary>Error id: -Attach to a container created without a TTY.</summary>
        internal const string NoTtyErrorId = "ContainerHasNoTty";

        /// <summary>Runs <paramref name="options"/>' command in <paramref name="container"/> as an interactive session.</summary>
        internal static async Task<SessionOutcome> ExecAsync(IEngineRequests engine, string container, ExecSessionOptions options,
            Func<MultiplexedStream, Func<int, int, Task>, Task<TtySessionEnd>> session, Action<string> verbose)
        {
            var (_, id, name) = await InspectRunningAsync(engine, container);
            var exec = new ContainerExec(engine);
            string execId = await exec.CreateAsync(id, new ContainerExecCreateParameters
            {
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
                TTY = true,
                Cmd = options.Command.ToList(),
                User = options.User!,
                WorkingDir = options.WorkingDirectory!,
                Env = options.Environment?.ToList()!,
                Privileged = options.Privileged,
                DetachKeys = options.DetachKeys,
            });
            string commandLine = string.Join(" ", options.Command);
            verbose($"Exec {execId} in container {id}: {commandLine}");

            TtySessionEnd end;
            using (MultiplexedStream stream = await exec.StartAttachedAsync(execId, tty: true))
            {
                end = await session(stream, (width, height) => exec.ResizeAsync(execId, height, width));
            }

            if (end == TtySessionEnd.Detached)
            {
                verbose($"Detached from '{commandLine}' in '{name ?? id}': it goes on running (exec {execId}).");
                return new SessionOutcome(end, null, id, name, commandLine);
            }

            ContainerExecInspectResponse ended = await exec.InspectEndedAsync(execId, CancellationToken.None);
            long? exitCode = ended.Running ? null : ended.ExitCode;
            verbose($"'{commandLine}' in '{name ?? id}' exited with code {exitCode?.ToString() ?? "(unknown)"}.");
            return new SessionOutcome(end, exitCode, id, name, commandLine);
        }

        /// <summary>Attaches this console to <paramref name="container"/>'s main process (docker attach).</summary>
        internal static async Task<SessionOutcome> AttachAsync(IEngineRequests engine, string container, string detachKeys,
            Func<MultiplexedStream, Func<int, int, Task>, Task<TtySessionEnd>> session, Action<string> verbose)
        {
            (ContainerInspectResponse inspect, string id, string? name) = await InspectRunningAsync(engine, container);
            if (inspect.Config is { Tty: false })
            {
                throw new PSDockerException(
                    $"The container '{name ?? container}' has no TTY (it was created without -Tty), so there is no terminal to attach to: " +
                    "read its output with docker logs -f, or run a shell in it with Enter-Container without -Attach.",
                    NoTtyErrorId, ErrorCategory.InvalidOperation, container);
            }

            bool stdin = inspect.Config?.OpenStdin == true;
            if (!stdin)
            {
                verbose($"The container '{name ?? id}' does not keep its input open (created without -Interactive): keys typed are not sent.");
            }

            TtySessionEnd end;
            using (MultiplexedStream stream = await engine.RequestAsync(
                (c, t) => c.Client.Containers.AttachContainerAsync(id, new ContainerAttachParameters
                {
                    Stream = true,
                    Stdin = stdin,
                    Stdout = true,
                    Stderr = true,
                    DetachKeys = detachKeys,
                }, t),
                RequestLimit.None))
            {
                end = await session(stream, ContainerResize(engine, id));
            }

            if (end == TtySessionEnd.Detached)
            {
                verbose($"Detached from '{name ?? id}': it goes on running.");
                return new SessionOutcome(end, null, id, name, null);
            }

            long exitCode;
            try
            {
                ContainerWaitResponse waited = await engine.RequestAsync((c, t) => c.Client.Containers.WaitContainerAsync(id, t), RequestLimit.None);
                exitCode = waited.StatusCode;
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                verbose($"The container '{name ?? id}' was removed as it exited (AutoRemove): its exit code is gone with it.");
                return new SessionOutcome(end, null, id, name, null);
            }

            verbose($"The container '{name ?? id}' exited with code {exitCode}.");
            return new SessionOutcome(end, exitCode, id, name, null);
        }

        /// <summary>Sends a window size to a container's own TTY (POST /containers/{id}/resize).</summary>
        internal static Func<int, int, Task> ContainerResize(IEngineRequests engine, string id) => (width, height) => engine.RequestAsync(
            async (c, t) =>
            {
                await c.Client.Containers.ResizeContainerTtyAsync(id, new ContainerResizeParameters { Width = width, Height = height }, t);
                return true;
            },
            RequestLimit.Default);

        /// <summary>
        /// Inspects <paramref name="container"/> (GET /containers/{id}/json) and stops with ContainerNotRunning when it is
        /// not running. Returns the inspect, the full id and the name without its leading slash.
        /// </summary>
        private static async Task<(ContainerInspectResponse Inspect, string Id, string? Name)> InspectRunningAsync(IEngineRequests engine, string container)
        {
            ContainerInspectResponse inspect = await engine.RequestAsync((c, t) => c.Client.Containers.InspectContainerAsync(container, t), RequestLimit.Default);
            string id = inspect.ID;
            string? name = inspect.Name?.TrimStart('/');
            if (inspect.State is { Running: false })
            {
                throw NotRunning(container, id, name);
            }

            return (inspect, id, name);
        }

        private static PSDockerException NotRunning(string container, string id, string? name) =>
            new PSDockerException($"The container '{name ?? container}' ({(id.Length > 12 ? id.Substring(0, 12) : id)}) is not running: start it first (Start-Container).",
                ContainerTargets.NotRunningErrorId, ErrorCategory.InvalidOperation, container);
    }
}
