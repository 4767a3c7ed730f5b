using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PSDocker.Specs
{
    /// <summary>One container port and how it is published: the engine's ExposedPorts key and PortBindings entry.</summary>
    internal sealed class PortMappingSpec
    {
        internal PortMappingSpec(string containerPort, string hostIP, string hostPort)
        {
            ContainerPort = containerPort;
            HostIP = hostIP;
            HostPort = hostPort;
        }

        /// <summary>"PORT/PROTOCOL", as the engine keys ExposedPorts and PortBindings ("80/tcp").</summary>
        internal string ContainerPort { get; }

        /// <summary>The host address to bind, without brackets; empty for every address.</summary>
        internal string HostIP { get; }

        /// <summary>The host port ("8080"), a host range to pick from ("8000-8010"), or empty for one the engine picks.</summary>
        internal string HostPort { get; }
    }

    /// <summary>
    /// docker run -p / --publish and --expose, as the docker CLI reads them: <c>C</c>, <c>H:C</c>, <c>IP:H:C</c>,
    /// <c>IP::C</c>, ranges (<c>H1-H2:C1-C2</c>, <c>IP::C1-C2</c>, a host range for one container port picks one of
    /// it), a protocol suffix (<c>/tcp</c>, <c>/udp</c>, <c>/sctp</c>; tcp when none), IPv6 hosts in brackets
    /// (<c>[::1]:H:C</c>, bare <c>::1:H:C</c> too), and the long form <c>published=H,target=C,protocol=P</c>.
    /// Error id InvalidPublishSpec (InvalidExposeSpec for Parse Expose).
    /// Unlike docker, port 0 is refused (a container port 0 publishes nothing; leave the host port out for a
    /// port the engine picks).
    /// </summary>
    internal static class PortSpec
    {
        internal const string PublishErrorId = "InvalidPublishSpec";
        internal const string ExposeErrorId = "InvalidExposeSpec";

        /// <summary>Parses one -p value into one mapping per container port.</summary>
        internal static IReadOnlyList<PortMappingSpec> ParsePublish(string spec)
        {
            if (spec is null || spec.Trim().Length == 0)
            {
                throw new SpecException(PublishErrorId, spec ?? "", "the value is empty.");
            }

            string raw = spec.IndexOf('=') >= 0 ? FromLongForm(spec) : spec;

            // IP:H:C splits on the last two colons; what is before them is the address (IPv6 may hold colons).
            string[] parts = raw.Split(':');
            int n = parts.Length;
            string ip = n > 2 ? string.Join(":", parts, 0, n - 2) : "";
            string hostPort = n > 1 ? parts[n - 2] : "";
            string containerPart = parts[n - 1];

            (string proto, string containerPort) = SplitProtocol(containerPart);
            ip = CheckAddress(spec, ip);
            if (containerPort.Length == 0)
            {
                throw new SpecException(PublishErrorId, spec, "no container port is given. Use C, H:C, IP:H:C or IP::C, e.g. 8080:80.");
            }

            (int start, int end) = ParseRange(spec, containerPort, "container port", PublishErrorId);
            int hostStart = 0, hostEnd = 0;
            if (hostPort.Length > 0)
            {
                (hostStart, hostEnd) = ParseRange(spec, hostPort, "host port", PublishErrorId);
                if (end - start != hostEnd - hostStart && end != start)
                {
                    throw new SpecException(PublishErrorId, spec,
                        $"the container port range {containerPort} and the host port range {hostPort} differ in length.");
                }
            }

            CheckProtocol(spec, proto, PublishErrorId);
            proto = proto.ToLowerInvariant();

            var result = new List<PortMappingSpec>();
            for (int i = 0; i <= end - start; i++)
            {
                string host = hostPort.Length == 0 ? ""
                    : start == end && hostStart != hostEnd ? $"{hostStart}-{hostEnd}"
                    : (hostStart + i).ToString(CultureInfo.InvariantCulture);
                result.Add(new PortMappingSpec((start + i).ToString(CultureInfo.InvariantCulture) + "/" + proto, ip, host));
            }

            return result;
        }

        /// <summary>Parses one --expose value (PORT[/PROTO] or START-END[/PROTO]) into "PORT/PROTO" keys.</summary>
        internal static IReadOnlyList<string> ParseExpose(string spec)
        {
            if (spec is null || spec.Trim().Length == 0)
            {
                throw new SpecException(ExposeErrorId, spec ?? "", "the value is empty.");
            }

            if (spec.IndexOf(':') >= 0)
            {
                throw new SpecException(ExposeErrorId, spec, "a port to expose takes no host part: give PORT[/PROTOCOL] or START-END[/PROTOCOL].");
            }

            (string proto, string port) = SplitProtocol(spec);
            (int start, int end) = ParseRange(spec, port, "port", ExposeErrorId);
            CheckProtocol(spec, proto, ExposeErrorId);
            var result = new List<string>();
            for (int p = start; p <= end; p++)
            {
                result.Add(p.ToString(CultureInfo.InvariantCulture) + "/" + proto.ToLowerInvariant());
            }

            return result;
        }

        /// <summary>"80/udp" gives (udp, 80); "80" and "80/" give (tcp, 80); "" and "/udp" give no port.</summary>
        internal static (string Protocol, string Port) SplitProtocol(string raw)
        {
            string[] parts = raw.Split('/');
            if (raw.Length == 0 || parts[0].Length == 0)
            {
                return ("", "");
            }

            if (parts.Length == 1 || parts[1].Length == 0)
            {
                return ("tcp", parts[0]);
            }

            return (parts[1], parts[0]);
        }

        private static void CheckProtocol(string spec, string proto, string errorId)
        {
            switch (proto.ToLowerInvariant())
            {
                case "tcp":
                case "udp":
                case "sctp":
                    return;
                default:
                    throw new SpecException(errorId, spec, $"the protocol '{proto}' is not tcp, udp or sctp.");
            }
        }

        private static string CheckAddress(string spec, string ip)
        {
            if (ip.Length == 0)
            {
                return ip;
            }

            string bare = ip;
            if (bare.StartsWith("[", StringComparison.Ordinal))
            {
                if (!bare.EndsWith("]", StringComparison.Ordinal))
                {
                    throw new SpecException(PublishErrorId, spec, $"the host address '{ip}' has no closing bracket.");
                }

                bare = bare.Substring(1, bare.Length - 2);
            }

            if (!IPAddress.TryParse(bare, out IPAddress? parsed) || bare.IndexOf('%') >= 0 ||
                (parsed.AddressFamily == AddressFamily.InterNetwork && bare.Split('.').Length != 4))
            {
                throw new SpecException(PublishErrorId, spec, $"'{ip}' is not an IP address (IPv6 goes in brackets: [::1]:8080:80).");
            }

            return bare;
        }

        /// <summary>A port "80" or a range "80-90": each 1 to 65535, the end not below the start.</summary>
        internal static (int Start, int End) ParseRange(string spec, string range, string what, string errorId)
        {
            int dash = range.IndexOf('-');
            string first = dash < 0 ? range : range.Substring(0, dash);
            string last = dash < 0 ? range : range.Substring(dash + 1);
            int start = ParsePort(spec, first, what, errorId);
            int end = ParsePort(spec, last, what, errorId);
            if (end < start)
            {
                throw new SpecException(errorId, spec, $"the {what} range '{range}' ends before it starts.");
            }

            return (start, end);
        }

        private static int ParsePort(string spec, string text, string what, string errorId)
        {
            if (text.Length == 0 || text.Length > 5 || !IsDigits(text))
            {
                throw new SpecException(errorId, spec, $"the {what} '{text}' is not a number from 1 to 65535.");
            }

            int port = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
            if (port < 1 || port > 65535)
            {
                throw new SpecException(errorId, spec, $"the {what} {port} is out of range: ports go from 1 to 65535.");
            }

            return port;
        }

        private static bool IsDigits(string s)
        {
            foreach (char c in s)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The long form "published=8080,target=80,protocol=udp" as "8080:80/udp".</summary>
        private static string FromLongForm(string spec)
        {
            string target = "", published = "", protocol = "tcp";
            foreach (string field in spec.Split(','))
            {
                int eq = field.IndexOf('=');
                if (eq < 0)
                {
                    throw new SpecException(PublishErrorId, spec, $"the field '{field}' is not key=value.");
                }

                string key = field.Substring(0, eq).Trim().ToLowerInvariant();
                string value = field.Substring(eq + 1).Trim();
                switch (key)
                {
                    case "target":
                        target = value;
                        break;
                    case "published":
                        published = value;
                        break;
                    case "protocol":
                        protocol = value;
                        break;
                    case "mode":
                        if (!string.Equals(value, "ingress", StringComparison.OrdinalIgnoreCase) &&
                            !string.Equals(value, "host", StringComparison.OrdinalIgnoreCase))
                        {
                            throw new SpecException(PublishErrorId, spec, $"the mode '{value}' is not ingress or host.");
                        }

                        break;
                    default:
                        throw new SpecException(PublishErrorId, spec, $"the key '{key}' is not one of target, published, protocol, mode.");
                }
            }

            if (target.Length == 0)
            {
                throw new SpecException(PublishErrorId, spec, "target= (the container port) is missing.");
            }

            return (published.Length > 0 ? published + ":" : "") + target + "/" + protocol;
        }
    }
}
