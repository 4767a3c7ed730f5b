using System;
using System.IO;

namespace PSDocker
{
    /// <summary>What a caller asked for: the connection parameters of one cmdlet call.</summary>
    internal sealed class EndpointRequest
    {
        /// <summary>-HostAddress.</summary>
        internal string? HostAddress { get; set; }

        /// <summary>-Context.</summary>
        internal string? Context { get; set; }

        /// <summary>-TlsCertPath: a folder with ca.pem, cert.pem and key.pem.</summary>
        internal string? TlsCertPath { get; set; }

        /// <summary>-Endpoint, usually bound from a piped object's Endpoint property.</summary>
        internal DockerEndpoint? Endpoint { get; set; }
    }

    /// <summary>Raised when the connection settings themselves are wrong (bad address, unknown context, missing certificates).</summary>
    internal sealed class EndpointResolutionException : Exception
    {
        internal EndpointResolutionException(string errorId, string message, object? target, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Target = target;
        }

        internal string ErrorId { get; }

        internal object? Target { get; }
    }

    /// <summary>
    /// Decides which engine a call talks to. Order: explicit parameters (-HostAddress, -Context,
    /// or the Endpoint of a piped object), then the session default (Use-DockerContext), then
    /// DOCKER_HOST (+ DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), then DOCKER_CONTEXT or the current
    /// context of the docker config file, then the platform default socket or pipe.
    /// Pure apart from reading the docker config folder, so every branch is unit-tested.
    /// </summary>
    internal sealed class EndpointResolver
    {
        private readonly Func<string, string?> _getEnv;
        private readonly DockerConfigStore _config;
        private readonly bool _isWindows;
        private readonly Func<string, string> _fullPath;

        /// <param name="getEnv">Reads an environment variable.</param>
        /// <param name="config">The docker config folder.</param>
        /// <param name="isWindows">Picks the platform default (named pipe or unix socket).</param>
        /// <param name="fullPath">
        /// Makes a path from an environment variable absolute; cmdlets pass one that resolves against the current
        /// PowerShell location, as a user standing in a folder expects. Defaults to the process's working folder.
        /// </param>
        internal EndpointResolver(Func<string, string?> getEnv, DockerConfigStore config, bool isWindows, Func<string, string>? fullPath = null)
        {
            _getEnv = getEnv;
            _config = config;
            _isWindows = isWindows;
            _fullPath = fullPath ?? Path.GetFullPath;
        }

        /// <summary>
        /// The resolver for this process's environment. <paramref name="fullPath"/> resolves relative paths given in
        /// DOCKER_CONFIG and DOCKER_CERT_PATH (cmdlets pass the current PowerShell location's resolver).
        /// </summary>
        internal static EndpointResolver ForCurrentProcess(Func<string, string>? fullPath = null)
        {
            Func<string, string?> env = Environment.GetEnvironmentVariable;
            fullPath ??= Path.GetFullPath;
            return new EndpointResolver(env, DockerConfigStore.FromEnvironment(env, fullPath), IsWindows(), fullPath);
        }

        internal static bool IsWindows() =>
            System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows);

        internal DockerConfigStore Config => _config;

        internal DockerEndpoint Resolve(EndpointRequest request, DockerEndpoint? sessionDefault)
        {
            bool hasHost = !string.IsNullOrWhiteSpace(request.HostAddress);
            bool hasContext = !string.IsNullOrWhiteSpace(request.Context);

            if (hasHost && hasContext)
            {
                throw new EndpointResolutionException(
                    "ConflictingEndpointParameters",
                    "-HostAddress and -Context both name an engine; give only one of them.",
                    request.HostAddress);
            }

            if (hasHost)
            {
                return FromAddress(request.HostAddress!, "HostAddress", null, request.TlsCertPath, "-HostAddress");
            }

            if (hasContext)
            {
                return FromContext(request.Context!.Trim(), "Context", request.TlsCertPath);
            }

            if (request.Endpoint is not null)
            {
                return request.Endpoint;
            }

            if (request.TlsCertPath is not null)
            {
                throw new EndpointResolutionException(
                    "TlsCertPathWithoutHost",
                    "-TlsCertPath needs -HostAddress (a tcp:// engine) or -Context to go with it.",
                    request.TlsCertPath);
            }

            if (sessionDefault is not null)
            {
                return sessionDefault;
            }

            return FromEnvironmentOrConfig();
        }

