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
    /// <para>Read-ahead (for many lines, such as a long log): a background loop reads and splits the stream while the
    /// caller writes the lines it has, up to a bound of lines and characters, so the caller (the pipeline thread) wakes
    /// once per batch of lines rather than once per frame, and memory stays flat. Lines, order and cancellation are
    /// the same as without it.</para>
    /// </summary>
    internal sealed class OutputLineReader : IDisposable
    {
        private const int BufferSize = 16 * 1024;

        private readonly MultiplexedStream _stream;
        private readonly LineSplitter _splitter;
        private readonly byte[] _buffer = new byte[BufferSize];
        private Queue<OutputLine> _ready = new Queue<OutputLine>();
        private bool _ended;
        private bool _disposed;

        // Read-ahead: lines the background loop has made, handed over under _gate.
        private readonly int _readAheadLines;
        private readonly long _readAheadChars;
        private readonly object _gate = new object();
        private readonly CancellationTokenSource _stopReading = new CancellationTokenSource();
        private Queue<OutputLine> _produced = new Queue<OutputLine>();
        private long _producedChars;
        private Task? _producer;
        private bool _producerEnded;
        private Exception? _producerFault;
        private TaskCompletionSource<bool>? _consumerWaiting;
        private TaskCompletionSource<bool>? _producerWaiting;

        /// <param name="stream">The output stream; the reader owns it.</param>
        /// <param name="maxLineLength">The longest line given whole (see <see cref="LineSplitter"/>).</param>
        /// <param name="timestamped">True for a logs stream asked for with timestamps=1: each line gets the engine's
        /// time, and a line the log driver cut into 16 KiB partial messages comes out whole (see <see cref="LineSplitter"/>).</param>
        /// <param name="readAheadLines">0: read only when asked. More: read ahead in the background, holding at most
        /// about this many lines (and <paramref name="readAheadChars"/> characters) that the caller has not taken.</param>
        /// <param name="readAheadChars">The bound on the characters held by the read-ahead.</param>
        internal OutputLineReader(MultiplexedStream stream, int maxLineLength = LineSplitter.DefaultMaxLineLength, bool timestamped = false,
            int readAheadLines = 0, long readAheadChars = 4 * 1024 * 1024)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _splitter = new LineSplitter(maxLineLength, timestamped);
            _readAheadLines = readAheadLines;
            _readAheadChars = readAheadChars;
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
            if (_readAheadLines > 0)
            {
                return _ready.Count > 0 || await TakeReadAheadAsync(cancel).ConfigureAwait(false);
            }

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

        /// <summary>Read-ahead: waits for the background loop's next lines and takes them all (the caller's queue is empty).</summary>
        private async Task<bool> TakeReadAheadAsync(CancellationToken cancel)
        {
            if (_producer is null)
            {
                CancellationToken stop;
                try
                {
                    stop = _stopReading.Token;
                }
                catch (ObjectDisposedException)
                {
                    // Disposed before the first read (Ctrl+C on a followed log): the loop ends at once, as the output's end.
                    stop = new CancellationToken(canceled: true);
                }

                _producer = Task.Run(() => ProduceAsync(stop));
            }

            while (true)
            {
                cancel.ThrowIfCancellationRequested();
                TaskCompletionSource<bool>? wait = null;
                TaskCompletionSource<bool>? producer = null;
                lock (_gate)
                {
                    if (_produced.Count > 0)
                    {
                        (_ready, _produced) = (_produced, _ready);
                        _producedChars = 0;
                        producer = _producerWaiting;
                        _producerWaiting = null;
                    }
                    else if (_producerEnded)
                    {
                        _ended = true;
                        if (_producerFault is not null && !_disposed)
                        {
                            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_producerFault).Throw();
                        }

                        return false;
                    }
                    else
                    {
                        wait = _consumerWaiting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                if (wait is null)
                {
                    producer?.TrySetResult(true);
                    return true;
                }

                try
                {
                    await EngineClientCache.WaitAsync(wait.Task, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    Dispose();
                    throw;
                }
            }
        }

        /// <summary>Read-ahead: the background loop that reads and splits the stream and hands the lines over in batches.</summary>
        private async Task ProduceAsync(CancellationToken stop)
        {
            var made = new Queue<OutputLine>();
            try
            {
                while (true)
                {
                    MultiplexedStream.ReadResult result = await _stream.ReadOutputAsync(_buffer, 0, _buffer.Length, stop).ConfigureAwait(false);
                    if (result.EOF)
                    {
                        _splitter.Flush(made);
                        await HandOverAsync(made, stop).ConfigureAwait(false);
                        break;
                    }

                    OutputStreamKind kind = result.Target == MultiplexedStream.TargetStream.StandardError
                        ? OutputStreamKind.StandardError
                        : OutputStreamKind.StandardOutput;
                    _splitter.Add(kind, _buffer, 0, result.Count, made);
                    if (made.Count > 0)
                    {
                        await HandOverAsync(made, stop).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _producerFault = e;
                }
            }
            finally
            {
                TaskCompletionSource<bool>? consumer;
                lock (_gate)
                {
                    _producerEnded = true;
                    consumer = _consumerWaiting;
                    _consumerWaiting = null;
                }

                consumer?.TrySetResult(true);
            }
        }

        /// <summary>Moves <paramref name="made"/> to the caller's side, first waiting while the caller holds its bound.</summary>
        private async Task HandOverAsync(Queue<OutputLine> made, CancellationToken stop)
        {
            while (made.Count > 0)
            {
                TaskCompletionSource<bool>? consumer = null;
                TaskCompletionSource<bool>? wait = null;
                lock (_gate)
                {
                    if (_produced.Count < _readAheadLines && _producedChars < _readAheadChars)
                    {
                        while (made.Count > 0)
                        {
                            OutputLine line = made.Dequeue();
                            _producedChars += line.Text.Length;
                            _produced.Enqueue(line);
                        }

                        consumer = _consumerWaiting;
                        _consumerWaiting = null;
                    }
                    else
                    {
                        wait = _producerWaiting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                consumer?.TrySetResult(true);
                if (wait is not null)
                {
                    await EngineClientCache.WaitAsync(wait.Task, stop).ConfigureAwait(false);
                }
            }
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
                _stopReading.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }

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

            // The read-ahead loop took its token when it started and has been told to stop: nothing waits on the source now.
            _stopReading.Dispose();
        }
    }
}
