using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using Xunit;

namespace PSDocker.Tests;

/// <summary>The mapping of docker inspect's answer (ContainerInspectResponse) to the typed Container properties.</summary>
public class ContainerInspectMappingTests
{
    private const string Id = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b";

    private static readonly DockerEndpoint Engine =
        new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

    private static ContainerListResponse Listed() => new ContainerListResponse
    {
        ID = Id,
        Names = new List<string> { "/web" },
        Image = "busybox",
        Command = "/bin/entry.sh httpd -f",
        Created = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc),
        State = "exited",
        Status = "Exited (3) 2 minutes ago",
    };

    private static ContainerInspectResponse Inspected() => new ContainerInspectResponse
    {
        ID = Id,
        Path = "/bin/entry.sh",
        Args = new List<string> { "httpd", "-f" },
        RestartCount = 2,
        Platform = "linux",
        State = new State
        {
            Status = "exited",
            ExitCode = 3,
            OOMKilled = false,
            Pid = 0,
            Error = "",
            StartedAt = "2024-05-01T12:00:01.123456789Z",
            FinishedAt = "2024-05-01T12:00:05.5Z",
            Health = new Health
            {
                Status = "unhealthy",
                FailingStreak = 4,
                Log = new List<HealthcheckResult>
                {
                    new HealthcheckResult { Start = new DateTime(2024, 5, 1, 12, 0, 2, DateTimeKind.Utc), End = new DateTime(2024, 5, 1, 12, 0, 3, DateTimeKind.Utc), ExitCode = 0, Output = "ok\n" },
                    new HealthcheckResult { Start = new DateTime(2024, 5, 1, 12, 0, 4, DateTimeKind.Utc), End = new DateTime(2024, 5, 1, 12, 0, 4, DateTimeKind.Utc), ExitCode = 1, Output = "wget: connection refused\n" },
                },
            },
        },
        Config = new ContainerConfig
        {
            Hostname = "web-host",
            Domainname = "example.test",
            User = "1000:1000",
            Env = new List<string> { "MODE=test", "TOKEN=s3cr3t", "PATH=/bin" },
            Entrypoint = new List<string> { "/bin/entry.sh" },
            Cmd = new List<string> { "httpd", "-f" },
            WorkingDir = "/srv",
            Tty = true,
            OpenStdin = true,
            StopSignal = "SIGINT",
            StopTimeout = TimeSpan.FromSeconds(7),
        },
        HostConfig = new HostConfig
        {
            RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.OnFailure, MaximumRetryCount = 5 },
            Memory = 536870912,
            MemoryReservation = 268435456,
            MemorySwap = -1,
            NanoCPUs = 1500000000,
            CPUShares = 512,
            Privileged = true,
            ReadonlyRootfs = true,
            AutoRemove = true,
            PublishAllPorts = true,
            Isolation = "process",
            CapAdd = new List<string> { "NET_ADMIN" },
            CapDrop = new List<string> { "MKNOD", "CHOWN" },
        },
    };

    [Fact]
    public void A_listed_container_is_not_inspected_and_has_no_inspect_values()
    {
        Container c = ModelMapper.ToContainer(Listed(), Engine);

        Assert.False(c.IsInspected);
        Assert.Null(c.ExitCode);
        Assert.Null(c.StartedAt);
        Assert.Null(c.FinishedAt);
        Assert.Null(c.RestartCount);
        Assert.Null(c.OOMKilled);
        Assert.Null(c.Pid);
        Assert.Null(c.Environment);
        Assert.Null(c.Entrypoint);
        Assert.Null(c.Cmd);
        Assert.Null(c.CommandLine);
        Assert.Null(c.WorkingDirectory);
        Assert.Null(c.User);
        Assert.Null(c.Hostname);
        Assert.Null(c.RestartPolicy);
        Assert.Null(c.Memory);
        Assert.Null(c.NanoCpus);
        Assert.Null(c.Cpus);
        Assert.Null(c.Privileged);
        Assert.Null(c.ReadOnly);
        Assert.Null(c.AutoRemove);
        Assert.Null(c.Isolation);
        Assert.Null(c.HealthState);
        Assert.Equal("/bin/entry.sh httpd -f", c.Command);
    }

    [Fact]
    public void State_fields_are_mapped()
    {
        Container c = ModelMapper.ToContainer(Listed(), Engine, inspect: Inspected());

        Assert.True(c.IsInspected);
        Assert.Equal(3, c.ExitCode);
        Assert.Equal(2, c.RestartCount);
        Assert.False(c.OOMKilled);
        Assert.Equal(0, c.Pid);
        Assert.Equal("", c.Error);
        Assert.Equal("linux", c.Platform);
    }

    [Fact]
    public void Start_and_finish_times_are_local_like_Created_and_keep_sub_second_precision()
    {
        Container c = ModelMapper.ToContainer(Listed(), Engine, inspect: Inspected());

        Assert.Equal(DateTimeKind.Local, c.Created.Kind);
        Assert.Equal(DateTimeKind.Local, c.StartedAt!.Value.Kind);
        Assert.Equal(new DateTime(2024, 5, 1, 12, 0, 1, DateTimeKind.Utc).AddTicks(1234567), c.StartedAt.Value.ToUniversalTime());
        Assert.Equal(new DateTime(2024, 5, 1, 12, 0, 5, 500, DateTimeKind.Utc), c.FinishedAt!.Value.ToUniversalTime());
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("not a time")]
    public void A_time_docker_reports_as_never_is_null(string? text)
    {
        Assert.Null(ModelMapper.ParseTimestamp(text));
    }

    [Theory]
    [InlineData("2024-05-01T12:00:01Z", 0)]
    [InlineData("2024-05-01T12:00:01.5Z", 5000000)]
    [InlineData("2024-05-01T12:00:01.123456789Z", 1234567)]
    [InlineData("2024-05-01T14:00:01.123456789+02:00", 1234567)]
    public void Engine_timestamps_parse_with_up_to_nine_fractional_digits(string text, long ticks)
    {
        DateTime? parsed = ModelMapper.ParseTimestamp(text);

        Assert.Equal(new DateTime(2024, 5, 1, 12, 0, 1, DateTimeKind.Utc).AddTicks(ticks), parsed!.Value.ToUniversalTime());
    }

    [Fact]
    public void Entrypoint_command_and_the_started_command_line_are_arrays()
    {
        Container c = ModelMapper.ToContainer(Listed(), Engine, inspect: Inspected());

        Assert.Equal(new[] { "/bin/entry.sh" }, c.Entrypoint);
        Assert.Equal(new[] { "httpd", "-f" }, c.Cmd);
        Assert.Equal(new[] { "/bin/entry.sh", "httpd", "-f" }, c.CommandLine);
        Assert.Equal("/bin/entry.sh httpd -f", c.Command);   // docker ps's string stays as it was
    }

    [Fact]
    public void Config_fields_are_mapped()
    {
        Container c = ModelMapper.ToContainer(Listed(), Engine, inspect: Inspected());

        Assert.Equal(new[] { "MODE=test", "TOKEN=s3cr3t", "PATH=/bin" }, c.Environment);
        Assert.Equal("/srv", c.WorkingDirectory);
        Assert.Equal("1000:1000", c.User);
        Assert.Equal("web-host", c.Hostname);
        Assert.Equal("example.test", c.Domainname);
        Assert.True(c.Tty);
        Assert.True(c.Interactive);
        Assert.Equal("SIGINT", c.StopSignal);
        Assert.Equal(7, c.StopTimeout);
    }

    [Fact]
    public void Host_config_fields_are_mapped()
    {
        Container c = ModelMapper.ToContainer(Listed(), Engine, inspect: Inspected());

        Assert.Equal("on-failure", c.RestartPolicy!.Name);
        Assert.Equal(5, c.RestartPolicy.MaximumRetryCount);
        Assert.Equal("on-failure:5", c.RestartPolicy.ToString());
        Assert.Equal(536870912, c.Memory);
        Assert.Equal(268435456, c.MemoryReservation);
        Assert.Equal(-1, c.MemorySwap);
        Assert.Equal(1500000000, c.NanoCpus);
        Assert.Equal(1.5m, c.Cpus);
        Assert.Equal(512, c.CpuShares);
        Assert.True(c.Privileged);
        Assert.True(c.ReadOnly);
        Assert.True(c.AutoRemove);
        Assert.True(c.PublishAll);
        Assert.Equal("process", c.Isolation);
        Assert.Equal(new[] { "NET_ADMIN" }, c.CapAdd);
        Assert.Equal(new[] { "MKNOD", "CHOWN" }, c.CapDrop);
    }

    [Fact]
    public void Health_has_status_failing_streak_and_the_last_probe()
    {
        Container c = ModelMapper.ToContainer(Listed(), Engine, inspect: Inspected());

        ContainerHealth h = c.HealthState!;
        Assert.Equal("unhealthy", h.Status);
        Assert.Equal(4, h.FailingStreak);
        Assert.Equal(2, h.Log.Count);
        Assert.Equal("wget: connection refused\n", h.LastOutput);
        Assert.Equal(1, h.LastExitCode);
        Assert.Equal(new DateTime(2024, 5, 1, 12, 0, 4, DateTimeKind.Utc), h.LastProbe!.Start!.Value.ToUniversalTime());
        Assert.Equal(DateTimeKind.Local, h.LastProbe.End!.Value.Kind);
        Assert.Equal("unhealthy (failing streak 4)", h.ToString());
    }

    [Fact]
    public void A_health_check_that_has_not_run_yet_has_no_last_probe()
    {
        ContainerInspectResponse i = Inspected();
        i.State!.Health = new Health { Status = "starting", FailingStreak = 0, Log = null! };

        ContainerHealth h = ModelMapper.ToContainer(Listed(), Engine, inspect: i).HealthState!;

        Assert.Equal("starting", h.Status);
        Assert.Empty(h.Log);
        Assert.Null(h.LastProbe);
        Assert.Null(h.LastOutput);
        Assert.Null(h.LastExitCode);
    }

    [Fact]
    public void A_container_without_a_health_check_has_no_health_state()
    {
        ContainerInspectResponse i = Inspected();
        i.State!.Health = null!;
        Assert.Null(ModelMapper.ToContainer(Listed(), Engine, inspect: i).HealthState);

        i.State.Health = new Health { Status = "none" };
        Assert.Null(ModelMapper.ToContainer(Listed(), Engine, inspect: i).HealthState);
    }

    [Fact]
    public void Missing_lists_and_texts_are_empty_so_null_only_means_not_inspected()
    {
        var i = new ContainerInspectResponse
        {
            ID = Id,
            State = new State { StartedAt = "0001-01-01T00:00:00Z", FinishedAt = "0001-01-01T00:00:00Z" },
            Config = new ContainerConfig(),
            HostConfig = new HostConfig(),
        };

        Container c = ModelMapper.ToContainer(Listed(), Engine, inspect: i);

        Assert.True(c.IsInspected);
        Assert.Empty(c.Environment!);
        Assert.Empty(c.Entrypoint!);
        Assert.Empty(c.Cmd!);
        Assert.Empty(c.CommandLine!);
        Assert.Empty(c.CapAdd!);
        Assert.Equal("", c.WorkingDirectory);
        Assert.Equal("", c.User);
        Assert.Equal("", c.Isolation);
        Assert.Null(c.StartedAt);
        Assert.Null(c.FinishedAt);
        Assert.Null(c.StopTimeout);
        Assert.Equal(0m, c.Cpus);
        Assert.Equal("no", c.RestartPolicy!.Name);
    }

    [Theory]
    [InlineData(RestartPolicyKind.Undefined, 0, "no")]
    [InlineData(RestartPolicyKind.No, 0, "no")]
    [InlineData(RestartPolicyKind.Always, 0, "always")]
    [InlineData(RestartPolicyKind.UnlessStopped, 0, "unless-stopped")]
    [InlineData(RestartPolicyKind.OnFailure, 0, "on-failure")]
    [InlineData(RestartPolicyKind.OnFailure, 3, "on-failure:3")]
    public void Restart_policies_read_as_docker_run_restart_takes_them(RestartPolicyKind kind, long retries, string text)
    {
        Assert.Equal(text, ModelMapper.ToRestartPolicy(new RestartPolicy { Name = kind, MaximumRetryCount = retries }).ToString());
    }

    [Fact]
    public void Inspected_sizes_follow_the_listing()
    {
        ContainerListResponse listed = Listed();
        listed.SizeRw = 10;
        listed.SizeRootFs = 20;

        Container c = ModelMapper.ToContainer(listed, Engine, withSize: true, inspect: Inspected());

        Assert.Equal(10, c.SizeRw);
        Assert.True(c.IsInspected);
    }
}
