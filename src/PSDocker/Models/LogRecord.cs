using System;
using PSDocker.Streams;

namespace PSDocker
{
    /// <summary>Which output stream of a container a log line was written to.</summary>
    public enum LogStream
    {
        /// <summary>Standard output (every line of a container with a TTY, whose streams are one).</summary>
        StdOut = 1,

        /// <summary>Standard error.</summary>
        StdErr = 2,
    }

    /// <summary>
    /// One line of a container's log, as docker logs prints it (GET /containers/{id}/logs), without its line ending.
    /// A line the log driver stored in several partial messages (longer than 16 KiB) is one record.
    /// </summary>
    public sealed class LogRecord
    {
        private readonly int _subTickNanoseconds;

        internal LogRecord(LogStream stream, DateTime timestamp, int subTickNanoseconds, string text, string container, string containerId, DockerEndpoint endpoint)
        {
            Stream = stream;
            Timestamp = timestamp;
            _subTickNanoseconds = subTickNanoseconds;
            Text = text;
            Container = container;
            ContainerId = containerId;
            Endpoint = endpoint;
        }

        /// <summary>The stream the line was written to: StdOut or StdErr (the frame type of the logs stream; always StdOut with a TTY).</summary>
        public LogStream Stream { get; }

        /// <summary>
        /// When the engine logged the line, in UTC (the timestamp the logs API gives with timestamps=1; to 100 ns,
        /// see <see cref="TimestampText"/> for the engine's nanoseconds). Use .ToLocalTime() for local time.
        /// </summary>
        public DateTime Timestamp { get; }

        /// <summary>The engine's own timestamp text, as docker logs -t prints it: RFC 3339 in UTC with 9 fractional digits.</summary>
        public string TimestampText => LogTimestamp.Format(Timestamp, _subTickNanoseconds);

        /// <summary>The line's text, without its line ending ("\n", or "\r\n" from a TTY), decoded as UTF-8.</summary>
        public string Text { get; }

        /// <summary>The container's name (without docker's leading slash).</summary>
        public string Container { get; }

        /// <summary>The container's full id (64 hex digits).</summary>
        public string ContainerId { get; }

        /// <summary>The engine the container runs on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <summary>The line's text, so the record reads as the line (Select-String, string interpolation).</summary>
        public override string ToString() => Text;
    }
}
