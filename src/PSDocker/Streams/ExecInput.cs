using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PSDocker.Streams
{
    /// <summary>
    /// A command's standard input (Invoke-ContainerCommand), written to the exec stream as the pipeline input arrives.
    /// Strings are lines: UTF-8 (no byte-order mark), each followed by "\n". A byte[], single bytes (as PowerShell sends
    /// an enumerated byte[] or Get-Content -AsByteStream) and a <see cref="Stream"/> (read to its end, never held whole)
    /// are written as they are. Everything else is given as its text by the caller.
    /// <para>Items are gathered into a buffer of <see cref="ChunkSize"/> bytes; whenever no write is in flight, what is
    /// gathered is written at once (so a slow producer's line reaches the command as soon as it is piped), and while a
    /// write is in flight the next items are gathered behind it. Only when that buffer is full does an Add wait for the
    /// write (backpressure): at most two buffers are ever held, whatever the size of the input. Not thread-safe: one
    /// caller (the pipeline thread) at a time.</para>
    /// </summary>
    internal sealed class ExecInput
    {
        /// <summary>The size of one write to the engine (the most held in one buffer).</summary>
        internal const int ChunkSize = 64 * 1024;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        private readonly Func<byte[], int, int, CancellationToken, Task> _write;
        private readonly CancellationToken _cancel;
        private byte[] _buffer = new byte[ChunkSize];
        private byte[] _spare = new byte[ChunkSize];
        private int _used;
        private Task _writing = Task.CompletedTask;

        /// <param name="write">The exec stream's WriteAsync (it must not keep the buffer after its task ends).</param>
        /// <param name="cancel">Ends every write and read (Ctrl+C).</param>
        internal ExecInput(Func<byte[], int, int, CancellationToken, Task> write, CancellationToken cancel)
        {
            _write = write ?? throw new ArgumentNullException(nameof(write));
            _cancel = cancel;
        }

        /// <summary>How many bytes are gathered and not yet handed to a write.</summary>
        internal int Pending => _used;

        /// <summary>
        /// Adds one line of text (UTF-8, then "\n"). Completes at once unless the buffer filled up behind a write in
        /// flight; then when there is room again. A failed write faults the task (an IOException when the command
        /// stopped reading).
        /// </summary>
        internal Task AddLineAsync(string line)
        {
            line ??= "";
            if (Utf8.GetMaxByteCount(line.Length + 1) <= ChunkSize - _used)
            {
                _used += Utf8.GetBytes(line, 0, line.Length, _buffer, _used);
                _buffer[_used++] = (byte)'\n';
                return Kick();
            }

            return AddLongLineAsync(line);
        }

        /// <summary>Adds bytes written as they are (copied: the array may change afterwards). Completes as <see cref="AddLineAsync"/>.</summary>
        internal Task AddBytesAsync(byte[] bytes)
        {
            if (bytes is null)
            {
                throw new ArgumentNullException(nameof(bytes));
            }

            if (bytes.Length <= ChunkSize - _used)
            {
                Buffer.BlockCopy(bytes, 0, _buffer, _used, bytes.Length);
                _used += bytes.Length;
                return Kick();
            }

            return AddBigBytesAsync(bytes);
        }

        /// <summary>Adds one byte. Completes as <see cref="AddLineAsync"/>.</summary>
        internal Task AddByteAsync(byte value)
        {
            if (_used < ChunkSize)
            {
                _buffer[_used++] = value;
                return Kick();
            }

            return AddByteLateAsync(value);
        }

        /// <summary>
        /// Reads <paramref name="stream"/> to its end (not disposed here) and adds what it gives. A failure of the
        /// stream's own read is raised as <see cref="ExecInputReadException"/> (what was read before it is written).
        /// </summary>
        internal async Task AddStreamAsync(Stream stream)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            while (true)
            {
                if (_used == ChunkSize)
                {
                    await MakeRoomAsync().ConfigureAwait(false);
                }

                int read;
                try
                {
                    read = await stream.ReadAsync(_buffer, _used, ChunkSize - _used, _cancel).ConfigureAwait(false);
                }
                catch (Exception e) when (!(e is OperationCanceledException && _cancel.IsCancellationRequested))
                {
                    throw new ExecInputReadException(e);
                }

                if (read <= 0)
                {
                    return;
                }

                _used += read;
                await Kick().ConfigureAwait(false);
            }
        }

        /// <summary>Writes everything gathered and waits for the last write: after it, the input may be closed.</summary>
        internal async Task CompleteAsync()
        {
            await MakeRoomAsync().ConfigureAwait(false);
            await _writing.ConfigureAwait(false);
        }

        /// <summary>Hands what is gathered to a write when none is in flight (raising a finished write's failure).</summary>
        private Task Kick()
        {
            if (!_writing.IsCompleted)
            {
                return Task.CompletedTask;
            }

            if (_writing.Status != TaskStatus.RanToCompletion)
            {
                return _writing;
            }

            if (_used > 0)
            {
                StartWrite();
            }

            return Task.CompletedTask;
        }

        /// <summary>Waits for the write in flight, then hands what is gathered to the next one: the buffer is empty after.</summary>
        private async Task MakeRoomAsync()
        {
            await _writing.ConfigureAwait(false);
            if (_used > 0)
            {
                StartWrite();
            }
        }

        private void StartWrite()
        {
            (_buffer, _spare) = (_spare, _buffer);
            int count = _used;
            _used = 0;
            _writing = _write(_spare, 0, count, _cancel);
        }

        private async Task AddLongLineAsync(string line)
        {
            Encoder encoder = Utf8.GetEncoder();
            var chars = new char[4096];
            int index = 0;
            while (index < line.Length)
            {
                int n = Math.Min(chars.Length, line.Length - index);
                line.CopyTo(index, chars, 0, n);
                int offset = 0;
                while (offset < n)
                {
                    // Room for any one character (a pending surrogate plus the next one: at most 4 bytes, with margin).
                    if (ChunkSize - _used < 16)
                    {
                        await MakeRoomAsync().ConfigureAwait(false);
                    }

                    encoder.Convert(chars, offset, n - offset, _buffer, _used, ChunkSize - _used, index + n == line.Length,
                        out int charsUsed, out int bytesUsed, out _);
                    offset += charsUsed;
                    _used += bytesUsed;
                }

                index += n;
            }

            if (_used == ChunkSize)
            {
                await MakeRoomAsync().ConfigureAwait(false);
            }

            _buffer[_used++] = (byte)'\n';
            await Kick().ConfigureAwait(false);
        }

        private async Task AddBigBytesAsync(byte[] bytes)
        {
            int offset = 0;
            while (offset < bytes.Length)
            {
                if (_used == ChunkSize)
                {
                    await MakeRoomAsync().ConfigureAwait(false);
                }

                int n = Math.Min(ChunkSize - _used, bytes.Length - offset);
                Buffer.BlockCopy(bytes, offset, _buffer, _used, n);
                _used += n;
                offset += n;
            }

            await Kick().ConfigureAwait(false);
        }

        private async Task AddByteLateAsync(byte value)
        {
            await MakeRoomAsync().ConfigureAwait(false);
            _buffer[_used++] = value;
            await Kick().ConfigureAwait(false);
        }
    }

    /// <summary>A piped stream failed while it was read for a command's standard input (the stream's own error inside).</summary>
    internal sealed class ExecInputReadException : Exception
    {
        internal ExecInputReadException(Exception inner)
            : base(inner.Message, inner)
        {
        }
    }
}
