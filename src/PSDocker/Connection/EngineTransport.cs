using System;
using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Net.Http.Client;

namespace PSDocker
{
    /// <summary>
    /// The connections to one engine, shared by every client, call and runspace of the process that talks to it
    /// (one per <see cref="DockerEndpoint.CacheKey"/>). Two legs:
    /// <list type="bullet">
    /// <item>the pooled leg carries every ordinary request, streams included (logs, events, pulls, builds, copies):
    /// keep-alive connections, reused from call to call, so a TLS engine costs one handshake per connection, not one
    /// per request. On .NET 8 it is a <see cref="SocketsHttpHandler"/> for every engine kind (unix socket and named
    /// pipe through its connect callback, tcp and tcp+TLS with the client certificate and the engine check of
    /// <see cref="TlsAuthProvider"/>). On .NET Framework (Windows PowerShell 5.1) tcp engines get a keep-alive
    /// <see cref="HttpClientHandler"/>, and unix sockets and named pipes keep the client library's handler, which
    /// connects per request (a local connect is cheap).</item>
    /// <item>the upgrade leg carries the requests that take the connection over (attach, exec start: the library sets
    /// their Upgrade header): the client library's own handler, on a connection of their own, so that closing stdin is a
    /// real half-close (shutdown of the sending side) and the output keeps coming. Such a connection never returns to
    /// a pool.</item>
    /// </list>
    /// Idle pooled connections are closed after <see cref="IdleTimeout"/>. A GET or HEAD whose connection fails before
    /// any answer came (an engine restarted, a connection the engine closed while idle) is sent once more on a new
    /// connection; other requests are never resent. Nothing here disposes the legs but <see cref="Dispose"/>, which
    /// only <see cref="EngineClientCache.Clear"/> and module removal call: a client's own Dispose leaves them alone.
    /// </summary>
    internal sealed class EngineTransport : IDisposable
    {
        /// <summary>How long a pooled connection may stay idle before it is closed.</summary>
        internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(90);

        /// <summary>How long a tcp connection may live at all, so that a changed DNS answer is seen.</summary>
        internal static readonly TimeSpan TcpLifetime = TimeSpan.FromMinutes(5);

        private readonly HttpMessageHandler _pooled;
        private readonly HttpMessageHandler _upgrade;
        private readonly HttpMessageInvoker _pooledInvoker;
        private readonly HttpMessageInvoker _upgradeInvoker;
        private int _disposed;

        private EngineTransport(DockerEndpoint endpoint, Uri effectiveEndpoint, HttpMessageHandler pooled, HttpMessageHandler upgrade, bool pooledIsUpgrade)
        {
            Endpoint = endpoint;
            EffectiveEndpoint = effectiveEndpoint;
            _pooled = pooled;
            _upgrade = upgrade;
            PooledIsUpgrade = pooledIsUpgrade;
            _pooledInvoker = new HttpMessageInvoker(pooled, disposeHandler: false);
            _upgradeInvoker = new HttpMessageInvoker(upgrade, disposeHandler: false);
            Handler = new RoutingHandler(this);
        }

        /// <summary>The endpoint as it was first resolved.</summary>
        internal DockerEndpoint Endpoint { get; }

        /// <summary>The base address requests are sent to (http://docker.sock/ for a socket, http(s)://host:port/ for tcp).</summary>
        internal Uri EffectiveEndpoint { get; }

        /// <summary>The handler every client of this engine sends through; disposing it does nothing.</summary>
        internal HttpMessageHandler Handler { get; }

        /// <summary>True when ordinary requests also go through the library's per-request handler (no pooling on this engine kind here).</summary>
        internal bool PooledIsUpgrade { get; }

