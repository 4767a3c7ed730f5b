using System;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Readiness
{
    /// <summary>
    /// One readiness condition of Wait-Container (-Running, -Healthy, -TcpPort, -HttpPath, -LogPattern, -Command,
    /// -FileExists): asked once per round by <see cref="ReadinessWaiter"/> with the container as the engine described
    /// it at the start of that round. A probe is cheap (one request, one connection, no process on the host) and says
    /// what it saw, so a wait that times out can tell why. A probe that can never succeed (no health check, a port that
    /// is not published) throws <see cref="ContainerNotReadyException"/> at once instead of waiting for the timeout.
    /// </summary>
    internal interface IReadinessProbe : IDisposable
    {
        /// <summary>The condition as a user reads it in an error: "HTTP GET / on port 8080 answers 200-399".</summary>
        string Condition { get; }

        /// <summary>Probes once. <paramref name="cancel"/> ends it at once (Ctrl+C, the timeout, the container exited).</summary>
        Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel);
    }

    /// <summary>What one probe saw: met or not, and what it saw in words ("answered 503 Service Unavailable").</summary>
    internal readonly struct ProbeResult
    {
        private ProbeResult(bool ready, string detail)
        {
            IsReady = ready;
            Detail = detail;
        }

        /// <summary>True when the condition holds.</summary>
        internal bool IsReady { get; }

        /// <summary>What the probe saw, for the error a timeout gives.</summary>
        internal string Detail { get; }

        internal static ProbeResult Ready(string detail) => new ProbeResult(true, detail);

        internal static ProbeResult NotYet(string detail) => new ProbeResult(false, detail);
    }
}
