using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the log of swarm services, like docker service logs; -Follow streams it as it is written.</para>
    /// <para type="description">One SwarmServiceLogRecord per line of every task of the service (Stream, Timestamp, Text,
    /// Service, Task, TaskId, Node, NodeId, Endpoint), as the swarm gathers them from the nodes; or, with -Raw, the lines
    /// as strings. Lines of different tasks come in the order the nodes deliver them, as docker service logs shows them.
    /// -Tail (per task) and -Since select lines as docker service logs' flags do; -StdOut or -StdErr keeps one stream.
    /// With -Follow the log is streamed until Ctrl+C; several services are followed at once. Lines are read by the same
    /// reader as Get-ContainerLog's, so memory stays flat however long the log. A service that does not exist is
    /// SwarmServiceNotFound (non-terminating).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SwarmServiceLog")]
    [OutputType(typeof(SwarmServiceLogRecord), typeof(string))]
    public sealed class GetSwarmServiceLogCommand : SwarmServiceCommandBase
    {
        private readonly FollowedStreams<OpenLog> _following = new FollowedStreams<OpenLog>(l => l.Reader);
        private string? _tail;

        /// <summary>The services, by name or id (prefix). Strings bind by value, SwarmService objects by their Name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Service")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmServiceNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Keep streaming new lines as the tasks write them (docker service logs -f), until Ctrl+C.</summary>
        [Parameter]
        public SwitchParameter Follow { get; set; }

        /// <summary>Only the last this many lines of each task (docker service logs -n/--tail): a number from 0, or 'all' (the default). Anything else is refused before anything is sent.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Tail { get; set; }

        /// <summary>
        /// Only lines logged at or after this time (docker service logs --since): a DateTime, a TimeSpan before now, or a
        /// string as docker takes it (RFC 3339, unix seconds, or a duration before now such as 10m). A bad one is
        /// InvalidTimestampSpec.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        [TimestampTransformation(nameof(Since))]
        public TimestampSpec? Since { get; set; }

        /// <summary>With -Raw, start each line with the engine's timestamp and a space, as docker service logs -t prints it. Records always carry the time.</summary>
        [Parameter]
        public SwitchParameter Timestamps { get; set; }

        /// <summary>Only the standard-output lines. With -StdErr too, both.</summary>
        [Parameter]
        public SwitchParameter StdOut { get; set; }

        /// <summary>Only the standard-error lines. With -StdOut too, both.</summary>
        [Parameter]
        public SwitchParameter StdErr { get; set; }

        /// <summary>Write each line as a plain string (with -Timestamps, "TIME text") instead of a record.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        protected override void BeginProcessing()
        {
            if (Tail is not null)
            {
                _tail = CheckInput(Tail, () => GetContainerLogCommand.ParseTail(Tail));
            }
        }

        protected override void ProcessRecord()
        {
            foreach (string text in (Name ?? Array.Empty<string>()).Select(n => n.Trim()))
            {
                Run(async () =>
                {
                    if (await OpenAsync(text) is not OpenLog log)
                    {
                        return;
                    }

                    if (Follow)
                    {
                        _following.Add(log, CancelToken);
                        return;
                    }

                    using (log.Reader)
                    {
                        await ReadAsync(log);
                    }
                }, text);
            }
        }

        protected override void EndProcessing()
        {
            if (_following.Count == 0)
            {
                return;
            }

            try
            {
                Run(() => _following.ReadAllAsync(ReadAsync));
            }
            finally
            {
                _following.Dispose();
            }
        }

        private async Task<OpenLog?> OpenAsync(string service)
        {
            EngineConnection engine = await ConnectAsync();
            if (await FindAsync(service, withCounts: false) is not Docker.DotNet.Models.SwarmService found)
            {
                return null;
            }
            bool both = StdOut.IsPresent == StdErr.IsPresent;
            var parameters = new ServiceLogsParameters
            {
                ShowStdout = both || StdOut.IsPresent,
                ShowStderr = both || StdErr.IsPresent,
                Timestamps = true,
                Details = true,
                Follow = Follow.IsPresent,
                Tail = _tail ?? "all",
                Since = Since?.ApiValue,
            };

            bool tty = found.Spec?.TaskTemplate?.ContainerSpec?.TTY == true;
            MultiplexedStream stream = await RequestAsync(RequestLimit.None, (e, token) =>
                e.Client.Swarm.GetServiceLogsAsync(found.ID, tty, parameters, token));
            var reader = new OutputLineReader(stream, GetContainerLogCommand.MaxLineLength, timestamped: true, readAheadLines: GetContainerLogCommand.ReadAheadLines);
            var log = new OpenLog(reader, found.Spec?.Name ?? service, found.ID, engine.Endpoint);
            await RefreshNamesAsync(log);
            return log;
        }

        /// <summary>Reads the service's task names and the node hostnames again (a task unknown so far has come up).</summary>
        private async Task RefreshNamesAsync(OpenLog log)
        {
            var filter = new EngineFilter();
            filter.Add("service", log.Id);
            IList<TaskResponse> tasks = await RequestAsync(RequestLimit.Default, (e, token) =>
                e.Client.Tasks.ListAsync(new TasksListParameters { Filters = filter.ToApi() }, token));
            foreach (TaskResponse t in tasks.Where(t => t.ID is not null))
            {
                log.Tasks[t.ID] = ModelMapper.TaskName(t, log.Name);
            }

            log.Nodes = await SwarmNodes.HostnamesAsync(this);
        }

        private async Task ReadAsync(OpenLog log)
        {
            OutputLineReader reader = log.Reader;
            var refreshedFor = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.FillAsync(CancelToken))
            {
                while (reader.TryReadLine(out OutputLine line))
                {
                    (IReadOnlyDictionary<string, string> details, string text) = ServiceLogDetails.Split(line.Text);
                    details.TryGetValue(ServiceLogDetails.TaskKey, out string? taskId);
                    details.TryGetValue(ServiceLogDetails.NodeKey, out string? nodeId);
                    taskId ??= "";
                    nodeId ??= "";
                    if (Raw)
                    {
                        WriteObject(Timestamps ? LogTimestamp.Format(line.Timestamp, line.SubTickNanoseconds) + " " + text : text);
                        continue;
                    }

                    if (taskId.Length > 0 && !log.Tasks.ContainsKey(taskId) && refreshedFor.Add(taskId))
                    {
                        await RefreshNamesAsync(log);
                    }

                    string task = log.Tasks.TryGetValue(taskId, out string? t) ? t : taskId;
                    string node = log.Nodes.TryGetValue(nodeId, out string? n) ? n : nodeId;
                    WriteObject(ModelMapper.ToServiceLogRecord(line, text, log.Name, taskId, task, nodeId, node, log.Endpoint));
                }
            }
        }

        private sealed class OpenLog
        {
            internal OpenLog(OutputLineReader reader, string name, string id, DockerEndpoint endpoint)
            {
                Reader = reader;
                Name = name;
                Id = id;
                Endpoint = endpoint;
            }

            internal OutputLineReader Reader { get; }

            internal string Name { get; }

            internal string Id { get; }

            internal DockerEndpoint Endpoint { get; }

            internal Dictionary<string, string> Tasks { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

            internal IReadOnlyDictionary<string, string> Nodes { get; set; } = new Dictionary<string, string>();
        }
    }
}
