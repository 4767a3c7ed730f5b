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
        private int _seen;

        internal LogPatternCounter(Regex pattern, int occurrences)
        {
            _pattern = pattern;
            Occurrences = occurrences;
        }

        /// <summary>How many matching lines are needed.</summary>
        internal int Occurrences { get; }

        /// <summary>How many matching lines have been seen.</summary>
        internal int Seen => Volatile.Read(ref _seen);

        /// <summary>True once <see cref="Occurrences"/> lines matched.</summary>
        internal bool Met => Seen >= Occurrences;

        /// <summary>Counts one line (its text, without the newline).</summary>
        internal void Add(string line)
        {
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
    /// -LogPattern: a pattern seen in -Occurrences lines of the container's log (stdout and stderr, each line on its own).
    /// The log is read once from its start and then followed (docker logs -f) in the background through the one line
    /// reader (<see cref="OutputLineReader"/>), so a probe only reads a count: nothing is read twice, however long the wait.
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
                _reader?.Dispose();
                _reader = null;
                _pump = null;
                _counter = new LogPatternCounter(_pattern, _counter.Occurrences);
                Volatile.Write(ref _fault, null);
            }

            if (_pump is null)
            {
                var parameters = new ContainerLogsParameters
                {
                    ShowStdout = true,
                    ShowStderr = true,
                    Follow = true,
                    Timestamps = true,
                    Tail = "all",
                };
                MultiplexedStream stream = await _engine.RequestAsync((e, token) =>
                    e.Client.Containers.GetContainerLogsAsync(container.ID, parameters, token), RequestLimit.None);
                _reader = new OutputLineReader(stream, GetContainerLogCommand.MaxLineLength, timestamped: true);
                _openedStartedAt = startedAt;
                CancellationToken stop = _stop.Token;
                OutputLineReader reader = _reader;
                LogPatternCounter counter = _counter;
                _pump = Task.Run(() => PumpAsync(reader, counter, stop));
            }

            if (_counter.Met)
            {
                return ProbeResult.Ready(_counter.Describe());
            }

            Exception? fault = Volatile.Read(ref _fault);
            return ProbeResult.NotYet(_counter.Describe() + (fault is null ? "" : $" (the log could not be read: {ReadinessText.OneLine(fault.Message, 200)})"));
        }

        private async Task PumpAsync(OutputLineReader reader, LogPatternCounter counter, CancellationToken stop)
        {
            try
            {
                while (!counter.Met && await reader.FillAsync(stop).ConfigureAwait(false))
                {
                    while (reader.TryReadLine(out OutputLine line))
                    {
                        counter.Add(line.Text);
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
            _stop.Cancel();
            _reader?.Dispose();
            _stop.Dispose();
        }
    }
}
