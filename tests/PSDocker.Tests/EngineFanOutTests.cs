using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Xunit;

namespace PSDocker.Tests;

public class EngineFanOutTests
{
    private static DockerEndpoint Engine(string address, string? context = null) =>
        new DockerEndpoint(new Uri(address), context is null ? "HostAddress" : "Context", context, null);

    private static (FanOut FanOut, EngineBranch[] Branches) Branches(int count)
    {
        var fanOut = new FanOut(count);
        EngineBranch[] branches = Enumerable.Range(0, count)
            .Select(i => new EngineBranch(Engine($"tcp://127.0.0.1:{2000 + i}"), fanOut, i)).ToArray();
        fanOut.Branches = branches;
        return (fanOut, branches);
    }

    [Fact]
    public void Several_NamesTheParameterGivenMoreThanOneValue()
    {
        Assert.Null(EngineList.Several(null, null));
        Assert.Null(EngineList.Several(new[] { "unix:///a.sock" }, null));
        Assert.Null(EngineList.Several(null, new[] { "prod" }));
        Assert.Equal("HostAddress", EngineList.Several(new[] { "unix:///a.sock", "tcp://h:2376" }, null));
        Assert.Equal("Context", EngineList.Several(null, new[] { "a", "b" }));
    }

    [Fact]
    public void Distinct_AsksEachEngineOnceInTheOrderFirstGiven()
    {
        DockerEndpoint a = Engine("unix:///var/run/docker.sock", "a");
        DockerEndpoint b = Engine("tcp://127.0.0.1:2376", "b");
        DockerEndpoint aAgain = Engine("unix:///var/run/docker.sock", "default");
        List<DockerEndpoint> engines = EngineList.Distinct(new[] { b, a, aAgain, b });
        Assert.Equal(new[] { b, a }, engines);
        Assert.Same(a, engines[1]);   // the first name given for it
    }

    [Fact]
    public void RefusalMessage_NamesTheCommandTheParameterAndEveryValue()
    {
        string message = EngineList.RefusalMessage("Remove-Container", "Context", new[] { "prod", "test" });
        Assert.Contains("Remove-Container", message);
        Assert.Contains("-Context was given 2", message);
        Assert.Contains("'prod', 'test'", message);
    }

    [Fact]
    public void RefusalMessage_HidesPasswordsInAddresses()
    {
        string message = EngineList.RefusalMessage("New-Container", "HostAddress", new[] { "tcp://user:secret@h:2376", "unix:///a.sock" });
        Assert.DoesNotContain("secret", message);
    }

    [Fact]
    public void Label_IsTheContextElseTheAddress()
    {
        Assert.Equal("prod", EngineList.Label(Engine("tcp://10.0.0.1:2376", "prod")));
        Assert.Equal("tcp://127.0.0.1:2376", EngineList.Label(Engine("tcp://127.0.0.1:2376")));
    }

    [Fact]
    public void ForEngine_TargetsTheEngineAndNamesItOnce()
    {
        DockerEndpoint engine = Engine("tcp://127.0.0.1:2376", "prod");
        var apiFailure = new ErrorRecord(new PSDockerException("the engine broke", "ContainerEngineError", ErrorCategory.InvalidResult, "web"),
            "ContainerEngineError", ErrorCategory.InvalidResult, "web");
        ErrorRecord record = EngineList.ForEngine(apiFailure, engine);
        Assert.Same(engine, record.TargetObject);
        Assert.Equal("ContainerEngineError", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, record.CategoryInfo.Category);
        Assert.Equal("Engine 'prod': the engine broke", record.ErrorDetails!.Message);

        var unreachable = new ErrorRecord(new PSDockerException("Cannot reach the Docker engine at 'tcp://127.0.0.1:2376'.", "EngineUnreachable",
            ErrorCategory.ConnectionError, engine), "EngineUnreachable", ErrorCategory.ConnectionError, engine);
        Assert.Null(EngineList.ForEngine(unreachable, engine).ErrorDetails);   // its message names the engine already
    }