        /// <summary>The endpoint PSDocker uses when nothing is given explicitly and no session default is set.</summary>
        internal DockerEndpoint FromEnvironmentOrConfig()
        {
            string? dockerHost = _getEnv("DOCKER_HOST");
            if (!string.IsNullOrWhiteSpace(dockerHost))
            {
                return FromAddress(dockerHost!, "DOCKER_HOST", null, null, "DOCKER_HOST");
            }

            if (SelectedContext() is (string name, string source))
            {
                return FromContext(name, source, null);
            }

            return new DockerEndpoint(DockerAddress.PlatformDefault(_isWindows), "Default", null, null);
        }

        /// <summary>
        /// The context calls use when nothing is given explicitly: DOCKER_HOST set means the built-in default
        /// (null here), as the docker CLI decides; else the context named by DOCKER_CONTEXT, else by the config
        /// file's currentContext, with where the name came from (DOCKER_CONTEXT or ConfigFile); null when none.
        /// Get-DockerContext marks as current exactly what this returns.
        /// </summary>
        internal (string Name, string Source)? SelectedContext()
        {
            if (!string.IsNullOrWhiteSpace(_getEnv("DOCKER_HOST")))
            {
                return null;
            }

            string? envContext = _getEnv("DOCKER_CONTEXT");
            if (!string.IsNullOrWhiteSpace(envContext))
            {
                return (envContext!.Trim(), "DOCKER_CONTEXT");
            }

            string? current = _config.ReadCurrentContext();
            return current is null ? null : (current, "ConfigFile");
        }

        /// <summary>An environment variable as this resolver sees it.</summary>
        internal string? Env(string name) => _getEnv(name);

        internal DockerEndpoint FromContext(string name, string source, string? tlsCertPath)
        {
            if (string.Equals(name, DockerConfigStore.DefaultContextName, StringComparison.Ordinal))
            {
                // The built-in "default" context is DOCKER_HOST or the platform default.
                string? dockerHost = _getEnv("DOCKER_HOST");
                if (!string.IsNullOrWhiteSpace(dockerHost))
                {
                    return FromAddress(dockerHost!, source, name, tlsCertPath, "DOCKER_HOST");
                }

                if (tlsCertPath is not null)
                {
                    throw new EndpointResolutionException(
                        "TlsCertPathWithoutHost",
                        "-TlsCertPath applies to tcp:// engines; the default context is the local socket or pipe.",
                        tlsCertPath);
                }

                return new DockerEndpoint(DockerAddress.PlatformDefault(_isWindows), source, name, null);
            }

            ContextEntry? entry = _config.ReadContext(name);
            if (entry is null)
            {
                throw new EndpointResolutionException(
                    "ContextNotFound",
                    $"No docker context named '{name}' exists in '{_config.Directory}'. Get-DockerContext lists the contexts there.",
                    name);
            }

            if (string.IsNullOrWhiteSpace(entry.Host))
            {
                throw new EndpointResolutionException(
                    "ContextHasNoDockerEndpoint", $"The docker context '{name}' has no docker endpoint.", name);
            }

            if (tlsCertPath is not null)
            {
                return FromAddress(entry.Host!, source, name, tlsCertPath, $"context '{name}'");
            }

            Uri contextAddress = ParseAddress(entry.Host!, false, $"context '{name}'");
            TlsSettings? contextTls = null;
            if (!DockerAddress.IsTcp(contextAddress))
            {
                // TLS files or SkipTLSVerify on a socket or pipe context are ignored, as the docker CLI ignores them.
            }
            else if (entry.HasTlsMaterial || entry.SkipTlsVerify)
            {
                // As the docker CLI: TLS files, or SkipTLSVerify alone, both mean TLS.
                contextTls = new TlsSettings(!entry.SkipTlsVerify, entry.SkipTlsVerify ? null : entry.CaFile, entry.CertFile, entry.KeyFile);
                if (contextTls.Verify && contextTls.CaFile is null)
                {
                    throw new EndpointResolutionException(
                        "TlsCertificateNotFound", $"The docker context '{name}' verifies TLS but has no ca.pem.", name);
                }
            }

            return new DockerEndpoint(ParseAddress(entry.Host!, contextTls is not null, $"context '{name}'"), source, name, contextTls);
        }

