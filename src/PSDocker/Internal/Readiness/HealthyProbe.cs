using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Readiness
{
    /// <summary>
    /// -Healthy: the container's own health check (HEALTHCHECK, docker --health-cmd) reports "healthy" (State.Health.Status).
    /// A container without a health check fails at once (ContainerHealthcheckMissing); with -FailingStreak N, N failed
    /// checks in a row (State.Health.FailingStreak) fail at once too (ContainerUnhealthy). Without it an unhealthy container
    /// is waited for, as it may still turn healthy.
    /// </summary>
    internal sealed class HealthyProbe : IReadinessProbe
    {
        private readonly int? _failingStreak;

        /// <param name="failingStreak">Fail when this many checks failed in a row; null to wait for healthy until the timeout.</param>
        internal HealthyProbe(int? failingStreak) => _failingStreak = failingStreak;

        public string Condition => "the health check reports healthy";

        public Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel) =>
            Task.FromResult(Check(container, _failingStreak));

        /// <summary>The result for an inspected container (pure): ready, not yet, or a <see cref="ContainerNotReadyException"/>.</summary>
        internal static ProbeResult Check(ContainerInspectResponse container, int? failingStreak)
        {
            Health? health = container.State?.Health;
            string status = health?.Status ?? "";
            if (status.Length == 0 || status == "none")
            {
                if (!HasHealthcheck(container.Config?.Healthcheck))
                {
                    throw new ContainerNotReadyException(ContainerNotReadyException.NoHealthcheckErrorId, ErrorCategory.InvalidOperation,
                        $"The container {ReadinessText.Who(container)} has no health check, so -Healthy cannot be met: give it one (HEALTHCHECK in its " +
                        "image, or -HealthCommand on New-Container or Start-Container), or wait for another condition (-TcpPort, -HttpPath, -LogPattern, -Command).",
                        "the health check reports healthy", "no health check", ReadinessText.State(container, DateTime.UtcNow), null);
                }

                // A health check the engine has not started yet (the container is not running).
                return ProbeResult.NotYet("no health check has run yet");
            }

            string last = LastCheck(health!);
            if (status == "healthy")
            {
                return ProbeResult.Ready("healthy");
            }

            if (status == "unhealthy" && failingStreak is int n && health!.FailingStreak >= n)
            {
                string detail = $"unhealthy, {health.FailingStreak.ToString(CultureInfo.InvariantCulture)} checks failed in a row{last}";
                throw new ContainerNotReadyException(ContainerNotReadyException.UnhealthyErrorId, ErrorCategory.InvalidResult,
                    $"The container {ReadinessText.Who(container)} is unhealthy: its health check failed {health.FailingStreak.ToString(CultureInfo.InvariantCulture)} " +
                    $"times in a row (-FailingStreak {n.ToString(CultureInfo.InvariantCulture)}){last}.",
                    "the health check reports healthy", detail, ReadinessText.State(container, DateTime.UtcNow), null);
            }

            string streak = health!.FailingStreak > 0 ? $", {health.FailingStreak.ToString(CultureInfo.InvariantCulture)} failed in a row" : "";
            return ProbeResult.NotYet($"{status}{streak}{last}");
        }

        /// <summary>True for a health check config that runs a check (Test not empty and not NONE).</summary>
        internal static bool HasHealthcheck(HealthcheckConfig? config) =>
            config?.Test is { Count: > 0 } test && !string.Equals(test[0], "NONE", StringComparison.Ordinal);

        private static string LastCheck(Health health)
        {
            HealthcheckResult? last = health.Log?.LastOrDefault();
            if (last is null)
            {
                return "";
            }

            string output = ReadinessText.OneLine(last.Output, 200);
            return $"; the last check exited {last.ExitCode.ToString(CultureInfo.InvariantCulture)}" + (output.Length > 0 ? $": {output}" : "");
        }

        public void Dispose()
        {
        }
    }
}
