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
