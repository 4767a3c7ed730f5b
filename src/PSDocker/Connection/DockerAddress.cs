using System;
using System.Globalization;

namespace PSDocker
{
    /// <summary>Parses and formats engine addresses the way the docker CLI's -H does.</summary>
    internal static class DockerAddress
    {
        internal const string DefaultUnixSocket = "unix:///var/run/docker.sock";
        internal const string DefaultNamedPipe = "npipe:////./pipe/docker_engine";
        internal const int DefaultPlainPort = 2375;
        internal const int DefaultTlsPort = 2376;

        internal static Uri PlatformDefault(bool isWindows) =>
            isWindows ? new Uri("npipe://./pipe/docker_engine") : new Uri(DefaultUnixSocket);

        /// <summary>
        /// Parses an address such as <c>unix:///var/run/docker.sock</c>, <c>npipe:////./pipe/docker_engine</c>,
        /// <c>tcp://127.0.0.1:2376</c>, <c>127.0.0.1:2375</c> or <c>/run/docker.sock</c>.
        /// </summary>
        /// <exception cref="FormatException">The address is empty, malformed or of a kind PSDocker cannot reach.</exception>
        internal static Uri Parse(string address, bool useTls = false)
        {
            if (address is null || address.Trim().Length == 0)
            {
                throw new FormatException("The engine address is empty.");
            }

            string text = address.Trim();
            string shown = Redact(text);

            if (text.StartsWith("/", StringComparison.Ordinal))
            {
                text = "unix://" + text;
            }
            else if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                // host:port or :port, as docker -H accepts
                text = "tcp://" + (text.StartsWith(":", StringComparison.Ordinal) ? "127.0.0.1" + text : text);
            }

            int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
            string scheme = text.Substring(0, schemeEnd).ToLowerInvariant();
            string rest = text.Substring(schemeEnd + 3);

            switch (scheme)
            {
                case "unix":
                    if (rest.Length == 0 || rest[0] != '/')
                    {
                        throw new FormatException($"'{shown}' is not a valid unix socket address: expected unix:///path/to/socket.");
                    }

                    return new Uri("unix://" + rest);

                case "npipe":
                    // npipe:////./pipe/name (docker's form) and npipe://./pipe/name both name \\.\pipe\name
                    string pipe = rest.TrimStart('/');
                    string[] parts = pipe.Split('/');
                    if (parts.Length != 3 || parts[1] != "pipe" || parts[2].Length == 0 || parts[0].Length == 0)
                    {
                        throw new FormatException($"'{shown}' is not a valid named pipe address: expected npipe:////./pipe/NAME.");
                    }

                    string server = parts[0] == "localhost" ? "." : parts[0];
                    return new Uri($"npipe://{server}/pipe/{parts[2]}");

                case "http":
                case "https":
                    throw new FormatException(
                        $"'{shown}' uses the scheme '{scheme}', which docker does not accept for an engine: use tcp://HOST:PORT " +
                        "(TLS comes from -TlsCertPath, DOCKER_TLS_VERIFY or the context, not from the scheme).");

                case "tcp":
                    string hostPort = rest;
                    string basePath = "";
                    if (hostPort.IndexOfAny(new[] { '?', '#' }) >= 0)
                    {
                        throw new FormatException($"'{shown}' is not a valid tcp address: a query or fragment is not allowed.");
                    }

                    // user:password@ before the host is dropped, as the docker CLI drops it (and never shown).
                    int authorityEnd = hostPort.IndexOf('/') < 0 ? hostPort.Length : hostPort.IndexOf('/');
                    int userInfo = hostPort.LastIndexOf('@', Math.Max(0, authorityEnd - 1));
                    if (userInfo >= 0 && userInfo < authorityEnd)
                    {
                        hostPort = hostPort.Substring(userInfo + 1);
                    }

                    int slash = hostPort.IndexOf('/');
                    if (slash >= 0)
                    {
                        // tcp://host:port/prefix: requests go to /prefix/v1.xx/..., as the docker client sends them.
                        basePath = hostPort.Substring(slash).TrimEnd('/');
                        hostPort = hostPort.Substring(0, slash);
                        if (basePath.IndexOf("//", StringComparison.Ordinal) >= 0)
                        {
                            throw new FormatException($"'{shown}' is not a valid tcp address: its path '{basePath}' has an empty segment.");
                        }
                    }

                    string host;
                    string? portText = null;
                    if (hostPort.StartsWith("[", StringComparison.Ordinal))
                    {
                        int close = hostPort.IndexOf(']');
                        if (close < 0)
                        {
                            throw new FormatException($"'{shown}' has an unterminated IPv6 address.");
                        }

                        host = hostPort.Substring(0, close + 1);
                        if (close + 1 < hostPort.Length)
                        {
                            if (hostPort[close + 1] != ':')
                            {
                                throw new FormatException($"'{shown}' is not a valid tcp address.");
                            }

                            portText = hostPort.Substring(close + 2);
                        }
                    }
                    else
                    {
                        int colon = hostPort.LastIndexOf(':');
                        host = colon < 0 ? hostPort : hostPort.Substring(0, colon);
                        portText = colon < 0 ? null : hostPort.Substring(colon + 1);
                    }

                    if (host.Length == 0)
                    {
                        host = "127.0.0.1";
                    }

                    int port = useTls ? DefaultTlsPort : DefaultPlainPort;
                    if (!string.IsNullOrEmpty(portText) &&
                        (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535))
                    {
                        throw new FormatException($"'{shown}' has an invalid port '{portText}'.");
                    }

                    if (Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
                    {
                        throw new FormatException($"'{shown}' has an invalid host name '{host}'.");
                    }

                    return new Uri($"tcp://{host}:{port.ToString(CultureInfo.InvariantCulture)}{basePath}/");

                case "ssh":
                    throw new FormatException($"'{shown}': ssh:// engines are not supported yet; forward the socket (ssh -L) and use unix:// or tcp://.");

                case "fd":
                    throw new FormatException($"'{shown}': fd:// is a daemon listener, not an address a client can connect to.");

                default:
                    throw new FormatException($"'{shown}' uses the unsupported scheme '{scheme}'; use unix://, npipe:// or tcp://.");
            }
        }

        /// <summary>
        /// The address with any user information (user:password@) replaced by "***@", for messages and error
        /// records: credentials never appear in output.
        /// </summary>
        internal static string Redact(string address)
        {
            int scheme = address.IndexOf("://", StringComparison.Ordinal);
            int start = scheme < 0 ? 0 : scheme + 3;
            int slash = address.IndexOf('/', start);
            int at = address.LastIndexOf('@', slash < 0 ? address.Length - 1 : slash);
            return at >= start ? address.Substring(0, start) + "***" + address.Substring(at) : address;
        }

        /// <summary>True when the address is a tcp:// engine (the only kind TLS applies to).</summary>
        internal static bool IsTcp(Uri address) => string.Equals(address.Scheme, "tcp", StringComparison.OrdinalIgnoreCase);

        /// <summary>Formats an address the way docker prints it (npipe:////./pipe/name, tcp://host:port/prefix).</summary>
        internal static string Format(Uri address)
        {
            if (string.Equals(address.Scheme, "npipe", StringComparison.OrdinalIgnoreCase))
            {
                return $"npipe:////{address.Host}{address.AbsolutePath}";
            }

            if (string.Equals(address.Scheme, "unix", StringComparison.OrdinalIgnoreCase))
            {
                return "unix://" + address.AbsolutePath;
            }

            return $"{address.Scheme}://{address.Authority}{address.AbsolutePath.TrimEnd('/')}";
        }
    }
}
