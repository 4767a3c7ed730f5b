using System;
using System.IO;
using System.Management.Automation;

namespace PSDocker
{
    /// <summary>
    /// Works out what New-DockerContext writes, as docker context create does: from an address (with a TLS
    /// folder and SkipTLSVerify), or copied from an existing context ("default" being DOCKER_HOST or the platform's
    /// engine, with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH). Every file is read here, before anything is written.
    /// </summary>
    internal static class ContextSpecs
    {
        /// <summary>
        /// A context for <paramref name="hostAddress"/>: the address as given when it has a scheme, else in docker's
        /// full form (tcp://host:port, unix:///path), since the docker CLI reads only full addresses from a context.
        /// <paramref name="tlsFolder"/> (absolute) holds any of ca.pem, cert.pem, key.pem; they are copied as they are.
        /// Errors: InvalidHostAddress, TlsNotSupportedForScheme, TlsCertificateNotFound.
        /// </summary>
        internal static ContextSpec FromAddress(string name, string? description, string hostAddress, string? tlsFolder, bool skipTlsVerify, bool isWindows)
        {
            Uri address;
            try
            {
                address = DockerAddress.Parse(hostAddress);
                if (!isWindows && string.Equals(address.Scheme, "npipe", StringComparison.OrdinalIgnoreCase))
                {
                    throw new FormatException($"'{hostAddress}' is a Windows named pipe, and named pipes exist on Windows only: use unix:// or tcp:// here.");
                }

                if (DockerAddress.IsTcp(address) && !NamesTcpHost(hostAddress.Trim()))
                {
                    // DockerAddress.Parse reads "tcp://" as 127.0.0.1:2375 (as docker -H does), but the text is what the
                    // context keeps, and docker cannot reach an engine through a context whose tcp:// address has no host.
                    throw new FormatException($"'{DockerAddress.Redact(hostAddress.Trim())}' names no engine: expected tcp://HOST:PORT.");
                }
            }
            catch (FormatException e)
            {
                throw new PSDockerException($"-HostAddress: {e.Message}", "InvalidHostAddress", ErrorCategory.InvalidArgument,
                    DockerAddress.Redact(hostAddress), e);
            }

            string text = hostAddress.Trim();
            string host = text.IndexOf("://", StringComparison.Ordinal) >= 0 ? text : DockerAddress.Format(address);
            if ((tlsFolder is not null || skipTlsVerify) && !DockerAddress.IsTcp(address))
            {
                throw new PSDockerException(
                    $"-{(tlsFolder is not null ? "TlsCertPath" : "SkipTlsVerify")} applies to tcp:// engines only, not to '{DockerAddress.Redact(host)}' (-HostAddress).",
                    "TlsNotSupportedForScheme", ErrorCategory.InvalidArgument, tlsFolder ?? (object)"SkipTlsVerify");
            }

            if (tlsFolder is null)
            {
                return new ContextSpec(name, description, host, skipTlsVerify, null, null, null);
            }

            if (!Directory.Exists(tlsFolder))
            {
                throw new PSDockerException($"-TlsCertPath: the folder '{tlsFolder}' does not exist.",
                    "TlsCertificateNotFound", ErrorCategory.ObjectNotFound, tlsFolder);
            }

            try
            {
                // The same rules as -TlsCertPath everywhere: ca.pem to verify the engine, cert.pem and key.pem together.
                EndpointResolver.TlsFromFolder(tlsFolder, verify: !skipTlsVerify, "-TlsCertPath");
            }
            catch (EndpointResolutionException e)
            {
                throw new PSDockerException(e.Message, e.ErrorId, ErrorCategory.ObjectNotFound, e.Target, e);
            }

            byte[]? ca = ReadIfPresent(Path.Combine(tlsFolder, "ca.pem"));
            byte[]? cert = ReadIfPresent(Path.Combine(tlsFolder, "cert.pem"));
            byte[]? key = ReadIfPresent(Path.Combine(tlsFolder, "key.pem"));
            if (ca is null && cert is null)
            {
                throw new PSDockerException($"-TlsCertPath: the folder '{tlsFolder}' has no ca.pem and no cert.pem.",
                    "TlsCertificateNotFound", ErrorCategory.ObjectNotFound, tlsFolder);
            }

            return new ContextSpec(name, description, host, skipTlsVerify, ca, cert, key);
        }

