using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using PSDocker.Specs;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

/// <summary>docker's --detach-keys syntax (moby's term.ToBytes rules).</summary>
public class DetachKeysSpecTests
{
    [Theory]
    [InlineData("ctrl-p,ctrl-q", new byte[] { 0x10, 0x11 })]
    [InlineData("CTRL-P,Ctrl-Q", new byte[] { 0x10, 0x11 })]
    [InlineData("ctrl-x,q", new byte[] { 0x18, (byte)'q' })]
    [InlineData("ctrl-@", new byte[] { 0x00 })]
    [InlineData("ctrl-a", new byte[] { 0x01 })]
    [InlineData("ctrl-z", new byte[] { 0x1a })]
    [InlineData("ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_", new byte[] { 0x1b, 0x1c, 0x1d, 0x1e, 0x1f })]
    [InlineData("a,b,c", new byte[] { (byte)'a', (byte)'b', (byte)'c' })]
    public void Keys_read_as_docker_reads_them(string spec, byte[] expected) =>
        Assert.Equal(expected, DetachKeysSpec.Parse(spec));

    [Theory]
    [InlineData("")]
    [InlineData("ctrl-")]
    [InlineData("ctrl-1")]
    [InlineData("ctrl-pq")]
    [InlineData("ab")]
    [InlineData("ctrl-p, ctrl-q")]
    [InlineData("ctrl-p,,ctrl-q")]
    [InlineData("é")]
    [InlineData(",")]
    public void Other_keys_are_refused(string spec)
    {
        SpecException e = Assert.Throws<SpecException>(() => DetachKeysSpec.Parse(spec));
        Assert.Equal("InvalidDetachKeysSpec", e.ErrorId);
        Assert.Equal(spec, e.Value);
    }
}

/// <summary>The detach sequence watch on the keys typed.</summary>
public class DetachKeyFilterTests
{
    private static readonly byte[] s_default = { 0x10, 0x11 };

    private static byte[] B(params int[] bytes) => bytes.Select(b => (byte)b).ToArray();

    [Fact]
    public void Keys_pass_as_they_are_and_the_sequence_detaches_without_being_sent()
    {
        var f = new DetachKeyFilter(s_default);
        Assert.Equal(B('l', 's', 13), f.Filter(B('l', 's', 13), 3));
        Assert.False(f.Detached);
        Assert.Equal(B('x'), f.Filter(B('x', 0x10, 0x11, 'y'), 4));
        Assert.True(f.Detached);
    }

    [Fact]
    public void A_prefix_is_held_across_reads_and_sent_when_the_next_key_does_not_continue_it()
    {
        var f = new DetachKeyFilter(s_default);
        Assert.Empty(f.Filter(B(0x10), 1));          // Ctrl+P alone: held
        Assert.Equal(B(0x10, 'a'), f.Filter(B('a'), 1));
        Assert.False(f.Detached);
        Assert.Empty(f.Filter(B(0x10), 1));
        Assert.Empty(f.Filter(B(0x11), 1));          // then Ctrl+Q in the next read
        Assert.True(f.Detached);
    }

    [Fact]
    public void A_repeated_first_key_starts_the_sequence_again()
    {
        var f = new DetachKeyFilter(s_default);
        Assert.Equal(B(0x10), f.Filter(B(0x10, 0x10, 0x11), 3));
        Assert.True(f.Detached);
    }

    [Fact]
    public void Only_the_count_given_is_read_and_no_keys_means_no_detaching()
    {
        var none = new DetachKeyFilter(Array.Empty<byte>());
        Assert.Equal(B(0x10, 0x11), none.Filter(B(0x10, 0x11, 'z'), 2));
        Assert.False(none.Detached);

        var one = new DetachKeyFilter(B('q'));
        Assert.Equal(B('a'), one.Filter(B('a', 'q', 'b'), 3));
        Assert.True(one.Detached);
    }
}

