using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// The shared exec plumbing (<see cref="ContainerExec"/>) against the real engine of the test lab: create, start attached
/// with stdin, exit code, start detached, resize. One running container, named with PSDOCKER_TEST_PREFIX, removed after.
/// </summary>
[Collection("Engine")]
public sealed class ContainerExecEngineTests : IDisposable
{
    private static readonly string Prefix = Environment.GetEnvironmentVariable("PSDOCKER_TEST_PREFIX") is { Length: > 0 } p ? p : "psdt-";

    private static readonly DockerEndpoint Engine = new DockerEndpoint(
        DockerAddress.Parse(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } h ? h : "unix:///var/run/docker.sock"),
        "Default", null, null);

    private readonly string _name = $"{Prefix}xexec-{Guid.NewGuid():n}".Substring(0, Prefix.Length + 14);

    public ContainerExecEngineTests() =>
        Docker("run", "-d", "--name", _name, "psdocker/busybox:latest", "sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait");

    public void Dispose() => Docker("rm", "-f", _name);

    private static string Docker(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit(120_000);
        return output;
    }

    [Fact]
    public void An_attached_exec_takes_stdin_and_gives_its_lines_and_exit_code()
    {
        var exec = new ContainerExec(new DirectRequests(CancellationToken.None));
        var lines = new List<OutputLine>();
        long? exitCode = null;
        AsyncPump.Run(async () =>
        {
            string id = await exec.CreateAsync(_name, new ContainerExecCreateParameters
            {
                Cmd = new[] { "sh", "-c", "tr a-z A-Z; echo oops >&2; exit 3" },
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
            });
            MultiplexedStream stream = await exec.StartAttachedAsync(id);
            using var reader = new OutputLineReader(stream);
            byte[] input = Encoding.UTF8.GetBytes("hello\n");
            await stream.WriteAsync(input, 0, input.Length, CancellationToken.None);
            stream.CloseWrite();
            while (await reader.ReadLineAsync(CancellationToken.None) is OutputLine line)
            {
                lines.Add(line);
            }

            ContainerExecInspectResponse inspect = await exec.InspectEndedAsync(id, CancellationToken.None);
            Assert.False(inspect.Running);
            exitCode = inspect.ExitCode;
        });

        Assert.Equal(3, exitCode);
        Assert.Equal(new[] { "out: HELLO", "err: oops" }, lines.ConvertAll(l => l.ToString()));
        Assert.Equal(Engine.ToString(), exec.Endpoint!.ToString());
    }

    [Fact]
    public void A_detached_exec_runs_in_the_background()
    {
        var exec = new ContainerExec(new DirectRequests(CancellationToken.None));
        string? id = null;
        AsyncPump.Run(async () =>
        {
            id = await exec.CreateAsync(_name, new ContainerExecCreateParameters { Cmd = new[] { "sh", "-c", "sleep 1; touch /detached" } });
            await exec.StartDetachedAsync(id);
        });

        Assert.Matches("^[0-9a-f]{64}$", id);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !Docker("exec", _name, "ls", "/").Contains("detached"))
        {
            Thread.Sleep(200);
        }

        Assert.Contains("detached", Docker("exec", _name, "ls", "/"));
    }

    [Fact]
    public void A_tty_exec_can_be_resized()
    {
        var exec = new ContainerExec(new DirectRequests(CancellationToken.None));
        var lines = new List<string>();
        AsyncPump.Run(async () =>
        {
            string id = await exec.CreateAsync(_name, new ContainerExecCreateParameters
            {
                Cmd = new[] { "sh", "-c", "sleep 1; stty size" },
                TTY = true,
                AttachStdout = true,
                AttachStderr = true,
            });
            using var reader = new OutputLineReader(await exec.StartAttachedAsync(id, tty: true));
            await exec.ResizeAsync(id, 33, 101);
            while (await reader.ReadLineAsync(CancellationToken.None) is OutputLine line)
            {
                lines.Add(line.Text.TrimEnd('\r'));
            }
        });

        Assert.Equal(new[] { "33 101" }, lines);
    }

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
