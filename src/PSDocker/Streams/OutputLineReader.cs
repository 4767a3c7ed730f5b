using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;

namespace PSDocker.Streams
{
    /// <summary>
    /// Reads a container's output stream (attach, logs, exec) line by line, each line as soon as its newline
    /// arrives. The stream is the library's <see cref="MultiplexedStream"/>: frames of
    /// [stream type, 0, 0, 0, big-endian uint32 size] + payload when the container has no TTY (type 1 stdout,
    /// 2 stderr, 0 stdin written as stdout), raw bytes (all stdout) with a TTY; the library reads the frame
    /// headers, this reader the lines (<see cref="LineSplitter"/>). Memory stays flat: one read buffer and at
    /// most one unfinished line per stream.
    /// <para>Cancellation: <see cref="ReadLineAsync"/> returns at once when its token is cancelled, whether or not
    /// the transport honours the token, and the stream is then closed (the pending read ends in the background).
    /// The reader owns the stream: dispose it to close the connection.</para>
    /// </summary>
    internal sealed class OutputLineReader : IDisposable
    {
        private const int BufferSize = 16 * 1024;

        private readonly MultiplexedStream _stream;
        private readonly LineSplitter _splitter;
        private readonly Queue<OutputLine> _ready = new Queue<OutputLine>();
        private readonly byte[] _buffer = new byte[BufferSize];
        private bool _ended;
        private bool _disposed;

        /// <param name="stream">The output stream; the reader owns it.</param>
        /// <param name="maxLineLength">The longest line given whole (see <see cref="LineSplitter"/>).</param>
        /// <param name="timestamped">True for a logs stream asked for with timestamps=1: each line gets the engine's
        /// time, and a line the log driver cut into 16 KiB partial messages comes out whole (see <see cref="LineSplitter"/>).</param>
        internal OutputLineReader(MultiplexedStream stream, int maxLineLength = LineSplitter.DefaultMaxLineLength, bool timestamped = false)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _splitter = new LineSplitter(maxLineLength, timestamped);
        }

        /// <summary>
        /// The next line, or null at the end of the output. Completes as soon as a whole line has arrived;
        /// throws OperationCanceledException (and closes the stream) when <paramref name="cancel"/> is cancelled.
        /// </summary>
        internal async Task<OutputLine?> ReadLineAsync(CancellationToken cancel)
        {
            await FillAsync(cancel).ConfigureAwait(false);
            return _ready.Count > 0 ? _ready.Dequeue() : (OutputLine?)null;
        }

        /// <summary>
        /// A line that has already arrived, without waiting: false when none is ready (then <see cref="FillAsync"/>).
        /// For readers of many lines (logs): take every ready line with this, and await only when none is left, so a
        /// line costs no task of its own.
        /// </summary>
        internal bool TryReadLine(out OutputLine line)
        {
            if (_ready.Count > 0)
            {
                line = _ready.Dequeue();
                return true;
            }

            line = default;
            return false;
        }

        /// <summary>
        /// Waits until at least one whole line is ready for <see cref="TryReadLine"/>, or the output has ended. True
        /// when a line is ready, false at the end with none left. Cancellation as <see cref="ReadLineAsync"/>.
        /// </summary>
        internal async Task<bool> FillAsync(CancellationToken cancel)
        {
            while (_ready.Count == 0 && !_ended)
            {
                cancel.ThrowIfCancellationRequested();
                Task<MultiplexedStream.ReadResult> read = _stream.ReadOutputAsync(_buffer, 0, _buffer.Length, cancel);
                MultiplexedStream.ReadResult result;
                try
                {
                    result = await EngineClientCache.WaitAsync(read, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    Abandon(read);
                    throw;
                }

                if (result.EOF)
                {
                    _ended = true;
                    _splitter.Flush(_ready);
                    break;
                }

                OutputStreamKind kind = result.Target == MultiplexedStream.TargetStream.StandardError
                    ? OutputStreamKind.StandardError
                    : OutputStreamKind.StandardOutput;
                _splitter.Add(kind, _buffer, 0, result.Count, _ready);
            }

            return _ready.Count > 0;
        }

        /// <summary>Closes the stream under a read that was given up, and observes how that read ends.</summary>
        private void Abandon(Task read)
        {
            Dispose();
            read.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                _stream.Dispose();
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
