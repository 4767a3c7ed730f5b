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
    // Writes the input as the exec stream would take it, keeping each write apart.
    private static async Task<List<byte[]>> WritesAsync(ExecInput input)
    {
        var writes = new List<byte[]>();
        await input.WriteToAsync((buffer, offset, count, _) =>
        {
            writes.Add(buffer.Skip(offset).Take(count).ToArray());
            return Task.CompletedTask;
        }, CancellationToken.None);
        return writes;
    }

    private static async Task<byte[]> BytesAsync(ExecInput input) => (await WritesAsync(input)).SelectMany(w => w).ToArray();

    [Fact]
    public async Task Strings_are_UTF8_lines_each_ending_in_a_newline()
    {
        var input = new ExecInput();
        input.AddLine("a");
        input.AddLine("");
        input.AddLine("\u00e9\u20ac");
        Assert.Equal(3, input.Count);
        Assert.Equal(new byte[] { 0x61, 0x0a, 0x0a, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0x0a }, await BytesAsync(input));
    }

    [Fact]
    public async Task Byte_arrays_and_single_bytes_are_written_as_they_are_in_order_with_lines()
    {
        var input = new ExecInput();
        input.AddBytes(new byte[] { 0, 255 });
        input.AddByte(13);
        input.AddByte(10);
        input.AddLine("x");
        input.AddByte(7);
        Assert.Equal(new byte[] { 0, 255, 13, 10, 0x78, 0x0a, 7 }, await BytesAsync(input));
    }

    [Fact]
    public async Task Single_bytes_are_gathered_into_pieces_of_the_chunk_size()
    {
        var input = new ExecInput();
        int total = ExecInput.ChunkSize * 2 + 5;
        for (int i = 0; i < total; i++)
        {
            input.AddByte((byte)i);
        }

        Assert.Equal(3, input.Count);
        List<byte[]> writes = await WritesAsync(input);
        Assert.Equal(new[] { ExecInput.ChunkSize, ExecInput.ChunkSize, 5 }, writes.Select(w => w.Length).ToArray());
        byte[] all = writes.SelectMany(w => w).ToArray();
        Assert.Equal(Enumerable.Range(0, total).Select(i => (byte)i).ToArray(), all);
    }

    [Fact]
    public async Task A_long_line_and_a_big_array_go_in_writes_of_at_most_the_chunk_size()
    {
        var input = new ExecInput();
        // A surrogate pair at every position, so some pair is cut by a piece boundary.
        string line = string.Concat(Enumerable.Repeat("ab\ud83d\ude00", 40000));
        var big = new byte[ExecInput.ChunkSize * 3 + 1];
        new Random(3).NextBytes(big);
        input.AddLine(line);
        input.AddBytes(big);
        List<byte[]> writes = await WritesAsync(input);
        Assert.All(writes, w => Assert.InRange(w.Length, 1, ExecInput.ChunkSize));
        byte[] all = writes.SelectMany(w => w).ToArray();
        byte[] text = Encoding.UTF8.GetBytes(line + "\n");
        Assert.Equal(text, all.Take(text.Length).ToArray());
        Assert.Equal(big, all.Skip(text.Length).ToArray());
    }

    [Fact]
    public async Task A_stream_is_read_to_its_end_and_written_as_it_is()
    {
        var data = new byte[200_000];
        new Random(5).NextBytes(data);
        var input = new ExecInput();
        input.AddLine("head");
        input.AddStream(new MemoryStream(data));
        byte[] all = await BytesAsync(input);
        Assert.Equal(Encoding.UTF8.GetBytes("head\n").Concat(data).ToArray(), all);
    }

    [Fact]
    public async Task Nothing_is_written_for_no_input()
    {
        var input = new ExecInput();
        Assert.Equal(0, input.Count);
        Assert.Empty(await WritesAsync(input));
    }
}
