using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace PSDocker
{
    /// <summary>One entry of the engine's port list (GET /containers/json, Ports), as the engine sends it.</summary>
    internal readonly struct PortEntry
    {
        internal PortEntry(string? ip, int privatePort, int publicPort, string type)
        {
            IP = string.IsNullOrEmpty(ip) ? null : ip;
            PrivatePort = privatePort;
            PublicPort = publicPort;
            Type = type;
        }

        /// <summary>The host address, or null when the port is only exposed.</summary>
        internal string? IP { get; }

        internal int PrivatePort { get; }

        /// <summary>The host port; 0 when none.</summary>
        internal int PublicPort { get; }

        /// <summary>tcp, udp or sctp.</summary>
        internal string Type { get; }
    }

    /// <summary>
    /// The PORTS text of docker ps: ports sorted by container port, host address, host port and protocol;
    /// runs of consecutive ports with the same address and protocol (and, when published, the same host
    /// port as container port) grouped as "8000-8001"; each host address (IPv4 and IPv6) its own item;
    /// ports published on another host port listed last, one by one. Items are joined by ", ".
    /// </summary>
    internal static class PortFormatter
    {
        internal static string Format(IEnumerable<PortEntry> ports) => string.Join(", ", Items(ports));

        /// <summary>The items of the PORTS text, in docker's order.</summary>
        internal static IReadOnlyList<string> Items(IEnumerable<PortEntry> ports)
        {
            var sorted = ports.ToList();
            // A stable sort, as docker's comparison decides every pair that differs.
            sorted = sorted.OrderBy(p => p.PrivatePort)
                .ThenBy(p => p.IP, AddressComparer.Instance)
                .ThenBy(p => p.PublicPort)
                .ThenBy(p => p.Type, StringComparer.Ordinal)
                .ToList();

            var groups = new Dictionary<string, (int First, int Last)>(StringComparer.Ordinal);
            var groupOrder = new List<string>();
            var result = new List<string>();
            var hostMappings = new List<string>();

            foreach (PortEntry port in sorted)
            {
                int current = port.PrivatePort;
                string key = port.Type;
                if (port.IP is not null)
                {
                    if (port.PublicPort != current)
                    {
                        hostMappings.Add($"{JoinHostPort(port.IP, port.PublicPort.ToString(CultureInfo.InvariantCulture))}->{current}/{port.Type}");
                        continue;
                    }

                    key = port.IP + "/" + port.Type;
                }

                if (!groups.TryGetValue(key, out (int First, int Last) group))
                {
                    groups[key] = (current, current);
                    groupOrder.Add(key);
                    continue;
                }

                if (current == group.Last + 1)
                {
                    groups[key] = (group.First, current);
                    continue;
                }

                result.Add(FormGroup(key, group.First, group.Last));
                groups[key] = (current, current);
            }

            foreach (string key in groupOrder)
            {
                (int first, int last) = groups[key];
                result.Add(FormGroup(key, first, last));
            }

            result.AddRange(hostMappings);
            return result;
        }

        private static string FormGroup(string key, int first, int last)
        {
            // The key is "type" or "ip/type"; an IPv6 address holds no '/'.
            int slash = key.LastIndexOf('/');
            string type = slash < 0 ? key : key.Substring(slash + 1);
            string? ip = slash < 0 ? null : key.Substring(0, slash);
            string range = first == last
                ? first.ToString(CultureInfo.InvariantCulture)
                : string.Format(CultureInfo.InvariantCulture, "{0}-{1}", first, last);
            return ip is null ? $"{range}/{type}" : $"{JoinHostPort(ip, range)}->{range}/{type}";
        }

        private static string JoinHostPort(string host, string port) =>
            host.IndexOf(':') >= 0 ? $"[{host}]:{port}" : $"{host}:{port}";

        /// <summary>No address first, then IPv4 before IPv6, then by the address bytes (as docker's netip order).</summary>
        private sealed class AddressComparer : IComparer<string?>
        {
            internal static readonly AddressComparer Instance = new AddressComparer();

            public int Compare(string? x, string? y)
            {
                if (ReferenceEquals(x, y) || string.Equals(x, y, StringComparison.Ordinal))
                {
                    return 0;
                }

                if (x is null)
                {
                    return -1;
                }

                if (y is null)
                {
                    return 1;
                }

                bool xOk = IPAddress.TryParse(x, out IPAddress? xa);
                bool yOk = IPAddress.TryParse(y, out IPAddress? ya);
                if (!xOk || !yOk)
                {
                    return xOk == yOk ? string.CompareOrdinal(x, y) : (xOk ? -1 : 1);
                }

                int family = Rank(xa!).CompareTo(Rank(ya!));
                if (family != 0)
                {
                    return family;
                }

                byte[] xb = xa!.GetAddressBytes();
                byte[] yb = ya!.GetAddressBytes();
                for (int i = 0; i < Math.Min(xb.Length, yb.Length); i++)
                {
                    int c = xb[i].CompareTo(yb[i]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return string.CompareOrdinal(x, y);
            }

            private static int Rank(IPAddress a) => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1;
        }
    }
}
