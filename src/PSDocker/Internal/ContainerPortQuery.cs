using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>
    /// docker port: the container port a user asks about ("8080", "8080/udp"; tcp when no protocol is given),
    /// and the published bindings of a container (inspect's NetworkSettings.Ports) as one PortMapping per host
    /// binding, IPv4 and IPv6 both, ordered by container port, then protocol, then as the engine lists them.
    /// Exposed ports that are not published are left out, as docker port leaves them out.
    /// </summary>
    internal sealed class ContainerPortQuery
    {
        /// <summary>Error id for a container port with no host binding (category ObjectNotFound).</summary>
        internal const string NotPublishedErrorId = "ContainerPortNotPublished";

        /// <summary>Error id for -Single when the container publishes several container ports and -Port names none (category InvalidArgument).</summary>
        internal const string AmbiguousErrorId = "ContainerPortAmbiguous";

        private static readonly string[] s_protocols = { "tcp", "udp", "sctp" };

        private ContainerPortQuery(int port, string protocol)
        {
            Port = port;
            Protocol = protocol;
        }

        /// <summary>The container port, 1 to 65535.</summary>
        internal int Port { get; }

        /// <summary>tcp, udp or sctp.</summary>
        internal string Protocol { get; }

        /// <summary>As docker writes it: 8080/tcp.</summary>
        public override string ToString() => $"{Port.ToString(CultureInfo.InvariantCulture)}/{Protocol}";

        /// <summary>
        /// Reads "PORT" or "PORT/PROTOCOL" (protocol tcp, udp or sctp, in any case). Null, with the reason in
        /// <paramref name="error"/>, for anything else: no number, a port outside 1-65535, another protocol.
        /// </summary>
        internal static ContainerPortQuery? Parse(string text, out string? error)
        {
            error = null;
            string t = (text ?? "").Trim();
            int slash = t.IndexOf('/');
            string number = slash < 0 ? t : t.Substring(0, slash);
            string protocol = slash < 0 ? "tcp" : t.Substring(slash + 1).ToLowerInvariant();
            if (number.Length == 0 || number.Length > 5 || !number.All(ch => ch >= '0' && ch <= '9'))
            {
                error = "a port is a number from 1 to 65535, optionally followed by /tcp, /udp or /sctp (8080, 53/udp)";
                return null;
            }

            int port = int.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture);
            if (port < 1 || port > 65535)
            {
                error = "the port must be from 1 to 65535";
                return null;
            }

            if (!s_protocols.Contains(protocol, StringComparer.Ordinal))
            {
                error = "the protocol must be tcp, udp or sctp";
                return null;
            }

            return new ContainerPortQuery(port, protocol);
        }

        /// <summary>
        /// The published bindings of <paramref name="ports"/> (keys "8080/tcp", values the host bindings; null or
        /// empty for a port only exposed), only those of <paramref name="query"/> when given, as read from <paramref name="endpoint"/>.
        /// </summary>
        internal static IReadOnlyList<PortMapping> Bindings(IDictionary<string, IList<PortBinding>>? ports, ContainerPortQuery? query,
            DockerEndpoint? endpoint = null)
        {
            var result = new List<(int Port, string Protocol, int Order, PortMapping Mapping)>();
            int order = 0;
            foreach (KeyValuePair<string, IList<PortBinding>> pair in ports ?? new Dictionary<string, IList<PortBinding>>())
            {
                ContainerPortQuery? key = Parse(pair.Key, out _);
                if (key is null || (query is not null && (key.Port != query.Port || key.Protocol != query.Protocol)))
                {
                    continue;
                }

                foreach (PortBinding binding in pair.Value ?? new List<PortBinding>())
                {
                    if (!int.TryParse(binding?.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out int hostPort))
                    {
                        continue;
                    }

                    string hostIP = string.IsNullOrEmpty(binding!.HostIP) ? "0.0.0.0" : binding.HostIP;
                    result.Add((key.Port, key.Protocol, order++, new PortMapping(key.Port, key.Protocol, hostIP, hostPort, endpoint)));
                }
            }

            return result.OrderBy(r => r.Port).ThenBy(r => r.Protocol, StringComparer.Ordinal).ThenBy(r => r.Order)
                .Select(r => r.Mapping).ToList();
        }

        /// <summary>
        /// The one binding -Single returns, from the published bindings of one container (<see cref="Bindings"/>):
        /// when they are all of one container port (docker's IPv4 and IPv6 twins of -p 8080, or a port published on
        /// several addresses), the best to connect to: an IPv4 loopback address first, then another IPv4 address or
        /// a host name, then the IPv6 loopback, then another IPv6 address; the engine's order among equals. Null,
        /// with the reason in <paramref name="error"/> and its id in <paramref name="errorId"/>, when there is none
        /// (ContainerPortNotPublished) or there are several container ports to choose from (ContainerPortAmbiguous).
        /// </summary>
        internal static PortMapping? Single(IReadOnlyList<PortMapping> bindings, string shown, out string? errorId, out string? error)
        {
            errorId = null;
            error = null;
            if (bindings.Count == 0)
            {
                errorId = NotPublishedErrorId;
                error = $"'{shown}' publishes no port.";
                return null;
            }

            List<string> ports = bindings.Select(b => $"{b.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{b.Protocol}").Distinct(StringComparer.Ordinal).ToList();
            if (ports.Count > 1)
            {
                errorId = AmbiguousErrorId;
                error = $"'{shown}' publishes {ports.Count} container ports ({string.Join(", ", ports)}), and -Single returns one: name it with -Port, as in -Port {ports[0]} -Single.";
                return null;
            }

            return bindings
                .Select((b, i) => (Binding: b, Order: i, Rank: PortAddress.Preference(PortAddress.ReachableHost(b.HostIP, b.Endpoint))))
                .OrderBy(x => x.Rank).ThenBy(x => x.Order)
                .First().Binding;
        }
    }
}