        /// <summary>
        /// Sends one request, routed as the class describes. Used by clients of the library (through <see cref="Handler"/>)
        /// and by <see cref="EngineRawRequest"/>.
        /// </summary>
        internal async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(EngineTransport));
            }

            if (request.Headers.Upgrade.Count > 0)
            {
                return await _upgradeInvoker.SendAsync(request, cancel).ConfigureAwait(false);
            }

            try
            {
                return await _pooledInvoker.SendAsync(request, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (MayResend(request, e, cancel))
            {
                return await _pooledInvoker.SendAsync(request, cancel).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// True for a request that can be sent again after <paramref name="error"/>: a GET or HEAD without a body, whose
        /// connection failed (closed, reset, refused) before an answer came, and not because the caller cancelled or TLS
        /// failed (a refused certificate is refused again).
        /// </summary>
        internal static bool MayResend(HttpRequestMessage request, Exception error, CancellationToken cancel)
        {
            if (cancel.IsCancellationRequested || request.Content is not null ||
                (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head) || error is OperationCanceledException ||
                ErrorMapper.FindTlsFailure(error) is not null)
            {
                return false;
            }

            for (Exception? e = error; e is not null; e = e.InnerException)
            {
                if (e is IOException || e is SocketException || e is ObjectDisposedException)
                {
                    return true;
                }
            }

            return error is HttpRequestException && error.InnerException is null;
        }

        /// <summary>
        /// The connections for <paramref name="endpoint"/>. <paramref name="tls"/> is the endpoint's TLS material, or null
        /// for a plain connection.
        /// </summary>
        /// <exception cref="EndpointResolutionException">The endpoint's scheme has no transport here (TlsNotSupportedForScheme, InvalidHostAddress).</exception>
        internal static EngineTransport Create(DockerEndpoint endpoint, TlsAuthProvider? tls)
        {
            Uri address = endpoint.Address;
            string scheme = address.Scheme.ToLowerInvariant();
            var options = new ResolvedClientOptions
            {
                Endpoint = address,
                AuthProvider = (IAuthProvider?)tls ?? NoopAuthProvider.Instance,
                Timeout = Timeout.InfiniteTimeSpan,
            };

            // The upgrade leg: the client library's own handler for the scheme, from its own factories.
            ResolvedTransport upgrade;
            switch (scheme)
            {
                case "unix":
                    upgrade = Docker.DotNet.Unix.DockerHandlerFactory.Instance.CreateHandler(
                        new Docker.DotNet.Unix.UnixSocketTransportOptions { ConfigureHandler = h => h.UseProxy = false }, options, NullLogger.Instance);
                    break;
                case "npipe":
                    upgrade = Docker.DotNet.NPipe.DockerHandlerFactory.Instance.CreateHandler(
                        new Docker.DotNet.NPipe.NPipeTransportOptions { ConnectTimeout = EngineClientCache.ConnectTimeout, ConfigureHandler = h => h.UseProxy = false },
                        options, NullLogger.Instance);
                    break;
                default:
                    upgrade = Docker.DotNet.LegacyHttp.DockerHandlerFactory.Instance.CreateHandler(
                        new Docker.DotNet.LegacyHttp.LegacyHttpTransportOptions(), options, NullLogger.Instance);
                    break;
            }

            HttpMessageHandler upgradeHandler = tls is null ? upgrade.Handler : tls.ConfigureHandler(upgrade.Handler);
            HttpMessageHandler? pooled = CreatePooled(scheme, address, tls);
            return new EngineTransport(endpoint, upgrade.EffectiveEndpoint, pooled ?? upgradeHandler, upgradeHandler, pooled is null);
        }

#if NET
        private static HttpMessageHandler? CreatePooled(string scheme, Uri address, TlsAuthProvider? tls)
        {
            var handler = new SocketsHttpHandler
            {
                PooledConnectionIdleTimeout = IdleTimeout,
                PooledConnectionLifetime = scheme == "tcp" ? TcpLifetime : Timeout.InfiniteTimeSpan,
                ConnectTimeout = EngineClientCache.ConnectTimeout,
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                UseCookies = false,

                // A stream given up before its end (a followed log, events, stats: they never end) closes its connection at
                // once; drained, it would stay open for seconds reading what nobody wants.
                MaxResponseDrainSize = 0,
            };

            switch (scheme)
            {
                case "unix":
                    string socketPath = address.LocalPath;
                    handler.UseProxy = false;
                    handler.ConnectCallback = async (context, cancel) =>
                    {
                        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        try
                        {
                            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel).ConfigureAwait(false);
                            return new NetworkStream(socket, ownsSocket: true);
                        }
                        catch
                        {
                            socket.Dispose();
                            throw;
                        }
                    };
                    break;
                case "npipe":
                    // npipe://./pipe/docker_engine: the server is the host ('.' for this machine), the pipe name follows /pipe/.
                    string server = string.IsNullOrEmpty(address.Host) ? "." : address.Host;
                    string pipe = address.AbsolutePath.StartsWith("/pipe/", StringComparison.OrdinalIgnoreCase)
                        ? address.AbsolutePath.Substring("/pipe/".Length)
                        : address.AbsolutePath.TrimStart('/');
                    handler.UseProxy = false;
                    handler.ConnectCallback = async (context, cancel) =>
                    {
                        var stream = new System.IO.Pipes.NamedPipeClientStream(server, pipe, System.IO.Pipes.PipeDirection.InOut,
                            System.IO.Pipes.PipeOptions.Asynchronous);
                        try
                        {
                            await stream.ConnectAsync(cancel).ConfigureAwait(false);
                            return stream;
                        }
                        catch
                        {
                            stream.Dispose();
                            throw;
                        }
                    };
                    break;
            }

            tls?.Configure(handler);
            return handler;
        }
#else
        private static HttpMessageHandler? CreatePooled(string scheme, Uri address, TlsAuthProvider? tls)
        {
            if (scheme != "tcp")
            {
                return null;
            }

            try
            {
                var handler = new HttpClientHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    MaxConnectionsPerServer = 64,
                };
                tls?.Configure(handler);
                return handler;
            }
            catch (PlatformNotSupportedException)
            {
                // .NET Framework before 4.7.1 has no client certificate or validation callback on HttpClientHandler.
                return null;
            }
        }
#endif

        /// <summary>Closes every pooled connection. Streams open on the upgrade leg end with their own responses.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _pooledInvoker.Dispose();
            _upgradeInvoker.Dispose();
            _pooled.Dispose();
            if (!ReferenceEquals(_pooled, _upgrade))
            {
                _upgrade.Dispose();
            }
        }

        /// <summary>The handler clients send through: routes each request; its own Dispose does nothing (the transport is shared).</summary>
        private sealed class RoutingHandler : HttpMessageHandler
        {
            private readonly EngineTransport _transport;

            internal RoutingHandler(EngineTransport transport)
            {
                _transport = transport;
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                _transport.SendAsync(request, cancellationToken);

            protected override void Dispose(bool disposing)
            {
                // Shared by every client of the engine: only EngineTransport.Dispose closes the connections.
            }
        }
    }

    /// <summary>
    /// Plugs an <see cref="EngineTransport"/> into the client library's builder (its handler-factory extension point):
    /// the client sends through the transport's routing handler and hands upgraded responses to the library's hijacker.
    /// </summary>
    internal sealed class EngineTransportFactory : IDockerHandlerFactory<EngineTransport>
    {
        internal static readonly EngineTransportFactory Instance = new EngineTransportFactory();

        private EngineTransportFactory()
        {
        }

        public ResolvedTransport CreateHandler(EngineTransport transportOptions, ResolvedClientOptions clientOptions, Microsoft.Extensions.Logging.ILogger logger) =>
            new ResolvedTransport(transportOptions.Handler, transportOptions.EffectiveEndpoint);

        public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, Microsoft.Extensions.Logging.ILogger logger) =>
            throw new NotSupportedException("An engine transport must be given.");

        public Task<WriteClosableStream> HijackStreamAsync(HttpContent content)
        {
            if (content is HttpConnectionResponseContent connection)
            {
                return Task.FromResult(connection.HijackStream());
            }

            throw new NotSupportedException("The engine's answer to an attach or exec cannot be taken over as a stream: it did not come on a connection of its own.");
        }
    }

    /// <summary>
    /// What the client library's builder is given as the auth provider once the transport carries TLS itself: it says
    /// whether TLS is on and leaves the handler (the transport's router) as it is.
    /// </summary>
    internal sealed class TransportAuth : IAuthProvider
    {
        internal static readonly TransportAuth Plain = new TransportAuth(false);
        internal static readonly TransportAuth Tls = new TransportAuth(true);

        private TransportAuth(bool tls)
        {
            TlsEnabled = tls;
        }

        public bool TlsEnabled { get; }

        public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler) => handler;
    }
}
