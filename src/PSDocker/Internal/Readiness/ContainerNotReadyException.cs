using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace PSDocker
{
    /// <summary>
    /// A readiness wait (Wait-Container with -Running, -Healthy, -TcpPort, -HttpPath, -LogPattern, -Command or
    /// -FileExists) that failed. Raised as a terminating error whose id is <see cref="ErrorId"/>: ContainerWaitTimeout
    /// (OperationTimeout: a condition still not met at -Timeout), ContainerExited (InvalidResult: the container stopped
    /// while waited for; <see cref="ExitCode"/> has its code), ContainerUnhealthy (InvalidResult: -FailingStreak health
    /// checks failed in a row), ContainerHealthcheckMissing (InvalidOperation: -Healthy on a container without a health
    /// check), ContainerPortNotPublished (ObjectNotFound: a -TcpPort or -Port the running container does not publish).
    /// The message names the condition, its last probe result, the container's state and the last lines of its log, so
    /// a failing CI run explains itself; the same facts are properties here for scripts.
    /// </summary>
    public sealed class ContainerNotReadyException : Exception
    {
        /// <summary>Error id: a condition still not met when -Timeout passed (category OperationTimeout).</summary>
        public const string TimeoutErrorId = "ContainerWaitTimeout";

        /// <summary>Error id: the container stopped (or was removed) while waited for (category InvalidResult).</summary>
        public const string ExitedErrorId = "ContainerExited";

        /// <summary>Error id: the health check failed -FailingStreak times in a row (category InvalidResult).</summary>
        public const string UnhealthyErrorId = "ContainerUnhealthy";

        /// <summary>Error id: -Healthy on a container that has no health check (category InvalidOperation).</summary>
        public const string NoHealthcheckErrorId = "ContainerHealthcheckMissing";

        /// <summary>Error id: the running container does not publish a -TcpPort or -Port (category ObjectNotFound).</summary>
        public const string PortNotPublishedErrorId = "ContainerPortNotPublished";

        /// <summary>How many of the log's last lines the message shows.</summary>
        internal const int LogTailLines = PSDocker.Readiness.ReadinessText.LogTailLines;

        private readonly string _summary;

        internal ContainerNotReadyException(string errorId, ErrorCategory category, string summary, string? condition, string? lastResult,
            string? state, long? exitCode, IReadOnlyList<string>? logTail = null)
            : base(FormatMessage(summary, state, logTail))
        {
            _summary = summary;
            ErrorId = errorId;
            Category = category;
            Condition = condition;
            LastResult = lastResult;
            State = state;
            ExitCode = exitCode;
            LogTail = logTail ?? Array.Empty<string>();
        }

        /// <summary>The error id (see the constants of this class).</summary>
        public string ErrorId { get; }

        /// <summary>The error category.</summary>
        public ErrorCategory Category { get; }

        /// <summary>The condition that was not met ("HTTP GET / on port 8080 answers 200-399"); null when none was probed.</summary>
        public string? Condition { get; }

        /// <summary>What its last probe saw ("answered 503 Service Unavailable", "connection refused", "seen 1 of 2 times").</summary>
        public string? LastResult { get; }

        /// <summary>The container's state then, in words ("running, started 31 s ago", "exited with code 3").</summary>
        public string? State { get; }

        /// <summary>The exit code of the container's main process (State.ExitCode) for ContainerExited; null otherwise or when it was removed.</summary>
        public long? ExitCode { get; }

        /// <summary>The last lines of the container's log (stdout and stderr, as docker logs --tail 20 prints them); empty when none could be read.</summary>
        public IReadOnlyList<string> LogTail { get; }

        /// <summary>This error with the container's log tail added to it and to its message.</summary>
        internal ContainerNotReadyException WithLog(IReadOnlyList<string> logTail) =>
            new ContainerNotReadyException(ErrorId, Category, _summary, Condition, LastResult, State, ExitCode, logTail);

        internal ErrorRecord ToErrorRecord(object? target) => new ErrorRecord(this, ErrorId, Category, target);

        /// <summary>A time span as the messages give it: "250 ms", "1.5 s", "30 s", "2 min 30 s".</summary>
        internal static string FormatSpan(TimeSpan span)
        {
            if (span < TimeSpan.FromSeconds(1))
            {
                return ((int)Math.Round(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + " ms";
            }

            if (span < TimeSpan.FromMinutes(2))
            {
                return Math.Round(span.TotalSeconds, 1).ToString("0.#", CultureInfo.InvariantCulture) + " s";
            }

            int seconds = (int)Math.Round(span.TotalSeconds);
            return seconds % 60 == 0
                ? (seconds / 60).ToString(CultureInfo.InvariantCulture) + " min"
                : $"{(seconds / 60).ToString(CultureInfo.InvariantCulture)} min {(seconds % 60).ToString(CultureInfo.InvariantCulture)} s";
        }

        private static string FormatMessage(string summary, string? state, IReadOnlyList<string>? logTail)
        {
            var text = new StringBuilder(summary);
            if (!string.IsNullOrEmpty(state))
            {
                text.Append(" State: ").Append(state).Append('.');
            }

            if (logTail is null)
            {
                return text.ToString();
            }

            if (logTail.Count == 0)
            {
                text.Append(" Its log is empty.");
                return text.ToString();
            }

            text.Append(" The last ").Append(logTail.Count == 1 ? "line" : $"{logTail.Count.ToString(CultureInfo.InvariantCulture)} lines")
                .Append(" of its log:");
            foreach (string line in logTail.Select(l => l.Length > 500 ? l.Substring(0, 500) + "..." : l))
            {
                text.Append(Environment.NewLine).Append("  ").Append(line);
            }

            return text.ToString();
        }
    }
}
