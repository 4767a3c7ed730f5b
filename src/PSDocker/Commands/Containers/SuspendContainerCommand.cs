using System.Management.Automation;
using System.Threading.Tasks;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Pauses the processes of running containers, like docker pause.</para>
    /// <para type="description">The engine freezes every process of the container (the cgroup freezer); they
    /// keep their memory and go on where they were with Resume-Container. A container that is not running gives
    /// ContainerNotRunning; one already paused gives ContainerConflict, as docker pause.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Suspend, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(Container))]
    public sealed class SuspendContainerCommand : ContainerCommandBase
    {
        /// <summary>Return each container, read back from the engine after it was paused.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string Action => "Pause";

        private protected override async Task ActAsync(string container, string shown)
        {
            await RequestAsync(RequestLimit.Default, async (e, token) =>
            {
                await e.Client.Containers.PauseContainerAsync(container, token);
                return true;
            });
            if (PassThru)
            {
                WriteObject(await Targets.ReadBackAsync(container));
            }
        }
    }
}
