using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using PSDocker.Specs;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

public class TimestampSpecTests
{
    // docker's own vectors (api/types/time GetTimestamp), read with a reference time in UTC as docker's test does.
    private static readonly DateTimeOffset Now = new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.Zero).AddTicks(1234567);

    [Theory]
    [InlineData("2006-01-02T15:04:05.999999999+07:00", "1136189045.999999999")]
    [InlineData("2006-01-02T15:04:05.999999999Z", "1136214245.999999999")]
    [InlineData("2006-01-02T15:04:05.999999999", "1136214245.999999999")]
    [InlineData("2006-01-02T15:04:05Z", "1136214245.000000000")]
    [InlineData("2006-01-02T15:04:05", "1136214245.000000000")]
    [InlineData("2006-01-02T15:04Z", "1136214240.000000000")]
    [InlineData("2006-01-02T15:04+00:00", "1136214240.000000000")]
    [InlineData("2006-01-02T15:04-00:00", "1136214240.000000000")]
    [InlineData("2006-01-02T15:04", "1136214240.000000000")]
    [InlineData("2006-01-02T15Z", "1136214000.000000000")]
    [InlineData("2006-01-02T15+00:00", "1136214000.000000000")]
    [InlineData("2006-01-02T15-00:00", "1136214000.000000000")]
    [InlineData("2006-01-02T15", "1136214000.000000000")]
    [InlineData("2006-01-02T1Z", "1136163600.000000000")]
    [InlineData("2006-01-02T1", "1136163600.000000000")]
    [InlineData("2006-01-02+00:00", "1136160000.000000000")]
    [InlineData("2006-01-02-00:00", "1136160000.000000000")]
    [InlineData("2006-01-02-00:01", "1136160060.000000000")]
    [InlineData("2006-01-02Z", "1136160000.000000000")]
    [InlineData("2006-01-02", "1136160000.000000000")]
    [InlineData("2015-05-13T20:39:09Z", "1431549549.000000000")]
    [InlineData("1136073600", "1136073600")]
    [InlineData("1136073600.000000001", "1136073600.000000001")]
    [InlineData("0", "0")]
    public void Reads_docker_vectors(string value, string api)
    {
        var spec = new TimestampSpec(value, Now);
        Assert.Equal(api, spec.ApiValue);
        Assert.Equal(value, spec.Value);
        Assert.Equal(DateTimeKind.Utc, spec.Time.Kind);
    }

    [Theory]
    [InlineData("1m", 60)]
    [InlineData("1.5h", 5400)]
    [InlineData("1h30m", 5400)]
    [InlineData("-5m", -300)]
    public void Durations_are_before_the_reference_to_the_second(string value, long secondsBefore)
    {
        long now = Now.ToUnixTimeSeconds();
        var spec = new TimestampSpec(value, Now);
        Assert.Equal((now - secondsBefore).ToString(System.Globalization.CultureInfo.InvariantCulture), spec.ApiValue);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(now - secondsBefore).UtcDateTime, spec.Time);
    }

    [Theory]
    [InlineData("2006-01-02T15:04:0Z")]
    [InlineData("2006-01-02T15:04:0")]
    [InlineData("2006-01-02T15:0Z")]
    [InlineData("2006-01-02T15:0")]
    [InlineData("2006-01-02TZ")]
    [InlineData("2006-01-02T")]
    [InlineData("invalid")]
    [InlineData("")]
    [InlineData("foo.bar")]
    [InlineData("1136073600.bar")]
    [InlineData("2006-02-30")]
    [InlineData("2006-01-02T24:00")]
    [InlineData("10:00")]
    [InlineData(" 1m")]
    public void Refuses_what_docker_refuses(string value)
    {
        var e = Assert.Throws<SpecException>(() => new TimestampSpec(value, Now));
        Assert.Equal("InvalidTimestampSpec", e.ErrorId);
        Assert.Contains("'" + value + "'", e.Message);
    }

    [Fact]
    public void The_transformation_refuses_a_bad_string_with_InvalidTimestampSpec_naming_the_parameter_and_value()
    {
        var attribute = new TimestampTransformationAttribute("Since");
        var e = Assert.Throws<System.Management.Automation.ArgumentTransformationMetadataException>(() => attribute.Transform(null!, "yesterday"));
        var inner = Assert.IsType<PSDockerException>(e.InnerException);
        Assert.Equal("InvalidTimestampSpec", inner.ErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, inner.Category);
        Assert.StartsWith("-Since 'yesterday' is not valid: ", e.Message);
    }

    [Fact]
    public void The_transformation_reads_strings_and_passes_other_values_on()
    {
        var attribute = new TimestampTransformationAttribute("Until");
        var spec = Assert.IsType<TimestampSpec>(attribute.Transform(null!, new System.Management.Automation.PSObject("1714557600.5")));
        Assert.Equal("1714557600.5", spec.ApiValue);
        var time = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal(time, attribute.Transform(null!, time));
    }

    [Fact]
    public void A_time_without_a_zone_is_at_the_reference_offset()
    {
        var spec = new TimestampSpec("2006-01-02T15:04:05", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)));
        Assert.Equal(new DateTime(2006, 1, 2, 13, 4, 5, DateTimeKind.Utc), spec.Time);
        Assert.Equal("1136207045.000000000", spec.ApiValue);
    }

    [Fact]
    public void Fractions_keep_their_nanoseconds_for_the_engine_and_ticks_for_the_time()
    {
        var spec = new TimestampSpec("2006-01-02T15:04:05.123456789Z", Now);
        Assert.Equal("1136214245.123456789", spec.ApiValue);
        Assert.Equal(new DateTime(2006, 1, 2, 15, 4, 5, DateTimeKind.Utc).AddTicks(1234567), spec.Time);
    }

    [Fact]
    public void DateTimes_are_instants_and_local_or_unspecified_are_local()
    {
        var utc = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(5);
        var fromUtc = new TimestampSpec(utc);
        Assert.Equal(utc, fromUtc.Time);
        Assert.Equal("1714557600.000000500", fromUtc.ApiValue);

        var local = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Unspecified);
        Assert.Equal(DateTime.SpecifyKind(local, DateTimeKind.Local).ToUniversalTime(), new TimestampSpec(local).Time);
        Assert.Equal(utc.AddTicks(-5), new TimestampSpec(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2))).Time);
    }

    [Fact]
    public void A_TimeSpan_is_that_long_before_now_to_the_second()
    {
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600;
        long api = long.Parse(new TimestampSpec(TimeSpan.FromMinutes(10)).ApiValue, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(api, before - 1, before + 2);
    }
}

