using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

public class ExecInputTests
{
    // Records each write apart, as the exec stream would take it; every write ends at once.
    private sealed class Recorder
    {
        internal readonly List<byte[]> Writes = new List<byte[]>();

        internal ExecInput Input() => new ExecInput((buffer, offset, count, _) =>
        {
            Writes.Add(buffer.Skip(offset).Take(count).ToArray());
            return Task.CompletedTask;
        }, CancellationToken.None);

        internal byte[] All => Writes.SelectMany(w => w).ToArray();
    }

    // A stream whose read fails after the first piece.
    private sealed class FailingStream : MemoryStream
    {
        private int _reads;

        internal FailingStream(byte[] first) : base(first)
        {
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _reads++ == 0 ? base.ReadAsync(buffer, offset, count, cancellationToken) : throw new IOException("disk gone");
    }

    [Fact]
    public async Task Strings_are_UTF8_lines_each_ending_in_a_newline()
    {
        var r = new Recorder();
        ExecInput input = r.Input();
        await input.AddLineAsync("a");
        await input.AddLineAsync("");
        await input.AddLineAsync("\u00e9\u20ac");
        await input.CompleteAsync();
        Assert.Equal(new byte[] { 0x61, 0x0a, 0x0a, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0x0a }, r.All);
    }

    [Fact]
    public async Task Byte_arrays_and_single_bytes_are_written_as_they_are_in_order_with_lines()
    {
        var r = new Recorder();
        ExecInput input = r.Input();
        await input.AddBytesAsync(new byte[] { 0, 255 });
        await input.AddByteAsync(13);
        await input.AddByteAsync(10);
        await input.AddLineAsync("x");
        await input.AddByteAsync(7);
        await input.CompleteAsync();
        Assert.Equal(new byte[] { 0, 255, 13, 10, 0x78, 0x0a, 7 }, r.All);
    }

    [Fact]
    public async Task Each_item_is_written_as_it_arrives_when_no_write_is_in_flight()
    {
        var r = new Recorder();
        ExecInput input = r.Input();
        await input.AddLineAsync("first");
        Assert.Equal("first\n", Encoding.UTF8.GetString(r.All));     // not held until the input ends
        await input.AddLineAsync("second");
        Assert.Equal(2, r.Writes.Count);
        Assert.Equal(0, input.Pending);
    }

    [Fact]
    public async Task Items_gather_behind_a_write_in_flight_and_an_add_waits_only_when_a_buffer_is_full()
    {
        var writes = new List<(int Count, TaskCompletionSource<bool> Done)>();
        var input = new ExecInput((buffer, offset, count, _) =>
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            writes.Add((count, done));
            return done.Task;
        }, CancellationToken.None);

        Assert.True(input.AddLineAsync("x").IsCompleted);
        Assert.Single(writes);
        string line = new string('a', 99);                    // 100 bytes a line
        int fit = ExecInput.ChunkSize / 100;
        for (int i = 0; i < fit; i++)
        {
            Assert.True(input.AddLineAsync(line).IsCompleted); // gathered, not written: the first write is in flight
        }

        Assert.Single(writes);
        Assert.Equal(fit * 100, input.Pending);
        Task waiting = input.AddLineAsync(line);              // the buffer is full: backpressure
        Assert.False(waiting.IsCompleted);
        writes[0].Done.SetResult(true);
        await waiting;
        Assert.Equal(2, writes.Count);
        // The waiting line filled the buffer up (a write is a piece of a byte stream, not whole lines); the rest waits.
        int rest = 100 - (ExecInput.ChunkSize - fit * 100);
        Assert.Equal(ExecInput.ChunkSize, writes[1].Count);
        Assert.Equal(rest, input.Pending);
        Task completing = input.CompleteAsync();
        Assert.False(completing.IsCompleted);
        writes[1].Done.SetResult(true);
        // The last write starts on a continuation of the one before (asynchronous): wait for it, however busy the machine.
        for (int i = 0; i < 500 && writes.Count < 3; i++)
        {
            await Task.Delay(10);
        }

        writes[2].Done.SetResult(true);
        await completing;
        Assert.Equal(rest, writes[2].Count);
    }

    [Fact]
    public async Task A_long_line_and_a_big_array_go_in_writes_of_at_most_the_chunk_size()
    {
        var r = new Recorder();
        ExecInput input = r.Input();
        // A surrogate pair at every position, so some pair is cut by a piece boundary.
        string line = string.Concat(Enumerable.Repeat("ab\ud83d\ude00", 40000));
        var big = new byte[ExecInput.ChunkSize * 3 + 1];
        new Random(3).NextBytes(big);
        await input.AddLineAsync(line);
        await input.AddBytesAsync(big);
        await input.CompleteAsync();
        Assert.All(r.Writes, w => Assert.InRange(w.Length, 1, ExecInput.ChunkSize));
        byte[] text = Encoding.UTF8.GetBytes(line + "\n");
        Assert.Equal(text, r.All.Take(text.Length).ToArray());
        Assert.Equal(big, r.All.Skip(text.Length).ToArray());
    }

    [Fact]
    public async Task A_stream_is_read_to_its_end_and_written_as_it_is()
    {
        var data = new byte[200_000];
        new Random(5).NextBytes(data);
        var r = new Recorder();
        ExecInput input = r.Input();
        await input.AddLineAsync("head");
        await input.AddStreamAsync(new MemoryStream(data));
        await input.CompleteAsync();
        Assert.Equal(Encoding.UTF8.GetBytes("head\n").Concat(data).ToArray(), r.All);
        Assert.All(r.Writes, w => Assert.InRange(w.Length, 1, ExecInput.ChunkSize));
    }

    [Fact]
    public async Task A_stream_that_fails_while_read_is_an_ExecInputReadException_after_what_it_gave()
    {
        var r = new Recorder();
        ExecInput input = r.Input();
        var e = await Assert.ThrowsAsync<ExecInputReadException>(() => input.AddStreamAsync(new FailingStream(new byte[] { 1, 2, 3 })));
        Assert.IsType<IOException>(e.InnerException);
        Assert.Equal("disk gone", e.InnerException!.Message);
        await input.AddLineAsync("next");
        await input.CompleteAsync();
        Assert.Equal(new byte[] { 1, 2, 3 }.Concat(Encoding.UTF8.GetBytes("next\n")).ToArray(), r.All);
    }

    [Fact]
    public async Task A_failed_write_is_raised_by_the_next_add_and_by_CompleteAsync()
    {
        var input = new ExecInput((_, _, _, _) => Task.FromException(new IOException("broken pipe")), CancellationToken.None);
        await input.AddLineAsync("a");                       // the write starts (and fails)
        await Assert.ThrowsAsync<IOException>(() => input.AddLineAsync("b"));
        await Assert.ThrowsAsync<IOException>(() => input.CompleteAsync());
    }

    [Fact]
    public async Task Nothing_is_written_for_no_input()
    {
        var r = new Recorder();
        ExecInput input = r.Input();
        await input.CompleteAsync();
        Assert.Empty(r.Writes);
    }
}
