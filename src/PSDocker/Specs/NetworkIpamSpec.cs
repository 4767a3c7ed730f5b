using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;

namespace PSDocker.Specs
{
    /// <summary>One address pool of a new network: the subnet, and the gateway and IP range that fall inside it.</summary>
    internal sealed class NetworkPoolSpec
    {
        internal NetworkPoolSpec(string subnet) => Subnet = subnet;

        /// <summary>The subnet as given ("10.89.0.0/24").</summary>
        internal string Subnet { get; }

        /// <summary>The gateway inside <see cref="Subnet"/>, as given, or null.</summary>
        internal string? Gateway { get; set; }

        /// <summary>The IP range inside <see cref="Subnet"/>, as given, or null.</summary>
        internal string? IPRange { get; set; }
    }

    /// <summary>
    /// docker network create --subnet, --gateway and --ip-range: each value's syntax (a subnet and an IP range in CIDR
    /// form, a gateway an address; IPv4 in dotted decimal without leading zeros, or IPv6), then the docker CLI's pairing:
    /// each gateway and IP range goes to the subnet that contains it (not by position), a subnet takes at most one of
    /// each, and subnets may not overlap. Errors are InvalidArgument (category InvalidArgument), naming the parameter and
    /// the value, raised before anything is sent.
    /// </summary>
    internal static class NetworkIpamSpec
    {
        internal const string ErrorId = "InvalidArgument";

        /// <summary>The address pools for the given values, in the order of <paramref name="subnets"/>.</summary>
        internal static IReadOnlyList<NetworkPoolSpec> Consolidate(IReadOnlyList<string>? subnets, IReadOnlyList<string>? gateways, IReadOnlyList<string>? ipRanges)
        {
            subnets ??= Array.Empty<string>();
            gateways ??= Array.Empty<string>();
            ipRanges ??= Array.Empty<string>();
            var parsed = subnets.Select(s => (Text: s, Net: ParseCidr(s, "Subnet"))).ToList();
            var gatewayAddresses = gateways.Select(g => (Text: g, Address: ParseAddress(g, "Gateway"))).ToList();
            var ranges = ipRanges.Select(r => (Text: r, Net: ParseCidr(r, "IPRange"))).ToList();

            if (parsed.Count < ranges.Count || parsed.Count < gatewayAddresses.Count)
            {
                string given = ranges.Count > parsed.Count ? $"-IPRange '{string.Join(", ", ipRanges)}'" : $"-Gateway '{string.Join(", ", gateways)}'";
                throw Error($"{given}: every IP range or gateway needs a subnet that contains it; give -Subnet (one per range or gateway).",
                    ranges.Count > parsed.Count ? string.Join(", ", ipRanges) : string.Join(", ", gateways));
            }

            var pools = new List<NetworkPoolSpec>();
            for (int i = 0; i < parsed.Count; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (Contains(parsed[j].Net, parsed[i].Net.Address) || Contains(parsed[i].Net, parsed[j].Net.Address))
                    {
                        throw Error($"-Subnet '{parsed[i].Text}' overlaps -Subnet '{parsed[j].Text}': a network's subnets may not overlap.", parsed[i].Text);
                    }
                }

                pools.Add(new NetworkPoolSpec(parsed[i].Text));
            }

            foreach (var range in ranges)
            {
                int index = parsed.FindIndex(s => Contains(s.Net, range.Net.Address));
                if (index < 0)
                {
                    throw Error($"-IPRange '{range.Text}' is in none of the subnets ({string.Join(", ", subnets)}): an IP range must lie in its subnet.", range.Text);
                }

                if (pools[index].IPRange is string taken)
                {
                    throw Error($"-IPRange '{range.Text}': the subnet {pools[index].Subnet} already has the IP range {taken}; a subnet takes one.", range.Text);
                }

                pools[index].IPRange = range.Text;
            }

            foreach (var gateway in gatewayAddresses)
            {
                int index = parsed.FindIndex(s => Contains(s.Net, gateway.Address));
                if (index < 0)
                {
                    throw Error($"-Gateway '{gateway.Text}' is in none of the subnets ({string.Join(", ", subnets)}): a gateway must lie in its subnet.", gateway.Text);
                }

                if (pools[index].Gateway is string taken)
                {
                    throw Error($"-Gateway '{gateway.Text}': the subnet {pools[index].Subnet} already has the gateway {taken}; a subnet takes one.", gateway.Text);
                }

                pools[index].Gateway = gateway.Text;
            }

            return pools;
        }

        /// <summary>An IPv4 or IPv6 address as docker takes it; else InvalidArgument naming <paramref name="parameter"/>.</summary>
        internal static IPAddress ParseAddress(string text, string parameter) =>
            TryParseAddress(text) ?? throw Error($"-{parameter} '{text}' is not an IP address: give an IPv4 address (10.89.0.1) or an IPv6 one (fd00::1).", text);

        /// <summary>An address and prefix length ("10.89.0.0/24", "fd00::/64"); else InvalidArgument naming <paramref name="parameter"/>.</summary>
        internal static (IPAddress Address, int PrefixLength) ParseCidr(string text, string parameter)
        {
            string t = text ?? "";
            int slash = t.IndexOf('/');
            IPAddress? address = slash > 0 ? TryParseAddress(t.Substring(0, slash)) : null;
            string length = slash > 0 ? t.Substring(slash + 1) : "";
            int max = address?.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            if (address is null || length.Length == 0 || length.Length > 3 || !length.All(c => c >= '0' && c <= '9') ||
                (length.Length > 1 && length[0] == '0') || int.Parse(length) > max)
            {
                throw Error($"-{parameter} '{text}' is not a subnet in CIDR form: give an address and a prefix length, as 10.89.0.0/24 or fd00::/64.", t);
            }

            return (address, int.Parse(length));
        }

        /// <summary>True when <paramref name="address"/> lies in the subnet (same family, same leading prefix bits).</summary>
        internal static bool Contains((IPAddress Address, int PrefixLength) subnet, IPAddress address)
        {
            if (subnet.Address.AddressFamily != address.AddressFamily)
            {
                return false;
            }

            byte[] a = subnet.Address.GetAddressBytes();
            byte[] b = address.GetAddressBytes();
            for (int bit = 0; bit < subnet.PrefixLength; bit++)
            {
                int mask = 0x80 >> (bit % 8);
                if ((a[bit / 8] & mask) != (b[bit / 8] & mask))
                {
                    return false;
                }
            }

            return true;
        }

        private static IPAddress? TryParseAddress(string? text)
        {
            string t = text ?? "";
            if (t.IndexOf(':') >= 0)
            {
                return t.IndexOf('%') < 0 && t.IndexOf('[') < 0 && IPAddress.TryParse(t, out IPAddress? v6) &&
                    v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
            }

            string[] parts = t.Split('.');
            if (parts.Length != 4)
            {
                return null;
            }

            var bytes = new byte[4];
            for (int i = 0; i < 4; i++)
            {
                string p = parts[i];
                if (p.Length == 0 || p.Length > 3 || !p.All(c => c >= '0' && c <= '9') || (p.Length > 1 && p[0] == '0') || int.Parse(p) > 255)
                {
                    return null;
                }

                bytes[i] = (byte)int.Parse(p);
            }

            return new IPAddress(bytes);
        }

        private static PSDockerException Error(string message, string value) =>
            new PSDockerException(message, ErrorId, ErrorCategory.InvalidArgument, value);
    }
}
