using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace PSDocker.Specs
{
    /// <summary>
    /// docker service create/update --publish, as the docker CLI reads it (cli/opts/port.go). A value holding a
    /// <c>key=value</c> pair is the long form: comma-separated <c>mode=ingress|host</c>, <c>target=PORT</c> (required),
    /// <c>published=PORT</c>, <c>protocol=tcp|udp|sctp</c>; keys and values ignore case; ports are 0..65535; defaults
    /// mode ingress, protocol tcp. Anything else is the short form of docker run -p without a host address:
    /// <c>C</c>, <c>H:C</c>, ranges (<c>H1-H2:C1-C2</c>; a host range for one container port publishes each of its
    /// ports), a protocol suffix (<c>/udp</c>); short forms publish in ingress mode. Error id InvalidPublishSpec.
    /// </summary>
    internal static class ServicePortSpec
    {
        internal const string ErrorId = PortSpec.PublishErrorId;

        // As the CLI tells the forms apart: any word=word pair makes the long form (a word as Go's \w: ASCII letters, digits, _).
        private static readonly Regex s_longForm = new Regex(@"[0-9A-Za-z_]+=[0-9A-Za-z_]+(,[0-9A-Za-z_]+=[0-9A-Za-z_]+)*", RegexOptions.CultureInvariant);

        /// <summary>The port configs of one --publish value, in the order of their target ports.</summary>
        internal static IReadOnlyList<PortConfig> Parse(string spec)
        {
            if (spec is null || spec.Trim().Length == 0)
            {
                throw new SpecException(ErrorId, spec ?? "", "the value is empty. Give PUBLISHED:TARGET (8080:80) or mode=host,target=80,published=8080.");
            }

            return s_longForm.IsMatch(spec) ? new[] { ParseLong(spec) } : ParseShort(spec);
        }

        /// <summary>The key of a port config for -RemovePublish: TARGET/PROTOCOL (docker service update --publish-rm).</summary>
        internal static string Key(PortConfig p) => $"{p.TargetPort}/{(string.IsNullOrEmpty(p.Protocol) ? "tcp" : p.Protocol)}";

        /// <summary>
        /// The target/protocol pairs a --publish-rm value names: "80", "80/udp", "8080:80" (the target counts), or the long
        /// form; each as "TARGET/PROTOCOL".
        /// </summary>
        internal static IReadOnlyList<string> ParseRemoval(string spec) => Parse(spec).Select(Key).Distinct(StringComparer.Ordinal).ToList();

        private static PortConfig ParseLong(string spec)
        {
            var config = new PortConfig();
            foreach (string field in MountSpec.SplitCsv(spec))
            {
                int eq = field.IndexOf('=');
                if (eq < 0)
                {
                    throw new SpecException(ErrorId, spec, $"the field '{field}' is not key=value.");
                }

                string key = field.Substring(0, eq).ToLowerInvariant();
                string value = field.Substring(eq + 1).ToLowerInvariant();
                switch (key)
                {
                    case "protocol":
                        if (value != "tcp" && value != "udp" && value != "sctp")
                        {
                            throw new SpecException(ErrorId, spec, $"the protocol '{value}' is not tcp, udp or sctp.");
                        }

                        config.Protocol = value;
                        break;
                    case "mode":
                        if (value != "ingress" && value != "host")
                        {
                            throw new SpecException(ErrorId, spec, $"the publish mode '{value}' is not ingress or host.");
                        }

                        config.PublishMode = value;
                        break;
                    case "target":
                        config.TargetPort = Port(spec, value, "target");
                        break;
                    case "published":
                        config.PublishedPort = Port(spec, value, "published");
                        break;
                    default:
                        throw new SpecException(ErrorId, spec, $"the key '{key}' is not one of mode, target, published, protocol.");
                }
            }

            if (config.TargetPort is null || config.TargetPort == 0)
            {
                throw new SpecException(ErrorId, spec, "target= (the container port) is missing.");
            }

            config.PublishMode ??= "ingress";
            config.Protocol ??= "tcp";
            config.PublishedPort ??= 0;
            return config;
        }

        private static IReadOnlyList<PortConfig> ParseShort(string spec)
        {
            IReadOnlyList<PortMappingSpec> mappings = PortSpec.ParsePublish(spec);
            if (mappings.Any(m => m.HostIP.Length > 0))
            {
                throw new SpecException(ErrorId, spec, "a service publishes on every address of its nodes: a host address is not supported. Give PUBLISHED:TARGET.");
            }

            var result = new List<PortConfig>();
            foreach (PortMappingSpec m in mappings)
            {
                (string proto, string target) = PortSpec.SplitProtocol(m.ContainerPort);
                uint targetPort = uint.Parse(target, CultureInfo.InvariantCulture);
                (int start, int end) = m.HostPort.Length == 0 ? (0, 0) : PortSpec.ParseRange(spec, m.HostPort, "published port", ErrorId);
                for (int published = start; published <= end; published++)
                {
                    result.Add(new PortConfig { Protocol = proto, TargetPort = targetPort, PublishedPort = (uint)published, PublishMode = "ingress" });
                }
            }

            return result;
        }

        private static uint Port(string spec, string value, string key)
        {
            if (value.Length == 0 || !value.All(c => c >= '0' && c <= '9') || !uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint port) || port > 65535)
            {
                throw new SpecException(ErrorId, spec, $"{key}={value} is not a port number from 0 to 65535.");
            }

            return port;
        }
    }
}
