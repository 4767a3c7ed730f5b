using System;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;
using PSDocker.Streams;

namespace PSDocker.Readiness
{
    /// <summary>Counts the log lines that match a pattern (pure; safe to read from another thread while lines are added).</summary>
    internal sealed class LogPatternCounter
    {
        private readonly Regex _pattern;
        private readonly DateTime? _after;
        private int _seen;

        /// <param name="pattern">The pattern a line must match.</param>
        /// <param name="occurrences">How many matching lines are needed.</param>
        /// <param name="after">Count only lines logged after this time (UTC): the end of the container's previous run; null for all.</param>
        internal LogPatternCounter(Regex pattern, int occurrences, DateTime? after = null)
        {
            _pattern = pattern;
            Occurrences = occurrences;
            _after = after;
        }

        /// <summary>How many matching lines are needed.</summary>
        internal int Occurrences { get; }

        /// <summary>How many matching lines have been seen.</summary>
        internal int Seen => Volatile.Read(ref _seen);

        /// <summary>True once <see cref="Occurrences"/> lines matched.</summary>
        internal bool Met => Seen >= Occurrences;

        /// <summary>
        /// Counts one line (its text, without the newline), logged at <paramref name="timestamp"/> (UTC; default when
        /// unknown). A line of an earlier run of the container (logged at or before the cutoff) is not counted.
        /// </summary>
        internal void Add(string line, DateTime timestamp = default)
        {
            if (_after is DateTime after && timestamp != default && timestamp <= after)
            {
                return;
            }

            if (_pattern.IsMatch(line))
            {
                Interlocked.Increment(ref _seen);
            }
        }

        /// <summary>What was seen, in words: "'ready' seen 1 of 2 times".</summary>
        internal string Describe() =>
            $"'{_pattern}' seen {Seen.ToString(CultureInfo.InvariantCulture)} of {Occurrences.ToString(CultureInfo.InvariantCulture)} " +
            (Occurrences == 1 ? "time" : "times");
    }

    /// <summary>
    /// -LogPattern: a pattern seen in -Occurrences lines of the container's log (stdout and stderr, each line on its own)
    /// since the container last started: lines of its earlier runs (logged before its previous run ended, State.FinishedAt)
    /// do not count. The log is read once from its start, with the engine's timestamps, and then followed (docker logs -f -t)
    /// in the background through the one line reader (<see cref="OutputLineReader"/>), so a probe only reads a count:
    /// nothing is read twice, however long the wait.
    /// </summary>
    internal sealed class LogPatternProbe : IReadinessProbe
    {
        private readonly IEngineRequests _engine;
        private readonly Regex _pattern;
        private LogPatternCounter _counter;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private OutputLineReader? _reader;
        private Task? _pump;
        private Exception? _fault;
        private string? _openedStartedAt;
        private readonly object _gate = new object();
        private bool _disposed;

        internal LogPatternProbe(IEngineRequests engine, Regex pattern, int occurrences)
        {
            _engine = engine;
            _pattern = pattern;
            _counter = new LogPatternCounter(pattern, occurrences);
        }

        public string Condition =>
            $"the log has {_counter.Occurrences.ToString(CultureInfo.InvariantCulture)} {(_counter.Occurrences == 1 ? "line" : "lines")} matching '{_pattern}'";

        public async Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel)
        {
            string? startedAt = container.State?.StartedAt;
            if (_pump is not null && !_counter.Met && container.State?.Status == "running" && startedAt != _openedStartedAt)
            {
                // Opened before the container (re)started: the engine's follow of a container that was not running does
                // not go on into its new run. Read the log again from its start, counting afresh.
                lock (_gate)
                {
                    _reader?.Dispose();
                    _reader = null;
                    _pump = null;
                }

                Volatile.Write(ref _fault, null);
            }

            if (_pump is null)
            {
                var counter = new LogPatternCounter(_pattern, _counter.Occurrences, PreviousRunEnded(container.State));
                _counter = counter;
                var parameters = new ContainerLogsParameters
                {
                    ShowStdout = true,
                    ShowStderr = true,
                    Follow = true,
                    Timestamps = true,
                    Tail = "all",
                };
                // The request's own token is not the probe's: the stream it opens is followed after this probe ends.
                Task<MultiplexedStream> open = _engine.RequestAsync((e, token) =>
                    e.Client.Containers.GetContainerLogsAsync(container.ID, parameters, token), RequestLimit.None);
                MultiplexedStream stream;
                try
                {
                    stream = await EngineClientCache.WaitAsync(open, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Given up on: the stream, should it still open, is closed, and a failure observed.
                    _ = open.ContinueWith(t => t.Result.Dispose(), CancellationToken.None,
                        TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    Abandoned.Observe(open);
                    throw;
                }

                var reader = new OutputLineReader(stream, GetContainerLogCommand.MaxLineLength, timestamped: true);
                lock (_gate)
                {
                    if (_disposed)
                    {
                        reader.Dispose();
                        return ProbeResult.NotYet(counter.Describe());
                    }

                    _reader = reader;
                    _openedStartedAt = startedAt;
                    CancellationToken stop = _stop.Token;
                    _pump = Task.Run(() => PumpAsync(reader, counter, stop));
                }
            }

            if (_counter.Met)
            {
                return ProbeResult.Ready(_counter.Describe());
            }

            Exception? fault = Volatile.Read(ref _fault);
            return ProbeResult.NotYet(_counter.Describe() + (fault is null ? "" : $" (the log could not be read: {ReadinessText.OneLine(fault.Message, 200)})"));
        }

        /// <summary>
        /// When the container's previous run ended (State.FinishedAt, UTC), for a container that has run before and started
        /// again since; null for one that never ended (every line counts). Its lines were all logged by then, and the lines
        /// of the current run after it (the engine drains a run's output before it records the end).
        /// </summary>
        internal static DateTime? PreviousRunEnded(State? state)
        {
            if (ReadinessText.TryParseTime(state?.FinishedAt) is not DateTime finished)
            {
                return null;
            }

            // A container that has stopped and not started again: its own log is what is waited for.
            return ReadinessText.TryParseTime(state?.StartedAt) is DateTime started && started >= finished ? finished : null;
        }

        private async Task PumpAsync(OutputLineReader reader, LogPatternCounter counter, CancellationToken stop)
        {
            try
            {
                while (!counter.Met && await reader.FillAsync(stop).ConfigureAwait(false))
                {
                    while (reader.TryReadLine(out OutputLine line))
                    {
                        counter.Add(line.Text, line.Timestamp);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The wait is over.
            }
            catch (Exception e)
            {
                // Only the log being read now has a say (an earlier one is closed on purpose).
                if (counter == Volatile.Read(ref _counter))
                {
                    Volatile.Write(ref _fault, e);
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _stop.Cancel();
                _reader?.Dispose();
                _reader = null;
            }
        }
    }
}
