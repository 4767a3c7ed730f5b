using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Restarts containers, like docker restart.</para>
    /// <para type="description">A running container is stopped (its stop signal, then SIGKILL after -Timeout
    /// seconds) and started again; a stopped one is started.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Restart, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(Container))]
    public sealed class RestartContainerCommand : ContainerCommandBase
    {
        /// <summary>
        /// Seconds to wait for the container to stop before killing it (docker restart -t; the API's t). Without
        /// it, the container's own stop timeout, or 10 seconds.
        /// </summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Timeout { get; set; }

        /// <summary>Return each container, read back from the engine after it restarted.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string Action => "Restart";

        private protected override async Task ActAsync(string container, string shown)
        {
            var parameters = new ContainerRestartParameters();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)))
            {
                parameters.WaitBeforeKillSeconds = (uint)Timeout;
            }

            if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) && Timeout == 0)
            {
                // docker restart -t 0: kill, then start (see ContainerTargets.StopAtOnceAsync for why not t=0).
                await Targets.StopAtOnceAsync(container);
                await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.StartContainerAsync(container, new ContainerStartParameters(), token));
            }
            else
            {
                // The engine waits up to the stop timeout: no client-side limit (Ctrl+C still stops the wait).
                await RequestAsync(RequestLimit.None, async (e, token) =>
                {
                    await e.Client.Containers.RestartContainerAsync(container, parameters, token);
                    return true;
                });
            }
            if (PassThru)
            {
                WriteObject(await Targets.ReadBackAsync(container));
            }
        }
    }
}
