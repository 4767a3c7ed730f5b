using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PSDocker
{
    /// <summary>
    /// The "host:port" forms of a published port: where the engine bound it (as docker port prints it), and where a
    /// client on this machine connects to it. A port bound to every address (0.0.0.0, ::, or no address) is reached
    /// on the loopback address of its family when the engine is local (unix socket, named pipe), and on the engine's
    /// own host when it is a tcp:// engine, as Testcontainers resolves its mapped ports. A port bound to one address
    /// is reached there.
    /// </summary>
    internal static class PortAddress
    {
        /// <summary>"host:port", the host in brackets when it is an IPv6 address (Go's net.JoinHostPort).</summary>
        internal static string Join(string host, int port) =>
            (host.IndexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

        /// <summary>The address a client connects to for a port bound to <paramref name="hostIP"/>:<paramref name="hostPort"/> on <paramref name="endpoint"/>.</summary>
        internal static string Reachable(string? hostIP, int hostPort, DockerEndpoint? endpoint) =>
            Join(ReachableHost(hostIP, endpoint), hostPort);

        /// <summary>The host part of <see cref="Reachable"/>, without brackets: "127.0.0.1", "::1", "engine.example".</summary>
        internal static string ReachableHost(string? hostIP, DockerEndpoint? endpoint)
        {
            string ip = string.IsNullOrEmpty(hostIP) ? "0.0.0.0" : hostIP!;
            bool any4 = ip == "0.0.0.0";
            bool any6 = !any4 && IPAddress.TryParse(ip, out IPAddress? parsed) && parsed.Equals(IPAddress.IPv6Any);
            if (!any4 && !any6)
            {
                return ip;
            }

            if (EngineHost(endpoint) is string engineHost)
            {
                return engineHost;
            }

            return any4 ? "127.0.0.1" : "::1";
        }

        /// <summary>
        /// The order -Single prefers: 0 for an IPv4 loopback address, 1 another IPv4 address or a host name, 2 the IPv6
        /// loopback, 3 another IPv6 address.
        /// </summary>
        internal static int Preference(string reachableHost)
        {
            if (!IPAddress.TryParse(reachableHost, out IPAddress? address))
            {
                return 1;
            }

            bool loopback = IPAddress.IsLoopback(address);
            return address.AddressFamily == AddressFamily.InterNetwork ? (loopback ? 0 : 1) : (loopback ? 2 : 3);
        }

        /// <summary>The host of a tcp:// engine (no brackets), unless it is itself a wildcard; null for a local engine.</summary>
        private static string? EngineHost(DockerEndpoint? endpoint)
        {
            if (endpoint is null || !DockerAddress.IsTcp(endpoint.Address))
            {
                return null;
            }

            string host = endpoint.Address.Host.Trim('[', ']');
            if (host.Length == 0 || host == "0.0.0.0" || (IPAddress.TryParse(host, out IPAddress? a) && a.Equals(IPAddress.IPv6Any)))
            {
                return null;
            }

            return host;
        }
    }
}
