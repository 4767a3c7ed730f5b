using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace PSDocker.Streams
{
    /// <summary>
    /// The streams a -Follow cmdlet (Get-ContainerLog, Get-SwarmServiceLog) opens for each input and reads together once
    /// every input is known: each is closed at once on Ctrl+C (the token), and all of them when the call ends, also when
    /// a later input's terminating error skips EndProcessing (the cmdlet's Dispose cancels the token).
    /// </summary>
    internal sealed class FollowedStreams<T> : IDisposable where T : class
    {
        private readonly List<T> _items = new List<T>();
        private readonly List<CancellationTokenRegistration> _closeOnCancel = new List<CancellationTokenRegistration>();
        private readonly Func<T, IDisposable> _stream;

        /// <param name="stream">The stream of an item, closed on Ctrl+C and at the end.</param>
        internal FollowedStreams(Func<T, IDisposable> stream) => _stream = stream;

        internal int Count => _items.Count;

        /// <summary>Keeps <paramref name="item"/> to be read later; its stream is closed when <paramref name="cancel"/> is cancelled.</summary>
        internal void Add(T item, CancellationToken cancel)
        {
            _items.Add(item);
            _closeOnCancel.Add(cancel.Register(_stream(item).Dispose));
        }

        /// <summary>
        /// Reads every item at once (their lines merged as they come), until all have ended. When one read fails, the other
        /// streams are closed at once, so the failure is thrown now rather than when every stream has ended (never, under
        /// -Follow); the other reads' errors from being closed are not reported.
        /// </summary>
        internal async Task ReadAllAsync(Func<T, Task> read)
        {
            Exception? first = null;
            var gate = new object();
            await Task.WhenAll(_items.Select(async item =>
            {
                try
                {
                    await read(item);
                }
                catch (Exception e)
                {
                    lock (gate)
                    {
                        if (first is not null)
                        {
                            return;
                        }

                        first = e;
                    }

                    foreach (T other in _items.Where(o => !ReferenceEquals(o, item)))
                    {
                        _stream(other).Dispose();
                    }
                }
            }).ToList());
            if (first is not null)
            {
                ExceptionDispatchInfo.Capture(first).Throw();
            }
        }

        /// <summary>Closes every stream and drops the registrations.</summary>
        public void Dispose()
        {
            _items.ForEach(i => _stream(i).Dispose());
            _closeOnCancel.ForEach(r => r.Dispose());
            _closeOnCancel.Clear();
        }
    }
}
