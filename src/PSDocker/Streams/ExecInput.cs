using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PSDocker.Streams
{
    /// <summary>
    /// Pipeline input kept for a command's standard input (Invoke-ContainerCommand), and written to it in pieces once
    /// the command runs. Strings are lines: UTF-8 (no byte-order mark), each followed by "\n". A byte[] is written as it
    /// is, and so is a <see cref="Stream"/> (read to its end in 64 KiB pieces, never held whole). Single bytes, as
    /// PowerShell sends an enumerated byte[] or Get-Content -AsByteStream, are gathered into 64 KiB pieces as they come,
    /// so they cost a byte each, not a boxed object each. Everything else is given as its text by the caller.
    /// </summary>
    internal sealed class ExecInput
    {
        /// <summary>The size of one write to the engine, and of one piece of gathered bytes.</summary>
        internal const int ChunkSize = 64 * 1024;

        private readonly List<object> _items = new List<object>();
        private byte[]? _pending;
        private int _pendingCount;

        /// <summary>How many items (strings, byte pieces, streams) are waiting.</summary>
        internal int Count => _items.Count + (_pendingCount > 0 ? 1 : 0);

        /// <summary>Adds one line of text (written as UTF-8, then "\n").</summary>
        internal void AddLine(string line)
        {
            EndBytes();
            _items.Add(line ?? "");
        }

        /// <summary>Adds bytes written as they are. The array is kept, not copied: don't change it afterwards.</summary>
        internal void AddBytes(byte[] bytes)
        {
            EndBytes();
            if (bytes.Length > 0)
            {
                _items.Add(bytes);
            }
        }

        /// <summary>Adds one byte (gathered with the bytes that follow it into one piece).</summary>
        internal void AddByte(byte value)
        {
            if (_pending is null || _pendingCount == _pending.Length)
            {
                EndBytes();
                _pending = new byte[ChunkSize];
            }

            _pending[_pendingCount++] = value;
        }

        /// <summary>Adds a stream read to its end when the input is written (not disposed here).</summary>
        internal void AddStream(Stream stream)
        {
            EndBytes();
            _items.Add(stream ?? throw new ArgumentNullException(nameof(stream)));
        }

        /// <summary>
        /// Writes every item in order through <paramref name="write"/> (the exec stream's WriteAsync), in writes of at
        /// most <see cref="ChunkSize"/> bytes; lines are packed together up to that size. Items are let go of as they
        /// are written.
        /// </summary>
        internal async Task WriteToAsync(Func<byte[], int, int, CancellationToken, Task> write, CancellationToken cancel)
        {
            EndBytes();
            var buffer = new byte[ChunkSize];
            int used = 0;
            Encoder encoder = new UTF8Encoding(false).GetEncoder();
            var chars = new char[4096];

            async Task FlushAsync()
            {
                if (used > 0)
                {
                    await write(buffer, 0, used, cancel).ConfigureAwait(false);
                    used = 0;
                }
            }

            async Task EncodeAsync(string text, int start, int count)
            {
                int index = start;
                int end = start + count;
                while (index < end)
                {
                    int n = Math.Min(chars.Length, end - index);
                    text.CopyTo(index, chars, 0, n);
                    int offset = 0;
                    while (offset < n)
                    {
                        // Room for any one character (a pending surrogate plus the next one: at most 4 bytes, with margin).
                        if (buffer.Length - used < 16)
                        {
                            await FlushAsync().ConfigureAwait(false);
                        }

                        encoder.Convert(chars, offset, n - offset, buffer, used, buffer.Length - used, false,
                            out int charsUsed, out int bytesUsed, out _);
                        offset += charsUsed;
                        used += bytesUsed;
                    }

                    index += n;
                }
            }

            for (int i = 0; i < _items.Count; i++)
            {
                object item = _items[i];
                _items[i] = null!;
                switch (item)
                {
                    case string line:
                        await EncodeAsync(line, 0, line.Length).ConfigureAwait(false);
                        await EncodeAsync("\n", 0, 1).ConfigureAwait(false);
                        break;

                    case BytePiece piece:
                        await FlushAsync().ConfigureAwait(false);
                        await write(piece.Bytes, 0, piece.Count, cancel).ConfigureAwait(false);
                        break;

                    case byte[] bytes:
                        await FlushAsync().ConfigureAwait(false);
                        for (int offset = 0; offset < bytes.Length; offset += ChunkSize)
                        {
                            await write(bytes, offset, Math.Min(ChunkSize, bytes.Length - offset), cancel).ConfigureAwait(false);
                        }

                        break;

                    case Stream stream:
                        await FlushAsync().ConfigureAwait(false);
                        int read;
                        while ((read = await stream.ReadAsync(buffer, 0, buffer.Length, cancel).ConfigureAwait(false)) > 0)
                        {
                            await write(buffer, 0, read, cancel).ConfigureAwait(false);
                        }

                        break;
                }
            }

            _items.Clear();
            await FlushAsync().ConfigureAwait(false);
        }

        private void EndBytes()
        {
            if (_pending is not null && _pendingCount > 0)
            {
                _items.Add(new BytePiece(_pending, _pendingCount));
            }

            _pending = null;
            _pendingCount = 0;
        }

        private sealed class BytePiece
        {
            internal BytePiece(byte[] bytes, int count)
            {
                Bytes = bytes;
                Count = count;
            }

            internal byte[] Bytes { get; }

            internal int Count { get; }
        }
    }
}
