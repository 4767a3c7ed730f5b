using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace PSDocker.Streams
{
    /// <summary>
    /// Streams a <see cref="BuildContext"/> (or any tar a writer makes: the source of Copy-ContainerItem) as tar into a
    /// request body while the files are read: a producer on its
    /// own thread writes entries into a pipe (at most about 1 MiB waits in it), the HTTP request reads the other end
    /// (<see cref="Body"/>). Nothing is held whole in memory and no temporary file is written. The producer stops at
    /// once when the token is cancelled (Ctrl+C) or the request stops reading (<see cref="Dispose"/>); a file that
    /// cannot be read fails the request with the producer's error (<see cref="ProducerError"/>).
    /// </summary>
    internal sealed class ContextUpload : IDisposable
    {
        private readonly Pipe _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 64 * 1024, useSynchronizationContext: false));
        private readonly CancellationTokenSource _stop;
        private readonly CountingReadStream _body;
        private readonly Action<ITarSink, CancellationToken> _write;
        private Exception? _producerError;

        internal ContextUpload(BuildContext context, CancellationToken cancel)
            : this(context.WriteTo, cancel) => Context = context;

        /// <summary>Streams the tar that <paramref name="write"/> writes (on the producer's thread) into <see cref="Body"/>.</summary>
        internal ContextUpload(Action<ITarSink, CancellationToken> write, CancellationToken cancel)
        {
            _write = write;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            _body = new CountingReadStream(_pipe.Reader.AsStream());
            Producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>The context being sent (null for a tar made by another writer).</summary>
        internal BuildContext? Context { get; }

        /// <summary>The request body: the tar stream, read as it is written.</summary>
        internal Stream Body => _body;

        /// <summary>Bytes the request has read from the pipe so far (sent, or about to be sent, to the engine).</summary>
        internal long BytesSent => _body.Count;

        /// <summary>Ends when the whole context has been written (or writing failed or stopped).</summary>
        internal Task Producer { get; }

        /// <summary>Why the producer failed (a file that could not be read, ...), or null.</summary>
        internal Exception? ProducerError => Volatile.Read(ref _producerError);

        private void Produce()
        {
            try
            {
                using (var output = new PipeWriterStream(_pipe.Writer, _stop.Token))
                using (ITarSink tar = TarSink.Create(output))
                {
                    _write(tar, _stop.Token);
                    tar.Finish();
                }

                _pipe.Writer.Complete();
            }
            catch (Exception e)
            {
                if (!(e is OperationCanceledException))
                {
                    Volatile.Write(ref _producerError, e);
                }

                _pipe.Writer.Complete(e is OperationCanceledException ? new IOException("The build context upload was stopped.", e) : e);
            }
        }

        /// <summary>
        /// Stops the producer (if still writing) and waits up to 10 seconds for it to end; the stop token's source is
        /// disposed once the producer has ended.
        /// </summary>
        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _pipe.Reader.Complete();
            }
            catch (InvalidOperationException)
            {
                // A read still pending (the request being torn down): the cancel above ends the producer anyway.
            }
            try
            {
                Producer.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
            }

            if (Producer.IsCompleted)
            {
                _stop.Dispose();
            }
            else
            {
                // Still writing after the wait: its token source goes once it has ended, not under it.
                CancellationTokenSource stop = _stop;
                Producer.ContinueWith(_ => stop.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        /// <summary>A write-only stream over a PipeWriter, blocking while the pipe is full.</summary>
        private sealed class PipeWriterStream : Stream
        {
            private readonly PipeWriter _writer;
            private readonly CancellationToken _cancel;

            internal PipeWriterStream(PipeWriter writer, CancellationToken cancel)
            {
                _writer = writer;
                _cancel = cancel;
            }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Write(byte[] buffer, int offset, int count)
            {
                if (count == 0)
                {
                    return;
                }

                FlushResult result = _writer.WriteAsync(new ReadOnlyMemory<byte>(buffer, offset, count), _cancel).AsTask().GetAwaiter().GetResult();
                if (result.IsCompleted || result.IsCanceled)
                {
                    // The request stopped reading (the engine answered, failed, or the call was cancelled).
                    throw new OperationCanceledException("The engine stopped reading the build context.");
                }
            }

#if NET8_0_OR_GREATER
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                if (buffer.Length == 0)
                {
                    return;
                }

                Span<byte> target = _writer.GetSpan(buffer.Length);
                if (target.Length >= buffer.Length)
                {
                    buffer.CopyTo(target);
                    _writer.Advance(buffer.Length);
                    FlushResult result = _writer.FlushAsync(_cancel).AsTask().GetAwaiter().GetResult();
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        throw new OperationCanceledException("The engine stopped reading the build context.");
                    }

                    return;
                }

                byte[] copy = buffer.ToArray();
                Write(copy, 0, copy.Length);
            }
#endif

            public override void Flush()
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }

        /// <summary>A read stream that counts the bytes read through it.</summary>
        private sealed class CountingReadStream : Stream
        {
            private readonly Stream _inner;
            private long _count;

            internal CountingReadStream(Stream inner) => _inner = inner;

            internal long Count => Interlocked.Read(ref _count);

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = _inner.Read(buffer, offset, count);
                Interlocked.Add(ref _count, n);
                return n;
            }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                int n = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _count, n);
                return n;
            }

#if NET8_0_OR_GREATER
            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                int n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _count, n);
                return n;
            }
#endif

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