        /// <summary>
        /// An endpoint for an address given by -HostAddress or DOCKER_HOST. TLS comes from -TlsCertPath, else from
        /// DOCKER_TLS_VERIFY / DOCKER_TLS, and applies to tcp:// engines only: TLS variables left in the environment
        /// do not stop a unix socket or named pipe from working (as the docker CLI), while -TlsCertPath given for
        /// one is an error (TlsNotSupportedForScheme), since it cannot mean anything there.
        /// </summary>
        private DockerEndpoint FromAddress(string text, string source, string? contextName, string? tlsCertPath, string origin)
        {
            Uri plain = ParseAddress(text, false, origin == "-HostAddress" ? null : origin);
            if (!DockerAddress.IsTcp(plain))
            {
                if (tlsCertPath is not null)
                {
                    throw new EndpointResolutionException(
                        "TlsNotSupportedForScheme",
                        $"-TlsCertPath applies to tcp:// engines only, not to '{DockerAddress.Format(plain)}' ({origin}).",
                        tlsCertPath);
                }

                return new DockerEndpoint(plain, source, contextName, null);
            }

            TlsSettings? tls = tlsCertPath is not null ? TlsFromFolder(tlsCertPath, verify: true, "-TlsCertPath") : TlsFromEnvironment();
            return new DockerEndpoint(tls is null ? plain : ParseAddress(text, true, origin == "-HostAddress" ? null : origin), source, contextName, tls);
        }

        /// <summary>
        /// DOCKER_TLS_VERIFY (verify with DOCKER_CERT_PATH) or DOCKER_TLS (TLS without verifying the engine), for a
        /// tcp:// engine. A relative DOCKER_CERT_PATH is taken from the current location.
        /// </summary>
        internal TlsSettings? TlsFromEnvironment()
        {
            bool verify = !string.IsNullOrEmpty(_getEnv("DOCKER_TLS_VERIFY"));
            bool tls = verify || !string.IsNullOrEmpty(_getEnv("DOCKER_TLS"));
            if (!tls)
            {
                return null;
            }

            string? certPath = _getEnv("DOCKER_CERT_PATH");
            if (string.IsNullOrEmpty(certPath))
            {
                certPath = _config.Directory;
            }

            return TlsFromFolder(_fullPath(certPath!), verify, "DOCKER_CERT_PATH");
        }

        internal static TlsSettings TlsFromFolder(string folder, bool verify, string origin)
        {
            string ca = Path.Combine(folder, "ca.pem");
            string cert = Path.Combine(folder, "cert.pem");
            string key = Path.Combine(folder, "key.pem");

            if (verify && !File.Exists(ca))
            {
                throw new EndpointResolutionException(
                    "TlsCertificateNotFound", $"TLS verification needs '{ca}' ({origin}), and it does not exist.", ca);
            }

            bool hasCert = File.Exists(cert);
            bool hasKey = File.Exists(key);
            if (hasCert != hasKey)
            {
                string missing = hasCert ? key : cert;
                throw new EndpointResolutionException(
                    "TlsCertificateNotFound", $"The client certificate needs both cert.pem and key.pem; '{missing}' ({origin}) does not exist.", missing);
            }

            return new TlsSettings(verify, verify ? ca : null, hasCert ? cert : null, hasKey ? key : null);
        }

        private Uri ParseAddress(string text, bool tls, string? origin = null)
        {
            try
            {
                Uri address = DockerAddress.Parse(text, tls);
                if (!_isWindows && string.Equals(address.Scheme, "npipe", StringComparison.OrdinalIgnoreCase))
                {
                    throw new FormatException($"'{text}' is a Windows named pipe, and named pipes exist on Windows only: use unix:// or tcp:// here.");
                }

                return address;
            }
            catch (FormatException e)
            {
                throw new EndpointResolutionException(
                    "InvalidHostAddress", origin is null ? e.Message : $"{origin}: {e.Message}", DockerAddress.Redact(text), e);
            }
        }
    }
}
