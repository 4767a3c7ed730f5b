using System;

namespace PSDocker
{
    /// <summary>
    /// An engine address with the TLS material needed to reach it, and where it was taken from.
    /// Every object PSDocker returns carries the endpoint it came from, so piping it on acts on
    /// the same engine.
    /// </summary>
    public sealed class DockerEndpoint : IEquatable<DockerEndpoint>
    {
        internal DockerEndpoint(Uri address, string source, string? contextName, TlsSettings? tls)
        {
            Address = address ?? throw new ArgumentNullException(nameof(address));
            Source = source;
            ContextName = contextName;
            Tls = tls;
        }

        /// <summary>The engine address: unix://, npipe:// or tcp://.</summary>
        public Uri Address { get; }

        /// <summary>Where the address came from: HostAddress, Context, Session, DOCKER_HOST, DOCKER_CONTEXT, ConfigFile or Default.</summary>
        public string Source { get; }

        /// <summary>The docker context the endpoint was read from, if any.</summary>
        public string? ContextName { get; }

        /// <summary>TLS settings, or null for a plain connection.</summary>
        public TlsSettings? Tls { get; }

        /// <summary>True when the connection uses TLS.</summary>
        public bool UseTls => Tls is not null;

        internal string CacheKey => Tls is null
            ? Address.AbsoluteUri
            : $"{Address.AbsoluteUri}|{Tls.Verify}|{Tls.CaFile}|{Tls.CertFile}|{Tls.KeyFile}";

        public bool Equals(DockerEndpoint? other) => other is not null && CacheKey == other.CacheKey;

        public override bool Equals(object? obj) => Equals(obj as DockerEndpoint);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CacheKey);

        public override string ToString() => DockerAddress.Format(Address);
    }

    /// <summary>TLS material for a tcp:// endpoint. Paths only: no key material is kept here.</summary>
    public sealed class TlsSettings
    {
        internal TlsSettings(bool verify, string? caFile, string? certFile, string? keyFile)
        {
            Verify = verify;
            CaFile = caFile;
            CertFile = certFile;
            KeyFile = keyFile;
        }

        /// <summary>True when the engine's certificate is checked against <see cref="CaFile"/>.</summary>
        public bool Verify { get; }

        /// <summary>The CA certificate (PEM) the engine's certificate must chain to.</summary>
        public string? CaFile { get; }

        /// <summary>The client certificate (PEM).</summary>
        public string? CertFile { get; }

        /// <summary>The client certificate's private key (PEM).</summary>
        public string? KeyFile { get; }

        public override string ToString() => Verify ? $"tlsverify ({CaFile})" : "tls (no verify)";
    }
}
