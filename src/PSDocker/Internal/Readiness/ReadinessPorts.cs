using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using Docker.DotNet.Models;

namespace PSDocker.Readiness
{
    /// <summary>
    /// Where the host reaches a container's TCP port: its published binding (inspect's NetworkSettings.Ports, read by
    /// <see cref="ContainerPortQuery"/>), with an unspecified bind address made reachable: 0.0.0.0 becomes 127.0.0.1 and
    /// :: becomes ::1. An IPv4 binding is taken before an IPv6 one, as docker publishes both for an unqualified -p.
    /// </summary>
    internal static class ReadinessPorts
    {
        /// <summary>
        /// The host endpoint of <paramref name="containerPort"/>/tcp, or null when it has no binding yet. A running
        /// container that does not publish it fails at once (ContainerPortNotPublished), naming <paramref name="parameter"/>.
        /// </summary>
        internal static IPEndPoint? Resolve(ContainerInspectResponse container, int containerPort, string parameter)
        {
            ContainerPortQuery query = ContainerPortQuery.Parse(containerPort.ToString(CultureInfo.InvariantCulture), out _)!;
            IPEndPoint? endpoint = Pick(ContainerPortQuery.Bindings(container.NetworkSettings?.Ports, query));
            if (endpoint is null && container.State?.Status == "running")
            {
                string published = string.Join(", ", ContainerPortQuery.Bindings(container.NetworkSettings?.Ports, null)
                    .Select(p => $"{p.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{p.Protocol}").Distinct());
                throw new ContainerNotReadyException(ContainerNotReadyException.PortNotPublishedErrorId, ErrorCategory.ObjectNotFound,
                    $"The container {ReadinessText.Who(container)} does not publish port {query} (-{parameter} {containerPort.ToString(CultureInfo.InvariantCulture)}), " +
                    $"so the host cannot reach it: publish it when the container is made (-Publish {containerPort.ToString(CultureInfo.InvariantCulture)}, docker run -p). " +
                    (published.Length > 0 ? $"It publishes {published}." : "It publishes no port."),
                    null, "not published", ReadinessText.State(container, System.DateTime.UtcNow), null);
            }

            return endpoint;
        }

        /// <summary>The endpoint to connect to among the bindings of one port (pure): IPv4 first, unspecified addresses as loopback.</summary>
        internal static IPEndPoint? Pick(IEnumerable<PortMapping> bindings)
        {
            IPEndPoint? v6 = null;
            foreach (PortMapping binding in bindings)
            {
                if (binding.HostPort is not int port || !IPAddress.TryParse(binding.HostIP ?? "0.0.0.0", out IPAddress? address))
                {
                    continue;
                }

                address = Reachable(address);
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    return new IPEndPoint(address, port);
                }

                v6 ??= new IPEndPoint(address, port);
            }

            return v6;
        }

        /// <summary>A bind address as one to connect to: 0.0.0.0 is 127.0.0.1, :: is ::1, any other as it is.</summary>
        internal static IPAddress Reachable(IPAddress address) =>
            address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address;

        /// <summary>An endpoint as a URL's authority: 127.0.0.1:8080, [::1]:8080.</summary>
        internal static string Authority(IPEndPoint endpoint) =>
            endpoint.AddressFamily == AddressFamily.InterNetworkV6
                ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
                : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
    }
}
