using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the processes running in containers, like docker top.</para>
    /// <para type="description">One ContainerProcess per process, as docker top prints one row. The engine runs ps on
    /// the host (with -ef unless -PsArgument gives other options), so the columns depend on the options: PID, PPID, UID
    /// and Command are typed properties (null when the options leave their column out), every column is in Columns
    /// under its title, and each other title (C, STIME, TTY, TIME, %CPU...) is also a note property of the object.
    /// A container that is not running gives ContainerNotRunning.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ContainerProcess", DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(ContainerProcess))]
    public sealed class GetContainerProcessCommand : ContainerCommandBase
    {
        /// <summary>
        /// ps options, as docker top takes them after the container ("-o pid,comm", "aux"): one string, or several
        /// joined with spaces. Sent as the API's ps_args; ps on the engine's host reads them, and a refusal of ps is
        /// the engine's error for that container. Without it, ps -ef. With it, the rows show the columns ps gave (type name
        /// PSDocker.ContainerProcess#PsArgument, no table view), not the default table's.
        /// </summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string[]? PsArgument { get; set; }

        /// <summary>The type name of rows read with -PsArgument: no table view, they show the columns ps gave.</summary>
        internal const string PsArgumentTypeName = "PSDocker.ContainerProcess#PsArgument";

        private protected override string Action => "Get processes";

        private protected override async Task ActAsync(string container, string shown)
        {
            DockerEndpoint? endpoint = null;
            string? psArgs = PsArgument is null ? null : string.Join(" ", PsArgument);
            ContainerProcessesResponse top = await RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.Containers.ListProcessesAsync(container, new ContainerListProcessesParameters { PsArgs = psArgs }, token);
            });
            foreach (ContainerProcess process in ModelMapper.ToProcesses(top, shown, endpoint!))
            {
                var item = PSObject.AsPSObject(process);
                foreach (var column in process.Columns)
                {
                    // Each title that is not a typed property already reads as a property of its own ($p.STIME).
                    if (column.Key.Length > 0 && item.Properties[column.Key] is null)
                    {
                        item.Properties.Add(new PSNoteProperty(column.Key, column.Value));
                    }
                }

                if (PsArgument is not null)
                {
                    // Other ps options give other columns than the table view's: show exactly the columns ps gave, in
                    // its order, as docker top prints them (a table up to 4 columns, a list beyond; Format-Table for a table).
                    item.TypeNames.Clear();
                    item.TypeNames.Add(PsArgumentTypeName);
                    item.Members.Add(new PSMemberSet("PSStandardMembers", new PSMemberInfo[]
                    {
                        new PSPropertySet("DefaultDisplayPropertySet", top.Titles?.Where(t => t.Length > 0).ToArray() ?? Array.Empty<string>()),
                    }));
                }

                WriteObject(item);
            }
        }
    }
}
