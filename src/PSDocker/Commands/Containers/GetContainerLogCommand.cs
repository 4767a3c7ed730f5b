using System;
using System.Collections.Generic;
using System.Globalization;
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
    /// <para type="synopsis">Gets the log of containers, like docker logs; -Follow streams it as it is written.</para>
    /// <para type="description">One LogRecord per line (Stream, Timestamp, Text, Container, ContainerId, Endpoint), in the
    /// order docker logs prints them, for containers with and without a TTY; or, with -Raw, the lines as strings. The engine
    /// is always asked for its timestamps, so every record has the time the line was logged; a line longer than 16 KiB,
    /// which the log driver stores in pieces, comes back as one record. -Tail, -Since and -Until select lines as docker
    /// logs' flags do; -StdOut or -StdErr keeps one stream. With -Follow the log is streamed until the container stops or
    /// Ctrl+C; several containers are followed at once, their lines merged as they come, each record naming its container.
    /// Memory stays flat however long the log: lines are written to the pipeline as they are read.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ContainerLog", DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(LogRecord), typeof(string))]
    public sealed class GetContainerLogCommand : ContainerCommandBase
    {
        /// <summary>The longest line kept whole: 1 Mi characters (a longer one comes as several records).</summary>
        internal const int MaxLineLength = 1024 * 1024;

        /// <summary>How many lines are read ahead while the pipeline writes (the reader also holds at most 4 Mi characters).</summary>
        internal const int ReadAheadLines = 4096;

        private readonly FollowedStreams<OpenLog> _following = new FollowedStreams<OpenLog>(l => l.Reader);
        private string? _tail;

        /// <summary>
        /// Keep streaming new lines as the container writes them (docker logs -f, the API's follow=1), until the container
        /// stops or Ctrl+C. Several containers are followed at once; their lines come merged as they are written.
        /// </summary>
        [Parameter]
        public SwitchParameter Follow { get; set; }

        /// <summary>
        /// Only the last this many lines (docker logs -n/--tail, the API's tail): a number from 0, or 'all' (the default).
        /// Any other value is refused with InvalidArgument before anything is sent. The engine counts the last lines of
        /// both streams together, before -StdOut/-StdErr choose one.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Tail { get; set; }

        /// <summary>
        /// Only lines logged at or after this time (docker logs --since, the API's since): a DateTime, a TimeSpan before now,
        /// or a string as docker takes it: an RFC 3339 time (2024-05-01T10:00:00Z; without a zone, local time), unix seconds
        /// (1714557600.5) or a duration before now (10m, 1h30m). See <see cref="TimestampSpec"/>. Any other string is refused
        /// before anything is sent with InvalidTimestampSpec naming the parameter and the value (PowerShell reports it as
        /// ParameterArgumentTransformationError, the InvalidTimestampSpec error inside).
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        [TimestampTransformation(nameof(Since))]
        public TimestampSpec? Since { get; set; }

        /// <summary>
        /// Only lines logged at or before this time (docker logs --until, the API's until), in the forms -Since takes; a bad
        /// value is refused as for -Since (InvalidTimestampSpec).
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        [TimestampTransformation(nameof(Until))]
        public TimestampSpec? Until { get; set; }

        /// <summary>
        /// With -Raw, start each line with the engine's timestamp and a space, as docker logs -t prints it
        /// (2024-05-01T10:00:00.123456789Z). Records always carry the time in Timestamp and TimestampText.
        /// </summary>
        [Parameter]
        public SwitchParameter Timestamps { get; set; }

        /// <summary>Only the standard-output lines (the API's stdout=1, stderr=0). With -StdErr too, both.</summary>
        [Parameter]
        public SwitchParameter StdOut { get; set; }

        /// <summary>Only the standard-error lines (the API's stderr=1, stdout=0). With -StdOut too, both.</summary>
        [Parameter]
        public SwitchParameter StdErr { get; set; }

        /// <summary>
        /// Write each line as a plain string (its text, or with -Timestamps docker logs -t's "TIME text") instead of a
        /// LogRecord: what docker logs prints, for text tools and files.
        /// </summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        private protected override string Action => "Get log";

        protected override void BeginProcessing()
        {
            if (Tail is not null)
            {
                _tail = CheckInput(Tail, () => ParseTail(Tail));
            }
        }

        /// <summary>The API's tail value for -Tail: "all", or a number from 0. Error id InvalidArgument.</summary>
        internal static string ParseTail(string tail)
        {
            string t = tail.Trim();
            if (string.Equals(t, "all", StringComparison.OrdinalIgnoreCase))
            {
                return "all";
            }

            if (t.Length > 0 && t.All(c => c >= '0' && c <= '9') && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                return n.ToString(CultureInfo.InvariantCulture);
            }

            throw new PSDockerException($"-Tail '{tail}' is not valid: give a number of lines from 0, or 'all'.",
                ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, tail);
        }

        private protected override async Task ActAsync(string container, string shown)
        {
            OpenLog log = await OpenAsync(container);
            if (Follow)
            {
                // Followed together once every container is known (EndProcessing).
                _following.Add(log, CancelToken);
                return;
            }

            using (log.Reader)
            {
                await ReadAsync(log);
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

        private async Task<OpenLog> OpenAsync(string container)
        {
            DockerEndpoint? endpoint = null;
            ContainerInspectResponse inspect = await RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.Containers.InspectContainerAsync(container, token);
            });

            bool both = StdOut.IsPresent == StdErr.IsPresent;
            var parameters = new ContainerLogsParameters
            {
                ShowStdout = both || StdOut.IsPresent,
                ShowStderr = both || StdErr.IsPresent,
                Timestamps = true,
                Follow = Follow.IsPresent,
                Tail = _tail ?? "all",
                Since = Since?.ApiValue,
                Until = Until?.ApiValue,
            };

            // By full id: the container the inspect found, even if a name is reused meanwhile.
            MultiplexedStream stream = await RequestAsync(RequestLimit.None, (e, token) =>
                e.Client.Containers.GetContainerLogsAsync(inspect.ID, parameters, token));
            var reader = new OutputLineReader(stream, MaxLineLength, timestamped: true, readAheadLines: ReadAheadLines);
            return new OpenLog(reader, inspect.Name?.TrimStart('/') ?? container, inspect.ID, endpoint!);
        }

        /// <summary>Writes every line of one log as it arrives, on the pipeline thread (AsyncPump).</summary>
        private async Task ReadAsync(OpenLog log)
        {
            OutputLineReader reader = log.Reader;
            bool raw = Raw.IsPresent;
            bool stamped = Timestamps.IsPresent;
            while (await reader.FillAsync(CancelToken))
            {
                while (reader.TryReadLine(out OutputLine line))
                {
                    if (!raw)
                    {
                        WriteObject(ModelMapper.ToLogRecord(line, log.Name, log.Id, log.Endpoint));
                    }
                    else if (stamped)
                    {
                        WriteObject(LogTimestamp.Format(line.Timestamp, line.SubTickNanoseconds) + " " + line.Text);
                    }
                    else
                    {
                        WriteObject(line.Text);
                    }
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
        }
    }
}
