using System;
using System.Threading;
using System.Threading.Tasks;
using PSDocker.Commands;

namespace PSDocker.Readiness
{
    /// <summary>
    /// A probe's requests: sent through the cmdlet's <see cref="IEngineRequests"/> (its time limit, Ctrl+C), and also ended
    /// at once by the probe's own token (the timeout, the container exited, the wait given up): that token is linked into
    /// the request's, and the wait for the answer ends when it is cancelled.
    /// </summary>
    internal sealed class ProbeRequests : IEngineRequests
    {
        private readonly IEngineRequests _engine;
        private readonly CancellationToken _cancel;

        internal ProbeRequests(IEngineRequests engine, CancellationToken cancel)
        {
            _engine = engine;
            _cancel = cancel;
        }

        public Task<T> RequestAsync<T>(Func<EngineConnection, CancellationToken, Task<T>> request, RequestLimit limit)
        {
            _cancel.ThrowIfCancellationRequested();
            return _engine.RequestAsync(async (e, token) =>
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, _cancel);
                return await EngineClientCache.WaitAsync(request(e, linked.Token), linked.Token).ConfigureAwait(false);
            }, limit);
        }
    }
}

namespace PSDocker.Readiness
{
    /// <summary>Work given up on while still running: its failure is observed (never an unobserved task exception).</summary>
    internal static class Abandoned
    {
        internal static void Observe(Task task) =>
            task.ContinueWith(t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
