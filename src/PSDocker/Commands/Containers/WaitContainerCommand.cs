using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Readiness;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits until containers stop and returns their exit codes, like docker wait; or, with readiness
    /// conditions, until they are ready (running, healthy, a port open, an HTTP answer, a log line, a command or a file).</para>
    /// <para type="description">Without a condition, waits for each container in turn until it is not running (at once for
    /// one that has stopped) and writes its exit code (an Int32) to the pipeline, with no time limit unless -Timeout gives
    /// one. With conditions (-Running, -Healthy, -TcpPort, -HttpPath, -LogPattern, -Command, -FileExists; several must all
    /// hold in the same round), probes each container every -Interval until they all hold and writes the container (a
    /// Container, read back as Get-Container gives it), so `$web | Wait-Container -HttpPath / -Port 8080 | ...` chains. A
    /// condition not met within -Timeout (60 seconds unless given) is the terminating error ContainerWaitTimeout; a container
    /// that stops while waited for is ContainerExited at once; both name the condition, its last probe result, the
    /// container's state and the last 20 lines of its log. Ctrl+C stops the wait at once and leaves the containers as they are.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "Container", DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(int), typeof(Container))]
    public sealed class WaitContainerCommand : ContainerCommandBase
    {
        /// <summary>Error id for a container still running, or not ready, after -Timeout (category OperationTimeout).</summary>
        internal const string TimeoutErrorId = ContainerNotReadyException.TimeoutErrorId;

        /// <summary>The time limit of a readiness wait without -Timeout: 60 seconds.</summary>
        internal static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);

        /// <summary>The time between probe rounds without -Interval: 100 ms.</summary>
        internal static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

        /// <summary>The time between probe rounds with -Command and without -Interval: 500 ms (each probe starts a process in the container).</summary>
        internal static readonly TimeSpan DefaultCommandInterval = TimeSpan.FromMilliseconds(500);

        private static readonly string[] s_httpOnly =
            { nameof(Port), nameof(StatusCode), nameof(Method), nameof(Header), nameof(UseTls), nameof(SkipCertificateCheck), nameof(BodyPattern) };

        private static readonly string[] s_conditions =
            { nameof(Running), nameof(Healthy), nameof(TcpPort), nameof(HttpPath), nameof(LogPattern), nameof(Command), nameof(FileExists) };

        private HttpProbeSpec? _http;
        private Regex? _logPattern;
        private TimeSpan _timeout;
        private TimeSpan _interval;

        /// <summary>
        /// How long to wait for each container: a TimeSpan (00:00:30), a number of SECONDS (5, 0.5), or a duration as docker
        /// writes them (30s, 1m30s, 500ms); more than 0. Without a condition, a container still running then writes the error
        /// ContainerWaitTimeout (OperationTimeout) and is left running, and the next one is waited for; without -Timeout that
        /// wait has no limit. With conditions, a condition still not met is the terminating error ContainerWaitTimeout; the
        /// default is then 60 seconds. A value that is not a duration is InvalidDurationSpec.
        /// </summary>
        [Parameter]
        [SecondsTransformation(nameof(Timeout))]
        public TimeSpan Timeout { get; set; }

        /// <summary>
        /// With conditions: the time from the start of one probe round to the start of the next, as -Timeout takes it (0.25,
        /// 250ms, 00:00:01), at least 10 ms. The default is 100 ms, or 500 ms with -Command (each of its probes starts a
        /// process in the container). A container that stops is noticed within about one interval, even during a slow probe.
        /// </summary>
        [Parameter]
        [SecondsTransformation(nameof(Interval))]
        public TimeSpan Interval { get; set; }

        /// <summary>Condition: the container is running (State.Status "running"; not paused, not restarting).</summary>
        [Parameter]
        public SwitchParameter Running { get; set; }

        /// <summary>
        /// Condition: the container's own health check (HEALTHCHECK, docker --health-cmd, -HealthCommand) reports healthy
        /// (State.Health.Status). A container without a health check fails at once with ContainerHealthcheckMissing. An
        /// unhealthy one is waited for (it may recover) unless -FailingStreak is given.
        /// </summary>
        [Parameter]
        public SwitchParameter Healthy { get; set; }

        /// <summary>
        /// With -Healthy: fail at once with ContainerUnhealthy (InvalidResult) when the health check has failed this many
        /// times in a row (State.Health.FailingStreak) and docker reports the container unhealthy; 1 or more.
        /// </summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int FailingStreak { get; set; }

        /// <summary>
        /// Condition: these container ports (tcp) accept a TCP connection from the host, through their published bindings
        /// (docker port), at the address Get-ContainerPort -Single gives: a binding on 0.0.0.0 or :: is reached on 127.0.0.1
        /// or ::1 (IPv4 first) for a local engine, on the engine's host for a tcp:// engine. A connection that docker's
        /// port proxy closes at once (nothing listens in the container yet) does not count. A running container that does
        /// not publish the port fails at once with ContainerPortNotPublished.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int[]? TcpPort { get; set; }

        /// <summary>
        /// Condition: an HTTP request for this path (and query), from the host to the published binding of -Port, answers
        /// with an accepted status (-StatusCode) and, with -BodyPattern, a matching body. Starts with "/". Needs -Port.
        /// Every probe opens a new connection; redirects are not followed (a 3xx is the answer).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HttpPath { get; set; }

        /// <summary>With -HttpPath: the container port (tcp) to ask, reached through its published binding as for -TcpPort.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>With -HttpPath: the statuses that count as ready (100-599). Without it, any from 200 to 399.</summary>
        [Parameter]
        [ValidateRange(100, 599)]
        public int[]? StatusCode { get; set; }

        /// <summary>With -HttpPath: the request method (GET by default; HEAD, POST, OPTIONS ...), sent without a body.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Method { get; set; }

        /// <summary>
        /// With -HttpPath: request headers, as a hashtable (@{ Host = 'example.test'; Authorization = 'Bearer x' }). Their
        /// values are never shown (errors and verbose text name the keys only). A content header (Content-Type ...; the
        /// request has no body) or a value with a line break is refused with InvalidArgument.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public IDictionary? Header { get; set; }

        /// <summary>With -HttpPath: ask over HTTPS. The server's certificate is verified unless -SkipCertificateCheck.</summary>
        [Parameter]
        public SwitchParameter UseTls { get; set; }

        /// <summary>With -HttpPath -UseTls: accept any server certificate (a test service's self-signed one).</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>With -HttpPath: a regular expression (.NET) the response body must match (its first 1 MiB, decoded by its charset or as UTF-8).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BodyPattern { get; set; }

        /// <summary>
        /// Condition: a regular expression (.NET) matched by -Occurrences lines of the container's log (stdout and stderr,
        /// each line on its own) since the container last started: the lines of its earlier runs (a restarted container's
        /// log keeps them) do not count. The log is followed, not read again at each probe.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LogPattern { get; set; }

        /// <summary>With -LogPattern: how many matching lines are needed, 1 or more (1 by default).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Occurrences { get; set; } = 1;

        /// <summary>
        /// Condition: this command, run in the container (docker exec; the program and its arguments, not a shell line:
        /// 'sh','-c','...' for one), exits 0. Its last output lines are shown when the wait fails.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Command { get; set; }

        /// <summary>
        /// Condition: this path exists in the container's file system (a file, directory or link), asked of the engine
        /// (HEAD /containers/{id}/archive, as docker cp stats): no shell is needed in the container.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FileExists { get; set; }

        private protected override string Action => "Wait";

        private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        private bool HasConditions => s_conditions.Any(Given);

        protected override void BeginProcessing()
        {
            CheckInput(null, CheckParameters);
        }

        /// <summary>Refuses combinations and values that cannot work, before anything is sent (InvalidArgument naming the parameter).</summary>
        private void CheckParameters()
        {
            if (Given(nameof(Timeout)) && Timeout <= TimeSpan.Zero)
            {
                throw Refuse(nameof(Timeout), Typed(nameof(Timeout)), "give a time span longer than 0 (00:00:30, 30, 30s).");
            }

            if (Given(nameof(Interval)) && Interval < TimeSpan.FromMilliseconds(10))
            {
                throw Refuse(nameof(Interval), Typed(nameof(Interval)), "give at least 10 ms (0.25, 250ms, 00:00:01).");
            }

            bool conditions = HasConditions;
            foreach (string p in new[] { nameof(Interval), nameof(FailingStreak), nameof(Occurrences) }.Concat(s_httpOnly).Where(Given))
            {
                string needs = p switch
                {
                    nameof(Interval) => conditions ? null : "a readiness condition (-Running, -Healthy, -TcpPort, -HttpPath, -LogPattern, -Command, -FileExists)",
                    nameof(FailingStreak) => Healthy ? null : "-Healthy",
                    nameof(Occurrences) => LogPattern is null ? "-LogPattern" : null,
                    _ => HttpPath is null ? "-HttpPath" : null,
                } ?? "";
                if (needs.Length > 0)
                {
                    throw Refuse(p, Shown(MyInvocation.BoundParameters[p]), $"it is used only with {needs}.");
                }
            }

            if (SkipCertificateCheck && !UseTls)
            {
                throw Refuse(nameof(SkipCertificateCheck), "True", "it is used only with -UseTls.");
            }

            if (Command is not null && string.IsNullOrWhiteSpace(Command[0]))
            {
                throw Refuse(nameof(Command), string.Join(" ", Command), "its first item, the program to run, is empty.");
            }

            _logPattern = LogPattern is null ? null : ParsePattern(nameof(LogPattern), LogPattern);
            if (HttpPath is not null)
            {
                if (!HttpPath.StartsWith("/", StringComparison.Ordinal) || HttpPath.Any(char.IsWhiteSpace))
                {
                    throw Refuse(nameof(HttpPath), HttpPath, "give a path that starts with / and has no spaces (/, /health, /api/status?full=1).");
                }

                if (!Given(nameof(Port)))
                {
                    throw Refuse(nameof(HttpPath), HttpPath, "give the container port to ask with -Port (-HttpPath / -Port 8080).");
                }

                string method = (Method ?? "GET").Trim().ToUpperInvariant();
                if (method.Length == 0 || !method.All(c => c >= 'A' && c <= 'Z' || c == '-' || c == '_'))
                {
                    throw Refuse(nameof(Method), Method ?? "", "give an HTTP method: GET, HEAD, POST, OPTIONS ...");
                }

                if (method == "HEAD" && BodyPattern is not null)
                {
                    throw Refuse(nameof(BodyPattern), BodyPattern, "an answer to HEAD has no body to match: leave out -BodyPattern or ask with another -Method.");
                }

                var headers = new List<KeyValuePair<string, string>>();
                foreach (DictionaryEntry entry in Header ?? new Hashtable())
                {
                    string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)?.Trim() ?? "";
                    if (key.Length == 0 || key.Any(c => c <= ' ' || c == ':' || c >= 127))
                    {
                        throw Refuse(nameof(Header), key, "a header name is a token without spaces or colons (Host, Authorization, X-Api-Key).");
                    }

                    object? value = entry.Value is PSObject pso ? pso.BaseObject : entry.Value;
                    string text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                    if (HttpProbe.HeaderProblem(key, text) is string problem)
                    {
                        // The key only: a header's value may be a credential.
                        throw Refuse(nameof(Header), key, problem);
                    }

                    headers.Add(new KeyValuePair<string, string>(key, text));
                }

                _http = new HttpProbeSpec
                {
                    Port = Port,
                    Path = HttpPath,
                    Method = method,
                    Headers = headers,
                    UseTls = UseTls,
                    SkipCertificateCheck = SkipCertificateCheck,
                    StatusCodes = StatusCode,
                    BodyPattern = BodyPattern is null ? null : ParsePattern(nameof(BodyPattern), BodyPattern),
                };
            }

            _timeout = Given(nameof(Timeout)) ? Timeout : conditions ? DefaultReadyTimeout : System.Threading.Timeout.InfiniteTimeSpan;
            _interval = Given(nameof(Interval)) ? Interval : Command is not null ? DefaultCommandInterval : DefaultInterval;
        }

        private static Regex ParsePattern(string parameter, string pattern)
        {
            try
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw Refuse(parameter, pattern, $"it is not a regular expression: {e.Message}");
            }
        }

        /// <summary>A parameter's value as errors show it; a hashtable (-Header) by its keys only, as its values may be credentials.</summary>
        private static string Shown(object? value) => value switch
        {
            null => "",
            string s => s,
            IDictionary map => string.Join(",", map.Keys.Cast<object?>().Select(k => Convert.ToString(k, CultureInfo.InvariantCulture))),
            IEnumerable items => string.Join(",", items.Cast<object?>()),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };

        /// <summary>A -Timeout or -Interval as errors show it: in seconds, as a number is typed (0, 0.005), not as a TimeSpan (00:00:00).</summary>
        private string Typed(string parameter) =>
            ((TimeSpan)MyInvocation.BoundParameters[parameter]).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

        private static PSDockerException Refuse(string parameter, string value, string reason) =>
            new PSDockerException($"-{parameter} '{value}' is not valid: {reason}", ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, value);

        private protected override Task ActAsync(string container, string shown) =>
            HasConditions ? WaitReadyAsync(container, shown) : WaitExitAsync(container, shown);

        /// <summary>docker wait: the exit code, with the optional -Timeout as a per-container error.</summary>
        private async Task WaitExitAsync(string container, string shown)
        {
            bool limited = _timeout != System.Threading.Timeout.InfiniteTimeSpan;
            using var timeout = new CancellationTokenSource();
            if (limited)
            {
                timeout.CancelAfter(_timeout);
            }

            ContainerWaitResponse response;
            try
            {
                response = await RequestAsync(RequestLimit.None, async (e, token) =>
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
                    // WaitAsync stops waiting at once on Ctrl+C or the timeout, whether or not the library's read notices.
                    return await EngineClientCache.WaitAsync(e.Client.Containers.WaitContainerAsync(container, linked.Token), linked.Token);
                });
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !CancelToken.IsCancellationRequested)
            {
                throw new PSDockerException($"The container '{shown}' was still running after {ContainerNotReadyException.FormatSpan(_timeout)}.", TimeoutErrorId,
                    ErrorCategory.OperationTimeout, shown);
            }

            if (!string.IsNullOrEmpty(response.Error?.Message))
            {
                WriteWarning($"The engine reported an error waiting for '{shown}': {response.Error!.Message}");
            }

            WriteObject((int)response.StatusCode);
        }

        /// <summary>How long past -Timeout a readiness wait may take in all (a slow engine's inspection, a probe stopping) before it is cut short.</summary>
        internal static readonly TimeSpan DeadlineGrace = TimeSpan.FromSeconds(5);

        /// <summary>The readiness wait: every condition met, then the container read back; else a terminating error with the log tail.</summary>
        private async Task WaitReadyAsync(string container, string shown)
        {
            // By full id from here on: the container found now, even if its name is reused meanwhile.
            DockerEndpoint? endpoint = null;
            ContainerInspectResponse first = await RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.Containers.InspectContainerAsync(container, token);
            });
            string id = first.ID;

            // -Timeout is a hard limit: whatever the engine does, every request of the wait ends by this deadline.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(CancelToken);
            deadline.CancelAfter(_timeout + ReadinessWaiter.FinalGrace + DeadlineGrace);
            List<IReadinessProbe> probes = CreateProbes(endpoint);
            try
            {
                var waiter = new ReadinessWaiter(probes, InspectOrNullAsync(id, deadline.Token), _timeout, _interval);
                WriteVerbose($"Waiting up to {ContainerNotReadyException.FormatSpan(_timeout)} for '{shown}', every {ContainerNotReadyException.FormatSpan(_interval)}, until " +
                    string.Join("; and ", probes.Select(p => p.Condition)) + ".");
                ContainerNotReadyException? failure = null;
                try
                {
                    await waiter.WaitAsync(shown, deadline.Token);
                }
                catch (ContainerNotReadyException e)
                {
                    failure = e;
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !CancelToken.IsCancellationRequested)
                {
                    failure = new ContainerNotReadyException(TimeoutErrorId, ErrorCategory.OperationTimeout,
                        $"The container '{shown}' was not ready after {ContainerNotReadyException.FormatSpan(_timeout)}: the engine did not answer in time.",
                        null, "the engine did not answer in time", null, null);
                }

                if (failure is not null)
                {
                    ThrowTerminatingError(failure.WithLog(await LogTailAsync(id)).ToErrorRecord(shown));
                }

                WriteVerbose($"'{shown}' is ready after {waiter.Rounds.ToString(CultureInfo.InvariantCulture)} probe round(s).");
            }
            finally
            {
                foreach (IReadinessProbe probe in probes)
                {
                    probe.Dispose();
                }
            }

            WriteObject(await Targets.ReadBackAsync(id));
        }

        /// <summary>The probes for this call's conditions, in the order they are asked (cheapest first); new for each container.</summary>
        private List<IReadinessProbe> CreateProbes(DockerEndpoint? endpoint)
        {
            var engine = new CmdletEngineRequests(this);
            var probes = new List<IReadinessProbe>();
            if (Running)
            {
                probes.Add(new RunningProbe());
            }

            if (Healthy)
            {
                probes.Add(new HealthyProbe(Given(nameof(FailingStreak)) ? FailingStreak : null));
            }

            if (_logPattern is not null)
            {
                probes.Add(new LogPatternProbe(engine, _logPattern, Occurrences));
            }

            if (FileExists is not null)
            {
                probes.Add(new FileExistsProbe(engine, FileExists));
            }

            foreach (int port in TcpPort ?? Array.Empty<int>())
            {
                probes.Add(new TcpPortProbe(port, endpoint));
            }

            if (_http is not null)
            {
                probes.Add(new HttpProbe(_http, endpoint));
            }

            if (Command is not null)
            {
                probes.Add(new CommandProbe(engine, Command));
            }

            return probes;
        }

        private Func<CancellationToken, Task<ContainerInspectResponse?>> InspectOrNullAsync(string id, CancellationToken deadline) => async cancel =>
        {
            try
            {
                using var both = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadline);
                return await RequestAsync(RequestLimit.Default, both.Token, (e, token) => e.Client.Containers.InspectContainerAsync(id, token));
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        };

        /// <summary>The last lines of the container's log (docker logs --tail 20), for the error; a note when it cannot be read.</summary>
        private async Task<IReadOnlyList<string>> LogTailAsync(string id)
        {
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(CancelToken);
                limit.CancelAfter(TimeSpan.FromSeconds(5));
                var parameters = new ContainerLogsParameters
                {
                    ShowStdout = true,
                    ShowStderr = true,
                    Tail = ContainerNotReadyException.LogTailLines.ToString(CultureInfo.InvariantCulture),
                };
                MultiplexedStream stream = await RequestAsync(RequestLimit.Default, limit.Token, (e, token) => e.Client.Containers.GetContainerLogsAsync(id, parameters, token));
                var lines = new List<string>();
                using (var reader = new OutputLineReader(stream))
                {
                    while (await reader.FillAsync(limit.Token))
                    {
                        while (reader.TryReadLine(out OutputLine line))
                        {
                            lines.Add(line.Text);
                        }
                    }
                }

                return lines.Skip(Math.Max(0, lines.Count - ContainerNotReadyException.LogTailLines)).ToList();
            }
            catch (Docker.DotNet.DockerApiException e) when (!CancelToken.IsCancellationRequested &&
                (e.StatusCode == System.Net.HttpStatusCode.NotFound || e.StatusCode == System.Net.HttpStatusCode.Conflict))
            {
                // 404 gone, 409 "marked for removal" (an -AutoRemove container): its log went with it.
                return new[] { "(none: the container was removed, and its log with it)" };
            }
            catch (Exception e) when (!CancelToken.IsCancellationRequested)
            {
                return new[] { $"(the log could not be read: {ReadinessText.OneLine(ErrorMapper.Unwrap(e).Message, 200)})" };
            }
        }
    }
}