/// <summary>
/// The interactive session over a fake console and a fake engine stream: output to the console, keys to the
/// stream, the sizes sent, the detach keys, and the console put back however the session ends.
/// </summary>
public class TtySessionTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Output_goes_to_the_console_keys_to_the_container_and_the_end_of_the_stream_ends_it()
    {
        var console = new FakeConsole((100, 30));
        var engine = new FakeEngineStream();
        var sizes = new ConcurrentQueue<(int, int)>();
        var session = new TtySession(console, DetachKeysSpec.Parse(DetachKeysSpec.Default), (w, h) => { sizes.Enqueue((w, h)); return Task.CompletedTask; });

        Task<TtySessionEnd> run = session.RunAsync(new MultiplexedStream(engine, false), CancellationToken.None);
        engine.Send("/ # ");
        console.Type("echo hi\r");
        await Until(() => engine.Received.Contains("echo hi\r"));
        console.Type("\u0003\u0004");                        // Ctrl+C and Ctrl+D are bytes for the container
        await Until(() => engine.Received.EndsWith("\u0003\u0004"));
        engine.Send("hi\r\n");
        engine.End();

        Assert.Equal(TtySessionEnd.Exited, await run.WaitAsync(s_wait));
        Assert.Equal("/ # hi\r\n", console.Written);
        Assert.Equal((100, 30), Assert.Single(sizes));
        Assert.Equal(1, console.Entered);
        Assert.False(console.Raw);
    }

    [Fact]
    public async Task A_new_window_size_is_sent()
    {
        var console = new FakeConsole((80, 24));
        var engine = new FakeEngineStream();
        var sizes = new ConcurrentQueue<(int, int)>();
        var session = new TtySession(console, Array.Empty<byte>(), (w, h) => { sizes.Enqueue((w, h)); return Task.CompletedTask; });

        Task<TtySessionEnd> run = session.RunAsync(new MultiplexedStream(engine, false), CancellationToken.None);
        await Until(() => sizes.Count == 1);
        console.Resize((120, 40));
        await Until(() => sizes.Count == 2);
        engine.End();
        await run.WaitAsync(s_wait);
        Assert.Equal(new[] { (80, 24), (120, 40) }, sizes.ToArray());
    }

    [Fact]
    public async Task The_detach_keys_end_the_session_without_reaching_the_container()
    {
        var console = new FakeConsole((80, 24));
        var engine = new FakeEngineStream();
        var session = new TtySession(console, DetachKeysSpec.Parse(DetachKeysSpec.Default), (w, h) => Task.CompletedTask);

        Task<TtySessionEnd> run = session.RunAsync(new MultiplexedStream(engine, false), CancellationToken.None);
        console.Type("ls\u0010\u0011");
        Assert.Equal(TtySessionEnd.Detached, await run.WaitAsync(s_wait));
        Assert.Equal("ls", engine.Received);
        Assert.False(console.Raw);
    }

    [Fact]
    public async Task A_cancel_ends_the_session_at_once_and_puts_the_console_back()
    {
        var console = new FakeConsole((80, 24));
        var engine = new FakeEngineStream();
        var session = new TtySession(console, Array.Empty<byte>(), (w, h) => Task.CompletedTask);
        using var cancel = new CancellationTokenSource();

        Task<TtySessionEnd> run = session.RunAsync(new MultiplexedStream(engine, false), cancel.Token);
        await Until(() => console.Raw);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_wait));
        Assert.False(console.Raw);
    }

    [Fact]
    public async Task The_end_of_the_keyboard_closes_the_containers_input()
    {
        var console = new FakeConsole((80, 24));
        var engine = new FakeEngineStream();
        var session = new TtySession(console, Array.Empty<byte>(), (w, h) => Task.CompletedTask);

        Task<TtySessionEnd> run = session.RunAsync(new MultiplexedStream(engine, false), CancellationToken.None);
        console.Close();
        await Until(() => engine.WriteClosed);
        engine.End();
        Assert.Equal(TtySessionEnd.Exited, await run.WaitAsync(s_wait));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_read_left_pending_by_a_detach_or_a_cancel_is_observed_when_the_stream_is_disposed(bool cancelled)
    {
        string marker = "psdocker-tty-pending-read-" + Guid.NewGuid().ToString("N");
        var unobserved = new ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.Message.Contains(marker)))
            {
                unobserved.Enqueue(e.Exception);
            }
        };
        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            FakeEngineStream engine = await RunUntilLeftAsync(marker, cancelled);
            engine.Dispose();                                // the pending read fails now, with nobody awaiting it
            await Until(() => engine.ReadFailed);
            for (int i = 0; i < 3; i++)
            {
                await Task.Delay(50);
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.Empty(unobserved);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }
    }

    /// <summary>Runs a session that ends with a read still pending; nothing of it is kept but the engine's stream.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<FakeEngineStream> RunUntilLeftAsync(string marker, bool cancelled)
    {
        var console = new FakeConsole((80, 24));
        var engine = new FakeEngineStream(marker, readsIgnoreCancel: true);
        var session = new TtySession(console, DetachKeysSpec.Parse(DetachKeysSpec.Default), (w, h) => Task.CompletedTask);
        using var cancel = new CancellationTokenSource();
        Task<TtySessionEnd> run = session.RunAsync(new MultiplexedStream(engine, false), cancel.Token);
        await Until(() => engine.Reading);
        if (cancelled)
        {
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_wait));
        }
        else
        {
            console.Type("\u0010\u0011");
            Assert.Equal(TtySessionEnd.Detached, await run.WaitAsync(s_wait));
        }

        return engine;
    }

    private static async Task Until(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + s_wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(20);
        }
    }

    private sealed class FakeConsole : ConsoleRawMode
    {
        private readonly BlockingCollection<byte[]> _keys = new BlockingCollection<byte[]>();
        private readonly StringBuilder _written = new StringBuilder();

        private (int Width, int Height) _size;

        internal FakeConsole((int, int) size) => _size = size;

        internal void Resize((int, int) size) => _size = size;

        internal override (int Width, int Height) Size => _size;

        internal int Entered { get; private set; }

        internal bool Raw { get; private set; }

        internal string Written
        {
            get
            {
                lock (_written)
                {
                    return _written.ToString();
                }
            }
        }

        internal void Type(string keys) => _keys.Add(Encoding.UTF8.GetBytes(keys));

        internal void Close() => _keys.CompleteAdding();

        internal override void Enter()
        {
            Entered++;
            Raw = true;
        }

        internal override void Restore() => Raw = false;

        internal override int Read(byte[] buffer, int timeoutMilliseconds, Func<bool> stopped)
        {
            if (_keys.IsCompleted)
            {
                return -1;
            }

            if (!_keys.TryTake(out byte[]? keys, timeoutMilliseconds))
            {
                return _keys.IsCompleted ? -1 : 0;
            }

            keys.CopyTo(buffer, 0);
            return keys.Length;
        }

        internal override void Write(byte[] buffer, int count)
        {
            lock (_written)
            {
                _written.Append(Encoding.UTF8.GetString(buffer, 0, count));
            }
        }
    }

    /// <summary>The engine's side of a hijacked TTY stream: raw bytes both ways.</summary>
    private sealed class FakeEngineStream : WriteClosableStream
    {
        private readonly BlockingCollection<byte[]> _output = new BlockingCollection<byte[]>();
        private readonly StringBuilder _received = new StringBuilder();
        private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
        private readonly string _disposedMessage;
        private readonly bool _readsIgnoreCancel;

        /// <param name="disposedMessage">The message of the error a read pending at the stream's disposal fails with.</param>
        /// <param name="readsIgnoreCancel">Reads go on after their token is cancelled, until output or the disposal, as a socket's may.</param>
        internal FakeEngineStream(string disposedMessage = "the fake engine stream was disposed", bool readsIgnoreCancel = false)
        {
            _disposedMessage = disposedMessage;
            _readsIgnoreCancel = readsIgnoreCancel;
        }

        /// <summary>A read is waiting for output.</summary>
        internal bool Reading { get; private set; }

        /// <summary>A read failed because the stream was disposed under it.</summary>
        internal bool ReadFailed { get; private set; }

        internal string Received
        {
            get
            {
                lock (_received)
                {
                    return _received.ToString();
                }
            }
        }

        internal bool WriteClosed { get; private set; }

        internal void Send(string text) => _output.Add(Encoding.UTF8.GetBytes(text));

        internal void End() => _output.CompleteAdding();

        public override bool CanCloseWrite => true;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void CloseWrite() => WriteClosed = true;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.Run(() =>
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(_readsIgnoreCancel ? CancellationToken.None : cancellationToken, _disposed.Token);
                try
                {
                    Reading = true;
                    byte[] chunk = _output.Take(either.Token);
                    Array.Copy(chunk, 0, buffer, offset, chunk.Length);
                    return chunk.Length;
                }
                catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
                {
                    // As a network stream closed under a read: the read fails (an error, not a cancel).
                    ReadFailed = true;
                    throw new ObjectDisposedException(nameof(FakeEngineStream), _disposedMessage);
                }
                catch (InvalidOperationException)
                {
                    return 0;
                }
            }, CancellationToken.None);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _disposed.Cancel();
            }

            base.Dispose(disposing);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_received)
            {
                _received.Append(Encoding.UTF8.GetString(buffer, offset, count));
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }
    }
}
