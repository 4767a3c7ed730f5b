using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Stops running containers, like docker stop, or kills them, like docker kill.</para>
    /// <para type="description">The engine sends the container's stop signal (SIGTERM unless the image or
    /// -StopSignal says otherwise) and, after -Timeout seconds, SIGKILL. -Kill sends SIGKILL at once; -Signal
    /// sends another signal (docker kill --signal). A container that is already stopped is not an error (as
    /// docker stop); killing one that is not running is (ContainerNotRunning, as docker kill).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(Container))]
    public sealed class StopContainerCommand : ContainerCommandBase
    {
        /// <summary>
        /// Seconds to wait for the container to stop before killing it (docker stop -t; the API's t). 0 kills at
        /// once after the stop signal. Without it, the container's own stop timeout (docker run --stop-timeout),
        /// or 10 seconds. Cannot be combined with -Kill or -Signal.
        /// </summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Timeout { get; set; }

        /// <summary>Kill the containers with SIGKILL at once, as docker kill does.</summary>
        [Parameter]
        public SwitchParameter Kill { get; set; }

        /// <summary>
        /// Kill the containers with this signal, as docker kill --signal: a name (TERM, SIGHUP, SIGRTMIN+3) or a
        /// number (9). The engine refuses a name it does not know (ContainerInvalidRequest). Implies -Kill.
        /// </summary>
        [Parameter]
        [ValidatePattern(@"^(?i:(SIG)?[A-Z][A-Z0-9]*([+-][0-9]+)?|[0-9]+)$")]
        public string? Signal { get; set; }

        /// <summary>Return each container, read back from the engine after it stopped.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private bool Killing => Kill || Signal is not null;

        private protected override string Action => Killing ? $"Kill ({KillSignal})" : "Stop";

        private string KillSignal => Signal ?? "KILL";

        protected override void BeginProcessing()
        {
            if (Killing && MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSDockerException($"-Timeout {Timeout} cannot be combined with {(Signal is null ? "-Kill" : "-Signal " + Signal)}: a kill does not wait.",
                        "InvalidArgument", ErrorCategory.InvalidArgument, Timeout),
                    "InvalidArgument", ErrorCategory.InvalidArgument, Timeout));
            }
        }

        private protected override async Task ActAsync(string container, string shown)
        {
            if (Killing)
            {
                await RequestAsync(RequestLimit.Default, async (e, token) =>
                {
                    await e.Client.Containers.KillContainerAsync(container, new ContainerKillParameters { Signal = KillSignal }, token);
                    return true;
                });
            }
            else
            {
                var parameters = new ContainerStopParameters();
                bool timeoutGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout));
                if (timeoutGiven)
                {
                    parameters.WaitBeforeKillSeconds = (uint)Timeout;
                }

                // The engine waits up to the stop timeout: no client-side limit (Ctrl+C still stops the wait).
                bool stopped = timeoutGiven && Timeout == 0
                    ? await Targets.StopAtOnceAsync(container)
                    : await RequestAsync(RequestLimit.None, (e, token) => e.Client.Containers.StopContainerAsync(container, parameters, token));
                if (!stopped)
                {
                    WriteVerbose($"The container '{shown}' was not running.");
                }
            }

            if (PassThru)
            {
                WriteObject(await Targets.ReadBackAsync(container));
            }
        }
    }
}
