using System;
using System.Management.Automation;

namespace PSDocker.Streams
{
    /// <summary>Which of a container's output streams a line came from.</summary>
    internal enum OutputStreamKind
    {
        /// <summary>The container's standard output (also every line of a TTY container, whose streams are merged).</summary>
        StandardOutput = 1,

        /// <summary>The container's standard error.</summary>
        StandardError = 2,
    }

    /// <summary>One line of a container's output, without its line ending.</summary>
    internal readonly struct OutputLine
    {
        internal OutputLine(OutputStreamKind stream, string text)
        {
            Stream = stream;
            Text = text;
            Timestamp = default;
            SubTickNanoseconds = 0;
        }

        internal OutputLine(OutputStreamKind stream, string text, DateTime timestamp, int subTickNanoseconds)
        {
            Stream = stream;
            Text = text;
            Timestamp = timestamp;
            SubTickNanoseconds = subTickNanoseconds;
        }

        internal OutputStreamKind Stream { get; }

        internal string Text { get; }

        /// <summary>
        /// When the engine logged the line (UTC), read from the timestamp the logs API puts before each message when
        /// asked for timestamps (<see cref="LineSplitter"/> in timestamped mode); default(DateTime) otherwise. A line
        /// the engine logged in several partial messages has the time of its first.
        /// </summary>
        internal DateTime Timestamp { get; }

        /// <summary>The nanoseconds of the engine's timestamp past <see cref="Timestamp"/>'s 100-ns ticks (0 to 99).</summary>
        internal int SubTickNanoseconds { get; }

        /// <summary>
        /// A standard-error line as a non-terminating error, the way PowerShell reports a native command's stderr:
        /// a RemoteException whose message is the line, error id ContainerStandardError, category NotSpecified,
        /// and <paramref name="target"/> (the container) as TargetObject.
        /// </summary>
        internal ErrorRecord ToErrorRecord(object? target) =>
            new ErrorRecord(new RemoteException(Text), StandardErrorId, ErrorCategory.NotSpecified, target);

        /// <summary>The error id of a container's standard-error lines written to the error stream.</summary>
        internal const string StandardErrorId = "ContainerStandardError";

        public override string ToString() => (Stream == OutputStreamKind.StandardError ? "err: " : "out: ") + Text;
    }
}
