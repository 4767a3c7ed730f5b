using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Commands;
using PSDocker.Readiness;
using PSDocker.Specs;
using Xunit;

namespace PSDocker.Tests;

public class ReadinessTests
{
    private static ContainerInspectResponse Inspect(string status, long exitCode = 0, Health? health = null, HealthcheckConfig? healthcheck = null) => new()
    {
        ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        Name = "/web",
        State = new State { Status = status, Running = status == "running", ExitCode = exitCode, Health = health, StartedAt = "2024-05-01T10:00:00.5Z" },
        Config = new ContainerConfig { Healthcheck = healthcheck },
    };

    [Theory]
    [InlineData(200, null, true)]
    [InlineData(302, null, true)]
    [InlineData(399, null, true)]
    [InlineData(404, null, false)]
    [InlineData(199, null, false)]
    [InlineData(404, new[] { 200, 404 }, true)]
    [InlineData(200, new[] { 204 }, false)]
    public void Http_status_accepted_by_default_200_to_399_or_the_given_codes(int status, int[]? codes, bool accepted)
    {
        Assert.Equal(accepted, HttpProbe.Accepts(status, codes));
    }

    [Fact]
    public void Http_status_text_names_the_codes()
    {
        Assert.Equal("200-399", HttpProbe.StatusText(null));
        Assert.Equal("204", HttpProbe.StatusText(new[] { 204 }));
        Assert.Equal("200, 301 or 404", HttpProbe.StatusText(new[] { 200, 301, 404 }));
    }

