using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

public class DockerEventMappingTests
{
    private static readonly DockerEndpoint Engine = new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

    private static Message ContainerDie() => new Message
    {
        Type = "container",
        Action = "die",
        Actor = new Actor
        {
            ID = "3f2a9d2c1b0e3f2a9d2c1b0e3f2a9d2c1b0e3f2a9d2c1b0e3f2a9d2c1b0e1234",
            Attributes = new Dictionary<string, string> { ["name"] = "web", ["exitCode"] = "3", ["image"] = "busybox" },
        },
        Scope = "local",
        Time = 1714557600,
        TimeNano = 1714557600123456789,
    };

    [Fact]
    public void MapsTheEventWithItsNanosecondsAndEngine()
    {
        DockerEvent e = ModelMapper.ToEvent(ContainerDie(), Engine);
        Assert.Equal("container", e.Type);
        Assert.Equal("die", e.Action);
        Assert.Equal("web", e.Name);
        Assert.Equal("3", e.Attributes["exitCode"]);
        Assert.Equal("local", e.Scope);
        Assert.Same(Engine, e.Endpoint);
        Assert.Equal(1714557600123456789, e.TimeNano);
        Assert.Equal(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234567), e.Time);
        Assert.Equal(DateTimeKind.Utc, e.Time.Kind);
        Assert.Equal("2024-05-01T10:00:00.123456789Z", e.TimeText);
    }

    [Fact]
    public void PrintsTheLineDockerEventsPrints()
    {
        DockerEvent e = ModelMapper.ToEvent(ContainerDie(), Engine);
        Assert.Equal("2024-05-01T10:00:00.123456789Z container die 3f2a9d2c1b0e3f2a9d2c1b0e3f2a9d2c1b0e3f2a9d2c1b0e3f2a9d2c1b0e1234 " +
            "(exitCode=3, image=busybox, name=web)", e.ToString());
    }

    [Fact]
    public void KeepsItsOwnReadOnlyCopyOfTheAttributes()
    {
        Message message = ContainerDie();
        DockerEvent e = ModelMapper.ToEvent(message, Engine);
        message.Actor.Attributes["name"] = "changed";
        Assert.Equal("web", e.Name);
        Assert.False(e.Attributes is IDictionary<string, string> d && !d.IsReadOnly);
    }

    [Fact]
    public void TakesWholeSecondsWhenTheEngineSendsNoNanoseconds()
    {
        Message message = ContainerDie();
        message.TimeNano = null;
        DockerEvent e = ModelMapper.ToEvent(message, Engine);
        Assert.Equal(1714557600000000000, e.TimeNano);
        Assert.Equal(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), e.Time);
    }

    [Fact]
    public void NamesAVolumeByItsIdAndToleratesAnEventWithoutAttributes()
    {
        DockerEvent volume = ModelMapper.ToEvent(new Message { Type = "volume", Action = "create", Actor = new Actor { ID = "data" }, TimeNano = 1 }, Engine);
        Assert.Equal("data", volume.Name);
        Assert.Empty(volume.Attributes);
        Assert.Null(volume.Scope);
        Assert.Equal("1970-01-01T00:00:00.000000001Z volume create data", volume.ToString());

        DockerEvent bare = ModelMapper.ToEvent(new Message { Type = "daemon", Action = "reload" }, Engine);
        Assert.Null(bare.Name);
        Assert.Equal("", bare.ActorId);
    }
}

public class EngineFilterTests
{
    [Fact]
    public void OrsTheValuesOfAKeyFromParametersAndTheHashtable()
    {
        var filter = new EngineFilter();
        filter.Add("type", new[] { "container" });
        filter.Add("label", (IEnumerable<string>?)null);
        filter.AddTable(new Hashtable { ["event"] = new object[] { "die", "oom" }, ["type"] = "image", ["container"] = 42 }, "Filter",
            new[] { "type", "event", "container" });
        IDictionary<string, IDictionary<string, bool>> api = filter.ToApi()!;
        Assert.Equal(new[] { "container", "image" }, api["type"].Keys.OrderBy(k => k));
        Assert.Equal(new[] { "die", "oom" }, api["event"].Keys.OrderBy(k => k));
        Assert.Equal(new[] { "42" }, api["container"].Keys);
        Assert.False(api.ContainsKey("label"));
    }

    [Fact]
    public void IsNullWhenEmpty() => Assert.Null(new EngineFilter().ToApi());

