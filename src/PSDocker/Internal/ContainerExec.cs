using System;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;

namespace PSDocker
{
    /// <summary>
    /// The engine side of `docker exec`, shared by Invoke-ContainerCommand and Enter-Container (ContainerSession): create an
    /// exec instance, start it attached (a hijacked connection carrying stdin one way and the multiplexed output the
    /// other) or detached, read its exit code, resize its TTY. Every request goes through the cmdlet's
    /// <see cref="IEngineRequests"/> (one time limit, one re-negotiation, Ctrl+C); engine errors are raised as the
    /// library raises them, for the caller to refine (<see cref="ContainerTargets.Refine"/>: a container that is not
    /// running gives ContainerNotRunning, a missing one ContainerNotFound through the error mapper).
    /// </summary>
    internal sealed class ContainerExec
    {
        private readonly IEngineRequests _engine;

        internal ContainerExec(IEngineRequests engine) => _engine = engine ?? throw new ArgumentNullException(nameof(engine));

        /// <summary>The engine the last request went to (set by every request of this object).</summary>
        internal DockerEndpoint? Endpoint { get; private set; }

        /// <summary>Creates an exec instance in <paramref name="container"/> (POST /containers/{id}/exec) and returns its id.</summary>
        internal async Task<string> CreateAsync(string container, ContainerExecCreateParameters parameters)
        {
            ContainerExecCreateResponse created = await _engine.RequestAsync(
                (c, t) =>
                {
                    Endpoint = c.Endpoint;
                    return c.Client.Exec.CreateContainerExecAsync(container, parameters, t);
                },
                RequestLimit.Default);
            return created.ID;
        }

        /// <summary>
        /// Starts an exec instance attached (POST /exec/{id}/start, hijacked): the stream carries the output (multiplexed
        /// stdout/stderr frames without a TTY, raw bytes with one) and takes stdin when the instance was created with
        /// AttachStdin (close it with <see cref="MultiplexedStream.CloseWrite"/>). The stream lasts as long as the
        /// command: no time limit, Ctrl+C ends it.
        /// </summary>
        internal Task<MultiplexedStream> StartAttachedAsync(string execId, bool tty = false) =>
            _engine.RequestAsync(
                (c, t) =>
                {
                    Endpoint = c.Endpoint;
                    return c.Client.Exec.StartContainerExecAsync(execId, new ContainerExecStartParameters { Detach = false, TTY = tty }, t);
                },
                RequestLimit.None);

        /// <summary>
        /// Starts an exec instance detached (Detach=true, as docker exec -d): the engine answers once the command runs.
        /// The engine's answer to a detached start is a plain 200 that the client library still tries to take over as a
        /// stream, and fails to ("cannot hijack chunked or content length stream"); after such a failure the instance is
        /// asked whether it started (Running, or an exit code already), and only an instance that did not is an error.
        /// </summary>
        internal async Task StartDetachedAsync(string execId)
        {
            try
            {
                MultiplexedStream? stream = await _engine.RequestAsync(
                    (c, t) =>
                    {
                        Endpoint = c.Endpoint;
                        return c.Client.Exec.StartContainerExecAsync(execId, new ContainerExecStartParameters { Detach = true }, t);
                    },
                    RequestLimit.Default);
                stream?.Dispose();
            }
            catch (Exception e) when (ErrorMapper.Unwrap(e) is not DockerApiException && ErrorMapper.Unwrap(e) is not OperationCanceledException &&
                ErrorMapper.Unwrap(e) is not EngineUnreachableException)
            {
                ContainerExecInspectResponse inspect = await InspectAsync(execId);
                if (!inspect.Running && inspect.ExitCode is null && inspect.Pid == 0)
                {
                    throw;
                }
            }
        }

        /// <summary>The exec instance as the engine describes it (GET /exec/{id}/json): Running, ExitCode, ContainerID, Pid.</summary>
        internal Task<ContainerExecInspectResponse> InspectAsync(string execId) =>
            _engine.RequestAsync(
                (c, t) =>
                {
                    Endpoint = c.Endpoint;
                    return c.Client.Exec.InspectContainerExecAsync(execId, t);
                },
                RequestLimit.Default);

        /// <summary>
        /// The instance once its process has ended, after its output stream ended. The engine records the exit code
        /// before it closes the stream, so the first answer normally has it; should the instance still show Running,
        /// it is asked again for up to two seconds (docker exec asks in a loop too).
        /// </summary>
        internal async Task<ContainerExecInspectResponse> InspectEndedAsync(string execId, CancellationToken cancel)
        {
            ContainerExecInspectResponse inspect = await InspectAsync(execId);
            for (int i = 0; i < 100 && inspect.Running; i++)
            {
                await Task.Delay(20, cancel);
                inspect = await InspectAsync(execId);
            }

            return inspect;
        }

        /// <summary>Resizes the TTY of an exec instance started with one (POST /exec/{id}/resize), in characters.</summary>
        internal Task ResizeAsync(string execId, long height, long width) =>
            _engine.RequestAsync(
                async (c, t) =>
                {
                    Endpoint = c.Endpoint;
                    await c.Client.Exec.ResizeExecTtyAsync(execId, new ContainerResizeParameters { Height = height, Width = width }, t);
                    return true;
                },
                RequestLimit.Default);
    }
}
