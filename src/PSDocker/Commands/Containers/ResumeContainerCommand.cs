using System.Management.Automation;
using System.Threading.Tasks;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Resumes the processes of paused containers, like docker unpause.</para>
    /// <para type="description">A container that is not paused gives ContainerNotPaused, as docker unpause
    /// fails.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Resume, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(Container))]
    public sealed class ResumeContainerCommand : ContainerCommandBase
    {
        /// <summary>Return each container, read back from the engine after it was resumed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string Action => "Unpause";

        private protected override async Task ActAsync(string container, string shown)
        {
            await RequestAsync(RequestLimit.Default, async (e, token) =>
            {
                await e.Client.Containers.UnpauseContainerAsync(container, token);
                return true;
            });
            if (PassThru)
            {
                WriteObject(await Targets.ReadBackAsync(container));
            }
        }
    }
}
