using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// The foreground run end to end against the real engine of the test lab (tools/lab.sh): the runner is driven
/// through AsyncPump as DockerCmdlet.Run drives it, with a connection of its own instead of a cmdlet's.
/// Containers are named with PSDOCKER_TEST_PREFIX (psdt- by default) and removed with `docker rm -f`.
/// </summary>
[Collection("Engine")]
public sealed class ContainerRunnerEngineTests : IDisposable
{
    private const string Image = "psdocker/busybox:latest";
    private const string Registry = "127.0.0.1:5000/psdocker/busybox";

    private static readonly string Prefix = Environment.GetEnvironmentVariable("PSDOCKER_TEST_PREFIX") is { Length: > 0 } p ? p : "psdt-";

    private static readonly DockerEndpoint Engine = new DockerEndpoint(
        DockerAddress.Parse(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } h ? h : "unix:///var/run/docker.sock"),
        "Default", null, null);

    private readonly List<string> _names = new List<string>();

    public void Dispose()
    {
        foreach (string name in _names)
        {
            Docker("rm", "-f", name);
        }
    }

    private string NewName(string suffix)
    {
        string name = $"{Prefix}run-{suffix}-{Guid.NewGuid():n}".Substring(0, Prefix.Length + 5 + suffix.Length + 9);
        _names.Add(name);
        return name;
    }

    private static CreateContainerParameters Create(string name, string image, params string[] command) => new CreateContainerParameters
    {
        Name = name,
        Image = image,
        Cmd = command,
        HostConfig = new HostConfig(),
    };

    /// <summary>Runs the runner on this thread's pump, as DockerCmdlet.Run does; output lines are recorded with the thread they came on.</summary>
    private static (ContainerRunResult? Result, Exception? Error, List<(OutputLine Line, int Thread)> Lines, List<string> Verbose) Run(
        CreateContainerParameters parameters, CancellationTokenSource? cancel = null, Action<OutputLine>? onLine = null)
    {
        cancel ??= new CancellationTokenSource();
        var lines = new List<(OutputLine, int)>();
        var verbose = new List<string>();
        string? createdId = null;
        ContainerRunResult? result = null;
        Exception? error = null;
        var runner = new ContainerRunner(new DirectRequests(cancel.Token), cancel.Token, verbose.Add, verbose.Add);
        try
        {
            AsyncPump.Run(async () =>
            {
                result = await runner.RunAsync(parameters, line =>
                {
                    lines.Add((line, Environment.CurrentManagedThreadId));
                    Assert.NotNull(createdId);
                    onLine?.Invoke(line);
                }, id => createdId = id);
            });
        }
        catch (Exception e)
        {
            error = ErrorMapper.Unwrap(e);
        }

        if (result is not null)
        {
            Assert.Equal(createdId, result.Id);
        }

        if (error is ContainerExitedException exited)
        {
            Assert.Equal(createdId, exited.ContainerId);
        }

        return (result, error, lines, verbose);
    }

    private static string Docker(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();

        // A guard, not a timing: a docker command that hangs (a wait for an exit that never comes) fails the test.
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"docker {string.Join(' ', args)} did not end.");
        }

        process.WaitForExit();
        _ = errors.Result;
        return output.Result.Trim();
    }

    private static string ContainersNamed(string name) => Docker("ps", "-aq", "--filter", $"name=^/{name}$");

    [Fact]
    public void Lines_arrive_in_order_on_the_pipeline_thread_while_the_container_still_runs()
    {
        string name = NewName("order");
        var runningAtFirstLine = new List<string>();
        int pumpThread = Environment.CurrentManagedThreadId;

        var run = Run(Create(name, Image, "sh", "-c", "echo one; sleep 2; echo two; echo three"), onLine: line =>
        {
            if (runningAtFirstLine.Count == 0)
            {
                runningAtFirstLine.Add(Docker("inspect", "-f", "{{.State.Running}}", name));
            }
        });

        Assert.Null(run.Error);
        Assert.Equal(new[] { "one", "two", "three" }, run.Lines.Select(l => l.Line.Text));
        Assert.All(run.Lines, l => Assert.Equal(OutputStreamKind.StandardOutput, l.Line.Stream));
        Assert.All(run.Lines, l => Assert.Equal(pumpThread, l.Thread));
        Assert.Equal(new[] { "true" }, runningAtFirstLine);
        Assert.Equal(0, run.Result!.ExitCode);
        Assert.Equal(name, run.Result.Name);
        Assert.Equal("false 0", Docker("inspect", "-f", "{{.State.Running}} {{.State.ExitCode}}", name));
    }

    [Fact]
    public void Stderr_lines_are_kept_apart_and_early_output_is_not_lost()
    {
        string name = NewName("stderr");

        // The first line is printed the instant the process starts: attach before start keeps it.
        var run = Run(Create(name, Image, "sh", "-c", "echo out1; echo err1 >&2; echo out2; printf 'err2' >&2"));

        Assert.Null(run.Error);
        Assert.Equal(new[] { "out1", "out2" }, run.Lines.Where(l => l.Line.Stream == OutputStreamKind.StandardOutput).Select(l => l.Line.Text));
        Assert.Equal(new[] { "err1", "err2" }, run.Lines.Where(l => l.Line.Stream == OutputStreamKind.StandardError).Select(l => l.Line.Text));
    }

    [Fact]
    public void A_tty_container_gives_its_lines_as_stdout_without_carriage_returns()
    {
        string name = NewName("tty");
        CreateContainerParameters parameters = Create(name, Image, "sh", "-c", "echo one; echo two >&2");
        parameters.Tty = true;

        var run = Run(parameters);

        Assert.Null(run.Error);
        Assert.Equal(new[] { "out: one", "out: two" }, run.Lines.Select(l => l.Line.ToString()));
    }

    [Fact]
    public void Exit_code_3_surfaces_as_ContainerExitedWithError_after_the_output()
    {
        string name = NewName("exit3");

        var run = Run(Create(name, Image, "sh", "-c", "echo one; echo two; exit 3"));

        Assert.Equal(new[] { "one", "two" }, run.Lines.Select(l => l.Line.Text));
        var exited = Assert.IsType<ContainerExitedException>(run.Error);
        Assert.Equal(3, exited.ExitCode);
        Assert.Equal(name, exited.ContainerName);
        Assert.Equal(Docker("inspect", "-f", "{{.Id}}", name), exited.ContainerId);
        Assert.Equal("ContainerExitedWithError", ErrorMapper.ToErrorRecord(exited, "Container", null).FullyQualifiedErrorId);
        // Cross-check: the engine and the docker CLI agree on the code.
        Assert.Equal("3", Docker("inspect", "-f", "{{.State.ExitCode}}", name));
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("echo bye; exit 3", 3)]
    public void AutoRemove_leaves_nothing_and_keeps_the_exit_code(string script, long code)
    {
        string name = NewName("rm");
        CreateContainerParameters parameters = Create(name, Image, "sh", "-c", script);
        parameters.HostConfig!.AutoRemove = true;

        var run = Run(parameters);

        long got = run.Error is ContainerExitedException e ? e.ExitCode : run.Result?.ExitCode ?? -1;
        Assert.True(run.Error is null || run.Error is ContainerExitedException, run.Error?.ToString());
        Assert.Equal(code, got);
        // The run ends only once the engine has removed it, as docker run --rm does.
        Assert.Equal("", ContainersNamed(name));
    }

    [Fact]
    public void A_missing_image_is_pulled_from_the_registry_then_run()
    {
        // A tag of this run's own (one per prefix, pushed again each time) in the loopback registry, removed
        // locally, so the images other runs use are untouched.
        string tag = $"{Prefix}pull";
        string reference = $"{Registry}:{tag}";
        Docker("tag", Image, reference);
        Assert.Contains("digest:", Docker("push", reference));
        Docker("rmi", reference);
        Assert.Equal("", Docker("images", "-q", reference));
        try
        {
            string name = NewName("pull");
            var run = Run(Create(name, reference, "echo", "pulled"));

            Assert.Null(run.Error);
            Assert.Equal(new[] { "pulled" }, run.Lines.Select(l => l.Line.Text));
            Assert.Contains(run.Verbose, v => v.Contains("Unable to find image '" + reference + "' locally"));
            Assert.NotEqual("", Docker("images", "-q", reference));
        }
        finally
        {
            Docker("rmi", reference);
        }
    }

    [Fact]
    public void An_image_the_registry_does_not_have_fails_with_ImageNotFound_and_creates_nothing()
    {
        string name = NewName("nopull");
        string reference = $"{Registry}:{Prefix}no-such-tag";

        var run = Run(Create(name, reference, "true"));

        var error = Assert.IsType<PSDockerException>(run.Error);
        Assert.Equal("ImageNotFound", error.ErrorId);
        Assert.Contains(reference, error.Message);
        Assert.Empty(run.Lines);
        Assert.Equal("", ContainersNamed(name));
    }

    [Fact]
    public void A_malformed_image_name_is_refused_by_the_engine_and_creates_nothing()
    {
        string name = NewName("badref");

        var run = Run(Create(name, "Bad Image Name!", "true"));

        var api = Assert.IsAssignableFrom<DockerApiException>(run.Error);
        ErrorRecord record = ErrorMapper.ToErrorRecord(api, "Container", null);
        Assert.Equal("ContainerInvalidRequest", record.FullyQualifiedErrorId);
        Assert.Contains("invalid reference format", record.Exception.Message);
        Assert.Equal("", ContainersNamed(name));
    }

    [Theory]
    [InlineData(false, "created")]
    [InlineData(true, "")]
    public void A_failed_start_leaves_what_docker_run_leaves(bool autoRemove, string expectedState)
    {
        string name = NewName("nostart");
        string cliName = NewName("nostartcli");
        CreateContainerParameters parameters = Create(name, Image, "no-such-command");
        parameters.HostConfig!.AutoRemove = autoRemove;

        var run = Run(parameters);

        var error = Assert.IsType<PSDockerException>(run.Error);
        Assert.Equal("ContainerStartFailed", error.ErrorId);
        Assert.Contains("no-such-command", error.Message);
        Assert.Equal(expectedState, Docker("ps", "-a", "--filter", $"name=^/{name}$", "--format", "{{.State}}"));

        // docker run leaves the same: a created container, or with --rm nothing.
        var cli = new List<string> { "run", "--name", cliName };
        if (autoRemove)
        {
            cli.Add("--rm");
        }

        cli.AddRange(new[] { Image, "no-such-command" });
        Docker(cli.ToArray());
        Assert.Equal(expectedState, Docker("ps", "-a", "--filter", $"name=^/{cliName}$", "--format", "{{.State}}"));
    }

    [Fact]
    public void Cancel_returns_within_a_second_and_leaves_the_container_running()
    {
        string name = NewName("cancel");
        using var cancel = new CancellationTokenSource();
        var watch = new Stopwatch();

        // Ctrl+C comes from another thread (StopProcessing) while the runner waits for the next line.
        var run = Run(Create(name, Image, "sh", "-c", "echo ready; sleep 60"), cancel, line =>
            Task.Run(async () =>
            {
                await Task.Delay(300);
                watch.Start();
                cancel.Cancel();
            }));
        watch.Stop();

        Assert.IsAssignableFrom<OperationCanceledException>(run.Error);
        Assert.Equal(new[] { "ready" }, run.Lines.Select(l => l.Line.Text));
        Assert.True(watch.IsRunning == false && watch.Elapsed > TimeSpan.Zero, "the run ended before the cancel");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        // As docker run leaves it when forced out: still running.
        Assert.Equal("true", Docker("inspect", "-f", "{{.State.Running}}", name));
    }

    [Fact]
    public void Cancel_forwards_SIGINT_as_docker_run_does()
    {
        const string script = "trap 'echo got INT; exit 130' INT; echo ready; while :; do sleep 0.1; done";
        string name = NewName("sigint");
        using var cancel = new CancellationTokenSource();

        var run = Run(Create(name, Image, "sh", "-c", script), cancel, line => cancel.Cancel());

        Assert.IsAssignableFrom<OperationCanceledException>(run.Error);
        Assert.Equal("130", Docker("wait", name));
        Assert.Equal("got INT", Docker("logs", name).Split('\n').Last());

        // docker run, interrupted the same way (SIGINT to the CLI), forwards it too.
        string cliName = NewName("sigintcli");
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "run", "--name", cliName, Image, "sh", "-c", script })
        {
            start.ArgumentList.Add(a);
        }

        using Process cli = Process.Start(start)!;
        Assert.Equal("ready", cli.StandardOutput.ReadLine());
        using (Process kill = Process.Start("kill", new[] { "-INT", cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })!)
        {
            kill.WaitForExit();
        }

        cli.WaitForExit();
        Assert.Equal(130, cli.ExitCode);
        Assert.Equal("130", Docker("wait", cliName));
    }

    /// <summary>Requests on a connection of the test's own: the seam a cmdlet fills with CmdletEngineRequests.</summary>
    private sealed class DirectRequests : IEngineRequests
    {
        private readonly CancellationToken _cancel;

        internal DirectRequests(CancellationToken cancel) => _cancel = cancel;

        public async Task<T> RequestAsync<T>(Func<EngineConnection, CancellationToken, Task<T>> request, RequestLimit limit)
        {
            EngineConnection engine = await EngineClientCache.GetAsync(Engine, null, _cancel);
            return await EngineClientCache.WaitAsync(request(engine, _cancel), _cancel);
        }
    }
}
