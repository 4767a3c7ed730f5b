using System;
using System.Threading;
using Docker.DotNet.Models;

namespace PSDocker.Streams
{
    /// <summary>
    /// Watches the JSON message stream of a pull (and later push, build, load) for the error the engine sends
    /// inside the stream once it has answered 200: {"errorDetail":{"message":...},"error":...}. The library ends
    /// such a stream without an exception, so a caller asks <see cref="Error"/> afterwards: a failed pull must
    /// not look like success. Report is called on the library's reading thread: it only records.
    /// </summary>
    internal sealed class JsonMessageCheck : IProgress<JSONMessage>
    {
        private string? _error;
        private string? _lastStatus;

        /// <summary>The first error message the stream carried, or null.</summary>
        internal string? Error => Volatile.Read(ref _error);

        /// <summary>The last status line ("Status: Downloaded newer image for ..."), or null.</summary>
        internal string? LastStatus => Volatile.Read(ref _lastStatus);

        public void Report(JSONMessage value)
        {
            if (value is null)
            {
                return;
            }

            string? error = value.Error?.Message;
            if (!string.IsNullOrEmpty(error))
            {
                Interlocked.CompareExchange(ref _error, error, null);
            }

            if (!string.IsNullOrEmpty(value.Status))
            {
                Volatile.Write(ref _lastStatus, value.Status);
            }
        }
    }
}
