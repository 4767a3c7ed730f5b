using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

public class OutputLineReaderTests
{
    private const byte Stdin = 0;
    private const byte Stdout = 1;
    private const byte Stderr = 2;

    // A frame as the engine sends it without a TTY: [type, 0, 0, 0, big-endian uint32 size] + payload.
    private static byte[] Frame(byte type, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = type;
        frame[4] = (byte)(payload.Length >> 24);
        frame[5] = (byte)(payload.Length >> 16);
        frame[6] = (byte)(payload.Length >> 8);
        frame[7] = (byte)payload.Length;
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static byte[] Frame(byte type, string text) => Frame(type, Encoding.UTF8.GetBytes(text));

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static List<string> ReadAll(byte[] bytes, bool multiplexed, int readSize, int maxLineLength = LineSplitter.DefaultMaxLineLength)
    {
        var lines = new List<string>();
        using var reader = new OutputLineReader(new MultiplexedStream(new TrickleStream(bytes, readSize), multiplexed), maxLineLength);
        while (reader.ReadLineAsync(CancellationToken.None).GetAwaiter().GetResult() is OutputLine line)
        {
            lines.Add((line.Stream == OutputStreamKind.StandardError ? "err:" : "out:") + line.Text);
        }

        return lines;
    }

    public static IEnumerable<object[]> ReadSizes => new[] { 1, 2, 3, 5, 7, 8, 9, 13, 4096 }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void Frames_split_anywhere_give_the_same_lines(int readSize)
    {
        // Headers and payloads cut at every possible place by the transport.
        byte[] bytes = Concat(Frame(Stdout, "one\ntw"), Frame(Stdout, "o\n"), Frame(Stderr, "oops\n"), Frame(Stdout, "three\n"));

        Assert.Equal(new[] { "out:one", "out:two", "err:oops", "out:three" }, ReadAll(bytes, true, readSize));
    }

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void A_character_split_across_frames_comes_out_whole(int readSize)
    {
        byte[] euro = Encoding.UTF8.GetBytes("€");           // 3 bytes
        byte[] emoji = Encoding.UTF8.GetBytes("\U0001F433"); // 4 bytes (a surrogate pair)
        byte[] bytes = Concat(
            Frame(Stdout, new byte[] { (byte)'a', euro[0] }),
            Frame(Stdout, new[] { euro[1] }),
            Frame(Stdout, new[] { euro[2], (byte)'\n' }),
            Frame(Stdout, emoji.Take(1).ToArray()),
            Frame(Stdout, emoji.Skip(1).Take(2).ToArray()),
            Frame(Stdout, emoji.Skip(3).Concat(Encoding.UTF8.GetBytes("é\n")).ToArray()));

        Assert.Equal(new[] { "out:a€", "out:\U0001F433é" }, ReadAll(bytes, true, readSize));
    }

    [Fact]
    public void A_character_split_on_stdout_is_not_joined_with_stderr_bytes()
    {
        byte[] e = Encoding.UTF8.GetBytes("é");
        byte[] bytes = Concat(Frame(Stdout, new[] { (byte)'x', e[0] }), Frame(Stderr, "err\n"), Frame(Stdout, new[] { e[1], (byte)'\n' }));

        Assert.Equal(new[] { "err:err", "out:xé" }, ReadAll(bytes, true, 4096));
    }

    [Fact]
    public void A_partial_stdout_line_waits_while_stderr_lines_go_through()
    {
        byte[] bytes = Concat(Frame(Stdout, "hel"), Frame(Stderr, "warn 1\nwarn 2\n"), Frame(Stdout, "lo\n"));

        Assert.Equal(new[] { "err:warn 1", "err:warn 2", "out:hello" }, ReadAll(bytes, true, 3));
    }

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void Zero_length_frames_are_skipped(int readSize)
    {
        byte[] bytes = Concat(Frame(Stdout, ""), Frame(Stdout, "a"), Frame(Stderr, ""), Frame(Stdout, ""), Frame(Stdout, "b\n"), Frame(Stdout, ""));

        Assert.Equal(new[] { "out:ab" }, ReadAll(bytes, true, readSize));
    }

    [Fact]
    public void Crlf_ends_a_line_and_a_lone_cr_is_kept()
    {
        byte[] bytes = Concat(Frame(Stdout, "dos\r"), Frame(Stdout, "\nunix\nbar\rbaz\n\r\n"));

        Assert.Equal(new[] { "out:dos", "out:unix", "out:bar\rbaz", "out:" }, ReadAll(bytes, true, 2));
    }

    [Fact]
    public void Empty_lines_are_kept_and_the_last_line_needs_no_newline()
    {
        byte[] bytes = Concat(Frame(Stdout, "a\n\nb\n"), Frame(Stdout, "last"), Frame(Stderr, "err last"));

        Assert.Equal(new[] { "out:a", "out:", "out:b", "out:last", "err:err last" }, ReadAll(bytes, true, 5));
    }

    [Fact]
    public void Stream_type_zero_is_written_as_stdout()
    {
        Assert.Equal(new[] { "out:in" }, ReadAll(Frame(Stdin, "in\n"), true, 4096));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public void A_tty_stream_is_raw_and_all_stdout(int readSize)
    {
        // With a TTY the engine sends the bytes as they are, with "\r\n" line endings.
        byte[] bytes = Encoding.UTF8.GetBytes("one\r\ntwo €\r\nthree");

        Assert.Equal(new[] { "out:one", "out:two €", "out:three" }, ReadAll(bytes, false, readSize));
    }

    [Fact]
    public void A_line_longer_than_the_limit_comes_in_pieces_without_an_extra_empty_line()
    {
        byte[] bytes = Concat(Frame(Stdout, "abcdefghij\nabcd\nabc\r\nabcd\r\nx\n"));

        Assert.Equal(new[] { "out:abcd", "out:efgh", "out:ij", "out:abcd", "out:abc", "out:abcd", "out:x" }, ReadAll(bytes, true, 3, maxLineLength: 4));
    }

    [Fact]
    public async Task Memory_stays_flat_for_endless_output_without_newlines()
    {
        // 8 MiB without a newline, in 64 KiB frames: the reader never holds more than one line's worth.
        const int frameSize = 64 * 1024;
        const int frames = 128;
        var stream = new GeneratedFrames(frames, frameSize);
        int pieces = 0;
        long chars = 0;
        using (var reader = new OutputLineReader(new MultiplexedStream(stream, true), maxLineLength: 1000))
        {
            while (await reader.ReadLineAsync(CancellationToken.None) is OutputLine line)
            {
                Assert.True(line.Text.Length <= 1000);
                pieces++;
                chars += line.Text.Length;
            }
        }

        Assert.Equal((long)frames * frameSize, chars);
        Assert.Equal((frames * frameSize + 999) / 1000, pieces);
    }

    [Fact]
    public async Task A_header_cut_short_by_the_end_of_the_stream_is_an_error()
    {
        byte[] bytes = Concat(Frame(Stdout, "ok\n"), new byte[] { Stdout, 0, 0 });

        var reader = new OutputLineReader(new MultiplexedStream(new MemoryStream(bytes), true));
        Assert.Equal("ok", (await reader.ReadLineAsync(CancellationToken.None))?.Text);
        await Assert.ThrowsAnyAsync<IOException>(() => reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cancel_returns_at_once_from_a_read_the_transport_never_ends_and_closes_the_stream()
    {
        var hung = new HungStream();
        var reader = new OutputLineReader(new MultiplexedStream(hung, true));
        using var cancel = new CancellationTokenSource();
        Task<OutputLine?> read = reader.ReadLineAsync(cancel.Token);
        await hung.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(read.IsCompleted);

        cancel.Cancel();

        // The guard only turns a hang into a failure.
        Task done = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(read, done);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.True(hung.Disposed);
    }

    [Fact]
    public void Line_splitter_refuses_a_limit_below_two()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineSplitter(1));
    }

    /// <summary>Gives the bytes at most readSize at a time, as a slow transport does.</summary>
    private sealed class TrickleStream : MemoryStream
    {
        private readonly int _readSize;

        public TrickleStream(byte[] bytes, int readSize) : base(bytes) => _readSize = readSize;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _readSize));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, _readSize), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer.Slice(0, Math.Min(buffer.Length, _readSize)), cancellationToken);
    }

    /// <summary>Stdout frames of 'x', made on demand so the test itself holds no more than one frame.</summary>
    private sealed class GeneratedFrames : Stream
    {
        private readonly int _frameSize;
        private int _framesLeft;
        private byte[] _current = Array.Empty<byte>();
        private int _position;

        public GeneratedFrames(int frames, int frameSize)
        {
            _framesLeft = frames;
            _frameSize = frameSize;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position == _current.Length)
            {
                if (_framesLeft == 0)
                {
                    return 0;
                }

                _framesLeft--;
                _current = Frame(Stdout, Enumerable.Repeat((byte)'x', _frameSize).ToArray());
                _position = 0;
            }

            int n = Math.Min(count, _current.Length - _position);
            Array.Copy(_current, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A transport whose reads never end and ignore the cancel token, like a hung hijacked socket.</summary>
    private sealed class HungStream : Stream
    {
        public TaskCompletionSource<bool> ReadStarted { get; } = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed { get; private set; }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ReadStarted.TrySetResult(true);
            return new TaskCompletionSource<int>().Task;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ReadStarted.TrySetResult(true);
            return new ValueTask<int>(new TaskCompletionSource<int>().Task);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
