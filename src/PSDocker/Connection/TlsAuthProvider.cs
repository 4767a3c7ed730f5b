using System;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Net.Http.Client;

namespace PSDocker
{
    /// <summary>
    /// TLS for tcp:// engines: an optional client certificate (docker's cert.pem/key.pem) and a check of
    /// the engine's certificate against ca.pem, or no check at all (DOCKER_TLS, SkipTLSVerify).
    /// </summary>
    internal sealed class TlsAuthProvider : IAuthProvider
    {
        private readonly X509Certificate2? _clientCertificate;
        private readonly RemoteCertificateValidationCallback _validate;

        internal TlsAuthProvider(X509Certificate2? clientCertificate, RemoteCertificateValidationCallback validate)
        {
            _clientCertificate = clientCertificate;
            _validate = validate;
        }

        public bool TlsEnabled => true;

        /// <summary>
        /// The checks docker's --tlsverify makes of the engine's certificate: it must chain, through any intermediate
        /// certificates the engine sends, to one of the CA certificates in ca.pem (<paramref name="cas"/>, every
        /// certificate of the bundle), be meant for a server (extended key usage serverAuth, when the certificate
        /// states its usages), and be valid for the host name or address the call connects to (<paramref name="host"/>),
        /// so one CA's certificates cannot stand in for each other's engines. Revocation is not checked (docker does
        /// not either). A failure throws an AuthenticationException that says which check failed; it ends the
        /// handshake and is reported as EngineTlsFailed.
        /// </summary>
        internal static RemoteCertificateValidationCallback VerifyEngine(X509Certificate2Collection cas, string host)
        {
            return (sender, certificate, presented, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                {
                    throw new System.Security.Authentication.AuthenticationException("the engine sent no certificate.");
                }

                var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
                using (var chain = new X509Chain())
                {
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
                    if (presented is not null)
                    {
                        // The intermediates the engine sent.
                        chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
                        foreach (X509ChainElement element in presented.ChainElements)
                        {
                            chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                        }
                    }
#if NET
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(cas);
                    bool trusted = chain.Build(leaf);
#else
                    chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
                    chain.ChainPolicy.ExtraStore.AddRange(cas);
                    bool trusted = chain.Build(leaf) && chain.ChainElements.Count > 0 &&
                        Contains(cas, chain.ChainElements[chain.ChainElements.Count - 1].Certificate);
#endif
                    if (!trusted)
                    {
                        bool wrongUsage = false;
                        foreach (X509ChainStatus status in chain.ChainStatus)
                        {
                            wrongUsage |= status.Status == X509ChainStatusFlags.NotValidForUsage;
                        }

                        throw new System.Security.Authentication.AuthenticationException(wrongUsage
                            ? $"the engine's certificate ({leaf.Subject}) is not meant for a server: its extended key usage lacks serverAuth."
                            : $"the engine's certificate ({leaf.Subject}) does not chain to a CA in ca.pem ({Subjects(cas)}).");
                    }
                }

                if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    throw new System.Security.Authentication.AuthenticationException(
                        $"the engine's certificate is not valid for '{host}'; it is valid for {CertificateNames(certificate)}. " +
                        "Connect by a name or address the certificate lists.");
                }

                return true;
            };
        }

        /// <summary>The extended key usage of a TLS server certificate.</summary>
        internal const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

        /// <summary>Every certificate of a PEM bundle (ca.pem may hold several CAs).</summary>
        /// <exception cref="System.Security.Cryptography.CryptographicException">The file holds no PEM certificate, or a bad one.</exception>
        internal static X509Certificate2Collection LoadCaBundle(string path)
        {
            var bundle = new X509Certificate2Collection();
            string text = System.IO.File.ReadAllText(path);
            const string begin = "-----BEGIN CERTIFICATE-----";
            const string end = "-----END CERTIFICATE-----";
            int at = 0;
            while ((at = text.IndexOf(begin, at, StringComparison.Ordinal)) >= 0)
            {
                int stop = text.IndexOf(end, at, StringComparison.Ordinal);
                if (stop < 0)
                {
                    break;
                }

                string base64 = text.Substring(at + begin.Length, stop - at - begin.Length);
                bundle.Add(new X509Certificate2(Convert.FromBase64String(base64.Replace("\r", "").Replace("\n", "").Trim())));
                at = stop + end.Length;
            }

            if (bundle.Count == 0)
            {
                throw new System.Security.Cryptography.CryptographicException("it holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
            }

            return bundle;
        }

        private static bool Contains(X509Certificate2Collection cas, X509Certificate2 certificate)
        {
            foreach (X509Certificate2 ca in cas)
            {
                if (string.Equals(ca.Thumbprint, certificate.Thumbprint, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Subjects(X509Certificate2Collection cas)
        {
            var names = new System.Collections.Generic.List<string>();
            foreach (X509Certificate2 ca in cas)
            {
                names.Add(ca.Subject);
            }

            return string.Join("; ", names);
        }

        /// <summary>The DNS names and IP addresses a certificate is valid for, as its subjectAltName lists them (else its subject).</summary>
        internal static string CertificateNames(X509Certificate certificate)
        {
            var cert2 = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
            foreach (X509Extension extension in cert2.Extensions)
            {
                if (extension.Oid?.Value == "2.5.29.17")
                {
                    return extension.Format(false);
                }
            }

            return cert2.Subject;
        }

        /// <summary>Sets the client certificate and the engine check on the library's per-request handler (the upgrade leg of <see cref="EngineTransport"/>).</summary>
        public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
        {
            if (handler is ManagedHandler managed)
            {
                managed.ClientCertificates = _clientCertificate is null
                    ? new X509CertificateCollection()
                    : new X509CertificateCollection { _clientCertificate };
                managed.ServerCertificateValidationCallback = _validate;
                return managed;
            }

            throw new NotSupportedException($"TLS cannot be set up on a {handler.GetType().Name}.");
        }

#if NET
        /// <summary>
        /// Sets the client certificate and the engine check on the pooled leg of <see cref="EngineTransport"/>. The
        /// certificate is offered whatever CAs the engine names as acceptable, as the per-request handler does, so an
        /// engine that does not trust it says so (EngineTlsFailed) instead of seeing no certificate.
        /// </summary>
        internal void Configure(System.Net.Http.SocketsHttpHandler handler)
        {
            var ssl = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = _validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            };
            if (_clientCertificate is not null)
            {
                X509Certificate2 certificate = _clientCertificate;
                ssl.ClientCertificates = new X509CertificateCollection { certificate };
                ssl.LocalCertificateSelectionCallback = (sender, host, local, remote, acceptable) => certificate;
            }

            handler.SslOptions = ssl;
        }
#endif
    }
}