    private static readonly DockerEndpoint Local = new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);
    private static readonly DockerEndpoint Remote = new DockerEndpoint(new Uri("tcp://10.0.0.5:2375"), "HostAddress", null, null);
    private static readonly DockerEndpoint RemoteByName = new DockerEndpoint(new Uri("tcp://engine.example:2376"), "HostAddress", null, null);

    private static ContainerInspectResponse Publishing(string status, params (string Key, string HostIP, string HostPort)[] bindings)
    {
        ContainerInspectResponse c = Inspect(status);
        var ports = new Dictionary<string, IList<PortBinding>>();
        foreach (var b in bindings)
        {
            if (!ports.TryGetValue(b.Key, out IList<PortBinding>? list))
            {
                ports[b.Key] = list = new List<PortBinding>();
            }

            list.Add(new PortBinding { HostIP = b.HostIP, HostPort = b.HostPort });
        }

        c.NetworkSettings = new NetworkSettings { Ports = ports };
        return c;
    }

    [Fact]
    public void Port_binding_is_the_one_get_container_port_single_gives_ipv4_first_wildcards_as_loopback_on_a_local_engine()
    {
        ContainerInspectResponse twins = Publishing("running", ("8080/tcp", "::", "49153"), ("8080/tcp", "0.0.0.0", "49154"));
        Assert.Equal(("127.0.0.1", 49154), ReadinessPorts.Resolve(twins, 8080, "TcpPort", Local));
        Assert.Equal(("::1", 49153), ReadinessPorts.Resolve(Publishing("running", ("8080/tcp", "::", "49153")), 8080, "TcpPort", Local));
        Assert.Equal(("127.0.0.2", 5000), ReadinessPorts.Resolve(Publishing("running", ("80/tcp", "127.0.0.2", "5000")), 80, "TcpPort", Local));
        Assert.Null(ReadinessPorts.Resolve(Publishing("created"), 80, "TcpPort", Local));
    }

    [Fact]
    public void Port_binding_on_a_tcp_engine_is_reached_on_the_engine_host()
    {
        // As docker lists -p 8080's twins: both wildcards are the engine's host, so the first is taken, as -Single takes it.
        ContainerInspectResponse twins = Publishing("running", ("8080/tcp", "0.0.0.0", "49154"), ("8080/tcp", "::", "49153"));
        Assert.Equal(("10.0.0.5", 49154), ReadinessPorts.Resolve(twins, 8080, "TcpPort", Remote));
        Assert.Equal(("engine.example", 49154), ReadinessPorts.Resolve(twins, 8080, "Port", RemoteByName));
        // A port bound to one address is reached there, whatever the engine.
        Assert.Equal(("192.168.1.9", 5000), ReadinessPorts.Resolve(Publishing("running", ("80/tcp", "192.168.1.9", "5000")), 80, "TcpPort", Remote));
        var probe = new HttpProbe(new HttpProbeSpec { Port = 8080, Path = "/health" }, Remote);
        Assert.Equal("http://10.0.0.5:49154/health", probe.Url("10.0.0.5", 49154).ToString());
        Assert.Equal("http://[::1]:8080/", new HttpProbe(new HttpProbeSpec { Port = 8080 }, Local).Url("::1", 8080).ToString());
    }

    [Fact]
    public async Task Host_names_are_resolved_ip_addresses_taken_as_they_are()
    {
        Assert.Equal(new[] { IPAddress.Parse("10.0.0.5") }, await ReadinessPorts.AddressesAsync("10.0.0.5", CancellationToken.None));
        IPAddress[] localhost = await ReadinessPorts.AddressesAsync("localhost", CancellationToken.None);
        Assert.NotEmpty(localhost);
        Assert.All(localhost, a => Assert.True(IPAddress.IsLoopback(a)));
    }

    [Fact]
    public void Headers_that_cannot_be_sent_are_named_without_their_value()
    {
        Assert.Null(HttpProbe.HeaderProblem("Authorization", "Bearer s3cret"));
        Assert.Null(HttpProbe.HeaderProblem("Host", "example.test"));
        string? crlf = HttpProbe.HeaderProblem("X-Evil", "a\r\nInjected: 1");
        Assert.Contains("line break", crlf);
        Assert.DoesNotContain("Injected", crlf);
        Assert.Contains("content header", HttpProbe.HeaderProblem("Content-Type", "application/json"));
    }

    [Fact]
    public void Port_not_published_by_a_running_container_fails_at_once_but_waits_while_created()
    {
        ContainerInspectResponse running = Inspect("running");
        running.NetworkSettings = new NetworkSettings
        {
            Ports = new Dictionary<string, IList<PortBinding>> { ["80/tcp"] = new List<PortBinding> { new() { HostIP = "0.0.0.0", HostPort = "49000" } } },
        };
        var e = Assert.Throws<ContainerNotReadyException>(() => ReadinessPorts.Resolve(running, 8080, "TcpPort", Local));
        Assert.Equal("ContainerPortNotPublished", e.ErrorId);
        Assert.Contains("8080/tcp", e.Message);
        Assert.Contains("It publishes 80/tcp", e.Message);
        Assert.Equal(("127.0.0.1", 49000), ReadinessPorts.Resolve(running, 80, "TcpPort", Local));
        Assert.Null(ReadinessPorts.Resolve(Inspect("created"), 8080, "TcpPort", Local));
    }

    [Fact]
    public void Running_means_status_running()
    {
        Assert.True(RunningProbe.Check(new State { Status = "running" }).IsReady);
        ProbeResult paused = RunningProbe.Check(new State { Status = "paused" });
        Assert.False(paused.IsReady);
        Assert.Equal("the container is paused", paused.Detail);
    }

    [Fact]
    public void Healthy_waits_for_healthy_and_says_what_the_check_said()
    {
        var check = new HealthcheckConfig { Test = new List<string> { "CMD-SHELL", "true" } };
        Assert.True(HealthyProbe.Check(Inspect("running", health: new Health { Status = "healthy" }, healthcheck: check), null).IsReady);

        var starting = new Health
        {
            Status = "starting",
            FailingStreak = 2,
            Log = new List<HealthcheckResult> { new() { ExitCode = 1, Output = "not yet\nreally" } },
        };
        ProbeResult r = HealthyProbe.Check(Inspect("running", health: starting, healthcheck: check), 5);
        Assert.False(r.IsReady);
        Assert.Equal("starting, 2 failed in a row; the last check exited 1: not yet really", r.Detail);

        // Not started yet: the engine has no health state, but the config has a check.
        Assert.False(HealthyProbe.Check(Inspect("created", healthcheck: check), null).IsReady);
    }

    [Fact]
    public void Healthy_fails_at_once_without_a_health_check_or_after_the_failing_streak()
    {
        var none = Assert.Throws<ContainerNotReadyException>(() => HealthyProbe.Check(Inspect("running"), null));
        Assert.Equal("ContainerHealthcheckMissing", none.ErrorId);
        var disabled = new HealthcheckConfig { Test = new List<string> { "NONE" } };
        Assert.Throws<ContainerNotReadyException>(() => HealthyProbe.Check(Inspect("running", healthcheck: disabled), null));

        var check = new HealthcheckConfig { Test = new List<string> { "CMD", "false" } };
        var unhealthy = new Health { Status = "unhealthy", FailingStreak = 3, Log = new List<HealthcheckResult> { new() { ExitCode = 1, Output = "down" } } };
        var e = Assert.Throws<ContainerNotReadyException>(() => HealthyProbe.Check(Inspect("running", health: unhealthy, healthcheck: check), 3));
        Assert.Equal("ContainerUnhealthy", e.ErrorId);
        Assert.Contains("-FailingStreak 3", e.Message);
        Assert.Contains("down", e.Message);
        // Without -FailingStreak (or below it) an unhealthy container is waited for.
        Assert.False(HealthyProbe.Check(Inspect("running", health: unhealthy, healthcheck: check), null).IsReady);
        Assert.False(HealthyProbe.Check(Inspect("running", health: unhealthy, healthcheck: check), 4).IsReady);
    }

    [Fact]
    public void Log_pattern_counts_matching_lines()
    {
        var counter = new LogPatternCounter(new Regex("ready"), 2);
        counter.Add("starting");
        counter.Add("ready to serve");
        Assert.False(counter.Met);
        Assert.Equal("'ready' seen 1 of 2 times", counter.Describe());
        counter.Add("already ready");
        Assert.True(counter.Met);
        Assert.Equal(2, counter.Seen);
    }

    [Fact]
    public void Log_pattern_counts_only_lines_logged_after_the_previous_run_ended()
    {
        var ended = new DateTime(2024, 5, 1, 10, 0, 5, DateTimeKind.Utc);
        var counter = new LogPatternCounter(new Regex("^ready$"), 1, ended);
        counter.Add("ready", ended.AddSeconds(-3));
        counter.Add("ready", ended);
        Assert.False(counter.Met);
        counter.Add("ready", ended.AddMilliseconds(1));
        Assert.True(counter.Met);
    }

    [Fact]
    public void The_previous_run_ended_at_finished_at_when_the_container_started_again_since()
    {
        // Restarted: started after it last finished (nanoseconds as the engine writes them).
        var restarted = new State { Status = "running", StartedAt = "2024-05-01T10:00:07.123456789Z", FinishedAt = "2024-05-01T10:00:05.987654321Z" };
        Assert.Equal(new DateTime(2024, 5, 1, 10, 0, 5, DateTimeKind.Utc).AddTicks(9876543), LogPatternProbe.PreviousRunEnded(restarted)!.Value, TimeSpan.FromTicks(1));
        // First run: the engine's zero time for "never finished"; every line counts.
        Assert.Null(LogPatternProbe.PreviousRunEnded(new State { Status = "running", StartedAt = "2024-05-01T10:00:07Z", FinishedAt = "0001-01-01T00:00:00Z" }));
        Assert.Null(LogPatternProbe.PreviousRunEnded(new State { Status = "created", StartedAt = "0001-01-01T00:00:00Z", FinishedAt = "0001-01-01T00:00:00Z" }));
        // Stopped and not started again: its own lines are what it has.
        Assert.Null(LogPatternProbe.PreviousRunEnded(new State { Status = "exited", StartedAt = "2024-05-01T10:00:01Z", FinishedAt = "2024-05-01T10:00:05Z" }));
    }

    [Theory]
    [InlineData(5, 5000)]
    [InlineData(0.25, 250)]
    [InlineData("5", 5000)]
    [InlineData("1.5", 1500)]
    [InlineData("30s", 30000)]
    [InlineData("1m30s", 90000)]
    [InlineData("250ms", 250)]
    [InlineData("00:00:30", 30000)]
    public void Seconds_transformation_takes_numbers_as_seconds_and_durations(object value, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SecondsTransformationAttribute.ToTimeSpan(value));
    }

    [Fact]
    public void Seconds_transformation_passes_timespans_and_refuses_words()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), SecondsTransformationAttribute.ToTimeSpan(TimeSpan.FromMinutes(2)));
        Assert.Equal(TimeSpan.FromSeconds(7), SecondsTransformationAttribute.ToTimeSpan(7L));
        var e = Assert.Throws<SpecException>(() => SecondsTransformationAttribute.ToTimeSpan("soon"));
        Assert.Equal("InvalidDurationSpec", e.ErrorId);
        Assert.Null(SecondsTransformationAttribute.ToTimeSpan(new object()));
    }

    [Theory]
    [InlineData(250, "250 ms")]
    [InlineData(1500, "1.5 s")]
    [InlineData(30000, "30 s")]
    [InlineData(150000, "2 min 30 s")]
    [InlineData(300000, "5 min")]
    public void Spans_read_plainly(double milliseconds, string expected)
    {
        Assert.Equal(expected, ContainerNotReadyException.FormatSpan(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void The_message_ends_with_the_state_and_the_log_tail()
    {
        var e = new ContainerNotReadyException("ContainerWaitTimeout", System.Management.Automation.ErrorCategory.OperationTimeout,
            "Not ready.", "c", "refused", "running", null).WithLog(new[] { "one", "two" });
        Assert.Equal($"Not ready. State: running. The last 2 lines of its log:{Environment.NewLine}  one{Environment.NewLine}  two", e.Message);
        Assert.Equal(new[] { "one", "two" }, e.LogTail);
        Assert.EndsWith("Its log is empty.", e.WithLog(Array.Empty<string>()).Message);
    }

    [Fact]
    public void State_reads_as_words()
    {
        var now = new DateTime(2024, 5, 1, 10, 0, 31, DateTimeKind.Utc);
        Assert.Equal("running, started 30.5 s ago", ReadinessText.State(Inspect("running"), now));
        Assert.Equal("exited with code 3", ReadinessText.State(Inspect("exited", 3), now));
        Assert.Equal("created (not started)", ReadinessText.State(Inspect("created"), now));
        Assert.True(ReadinessText.HasStopped(new State { Status = "dead" }));
        Assert.False(ReadinessText.HasStopped(new State { Status = "restarting" }));
    }

    [Fact]
    public void Network_failures_read_as_words()
    {
        Assert.Equal("connection refused", NetworkFailure.Describe(new System.Net.Http.HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal("connection closed without an answer", NetworkFailure.Describe(new System.Net.Http.HttpRequestException("x", new System.IO.IOException("ended"))));
    }

    private sealed class FakeProbe : IReadinessProbe
    {
        private readonly Func<int, Task<ProbeResult>> _answer;

        internal FakeProbe(string condition, Func<int, Task<ProbeResult>> answer)
        {
            Condition = condition;
            _answer = answer;
        }

        internal int Calls { get; private set; }

        public string Condition { get; }

        public Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel) => _answer(++Calls);

        public void Dispose()
        {
        }
    }

    private static Func<CancellationToken, Task<ContainerInspectResponse?>> States(Func<int, ContainerInspectResponse?> state)
    {
        int calls = 0;
        return _ => Task.FromResult(state(++calls));
    }

    [Fact]
    public async Task Waiter_returns_once_every_condition_holds_in_one_round()
    {
        var first = new FakeProbe("first", n => Task.FromResult(ProbeResult.Ready("ok")));
        var second = new FakeProbe("second", n => Task.FromResult(n >= 3 ? ProbeResult.Ready("ok") : ProbeResult.NotYet($"try {n}")));
        var waiter = new ReadinessWaiter(new[] { first, second }, States(_ => Inspect("running")), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10));
        ContainerInspectResponse ready = await waiter.WaitAsync("web", CancellationToken.None);
        Assert.Equal("/web", ready.Name);
        Assert.Equal(3, waiter.Rounds);
        Assert.Equal(3, first.Calls);
    }

    [Fact]
    public async Task Waiter_times_out_naming_the_condition_and_its_last_result()
    {
        var never = new FakeProbe("HTTP GET /", n => Task.FromResult(ProbeResult.NotYet($"answered 503 ({n})")));
        var waiter = new ReadinessWaiter(new[] { never }, States(_ => Inspect("running")), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50));
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ContainerNotReadyException>(() => waiter.WaitAsync("web", CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal("ContainerWaitTimeout", e.ErrorId);
        Assert.Equal("HTTP GET /", e.Condition);
        Assert.StartsWith("answered 503", e.LastResult);
        Assert.Contains("was not ready after 300 ms. Not met: HTTP GET / (last probe: answered 503", e.Message);
    }

    [Fact]
    public async Task Waiter_fails_at_once_when_the_container_exits_even_during_a_slow_probe()
    {
        var started = Stopwatch.StartNew();
        var slow = new FakeProbe("slow", async n =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
            return ProbeResult.Ready("late");
        });
        Func<CancellationToken, Task<ContainerInspectResponse?>> inspect = _ =>
            Task.FromResult<ContainerInspectResponse?>(started.Elapsed > TimeSpan.FromMilliseconds(200) ? Inspect("exited", 7) : Inspect("running"));
        var waiter = new ReadinessWaiter(new[] { slow }, inspect, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50));
        var e = await Assert.ThrowsAsync<ContainerNotReadyException>(() => waiter.WaitAsync("web", CancellationToken.None));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), started.Elapsed.ToString());
        Assert.Equal("ContainerExited", e.ErrorId);
        Assert.Equal(7, e.ExitCode);
        Assert.Contains("exited with code 7 while waiting until slow", e.Message);
    }

    [Fact]
    public async Task Waiter_reports_a_removed_container_as_exited()
    {
        var probe = new FakeProbe("p", n => Task.FromResult(ProbeResult.NotYet("no")));
        var waiter = new ReadinessWaiter(new[] { probe }, States(n => n > 2 ? null : Inspect("running")), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10));
        var e = await Assert.ThrowsAsync<ContainerNotReadyException>(() => waiter.WaitAsync("web", CancellationToken.None));
        Assert.Equal("ContainerExited", e.ErrorId);
        Assert.Null(e.ExitCode);
        Assert.Contains("was removed while waiting until p (last probe: no)", e.Message);
    }

    [Fact]
    public async Task Waiter_stops_a_probe_still_running_at_the_timeout()
    {
        var hang = new FakeProbe("hang", n => n == 1 ? Task.FromResult(ProbeResult.NotYet("refused")) : new TaskCompletionSource<ProbeResult>().Task);
        var waiter = new ReadinessWaiter(new[] { hang }, States(_ => Inspect("running")), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(20));
        var e = await Assert.ThrowsAsync<ContainerNotReadyException>(() => waiter.WaitAsync("web", CancellationToken.None));
        Assert.Equal("ContainerWaitTimeout", e.ErrorId);
        Assert.Equal("refused (the next probe was still running at the timeout)", e.LastResult);
    }

    [Fact]
    public async Task Waiter_cancels_a_probe_it_gives_up_on_and_lets_it_end_before_returning()
    {
        // A slow probe that honours its token: when the container exits, it is cancelled and has ended when the wait fails.
        var started = Stopwatch.StartNew();
        Task<ProbeResult>? running = null;
        var slow = new TokenProbe("slow", cancel => running = Task.Delay(TimeSpan.FromSeconds(30), cancel).ContinueWith(_ => ProbeResult.Ready("late"), TaskContinuationOptions.OnlyOnRanToCompletion));
        Func<CancellationToken, Task<ContainerInspectResponse?>> inspect = _ =>
            Task.FromResult<ContainerInspectResponse?>(started.Elapsed > TimeSpan.FromMilliseconds(200) ? Inspect("exited", 1) : Inspect("running"));
        var waiter = new ReadinessWaiter(new[] { slow }, inspect, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAsync<ContainerNotReadyException>(() => waiter.WaitAsync("web", CancellationToken.None));
        Assert.True(slow.Cancelled, "the probe's token was cancelled");
        Assert.True(running!.IsCompleted, "the probe had ended when the wait returned");
    }

    [Fact]
    public async Task Probe_requests_end_at_once_when_the_probe_is_cancelled()
    {
        var hanging = new HangingRequests();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ProbeRequests(hanging, cancel.Token).RequestAsync<int>(async (e, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return 1;
            }, RequestLimit.Default));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True(hanging.TokenCancelled, "the probe's token reaches the request's own token");
    }

    private sealed class HangingRequests : IEngineRequests
    {
        internal bool TokenCancelled { get; private set; }

        public async Task<T> RequestAsync<T>(Func<EngineConnection, CancellationToken, Task<T>> request, RequestLimit limit)
        {
            using var never = new CancellationTokenSource();
            Task<T> task = request(null!, never.Token);
            try
            {
                return await task;
            }
            finally
            {
                await Task.Delay(50);
                TokenCancelled = task.IsCanceled || task.IsFaulted;
            }
        }
    }

    private sealed class TokenProbe : IReadinessProbe
    {
        private readonly Func<CancellationToken, Task<ProbeResult>> _answer;

        internal TokenProbe(string condition, Func<CancellationToken, Task<ProbeResult>> answer)
        {
            Condition = condition;
            _answer = answer;
        }

        internal bool Cancelled { get; private set; }

        public string Condition { get; }

        public Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel)
        {
            cancel.Register(() => Cancelled = true);
            return _answer(cancel);
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Waiter_stops_on_cancel()
    {
        var never = new FakeProbe("never", n => Task.FromResult(ProbeResult.NotYet("no")));
        var waiter = new ReadinessWaiter(new[] { never }, States(_ => Inspect("running")), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync("web", cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Waiter_passes_a_probe_failure_through()
    {
        var missing = new FakeProbe("healthy", n => throw new ContainerNotReadyException("ContainerHealthcheckMissing",
            System.Management.Automation.ErrorCategory.InvalidOperation, "none", "healthy", null, null, null));
        var waiter = new ReadinessWaiter(new[] { missing }, States(_ => Inspect("running")), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20));
        var e = await Assert.ThrowsAsync<ContainerNotReadyException>(() => waiter.WaitAsync("web", CancellationToken.None));
        Assert.Equal("ContainerHealthcheckMissing", e.ErrorId);
    }

    [Fact]
    public async Task Tcp_connection_counts_only_when_it_stays_open()
    {
        // A server that accepts and holds the connection: open.
        var holding = new TcpListener(IPAddress.Loopback, 0);
        holding.Start();
        var held = new List<TcpClient>();
        _ = Task.Run(async () => { while (true) { try { held.Add(await holding.AcceptTcpClientAsync()); } catch { return; } } });
        Assert.True(await TcpPortProbe.ConnectAsync((IPEndPoint)holding.LocalEndpoint, CancellationToken.None));
        holding.Stop();
        held.ForEach(c => c.Dispose());

        // What docker's port proxy does when nothing listens in the container: accept, then close at once.
        var closing = new TcpListener(IPAddress.Loopback, 0);
        closing.Start();
        Task<Socket> accepted = closing.AcceptSocketAsync();
        _ = accepted.ContinueWith(t => t.Result.Dispose(), TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion);
        Assert.False(await TcpPortProbe.ConnectAsync((IPEndPoint)closing.LocalEndpoint, CancellationToken.None));
        closing.Stop();

        // Nothing listening at all: refused.
        var unused = new TcpListener(IPAddress.Loopback, 0);
        unused.Start();
        var endpoint = (IPEndPoint)unused.LocalEndpoint;
        unused.Stop();
        var e = await Assert.ThrowsAnyAsync<SocketException>(() => TcpPortProbe.ConnectAsync(endpoint, CancellationToken.None));
        Assert.Equal("connection refused", NetworkFailure.Describe(e));
    }
}
