using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the files and folders changed in a container's filesystem, like docker diff.</para>
    /// <para type="description">One ContainerChange per path that differs from the container's image: Kind (Added,
    /// Changed or Deleted, docker diff's A, C and D), Path, the Container as given and its Endpoint, in the engine's
    /// order. Running and stopped containers both have changes; a container whose filesystem is unchanged gives
    /// nothing. Filter with Where-Object, as in `Get-ContainerChange web | Where-Object Kind -eq Added`.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ContainerChange", DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(ContainerChange))]
    public sealed class GetContainerChangeCommand : ContainerCommandBase
    {
        private protected override string Action => "Get changes";

        private protected override async Task ActAsync(string container, string shown)
        {
            DockerEndpoint? endpoint = null;
            IList<ContainerFileSystemChangeResponse> changes = await RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.Containers.InspectChangesAsync(container, token);
            });
            WriteObject((changes ?? new List<ContainerFileSystemChangeResponse>()).Select(c => ModelMapper.ToChange(c, shown, endpoint!)), enumerateCollection: true);
        }
    }
}
