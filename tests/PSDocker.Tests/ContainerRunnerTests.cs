using System;
using System.Collections.Generic;
using System.Management.Automation;
using Docker.DotNet.Models;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

public class ContainerRunnerTests
{
    [Theory]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("busybox:1.36", "busybox", "1.36")]
    [InlineData("127.0.0.1:5000/psdocker/busybox", "127.0.0.1:5000/psdocker/busybox", "latest")]
    [InlineData("127.0.0.1:5000/psdocker/busybox:v2", "127.0.0.1:5000/psdocker/busybox", "v2")]
    [InlineData("localhost:5000/a/b", "localhost:5000/a/b", "latest")]
    [InlineData("busybox@sha256:abababababababababababababababababababababababababababababababab", "busybox", "sha256:abababababababababababababababababababababababababababababababab")]
    [InlineData("reg:5000/busybox:1.36@sha256:abababababababababababababababababababababababababababababababab", "reg:5000/busybox", "sha256:abababababababababababababababababababababababababababababababab")]
    public void Pull_reference_is_sent_as_docker_pull_sends_it(string reference, string name, string tag)
    {
        var parameters = ImageTransfer.PullParameters(Specs.ImageReference.Parse(reference, "Reference"), false, null);
        Assert.Equal((name, tag), (parameters.FromImage, parameters.Tag));
    }

    [Fact]
    public void Pull_of_all_tags_sends_no_tag()
    {
        var parameters = ImageTransfer.PullParameters(Specs.ImageReference.Parse("127.0.0.1:5000/app", "Reference"), true, "linux/amd64");
        Assert.Equal("127.0.0.1:5000/app", parameters.FromImage);
        Assert.Null(parameters.Tag);
        Assert.Equal("linux/amd64", parameters.Platform);
    }

    [Fact]
    public void Exited_error_carries_the_exit_code_under_its_error_id()
    {
        string id = new string('a', 64);
        ErrorRecord record = ErrorMapper.ToErrorRecord(new ContainerExitedException(id, "web", 3), "Container", "ignored");

        Assert.Equal("ContainerExitedWithError", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, record.CategoryInfo.Category);
        Assert.Equal(id, record.TargetObject);
        var exited = Assert.IsType<ContainerExitedException>(record.Exception);
        Assert.Equal(3, exited.ExitCode);
        Assert.Equal(id, exited.ContainerId);
        Assert.Equal("The container 'web' (aaaaaaaaaaaa) exited with code 3.", exited.Message);
    }

    [Theory]
    [InlineData(false, new[] { "start", "die:3" }, 3L)]
    [InlineData(true, new[] { "die:3", "destroy" }, 3L)]
    [InlineData(false, new[] { "die" }, 125L)]
    public async System.Threading.Tasks.Task Exit_watcher_takes_the_code_from_die_and_with_autoremove_waits_for_destroy(bool autoRemove, string[] events, long expected)
    {
        const string id = "c1";
        var watcher = new ContainerRunner.ExitWatcher(id, autoRemove);
        watcher.Report(new Message { Type = "container", Action = "die", Actor = new Actor { ID = "other", Attributes = new Dictionary<string, string> { ["exitCode"] = "9" } } });
        foreach (string e in events)
        {
            string[] parts = e.Split(':');
            var attributes = new Dictionary<string, string>();
            if (parts.Length > 1)
            {
                attributes["exitCode"] = parts[1];
            }

            if (autoRemove && parts[0] == "destroy")
            {
                Assert.False(watcher.Task.IsCompleted);
            }

            watcher.Report(new Message { Type = "container", Action = parts[0], Actor = new Actor { ID = id, Attributes = attributes } });
        }

        Assert.True(watcher.Task.IsCompleted);
        Assert.Equal(expected, await watcher.Task);
    }

    [Fact]
    public void A_stderr_line_becomes_a_ContainerStandardError_record_with_the_line_as_its_message()
    {
        ErrorRecord record = new OutputLine(OutputStreamKind.StandardError, "oops").ToErrorRecord("c1");

        Assert.Equal("ContainerStandardError", record.FullyQualifiedErrorId);
        Assert.Equal("oops", record.Exception.Message);
        Assert.IsType<RemoteException>(record.Exception);
        Assert.Equal("c1", record.TargetObject);
    }
}
