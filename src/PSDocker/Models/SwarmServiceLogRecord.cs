using System;
using PSDocker.Streams;

namespace PSDocker
{
    /// <summary>
    /// One line of a swarm service's log, as docker service logs prints it (GET /services/{id}/logs), with the task and
    /// the node that wrote it.
    /// </summary>
    public sealed class SwarmServiceLogRecord
    {
        private readonly int _subTickNanoseconds;

        internal SwarmServiceLogRecord(LogStream stream, DateTime timestamp, int subTickNanoseconds, string text, string service,
            string taskId, string task, string nodeId, string node, DockerEndpoint endpoint)
        {
            Stream = stream;
            Timestamp = timestamp;
            _subTickNanoseconds = subTickNanoseconds;
            Text = text;
            Service = service;
            TaskId = taskId;
            Task = task;
            NodeId = nodeId;
            Node = node;
            Endpoint = endpoint;
        }

        /// <summary>The stream the line was written to: StdOut or StdErr.</summary>
        public LogStream Stream { get; }

        /// <summary>When the line was logged, in UTC (to 100 ns; <see cref="TimestampText"/> has the engine's nanoseconds).</summary>
        public DateTime Timestamp { get; }

        /// <summary>The engine's timestamp text, as docker service logs -t prints it: RFC 3339 in UTC with 9 fractional digits.</summary>
        public string TimestampText => LogTimestamp.Format(Timestamp, _subTickNanoseconds);

        /// <summary>The line's text, without its line ending, decoded as UTF-8.</summary>
        public string Text { get; }

        /// <summary>The service's name.</summary>
        public string Service { get; }

        /// <summary>The id of the task that wrote the line (the com.docker.swarm.task.id detail).</summary>
        public string TaskId { get; }

        /// <summary>The task's name as docker service logs prints it: SERVICE.SLOT (SERVICE.NODEID for a global service), else the task id.</summary>
        public string Task { get; }

        /// <summary>The id of the node the task ran on (the com.docker.swarm.node.id detail).</summary>
        public string NodeId { get; }

        /// <summary>The node's hostname (from the node list; the node id when it is not listed).</summary>
        public string Node { get; }

        /// <summary>The manager engine the log was read from.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <summary>The line's text.</summary>
        public override string ToString() => Text;
    }
}
