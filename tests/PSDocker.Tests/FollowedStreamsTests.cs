using System;
using System.Threading;
using System.Threading.Tasks;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

public class FollowedStreamsTests
{
    /// <summary>A followed stream that never ends by itself: its read ends only when the stream is closed.</summary>
    private sealed class Endless : IDisposable
    {
        internal TaskCompletionSource<bool> Closed { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => Closed.TrySetResult(true);
    }

    [Fact]
    public async Task ThrowsTheFirstFailureAtOnceAndClosesTheOtherStreams()
    {
        var quiet = new Endless();
        var failing = new Endless();
        using var streams = new FollowedStreams<Endless>(s => s);
        streams.Add(quiet, CancellationToken.None);
        streams.Add(failing, CancellationToken.None);

        Task reading = streams.ReadAllAsync(async s =>
        {
            if (ReferenceEquals(s, failing))
            {
                await Task.Yield();
                throw new InvalidOperationException("the stream broke");
            }

            await s.Closed.Task;
            throw new ObjectDisposedException("stream");
        });

        // Loose bound: without closing the quiet stream the read would never end.
        Task done = await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(reading, done);
        InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => reading);
        Assert.Equal("the stream broke", e.Message);
        Assert.True(quiet.Closed.Task.IsCompleted);
    }

    [Fact]
    public async Task EndsWhenEveryStreamHasEnded()
    {
        var a = new Endless();
        var b = new Endless();
        using var streams = new FollowedStreams<Endless>(s => s);
        streams.Add(a, CancellationToken.None);
        streams.Add(b, CancellationToken.None);
        int read = 0;
        await streams.ReadAllAsync(_ => { Interlocked.Increment(ref read); return Task.CompletedTask; });
        Assert.Equal(2, read);
        Assert.False(a.Closed.Task.IsCompleted);
    }
}
