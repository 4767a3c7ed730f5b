using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Readiness
{
    /// <summary>
    /// Where the host reaches a container's TCP port: the binding Get-ContainerPort -Single gives (its published bindings
    /// read by <see cref="ContainerPortQuery.Bindings"/>, the best picked by <see cref="ContainerPortQuery.Single"/>), at the
    /// host <see cref="PortAddress.ReachableHost"/> names: a wildcard bind address is the loopback address of a local engine,
    /// or the host of a tcp:// engine.
    /// </summary>
    internal static class ReadinessPorts
    {
        /// <summary>
        /// The host and port to connect to for <paramref name="containerPort"/>/tcp of a container read from
        /// <paramref name="endpoint"/>, or null when it has no binding yet. A running container that does not publish it
        /// fails at once (ContainerPortNotPublished), naming <paramref name="parameter"/>.
        /// </summary>
        internal static (string Host, int Port)? Resolve(ContainerInspectResponse container, int containerPort, string parameter, DockerEndpoint? endpoint)
        {
            ContainerPortQuery query = ContainerPortQuery.Parse(containerPort.ToString(CultureInfo.InvariantCulture), out _)!;
            PortMapping? binding = ContainerPortQuery.Single(ContainerPortQuery.Bindings(container.NetworkSettings?.Ports, query, endpoint), "", out _, out _);
            if (binding?.HostPort is int hostPort)
            {
                return (PortAddress.ReachableHost(binding.HostIP, endpoint), hostPort);
            }

            if (container.State?.Status == "running")
            {
                string published = string.Join(", ", ContainerPortQuery.Bindings(container.NetworkSettings?.Ports, null)
                    .Select(p => $"{p.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{p.Protocol}").Distinct());
                throw new ContainerNotReadyException(ContainerNotReadyException.PortNotPublishedErrorId, ErrorCategory.ObjectNotFound,
                    $"The container {ReadinessText.Who(container)} does not publish port {query} (-{parameter} {containerPort.ToString(CultureInfo.InvariantCulture)}), " +
                    $"so the host cannot reach it: publish it when the container is made (-Publish {containerPort.ToString(CultureInfo.InvariantCulture)}, docker run -p). " +
                    (published.Length > 0 ? $"It publishes {published}." : "It publishes no port."),
                    null, "not published", ReadinessText.State(container, System.DateTime.UtcNow), null);
            }

            return null;
        }

        /// <summary>
        /// The addresses of <paramref name="host"/> to connect to: itself when it is an IP address, else what DNS answers,
        /// IPv4 first.
        /// </summary>
        internal static async Task<IPAddress[]> AddressesAsync(string host, CancellationToken cancel)
        {
            if (IPAddress.TryParse(host, out IPAddress? address))
            {
                return new[] { address };
            }

#if NET8_0_OR_GREATER
            IPAddress[] found = await Dns.GetHostAddressesAsync(host, cancel).ConfigureAwait(false);
#else
            IPAddress[] found = await EngineClientCache.WaitAsync(Observed(Dns.GetHostAddressesAsync(host)), cancel).ConfigureAwait(false);
#endif
            return found.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).ToArray();
        }

        private static Task<T> Observed<T>(Task<T> task)
        {
            Abandoned.Observe(task);
            return task;
        }
    }
}