        /// <summary>
        /// A copy of the context <paramref name="source"/> (docker context create --from): its endpoint, SkipTLSVerify and
        /// TLS files, and its description unless <paramref name="description"/> is given. "default" is DOCKER_HOST (else
        /// the platform's engine) with the TLS of DOCKER_TLS_VERIFY / DOCKER_TLS and DOCKER_CERT_PATH for a tcp one.
        /// Errors: ContextNotFound, ContextHasNoDockerEndpoint, InvalidHostAddress, TlsCertificateNotFound.
        /// </summary>
        internal static ContextSpec FromContext(string name, string? description, string source, EndpointResolver resolver, bool isWindows)
        {
            if (source == DockerConfigStore.DefaultContextName)
            {
                string? dockerHost = resolver.Env("DOCKER_HOST");
                string host = string.IsNullOrWhiteSpace(dockerHost)
                    ? (isWindows ? DockerAddress.DefaultNamedPipe : DockerAddress.DefaultUnixSocket)
                    : dockerHost!.Trim();
                TlsSettings? tls = null;
                try
                {
                    tls = DockerAddress.IsTcp(DockerAddress.Parse(host)) ? resolver.TlsFromEnvironment() : null;
                }
                catch (FormatException e)
                {
                    throw new PSDockerException($"DOCKER_HOST: {e.Message}", "InvalidHostAddress", ErrorCategory.InvalidArgument,
                        DockerAddress.Redact(host), e);
                }
                catch (EndpointResolutionException e)
                {
                    throw new PSDockerException(e.Message, e.ErrorId, ErrorCategory.ObjectNotFound, e.Target, e);
                }

                return FromTls(name, description ?? DockerConfigStore.DefaultContextDescription, host, tls);
            }

            ContextEntry entry = resolver.Config.ReadContext(source) ?? throw resolver.Config.NotFound(source);
            return new ContextSpec(name, description ?? entry.Description, entry.Host, entry.SkipTlsVerify,
                ReadIfPresent(entry.CaFile), ReadIfPresent(entry.CertFile), ReadIfPresent(entry.KeyFile));
        }

        /// <summary>A context for an endpoint in use (a session default set by address), with its TLS files.</summary>
        internal static ContextSpec FromEndpoint(string name, string? description, DockerEndpoint endpoint) =>
            FromTls(name, description, DockerAddress.Format(endpoint.Address), endpoint.Tls);

        private static ContextSpec FromTls(string name, string? description, string host, TlsSettings? tls) =>
            tls is null
                ? new ContextSpec(name, description, host, false, null, null, null)
                : new ContextSpec(name, description, host, !tls.Verify,
                    ReadIfPresent(tls.CaFile), ReadIfPresent(tls.CertFile), ReadIfPresent(tls.KeyFile));

        /// <summary>
        /// False for a tcp:// text with nothing between "://" (or "user@") and the path: "tcp://", "tcp:///", "tcp://u@",
        /// which docker either refuses or cannot connect through. A short form (HOST:PORT, :PORT) names a host or port.
        /// </summary>
        internal static bool NamesTcpHost(string text)
        {
            int scheme = text.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0)
            {
                return true;
            }

            string rest = text.Substring(scheme + 3);
            int slash = rest.IndexOf('/');
            string authority = slash < 0 ? rest : rest.Substring(0, slash);
            return authority.Substring(authority.LastIndexOf('@') + 1).Trim(':').Length > 0;
        }

        private static byte[]? ReadIfPresent(string? path)
        {
            if (path is null || !File.Exists(path))
            {
                return null;
            }

            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new PSDockerException($"Could not read the TLS file '{path}': {e.Message}",
                    "TlsCertificateNotFound", ErrorCategory.ReadError, path, e);
            }
        }
    }
}
