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
    /// A non-zero exit code raises <see cref="ContainerExitedException"/> (ContainerExitedWithError), as a foreground
    /// Start-Container does. After the detach keys nothing is raised: the process goes on running.
    /// </summary>
    internal static class ContainerSession
    {
        /// <summary>Error id: -Attach to a container created without a TTY.</summary>
        internal const string NoTtyErrorId = "ContainerHasNoTty";

        /// <summary>Runs <paramref name="options"/>' command in <paramref name="container"/> as an interactive session.</summary>
        internal static async Task<TtySessionEnd> ExecAsync(IEngineRequests engine, string container, ExecSessionOptions options,
            Func<MultiplexedStream, Func<int, int, Task>, Task<TtySessionEnd>> session, Action<string> verbose)
        {
            ContainerInspectResponse inspect = await engine.RequestAsync((c, t) => c.Client.Containers.InspectContainerAsync(container, t), RequestLimit.Default);
            string id = inspect.ID;
            string? name = inspect.Name?.TrimStart('/');
            if (inspect.State is { Running: false })
            {
                throw NotRunning(container, id, name);
            }

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
                return end;
            }

            ContainerExecInspectResponse ended = await exec.InspectEndedAsync(execId, CancellationToken.None);
            long? exitCode = ended.Running ? null : ended.ExitCode;
            verbose($"'{commandLine}' in '{name ?? id}' exited with code {exitCode?.ToString() ?? "(unknown)"}.");
            if (exitCode is long code && code != 0)
            {
                throw new ContainerExitedException(id, name, code, commandLine);
            }

            return end;
        }

        /// <summary>Attaches this console to <paramref name="container"/>'s main process (docker attach).</summary>
        internal static async Task<TtySessionEnd> AttachAsync(IEngineRequests engine, string container, string detachKeys,
            Func<MultiplexedStream, Func<int, int, Task>, Task<TtySessionEnd>> session, Action<string> verbose)
        {
            ContainerInspectResponse inspect = await engine.RequestAsync((c, t) => c.Client.Containers.InspectContainerAsync(container, t), RequestLimit.Default);
            string id = inspect.ID;
            string? name = inspect.Name?.TrimStart('/');
            if (inspect.State is { Running: false })
            {
                throw NotRunning(container, id, name);
            }

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
                return end;
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
                return end;
            }

            verbose($"The container '{name ?? id}' exited with code {exitCode}.");
            if (exitCode != 0)
            {
                throw new ContainerExitedException(id, name, exitCode);
            }

            return end;
        }

        /// <summary>Sends a window size to a container's own TTY (POST /containers/{id}/resize).</summary>
        internal static Func<int, int, Task> ContainerResize(IEngineRequests engine, string id) => (width, height) => engine.RequestAsync(
            async (c, t) =>
            {
                await c.Client.Containers.ResizeContainerTtyAsync(id, new ContainerResizeParameters { Width = width, Height = height }, t);
                return true;
            },
            RequestLimit.Default);

        private static PSDockerException NotRunning(string container, string id, string? name) =>
            new PSDockerException($"The container '{name ?? container}' ({(id.Length > 12 ? id.Substring(0, 12) : id)}) is not running: start it first (Start-Container).",
                ContainerTargets.NotRunningErrorId, ErrorCategory.InvalidOperation, container);
    }
}
