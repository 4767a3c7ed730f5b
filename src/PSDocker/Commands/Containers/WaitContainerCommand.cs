using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits until containers stop and returns their exit codes, like docker wait.</para>
    /// <para type="description">For each container in turn, waits until it is not running (at once for one
    /// that has stopped) and writes its exit code (an Int32) to the pipeline. There is no time limit unless
    /// -Timeout gives one; Ctrl+C stops the wait and leaves the containers as they are.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "Container", DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(int))]
    public sealed class WaitContainerCommand : ContainerCommandBase
    {
        /// <summary>Error id for a container still running after -Timeout seconds (category OperationTimeout).</summary>
        internal const string TimeoutErrorId = "ContainerWaitTimeout";

        /// <summary>
        /// Seconds to wait for each container, 1 or more. A container still running then writes a
        /// ContainerWaitTimeout error (OperationTimeout) and is left running; the next one is waited for.
        /// Without it, the wait has no limit.
        /// </summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        private protected override string Action => "Wait";

        private protected override async Task ActAsync(string container, string shown)
        {
            bool limited = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout));
            using var timeout = new CancellationTokenSource();
            if (limited)
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(Timeout));
            }

            ContainerWaitResponse response;
            try
            {
                response = await RequestAsync(RequestLimit.None, async (e, token) =>
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
                    // WaitAsync stops waiting at once on Ctrl+C or the timeout, whether or not the library's read notices.
                    return await EngineClientCache.WaitAsync(e.Client.Containers.WaitContainerAsync(container, linked.Token), linked.Token);
                });
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !CancelToken.IsCancellationRequested)
            {
                throw new PSDockerException($"The container '{shown}' was still running after {Timeout} seconds.", TimeoutErrorId,
                    ErrorCategory.OperationTimeout, shown);
            }

            if (!string.IsNullOrEmpty(response.Error?.Message))
            {
                WriteWarning($"The engine reported an error waiting for '{shown}': {response.Error!.Message}");
            }

            WriteObject((int)response.StatusCode);
        }
    }
}
