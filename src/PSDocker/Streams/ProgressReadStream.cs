using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace PSDocker.Streams
{
    /// <summary>
    /// A read-only pass-through stream that counts the bytes read from it, for upload progress (an archive sent to
    /// docker load, a build context). The HTTP client reads it on its own threads: <see cref="BytesRead"/> is safe
    /// to read from the pipeline thread, which draws the progress bar.
    /// </summary>
    internal sealed class ProgressReadStream : Stream
    {
        private readonly Stream _inner;
        private long _read;

        internal ProgressReadStream(Stream inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

        /// <summary>The bytes read so far.</summary>
        internal long BytesRead => Interlocked.Read(ref _read);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int n)
        {
            Interlocked.Add(ref _read, n);
            return n;
        }
    }
}
