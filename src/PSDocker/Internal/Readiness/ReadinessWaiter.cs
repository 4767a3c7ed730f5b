using System;
using System.Linq;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Readiness
{
    /// <summary>
    /// Waits until every readiness condition of one container holds in the same round, or fails with what it saw.
    /// <list type="bullet">
    /// <item>Each round inspects the container once, then asks the probes in order, stopping at the first that is not
    /// met; the next round starts one interval after this one started.</item>
    /// <item>A container that has stopped (exited, dead, removed) fails at once with ContainerExited. While a probe is
    /// slow (an exec, a server that does not answer), the container is inspected every interval, so a container that
    /// dies is noticed within about one interval, whatever the probe is doing.</item>
    /// <item>At the timeout, the last round's failing condition and what its probe saw give ContainerWaitTimeout; a
    /// probe still running then is stopped and said to be.</item>
    /// </list>
    /// The inspection is a delegate, so the loop is tested without an engine.
    /// </summary>
    internal sealed class ReadinessWaiter
    {
        private readonly IReadOnlyList<IReadinessProbe> _probes;
        private readonly Func<CancellationToken, Task<ContainerInspectResponse?>> _inspect;
        private readonly TimeSpan _timeout;
        private readonly TimeSpan _interval;
        private readonly Func<DateTime> _utcNow;

        /// <param name="probes">The conditions, asked in this order.</param>
        /// <param name="inspect">Inspects the container (null once it has been removed).</param>
        /// <param name="timeout">How long to wait for all of them.</param>
        /// <param name="interval">Time from the start of one round to the start of the next.</param>
        /// <param name="utcNow">The clock for the state's "started ... ago" (tests pin it).</param>
        internal ReadinessWaiter(IReadOnlyList<IReadinessProbe> probes, Func<CancellationToken, Task<ContainerInspectResponse?>> inspect,
            TimeSpan timeout, TimeSpan interval, Func<DateTime>? utcNow = null)
        {
            _probes = probes;
            _inspect = inspect;
            _timeout = timeout;
            _interval = interval;
            _utcNow = utcNow ?? (() => DateTime.UtcNow);
        }

        /// <summary>How long a probe still running at the timeout may take to answer before it is stopped.</summary>
        internal static readonly TimeSpan FinalGrace = TimeSpan.FromMilliseconds(500);

        /// <summary>How many rounds the last wait took.</summary>
        internal int Rounds { get; private set; }

        /// <summary>
        /// Waits. Returns the container as inspected in the round where every condition held; throws
        /// <see cref="ContainerNotReadyException"/> (without the log tail, which the caller adds) otherwise, and
        /// OperationCanceledException when <paramref name="cancel"/> is cancelled.
        /// </summary>
        internal async Task<ContainerInspectResponse> WaitAsync(string shown, CancellationToken cancel)
        {
            Stopwatch clock = Stopwatch.StartNew();
            int failing = -1;
            string? lastResult = null;
            ContainerInspectResponse? last = null;
            Rounds = 0;
            while (true)
            {
                TimeSpan roundStart = clock.Elapsed;
                Rounds++;
                ContainerInspectResponse container = await InspectAsync(shown, failing, lastResult, cancel);
                last = container;
                int i = 0;
                for (; i < _probes.Count; i++)
                {
                    using var probeCancel = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                    Task<ProbeResult> probe = _probes[i].ProbeAsync(container, probeCancel.Token);
                    ProbeResult result;
                    try
                    {
                        result = await WatchAsync(probe, shown, i, clock, probeCancel, failing == i ? lastResult : null, cancel);
                    }
                    finally
                    {
                        probeCancel.Cancel();
                    }

                    if (!result.IsReady)
                    {
                        failing = i;
                        lastResult = result.Detail;
                        break;
                    }
                }

                if (i == _probes.Count)
                {
                    return container;
                }

                if (clock.Elapsed >= _timeout)
                {
                    throw TimedOut(container, failing, lastResult);
                }

                TimeSpan next = roundStart + _interval - clock.Elapsed;
                TimeSpan left = _timeout - clock.Elapsed;
                TimeSpan delay = next < left ? next : left;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancel);
                }
            }
        }

        /// <summary>How long a probe given up on (the timeout, the container exited, Ctrl+C) may take to end after it is cancelled, before it is left to end alone.</summary>
        internal static readonly TimeSpan AbandonGrace = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// Waits for one probe, inspecting the container every interval meanwhile; stops it at the timeout. A probe given
        /// up on is cancelled and waited for a moment (<see cref="AbandonGrace"/>), so it is no longer running when the
        /// caller disposes it; one that still runs is left to end alone, its failure observed.
        /// </summary>
        private async Task<ProbeResult> WatchAsync(Task<ProbeResult> probe, string shown, int index, Stopwatch clock,
            CancellationTokenSource probeCancel, string? previous, CancellationToken cancel)
        {
            try
            {
                return await WatchCoreAsync(probe, shown, index, clock, probeCancel, previous, cancel);
            }
            catch when (!probe.IsCompleted)
            {
                probeCancel.Cancel();
                Abandoned.Observe(probe);
                await Task.WhenAny(probe, Task.Delay(AbandonGrace));
                throw;
            }
        }

        private async Task<ProbeResult> WatchCoreAsync(Task<ProbeResult> probe, string shown, int index, Stopwatch clock,
            CancellationTokenSource probeCancel, string? previous, CancellationToken cancel)
        {
            // The last round may end a little after the timeout: a probe started just before it gets this long to answer.
            TimeSpan end = _timeout + FinalGrace;
            while (true)
            {
                TimeSpan left = end - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    probeCancel.Cancel();
                    ContainerInspectResponse now = await InspectAsync(shown, index, previous, cancel);
                    throw TimedOut(now, index, previous is null
                        ? "no answer yet: it was still running at the timeout"
                        : $"{previous} (the next probe was still running at the timeout)");
                }

                TimeSpan watch = _interval < left ? _interval : left;
                if (watch < TimeSpan.FromMilliseconds(10))
                {
                    watch = TimeSpan.FromMilliseconds(10);
                }

                using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                Task delay = Task.Delay(watch, tick.Token);
                if (await Task.WhenAny(probe, delay) == probe)
                {
                    tick.Cancel();
                    cancel.ThrowIfCancellationRequested();
                    return await probe;
                }

                cancel.ThrowIfCancellationRequested();
                await InspectAsync(shown, index, previous ?? "no answer yet: it was still running", cancel);
            }
        }

        /// <summary>Inspects the container; a stopped or removed one is ContainerExited at once.</summary>
        private async Task<ContainerInspectResponse> InspectAsync(string shown, int failing, string? lastResult, CancellationToken cancel)
        {
            ContainerInspectResponse? container = await _inspect(cancel);
            string? condition = failing >= 0 ? _probes[failing].Condition : null;
            // Before any probe has answered, the message still says what was waited for.
            string waiting = failing >= 0 ? $" while waiting until {condition} (last probe: {lastResult})"
                : _probes.Count > 0 ? $" while waiting until {string.Join(" and ", _probes.Select(p => p.Condition))}" : "";
            if (container is null)
            {
                throw new ContainerNotReadyException(ContainerNotReadyException.ExitedErrorId, ErrorCategory.InvalidResult,
                    $"The container '{shown}' was removed{waiting}.", condition, lastResult, "removed", null);
            }

            if (ReadinessText.HasStopped(container.State))
            {
                long code = container.State!.ExitCode;
                throw new ContainerNotReadyException(ContainerNotReadyException.ExitedErrorId, ErrorCategory.InvalidResult,
                    $"The container {ReadinessText.Who(container)} exited with code {code.ToString(CultureInfo.InvariantCulture)}{waiting}.",
                    condition, lastResult, ReadinessText.State(container, _utcNow()), code);
            }

            return container;
        }

        private ContainerNotReadyException TimedOut(ContainerInspectResponse container, int failing, string? lastResult)
        {
            string condition = failing >= 0 ? _probes[failing].Condition : "(none)";
            return new ContainerNotReadyException(ContainerNotReadyException.TimeoutErrorId, ErrorCategory.OperationTimeout,
                $"The container {ReadinessText.Who(container)} was not ready after {ContainerNotReadyException.FormatSpan(_timeout)}. " +
                $"Not met: {condition} (last probe: {lastResult}).",
                condition, lastResult, ReadinessText.State(container, _utcNow()), null);
        }
    }
}
