using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using Xunit;

namespace PSDocker.Tests;

/// <summary>The verdicts and failure messages of the Pester operators Should -BeRunning, -BeHealthy and -HaveExitCode.</summary>
public class ContainerAssertionTests
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly DockerEndpoint Engine =
        new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

    private static Container Make(string state, string status, long exitCode = 0, Health? health = null, string error = "")
    {
        var listed = new ContainerListResponse
        {
            ID = Id,
            Names = new List<string> { "/web" },
            Image = "busybox",
            Command = "httpd -f",
            Created = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc),
            State = state,
            Status = status,
        };
        var inspect = new ContainerInspectResponse
        {
            ID = Id,
            State = new State { Status = state, ExitCode = exitCode, Error = error, Health = health },
            Config = new ContainerConfig(),
            HostConfig = new HostConfig(),
        };
        return ModelMapper.ToContainer(listed, Engine, inspect: inspect);
    }

    private static Health Unhealthy() => new Health
    {
        Status = "unhealthy",
        FailingStreak = 3,
        Log = new List<HealthcheckResult> { new HealthcheckResult { ExitCode = 1, Output = "wget: connection refused\n" } },
    };

    private static ContainerAssertionResult Check(string op, object actual, Container? current, object? log = null,
        bool negate = false, string? because = null, object? expected = null) =>
        ContainerAssertion.Evaluate(op, actual, ContainerAssertion.GetTarget(op, actual), current, log, negate, because, expected, null);

    [Fact]
    public void BeRunning_fails_for_an_exited_container_with_its_state_and_the_last_20_log_lines()
    {
        Container c = Make("exited", "Exited (3) 5 seconds ago", 3);
        string[] log = Enumerable.Range(1, 25).Select(i => "line" + i).ToArray();
        ContainerAssertionResult r = Check("BeRunning", c, c, log);
        Assert.False(r.Succeeded);
        string[] lines = r.FailureMessage!.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("Expected container 'web' (0123456789ab) to be running, but it is exited with code 3 (Exited (3) 5 seconds ago).", lines[0]);
        Assert.Equal("State: exited; Status: Exited (3) 5 seconds ago; ExitCode: 3", lines[1]);
        Assert.Equal("Last 20 log lines:", lines[2]);
        Assert.Equal(new[] { "    line6", "    line25" }, new[] { lines[3], lines[lines.Length - 1] });
        Assert.Equal(23, lines.Length);
        Assert.True(Check("BeRunning", c, c, log, negate: true).Succeeded);
    }

    [Fact]
    public void Not_BeRunning_fails_for_a_running_container_and_because_is_worded_as_Pester_words_it()
    {
        Container c = Make("running", "Up 2 minutes");
        Assert.True(Check("BeRunning", c, c).Succeeded);
        ContainerAssertionResult r = Check("BeRunning", "web", c, null, negate: true, because: "because it was stopped");
        Assert.StartsWith("Expected container 'web' (0123456789ab) to not be running, because it was stopped, but it is running (Up 2 minutes).", r.FailureMessage);
        Assert.EndsWith("No log lines.", r.FailureMessage);
    }

    [Fact]
    public void BeHealthy_shows_the_health_its_failing_streak_and_the_last_probe()
    {
        Container c = Make("running", "Up 1 minute (unhealthy)", health: Unhealthy());
        ContainerAssertionResult r = Check("BeHealthy", c, c, new[] { "serving" });
        Assert.False(r.Succeeded);
        Assert.StartsWith("Expected container 'web' (0123456789ab) to be healthy, but its health is unhealthy (failing streak 3).", r.FailureMessage);
        Assert.Contains("; Health: unhealthy; FailingStreak: 3", r.FailureMessage);
        Assert.Contains("Last health probe: exit code 1: wget: connection refused", r.FailureMessage);
        Assert.True(Check("BeHealthy", c, c, negate: true).Succeeded);
        Assert.Contains("it has no health check", Check("BeHealthy", c, Make("running", "Up 1 minute")).FailureMessage);
    }

    [Fact]
    public void HaveExitCode_judges_an_ExecResult_by_its_code_and_shows_its_error_and_output_tails()
    {
        var exec = new ExecResult(4, new[] { "out" }, Enumerable.Range(1, 22).Select(i => "err" + i).ToArray(), TimeSpan.Zero,
            "web", Id, "exec1", new[] { "sh", "-c", "exit 4" }, Engine);
        Assert.True(Check("HaveExitCode", exec, null, expected: 4).Succeeded);
        Assert.True(Check("HaveExitCode", exec, null, negate: true, expected: 0).Succeeded);
        ContainerAssertionResult r = Check("HaveExitCode", exec, null, expected: "0");
        Assert.StartsWith("Expected the command 'sh -c exit 4' in container 'web' to exit with code 0, but it exited with code 4.", r.FailureMessage);
        Assert.Contains("Last 20 standard error lines:", r.FailureMessage);
        Assert.DoesNotContain("err2\n", r.FailureMessage);
        Assert.Contains("Last 1 standard output line:", r.FailureMessage);
        Assert.Null(ContainerAssertion.GetTarget("HaveExitCode", exec));
    }

    [Fact]
    public void HaveExitCode_on_a_container_needs_it_exited_and_an_expected_code()
    {
        Container exited = Make("exited", "Exited (0) 1 second ago", 0);
        Assert.True(Check("HaveExitCode", exited, exited, expected: 0).Succeeded);
        Assert.Contains("but it exited with code 0.", Check("HaveExitCode", exited, exited, negate: true, expected: 0).FailureMessage);
        Container running = Make("running", "Up 1 second");
        Assert.Contains("but it has not exited: it is running", Check("HaveExitCode", running, running, negate: true, expected: 0).FailureMessage);
        Assert.Throws<ArgumentException>(() => Check("HaveExitCode", exited, exited));
    }

    [Fact]
    public void A_missing_container_or_a_value_of_another_kind_fails_both_forms_and_wildcards_are_refused()
    {
        ContainerAssertionTarget? t = ContainerAssertion.GetTarget("BeRunning", "db");
        Assert.Equal("db", t!.Name);
        Assert.Null(t.Endpoint);
        ContainerAssertionResult missing = ContainerAssertion.Evaluate("BeRunning", "db", t, null, null, true, null, null, "No container named 'db'.");
        Assert.False(missing.Succeeded);
        Assert.Equal("Expected container 'db' to not be running, but it was not found: No container named 'db'." + Environment.NewLine +
            "A container that does not exist fails -Not too; to assert that it is gone: Get-Container 'db' -ErrorAction Ignore | Should -BeNullOrEmpty",
            missing.FailureMessage);
        Assert.Equal("Expected container 'db' to be running, but it was not found.",
            ContainerAssertion.Evaluate("BeRunning", "db", t, null, null, false, null, null, null).FailureMessage);
        Assert.Null(ContainerAssertion.GetTarget("BeRunning", 42));
        Assert.Equal("Expected a Container, or a container name or id to be running, but got an Int32 (42).", Check("BeRunning", 42, null).FailureMessage);
        Assert.EndsWith("but got a Hashtable (System.Collections.Hashtable).", Check("BeRunning", new System.Collections.Hashtable(), null).FailureMessage);
        Assert.Throws<ArgumentException>(() => ContainerAssertion.GetTarget("BeRunning", "web*"));
        Container c = Make("running", "Up");
        Assert.Same(Engine, ContainerAssertion.GetTarget("BeHealthy", c)!.Endpoint);
    }

    [Fact]
    public void The_state_line_shows_an_exit_code_only_for_a_stopped_or_restarting_container_and_a_silent_probe_as_no_output()
    {
        Container paused = Make("paused", "Up 3 seconds (Paused)");
        string pausedLine = Check("BeRunning", paused, paused).FailureMessage!.Split('\n')[1].TrimEnd('\r');
        Assert.Equal("State: paused; Status: Up 3 seconds (Paused)", pausedLine);
        Container restarting = Make("restarting", "Restarting (1) 2 seconds ago", 1);
        Assert.Contains("State: restarting; Status: Restarting (1) 2 seconds ago; ExitCode: 1", Check("BeRunning", restarting, restarting).FailureMessage);

        var quiet = new Health { Status = "healthy", Log = new List<HealthcheckResult> { new HealthcheckResult { ExitCode = 0, Output = "" } } };
        Container healthy = Make("running", "Up 1 minute (healthy)", health: quiet);
        ContainerAssertionResult r = Check("BeHealthy", healthy, healthy, negate: true);
        Assert.Contains(Environment.NewLine + "Last health probe: exit code 0, no output" + Environment.NewLine, r.FailureMessage);
    }

    [Fact]
    public void A_runspace_leaves_the_registration_of_the_operators_when_it_closes()
    {
        System.Management.Automation.Runspaces.Runspace? saved = System.Management.Automation.Runspaces.Runspace.DefaultRunspace;
        using var rs = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(System.Management.Automation.Runspaces.InitialSessionState.Create());
        rs.Open();
        try
        {
            System.Management.Automation.Runspaces.Runspace.DefaultRunspace = rs;
            ShouldOperatorRegistration.Track(System.Management.Automation.ScriptBlock.Create("$null"), null);
            Assert.True(ShouldOperatorRegistration.IsTracked(rs.InstanceId));
        }
        finally
        {
            System.Management.Automation.Runspaces.Runspace.DefaultRunspace = saved;
        }

        rs.Close();
        Assert.False(ShouldOperatorRegistration.IsTracked(rs.InstanceId));
    }
}