    [Theory]
    [InlineData("contianer")]
    [InlineData("Type")]
    [InlineData("")]
    public void RefusesAnUnknownOrEmptyKeyNamingIt(string key)
    {
        var filter = new EngineFilter();
        PSDockerException e = Assert.Throws<PSDockerException>(() =>
            filter.AddTable(new Hashtable { [key] = "x" }, "Filter", EventVocabulary.FilterKeys));
        Assert.Equal("InvalidFilter", e.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
        Assert.Contains("-Filter", e.Message);
        if (key.Length > 0)
        {
            Assert.Contains($"'{key}'", e.Message);
        }
    }
}

public class BoundedHandoffTests
{
    [Fact]
    public async Task HandsOverInOrderAndEndsWhenComplete()
    {
        using var handoff = new BoundedHandoff<string>(4, CancellationToken.None);
        handoff.Report("a");
        handoff.Report("b");
        handoff.Complete();
        var taken = new List<string>();
        while (await handoff.WaitAsync(CancellationToken.None))
        {
            while (handoff.TryTake(out string item))
            {
                taken.Add(item);
            }
        }

        Assert.Equal(new[] { "a", "b" }, taken);
    }

    [Fact]
    public async Task BlocksTheProducerWhenFullUntilTheConsumerTakes()
    {
        using var handoff = new BoundedHandoff<string>(2, CancellationToken.None);
        handoff.Report("1");
        handoff.Report("2");
        Task third = Task.Run(() => handoff.Report("3"));
        await Task.Delay(200);
        Assert.False(third.IsCompleted, "a full handoff holds the producer back");
        Assert.Equal(2, handoff.Count);
        Assert.True(handoff.TryTake(out string first));
        Assert.Equal("1", first);
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, handoff.Count);
    }

    [Fact]
    public async Task DisposeReleasesABlockedProducer()
    {
        var handoff = new BoundedHandoff<string>(1, CancellationToken.None);
        handoff.Report("1");
        Task blocked = Task.Run(() => handoff.Report("2"));
        await Task.Delay(100);
        handoff.Dispose();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task DisposeFreesItsLinkedTokenSourceOnceTheProducerHasLeft()
    {
        using var outer = new CancellationTokenSource();
        var handoff = new BoundedHandoff<string>(1, outer.Token);
        handoff.Report("1");
        Task blocked = Task.Run(() => handoff.Report("2"));
        await Task.Delay(100);
        handoff.Dispose();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.ThrowsAny<OperationCanceledException>(() => handoff.Report("3"));
        var closed = (CancellationTokenSource)typeof(BoundedHandoff<string>)
            .GetField("_closed", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(handoff)!;
        Assert.Throws<ObjectDisposedException>(() => closed.Token);
        handoff.Dispose();
        outer.Cancel();
    }

    [Fact]
    public async Task WakesAWaitingConsumerAndThrowsTheProducersFaultAfterItsItems()
    {
        using var handoff = new BoundedHandoff<string>(4, CancellationToken.None);
        Task<bool> waiting = handoff.WaitAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        _ = Task.Run(() => handoff.Report("x"));
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        handoff.Complete(new InvalidOperationException("stream broke"));
        Assert.True(await handoff.WaitAsync(CancellationToken.None));
        Assert.True(handoff.TryTake(out _));
        await Assert.ThrowsAsync<InvalidOperationException>(() => handoff.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AWaitEndsAtOnceOnCancel()
    {
        using var handoff = new BoundedHandoff<string>(4, CancellationToken.None);
        using var cancel = new CancellationTokenSource(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handoff.WaitAsync(cancel.Token).WaitAsync(TimeSpan.FromSeconds(5)));
    }
}

public class EventWindowTests
{
    [Fact]
    public void TakesAWindowInOrderOrOpen()
    {
        var now = new TimestampSpec(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));
        PSDocker.Commands.GetDockerEventCommand.CheckWindow(new TimestampSpec("1714557600"), now, untilIsNow: true);
        PSDocker.Commands.GetDockerEventCommand.CheckWindow(null, now, untilIsNow: true);
        PSDocker.Commands.GetDockerEventCommand.CheckWindow(now, null, untilIsNow: false);
    }

    [Theory]
    [InlineData(false, "after -Until")]
    [InlineData(true, "-Follow")]
    public void RefusesASinceAfterTheEnd(bool untilIsNow, string said)
    {
        var until = new TimestampSpec(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));
        var since = new TimestampSpec("2024-05-01T10:00:01Z");
        PSDockerException e = Assert.Throws<PSDockerException>(() => PSDocker.Commands.GetDockerEventCommand.CheckWindow(since, until, untilIsNow));
        Assert.Equal("InvalidTimeWindow", e.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
        Assert.Contains("-Since '2024-05-01T10:00:01Z'", e.Message);
        Assert.Contains(said, e.Message);
    }
}
