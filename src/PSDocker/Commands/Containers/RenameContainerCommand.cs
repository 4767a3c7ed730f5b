using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Renames a container, like docker rename.</para>
    /// <para type="description">The container keeps its id, state and everything else. A name another
    /// container has gives ContainerConflict.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Rename, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(Container))]
    public sealed class RenameContainerCommand : ContainerCommandBase
    {
        // docker's rule for container names (daemon/names.go RestrictedNamePattern), with an optional leading slash.
        private static readonly Regex s_name = new Regex("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$", RegexOptions.CultureInvariant);

        /// <summary>
        /// The new name: docker's rule, [a-zA-Z0-9][a-zA-Z0-9_.-]+ (two characters or more); a leading slash is
        /// dropped. Another rule-breaking name is refused with InvalidArgument before anything is sent.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string NewName { get; set; } = "";

        /// <summary>Return the container, read back from the engine under its new name.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string Action => $"Rename to '{NewName}'";

        protected override void BeginProcessing()
        {
            if (!s_name.IsMatch(NewName))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSDockerException($"-NewName '{NewName}' is not a valid container name: docker takes [a-zA-Z0-9][a-zA-Z0-9_.-]+ (two characters or more).",
                        "InvalidArgument", ErrorCategory.InvalidArgument, NewName),
                    "InvalidArgument", ErrorCategory.InvalidArgument, NewName));
            }
        }

        private protected override async Task ActAsync(string container, string shown)
        {
            string newName = NewName.TrimStart('/');
            await RequestAsync(RequestLimit.Default, async (e, token) =>
            {
                await e.Client.Containers.RenameContainerAsync(container, new ContainerRenameParameters { NewName = newName }, token);
                return true;
            });
            if (PassThru)
            {
                // Read back by the new name: a name given before the rename no longer finds it.
                WriteObject(await Targets.ReadBackAsync(newName));
            }
        }
    }
}
