using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Readiness
{
    /// <summary>-Running: the container's State.Status is "running" (not paused, not restarting).</summary>
    internal sealed class RunningProbe : IReadinessProbe
    {
        public string Condition => "the container is running";

        public Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel) =>
            Task.FromResult(Check(container.State));

        /// <summary>The result for a container state (pure).</summary>
        internal static ProbeResult Check(State? state)
        {
            string status = state?.Status ?? "unknown";
            return status == "running" ? ProbeResult.Ready("running") : ProbeResult.NotYet($"the container is {status}");
        }

        public void Dispose()
        {
        }
    }
}
