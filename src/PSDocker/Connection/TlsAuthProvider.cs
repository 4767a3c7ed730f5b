using System;
using System.Net.Http;
using System.Net.Security;
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
        /// The check docker's --tlsverify makes of the engine's certificate: it must chain to <paramref name="ca"/>
        /// (the client library's CA check) and be valid for the host name or address the call connects to
        /// (<paramref name="host"/>), so one CA's certificates cannot stand in for each other's engines. A failure throws an
        /// AuthenticationException that says which check failed; it ends the handshake and is reported as EngineTlsFailed.
        /// </summary>
        internal static RemoteCertificateValidationCallback VerifyEngine(X509Certificate2 ca, string host)
        {
            RemoteCertificateValidationCallback chainsToCa = Docker.DotNet.X509.DockerTlsCertificates.CreateCertificateAuthorityValidationCallback(ca);
            return (sender, certificate, chain, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                {
                    throw new System.Security.Authentication.AuthenticationException("the engine sent no certificate.");
                }

                if (!chainsToCa(sender, certificate, chain, errors))
                {
                    throw new System.Security.Authentication.AuthenticationException(
                        $"the engine's certificate ({certificate.Subject}) is not signed by the CA in ca.pem ({ca.Subject}).");
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
    }
}
