using System.Linq;
using System.Management.Automation;
using System.Net.Sockets;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects containers to a network, like docker network connect.</para>
    /// <para type="description">Connects each -Container to -Network, running or not (a stopped container gets its
    /// endpoint when it starts). -Alias adds names the container answers to on that network; -IPv4Address and
    /// -IPv6Address give it fixed addresses (on a network made with -Subnet). A container connected already is a
    /// NetworkAlreadyConnected error; host networking is refused by the engine (NetworkInvalidRequest).</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "ContainerNetwork", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class ConnectContainerNetworkCommand : NetworkConnectionCommandBase
    {
        /// <summary>Names the container also answers to on this network, for the other containers on it (--alias; EndpointConfig.Aliases).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Alias { get; set; }

        /// <summary>
        /// The container's IPv4 address on the network (--ip; EndpointConfig.IPAMConfig.IPv4Address), e.g. 10.89.0.10; the
        /// network needs a -Subnet that holds it. Not an IPv4 address: InvalidArgument, before anything is sent.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? IPv4Address { get; set; }

        /// <summary>The container's IPv6 address on the network (--ip6; EndpointConfig.IPAMConfig.IPv6Address). Not an IPv6 address: InvalidArgument.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? IPv6Address { get; set; }

        private protected override string Action(string network) => $"Connect to network '{network}'";

        private protected override void Check()
        {
            CheckAddress(IPv4Address, nameof(IPv4Address), AddressFamily.InterNetwork, "an IPv4 address (10.89.0.10)");
            CheckAddress(IPv6Address, nameof(IPv6Address), AddressFamily.InterNetworkV6, "an IPv6 address (fd00::10)");
        }

        private protected override async Task ActAsync(ContainerNetwork network, string container)
        {
            var endpoint = new EndpointSettings();
            if (Alias is not null)
            {
                endpoint.Aliases = Alias.ToList();
            }

            if (IPv4Address is not null || IPv6Address is not null)
            {
                endpoint.IPAMConfig = new EndpointIPAMConfig { IPv4Address = IPv4Address!, IPv6Address = IPv6Address! };
            }

            await RequestAsync(RequestLimit.Default, async (e, token) =>
            {
                await e.Client.Networks.ConnectNetworkAsync(network.Id, new NetworkConnectParameters { Container = container, EndpointConfig = endpoint }, token);
                return true;
            });
        }

        private void CheckAddress(string? value, string parameter, AddressFamily family, string expected)
        {
            if (value is null)
            {
                return;
            }

            CheckInput(value, () =>
            {
                bool ok;
                try
                {
                    ok = NetworkIpamSpec.ParseAddress(value, parameter).AddressFamily == family;
                }
                catch (PSDockerException)
                {
                    ok = false;
                }

                if (!ok)
                {
                    throw new PSDockerException($"-{parameter} '{value}' is not {expected}.", NetworkIpamSpec.ErrorId, ErrorCategory.InvalidArgument, value);
                }
            });
        }
    }
}
