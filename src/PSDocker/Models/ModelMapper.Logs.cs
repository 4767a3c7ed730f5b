using PSDocker.Streams;

namespace PSDocker
{
    internal static partial class ModelMapper
    {
        /// <summary>A line of a container's log (read with timestamps) as a <see cref="LogRecord"/>.</summary>
        internal static LogRecord ToLogRecord(in OutputLine line, string container, string containerId, DockerEndpoint endpoint) =>
            new LogRecord(line.Stream == OutputStreamKind.StandardError ? LogStream.StdErr : LogStream.StdOut,
                line.Timestamp, line.SubTickNanoseconds, line.Text, container, containerId, endpoint);
    }
}