public class LogLineTests
{
    private const string T1 = "2024-05-01T10:00:00.123456789Z";
    private const string T2 = "2024-05-01T10:00:01.000000001Z";
    private static readonly DateTime Time1 = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234567);
    private static readonly DateTime Time2 = new DateTime(2024, 5, 1, 10, 0, 1, DateTimeKind.Utc);

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

    private static byte[] Message(string time, byte[] text) => Encoding.ASCII.GetBytes(time + " ").Concat(text).ToArray();

    private static byte[] Message(string time, string text) => Message(time, Encoding.UTF8.GetBytes(text));

    // A line as docker's log copier stores it: 16 KiB partial messages, each with its own timestamp, the last with the newline.
    private static IEnumerable<byte[]> Partials(string time, byte[] line)
    {
        for (int i = 0; i < line.Length; i += LineSplitter.PartialMessageBytes)
        {
            yield return Message(time, line.Skip(i).Take(LineSplitter.PartialMessageBytes).ToArray());
        }
    }

    private static List<OutputLine> ReadAll(byte[] bytes, bool multiplexed, int readSize, int readAhead = 0)
    {
        var lines = new List<OutputLine>();
        using var reader = new OutputLineReader(new MultiplexedStream(new Trickle(bytes, readSize), multiplexed), 1024 * 1024, timestamped: true,
            readAheadLines: readAhead, readAheadChars: readAhead == 0 ? 0 : 50000);
        while (reader.FillAsync(CancellationToken.None).GetAwaiter().GetResult())
        {
            while (reader.TryReadLine(out OutputLine line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    public static IEnumerable<object[]> ReadSizes => new[] { 1, 3, 7, 31, 4096, 65536 }.Select(n => new object[] { n });

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(4096, 4096)]
    public void Reading_ahead_gives_the_same_lines_in_order_within_its_bound(int readAhead, int readSize)
    {
        // Many short lines on both streams and a long one: the background reader waits whenever the caller holds its bound.
        var frames = new List<byte[]>();
        var expected = new List<string>();
        for (int i = 0; i < 3000; i++)
        {
            string text = i % 500 == 0 ? new string((char)('a' + i % 26), 70000) : "line " + i;
            byte type = (byte)(i % 7 == 0 ? 2 : 1);
            frames.AddRange(Partials(T1, Encoding.UTF8.GetBytes(text + "\n")).Select(m => Frame(type, m)));
            expected.Add(text);
        }

        List<OutputLine> lines = ReadAll(frames.SelectMany(f => f).ToArray(), true, readSize, readAhead);
        Assert.Equal(expected, lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(Time1, l.Timestamp));
    }

    [Fact]
    public void Reading_ahead_returns_at_once_on_cancel_and_closes_the_stream()
    {
        var stream = new Endless();
        var reader = new OutputLineReader(new MultiplexedStream(stream, false), 1024, timestamped: true, readAheadLines: 16);
        using var cancel = new CancellationTokenSource();
        Assert.True(reader.FillAsync(cancel.Token).GetAwaiter().GetResult());
        while (reader.TryReadLine(out _))
        {
        }

        cancel.CancelAfter(100);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>((Action)(() =>
        {
            while (true)
            {
                reader.FillAsync(cancel.Token).GetAwaiter().GetResult();
                while (reader.TryReadLine(out _))
                {
                }
            }
        }));
        Assert.True(watch.ElapsedMilliseconds < 5000);
        Assert.True(SpinWait.SpinUntil(() => stream.Disposed, 5000));
    }

    [Fact]
    public void Disposing_a_reading_ahead_reader_frees_its_stop_source_and_a_later_fill_does_not_throw()
    {
        var stream = new Endless();
        var reader = new OutputLineReader(new MultiplexedStream(stream, false), 1024, timestamped: true, readAheadLines: 16);
        reader.Dispose();
        Assert.True(stream.Disposed);
        var stop = (CancellationTokenSource)typeof(OutputLineReader)
            .GetField("_stopReading", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(reader)!;
        Assert.Throws<ObjectDisposedException>(() => stop.Token);

        // Closed before the first read (Ctrl+C on a followed log before EndProcessing reads it): reading is not an
        // ObjectDisposedException (this test stream still gives its first line; a real one ends).
        Assert.Null(Record.Exception(() => reader.FillAsync(CancellationToken.None).GetAwaiter().GetResult()));
    }

    /// <summary>One timestamped line, then a read that waits until the stream is closed (a followed log that goes quiet).</summary>
    private sealed class Endless : Stream
    {
        private readonly byte[] _first = Message(T1, "hello\n");
        private readonly TaskCompletionSource<int> _closed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _sent;

        public bool Disposed { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (!_sent)
            {
                _sent = true;
                _first.CopyTo(buffer, offset);
                return Task.FromResult(_first.Length);
            }

            return _closed.Task;   // ignores the token, as a transport may
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            _closed.TrySetException(new ObjectDisposedException("stream"));
            base.Dispose(disposing);
        }
    }

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void Takes_the_timestamp_off_each_line_and_keeps_the_time(int readSize)
    {
        byte[] bytes = Frame(1, Message(T1, "one\n")).Concat(Frame(2, Message(T2, "oops\n"))).Concat(Frame(1, Message(T2, "two words \n"))).ToArray();
        List<OutputLine> lines = ReadAll(bytes, true, readSize);
        Assert.Equal(new[] { "one", "oops", "two words " }, lines.Select(l => l.Text));
        Assert.Equal(new[] { OutputStreamKind.StandardOutput, OutputStreamKind.StandardError, OutputStreamKind.StandardOutput }, lines.Select(l => l.Stream));
        Assert.Equal(new[] { Time1, Time2, Time2 }, lines.Select(l => l.Timestamp));
        Assert.Equal(89, lines[0].SubTickNanoseconds);
        Assert.Equal(T1, LogTimestamp.Format(lines[0].Timestamp, lines[0].SubTickNanoseconds));
        Assert.Equal(T2, LogTimestamp.Format(lines[1].Timestamp, lines[1].SubTickNanoseconds));
    }

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void Joins_a_100000_character_line_stored_in_partial_messages_with_a_stderr_line_between(int readSize)
    {
        string text = string.Concat(Enumerable.Range(0, 100000).Select(i => (char)('a' + i % 26)));
        List<byte[]> parts = Partials(T1, Encoding.UTF8.GetBytes(text + "\n")).ToList();
        Assert.Equal(7, parts.Count);
        var frames = new List<byte[]>();
        for (int i = 0; i < parts.Count; i++)
        {
            frames.Add(Frame(1, parts[i]));
            if (i == 3)
            {
                frames.Add(Frame(2, Message(T2, "err\n")));
            }
        }

        frames.Add(Frame(1, Message(T2, "short\n")));
        List<OutputLine> lines = ReadAll(frames.SelectMany(f => f).ToArray(), true, readSize);
        Assert.Equal(new[] { "err", text, "short" }, lines.Select(l => l.Text));
        Assert.Equal(new[] { Time2, Time1, Time2 }, lines.Select(l => l.Timestamp));
    }

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void Decodes_a_character_cut_between_two_partial_messages(int readSize)
    {
        // 16383 ASCII bytes, then a 3-byte euro sign: its first byte ends the first partial message.
        string text = new string('x', LineSplitter.PartialMessageBytes - 1) + "\u20ac\u00e9 end";
        byte[] bytes = Partials(T1, Encoding.UTF8.GetBytes(text + "\n")).SelectMany(m => Frame(1, m)).ToArray();
        List<OutputLine> lines = ReadAll(bytes, true, readSize);
        Assert.Equal(new[] { text }, lines.Select(l => l.Text));
    }

    [Theory]
    [MemberData(nameof(ReadSizes))]
    public void Reads_a_TTY_log_with_CRLF_and_partial_messages(int readSize)
    {
        string longLine = new string('y', 40000);
        byte[] bytes = Message(T1, "hello\r\n")
            .Concat(Partials(T2, Encoding.UTF8.GetBytes(longLine + "\r\n")).SelectMany(m => m))
            .Concat(Message(T2, "bye\r\n")).ToArray();
        List<OutputLine> lines = ReadAll(bytes, false, readSize);
        Assert.Equal(new[] { "hello", longLine, "bye" }, lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(OutputStreamKind.StandardOutput, l.Stream));
        Assert.Equal(new[] { Time1, Time2, Time2 }, lines.Select(l => l.Timestamp));
    }

    [Fact]
    public void Keeps_text_that_has_no_timestamp_and_a_last_line_without_newline()
    {
        byte[] bytes = Frame(1, Encoding.ASCII.GetBytes("no time here\n")).Concat(Frame(1, Message(T1, "last"))).ToArray();
        List<OutputLine> lines = ReadAll(bytes, true, 5);
        Assert.Equal(new[] { "no time here", "last" }, lines.Select(l => l.Text));
        Assert.Equal(default, lines[0].Timestamp);
        Assert.Equal(Time1, lines[1].Timestamp);
    }

    [Fact]
    public void A_line_of_exactly_16_KiB_is_one_line()
    {
        string text = new string('z', LineSplitter.PartialMessageBytes);
        byte[] bytes = Frame(1, Message(T1, text)).Concat(Frame(1, Message(T1, "\n"))).Concat(Frame(1, Message(T2, "next\n"))).ToArray();
        Assert.Equal(new[] { text, "next" }, ReadAll(bytes, true, 4096).Select(l => l.Text));
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000000000Z")]
    [InlineData("2024-05-01T12:00:00.5+02:00", "2024-05-01T10:00:00.500000000Z")]
    [InlineData("2024-02-29T23:59:59.999999999Z", "2024-02-29T23:59:59.999999999Z")]
    public void Reads_the_engines_timestamps(string text, string formatted)
    {
        byte[] b = Encoding.ASCII.GetBytes(text);
        Assert.True(LogTimestamp.TryParse(b, 0, b.Length, out DateTime utc, out int sub));
        Assert.Equal(formatted, LogTimestamp.Format(utc, sub));
    }

    [Theory]
    [InlineData("2024-05-01 10:00:00Z")]
    [InlineData("2024-05-01T10:00:00")]
    [InlineData("2023-02-29T10:00:00Z")]
    [InlineData("2024-05-01T10:00:00.Z")]
    [InlineData("hello")]
    public void Refuses_what_is_not_an_engine_timestamp(string text)
    {
        byte[] b = Encoding.ASCII.GetBytes(text);
        Assert.False(LogTimestamp.TryParse(b, 0, b.Length, out _, out _));
    }

    private sealed class Trickle : MemoryStream
    {
        private readonly int _readSize;

        public Trickle(byte[] bytes, int readSize) : base(bytes) => _readSize = readSize;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _readSize));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, _readSize), cancellationToken);
    }
}
