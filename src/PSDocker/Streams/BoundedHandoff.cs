using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PSDocker.Streams
{
    /// <summary>
    /// Hands items reported on other threads (the library's IProgress callbacks, such as the events stream's) to the
    /// pipeline thread, with backpressure: at most <c>capacity</c> items wait; a <see cref="Report"/> beyond that blocks
    /// the reporting thread (and so the library's read loop, and the engine's connection) until the pipeline has taken
    /// some. Memory stays flat however fast items come.
    /// <para>The producer calls <see cref="Report"/> and, when its stream ends, <see cref="Complete"/>; the consumer
    /// awaits <see cref="WaitAsync"/> and takes what is ready with <see cref="TryTake"/>, all it can before awaiting
    /// again. <see cref="Dispose"/> (or the token given to the constructor) releases a blocked producer at once: its
    /// Report throws OperationCanceledException, which ends the library's read loop.</para>
    /// </summary>
    internal sealed class BoundedHandoff<T> : IProgress<T>, IDisposable
        where T : class
    {
        private readonly object _gate = new object();
        private readonly Queue<T> _items = new Queue<T>();
        private readonly SemaphoreSlim _space;
        private readonly CancellationTokenSource _closed;
        private TaskCompletionSource<bool>? _consumerWaiting;
        private bool _completed;
        private Exception? _fault;
        private bool _disposed;
        private int _reporting;

        /// <param name="capacity">How many items may wait for the consumer (1 or more).</param>
        /// <param name="cancel">Cancelled when the consumer stops (Ctrl+C): releases a blocked producer.</param>
        internal BoundedHandoff(int capacity, CancellationToken cancel)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity));
            }

            Capacity = capacity;
            _space = new SemaphoreSlim(capacity, capacity);
            _closed = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        }

        /// <summary>How many items may wait for the consumer.</summary>
        internal int Capacity { get; }

        /// <summary>How many items wait now.</summary>
        internal int Count
        {
            get
            {
                lock (_gate)
                {
                    return _items.Count;
                }
            }
        }

        /// <summary>
        /// Adds an item, waiting while <see cref="Capacity"/> items wait already. Null is ignored. Throws
        /// OperationCanceledException once the handoff is disposed or its token cancelled.
        /// </summary>
        public void Report(T value)
        {
            if (value is null)
            {
                return;
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    throw new OperationCanceledException("The handoff is closed.");
                }

                _reporting++;
            }

            TaskCompletionSource<bool>? wake;
            try
            {
                _space.Wait(_closed.Token);
                lock (_gate)
                {
                    _items.Enqueue(value);
                    wake = _consumerWaiting;
                    _consumerWaiting = null;
                }
            }
            finally
            {
                // The last producer out of a disposed handoff frees what Dispose could not while it waited.
                bool free;
                lock (_gate)
                {
                    free = --_reporting == 0 && _disposed;
                }

                if (free)
                {
                    Free();
                }
            }

            wake?.TrySetResult(true);
        }

        /// <summary>The producer's stream has ended: with <paramref name="fault"/>, <see cref="WaitAsync"/> throws it once the items before it are taken.</summary>
        internal void Complete(Exception? fault = null)
        {
            TaskCompletionSource<bool>? wake;
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                _completed = true;
                _fault = fault;
                wake = _consumerWaiting;
                _consumerWaiting = null;
            }

            wake?.TrySetResult(true);
        }

        /// <summary>Takes a waiting item without waiting: false when none is ready (then <see cref="WaitAsync"/>).</summary>
        internal bool TryTake(out T item)
        {
            lock (_gate)
            {
                if (_items.Count == 0)
                {
                    item = null!;
                    return false;
                }

                item = _items.Dequeue();
                if (!_disposed)
                {
                    _space.Release();
                }
            }

            return true;
        }

        /// <summary>
        /// Waits until an item is ready (true) or the producer has completed with none left (false; its fault, if any,
        /// is thrown). Throws OperationCanceledException at once when <paramref name="cancel"/> is cancelled.
        /// </summary>
        internal async Task<bool> WaitAsync(CancellationToken cancel)
        {
            while (true)
            {
                cancel.ThrowIfCancellationRequested();
                Task<bool> wait;
                lock (_gate)
                {
                    if (_items.Count > 0)
                    {
                        return true;
                    }

                    if (_completed)
                    {
                        if (_fault is not null)
                        {
                            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_fault).Throw();
                        }

                        return false;
                    }

                    _consumerWaiting ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _consumerWaiting.Task;
                }

                await EngineClientCache.WaitAsync(wait, cancel).ConfigureAwait(true);
            }
        }

        /// <summary>
        /// Releases a blocked producer (its Report throws OperationCanceledException) and refuses further items; frees the
        /// token source linked to the constructor's token, and the semaphore, once no producer is inside Report.
        /// </summary>
        public void Dispose()
        {
            bool free;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                free = _reporting == 0;
            }

            if (free)
            {
                Free();
                return;
            }

            try
            {
                _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The last producer has just left and freed it.
            }
        }

        private void Free()
        {
            _closed.Cancel();
            _closed.Dispose();
            _space.Dispose();
        }
    }
}
