using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Disconnects containers from a network, like docker network disconnect.</para>
    /// <para type="description">Disconnects each -Container from -Network: the container loses its address and its names
    /// on that network at once. A container not connected is a NetworkNotConnected error. -Force disconnects even when the
    /// engine cannot reach the container's endpoint cleanly (docker network disconnect -f).</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ContainerNetwork", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class DisconnectContainerNetworkCommand : NetworkConnectionCommandBase
    {
        /// <summary>Force the disconnection (docker network disconnect -f; the API's Force): the endpoint is removed even when the engine cannot clean it up.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override string Action(string network) => $"Disconnect from network '{network}'";

        private protected override async Task ActAsync(ContainerNetwork network, string container)
        {
            await RequestAsync(RequestLimit.Default, async (e, token) =>
            {
                await e.Client.Networks.DisconnectNetworkAsync(network.Id, new NetworkDisconnectParameters { Container = container, Force = Force }, token);
                return true;
            });
        }
    }
}
