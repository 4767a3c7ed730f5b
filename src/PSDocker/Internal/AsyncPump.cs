using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace PSDocker
{
    /// <summary>
    /// Runs async work on the calling (pipeline) thread: every await continuation, and every
    /// Progress&lt;T&gt; callback created inside, is posted back here and run in order, so cmdlet
    /// code may call WriteObject/WriteProgress freely after an await. Never blocks on .Result.
    /// </summary>
    internal static class AsyncPump
    {
        internal static void Run(Func<Task> work)
        {
            SynchronizationContext? previous = SynchronizationContext.Current;
            var context = new PumpContext();
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                context.OperationStarted();
                Task task;
                try
                {
                    task = work();
                }
                catch
                {
                    context.OperationCompleted();
                    throw;
                }

                task.ContinueWith(_ => context.OperationCompleted(), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                context.RunOnCurrentThread();
                task.GetAwaiter().GetResult();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }
        }

        private sealed class PumpContext : SynchronizationContext
        {
            private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue =
                new BlockingCollection<(SendOrPostCallback, object?)>();

            private int _operations;

            public override void Post(SendOrPostCallback d, object? state)
            {
                try
                {
                    _queue.Add((d, state));
                }
                catch (InvalidOperationException)
                {
                    // The pump has finished: run the late continuation on the thread pool instead.
                    ThreadPool.QueueUserWorkItem(_ => d(state));
                }
            }

            public override void Send(SendOrPostCallback d, object? state) =>
                throw new NotSupportedException("Synchronous Send is not supported on the pipeline pump.");

            public override SynchronizationContext CreateCopy() => this;

            public override void OperationStarted() => Interlocked.Increment(ref _operations);

            public override void OperationCompleted()
            {
                if (Interlocked.Decrement(ref _operations) == 0)
                {
                    _queue.CompleteAdding();
                }
            }

            internal void RunOnCurrentThread()
            {
                foreach (var (callback, state) in _queue.GetConsumingEnumerable())
                {
                    callback(state);
                }
            }
        }
    }
}