    [Fact]
    public void Tag_PutsTheEnginesTypeNameFirstOnce_AndNamesTheEngine()
    {
        DockerEndpoint prod = Engine("tcp://10.0.0.5:2376", "prod");
        PSObject tagged = EngineList.Tag(new Uri("http://x"), prod);
        Assert.Equal("System.Uri#Engines", tagged.TypeNames[0]);
        Assert.Equal("System.Uri", tagged.TypeNames[1]);
        Assert.Same(tagged, EngineList.Tag(tagged, prod));
        Assert.Single(tagged.TypeNames, n => n == "System.Uri#Engines");
        Assert.Equal("prod", tagged.Properties["Engine"].Value);
        Assert.Equal("tcp://127.0.0.1:2376", EngineList.Tag(new Uri("http://y"), Engine("tcp://127.0.0.1:2376")).Properties["Engine"].Value);
    }

    [Fact]
    public void ForItemOnEngine_KeepsTheItemAndNamesTheEngineOnce()
    {
        DockerEndpoint prod = Engine("tcp://10.0.0.5:2376", "prod");
        var notFound = new ErrorRecord(new PSDockerException("No such service: web.", "SwarmServiceNotFound", ErrorCategory.ObjectNotFound, "web"),
            "SwarmServiceNotFound", ErrorCategory.ObjectNotFound, "web");
        ErrorRecord named = EngineList.ForItemOnEngine(notFound, prod);
        Assert.Equal("web", named.TargetObject);
        Assert.Equal("SwarmServiceNotFound", named.FullyQualifiedErrorId);
        Assert.Equal("Engine 'prod': No such service: web.", named.ErrorDetails.Message);
        Assert.Same(named, EngineList.ForItemOnEngine(named, prod));
    }

    [Fact]
    public void FanOut_WritesEngineByEngineInTheOrderGiven()
    {
        var (fanOut, b) = Branches(3);
        using var cancel = new CancellationTokenSource();
        var written = new List<string>();
        fanOut.Write(b[2], () => written.Add("c1"), cancel);
        fanOut.Write(b[0], () => written.Add("a1"), cancel);   // the first engine: at once
        Assert.Equal(new[] { "a1" }, written);
        fanOut.Write(b[1], () => written.Add("b1"), cancel);
        fanOut.Complete(b[2], cancel);                          // the last one ends first: it still waits its turn
        Assert.Equal(new[] { "a1" }, written);
        fanOut.Write(b[0], () => written.Add("a2"), cancel);
        fanOut.Complete(b[0], cancel);                          // b's kept writes go out; b now writes at once
        Assert.Equal(new[] { "a1", "a2", "b1" }, written);
        fanOut.Write(b[1], () => written.Add("b2"), cancel);
        Assert.Equal(new[] { "a1", "a2", "b1", "b2" }, written);
        fanOut.Complete(b[1], cancel);                          // and c, done already, writes what it kept
        Assert.Equal(new[] { "a1", "a2", "b1", "b2", "c1" }, written);
        Assert.Null(fanOut.Fatal);
        Assert.False(cancel.IsCancellationRequested);
    }

    [Fact]
    public void FanOut_AWriteThatFailsStopsTheCallAndCancelsTheOthers()
    {
        var (fanOut, b) = Branches(2);
        using var cancel = new CancellationTokenSource();
        var written = new List<string>();
        fanOut.Write(b[1], () => written.Add("b1"), cancel);
        var stopped = new PipelineStoppedException();
        fanOut.Write(b[0], () => throw stopped, cancel);
        Assert.Same(stopped, fanOut.Fatal);
        Assert.True(cancel.IsCancellationRequested);
        fanOut.Complete(b[0], cancel);
        fanOut.Write(b[1], () => written.Add("b2"), cancel);
        Assert.Empty(written);   // nothing more is written once the pipeline stopped
    }
}
