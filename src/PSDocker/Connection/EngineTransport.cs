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
    /// per request. On .NET 8 it is a <c>SocketsHttpHandler</c> for every engine kind (unix socket and named
    /// pipe through its connect callback, tcp and tcp+TLS with the client certificate and the engine check of
    /// <see cref="TlsAuthProvider"/>). On .NET Framework (Windows PowerShell 5.1) there is no pooled leg yet: every
    /// request goes through the client library's handler, which connects per request, as before.</item>
    /// <item>the upgrade leg carries the requests that take the connection over (attach, exec start: the library sets
    /// their Upgrade header): the client library's own handler, on a connection of their own, so that closing stdin is a
    /// real half-close (shutdown of the sending side) and the output keeps coming. Such a connection never returns to
    /// a pool.</item>
    /// </list>
    /// Idle pooled connections are closed after <see cref="IdleTimeout"/>. A GET or HEAD whose connection fails before
    /// any answer came (an engine restarted, a connection the engine closed while idle) is sent once more on a new
    /// connection; nothing else is sent twice (a request that changes something and has no body is given an empty one, so
    /// that .NET's handler does not resend it by itself either). Nothing here disposes the legs but
    /// <see cref="Dispose"/>, which only <see cref="EngineClientCache.Clear"/> calls: a client's own Dispose leaves them alone.
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

        private EngineTransport(DockerEndpoint endpoint, Uri effectiveEndpoint, HttpMessageHandler pooled, HttpMessageHandler upgrade)
        {
            Endpoint = endpoint;
            EffectiveEndpoint = effectiveEndpoint;
            _pooled = pooled;
            _upgrade = upgrade;
            _pooledInvoker = new HttpMessageInvoker(pooled, disposeHandler: false);
            _upgradeInvoker = new HttpMessageInvoker(upgrade, disposeHandler: false);
            Handler = new RoutingHandler(this);
        }

        /// <summary>The endpoint as it was first resolved.</summary>
        internal DockerEndpoint Endpoint { get; }

        /// <summary>
        /// The base address requests are sent to, as the client library's factory for the scheme gives it: http://docker.sock/
        /// for a unix socket (the socket file's name), the library's form for a named pipe, http(s)://host:port/ for tcp.
        /// </summary>
        internal Uri EffectiveEndpoint { get; }

        /// <summary>The handler every client of this engine sends through; disposing it does nothing.</summary>
        internal HttpMessageHandler Handler { get; }

        /// <summary>True when ordinary requests also go through the library's per-request handler (no pooling on this engine kind here).</summary>
        internal bool PooledIsUpgrade => ReferenceEquals(_pooled, _upgrade);

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

            if (request.Content is null && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
            {
                // .NET's handler resends a request without a body by itself when its connection closes before any answer;
                // an empty body (Content-Length: 0) keeps a stop, kill or delete from being sent twice.
                request.Content = new ByteArrayContent(Array.Empty<byte>());
            }

            try
            {
                return await SendPooledAsync(request, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (MayResend(request, e, cancel))
            {
                return await SendPooledAsync(request, cancel).ConfigureAwait(false);
            }
        }

        private async Task<HttpResponseMessage> SendPooledAsync(HttpRequestMessage request, CancellationToken cancel)
        {
            try
            {
                return await _pooledInvoker.SendAsync(request, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancel.IsCancellationRequested && e.InnerException is TimeoutException)
            {
                // The pool's own limit on opening a connection (TLS handshake included), not the caller's Ctrl+C or time
                // limit: a connection failure, reported as the engine being unreachable.
                throw new HttpRequestException(
                    $"no connection to the engine could be opened within {EngineClientCache.ConnectTimeout.TotalSeconds:0} seconds", e);
            }
        }

        /// <summary>
        /// True for a request that can be sent again after <paramref name="error"/>: a GET or HEAD without a body, whose
        /// connection failed (could not be opened, or closed before any answer came), and not because the caller
        /// cancelled or TLS failed (a refused certificate is refused again).
        /// </summary>
        internal static bool MayResend(HttpRequestMessage request, Exception error, CancellationToken cancel)
        {
            if (cancel.IsCancellationRequested || request.Content is not null ||
                (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head) ||
                error is not HttpRequestException http || ErrorMapper.FindTlsFailure(error) is not null)
            {
                return false;
            }

#if NET
            return http.HttpRequestError == HttpRequestError.ConnectionError || http.HttpRequestError == HttpRequestError.ResponseEnded;
#else
            for (Exception? e = http.InnerException; e is not null; e = e.InnerException)
            {
                if (e is IOException || e is SocketException)
                {
                    return true;
                }
            }

            return false;
#endif
        }

        /// <summary>
        /// The connections for <paramref name="endpoint"/>. <paramref name="tls"/> is the endpoint's TLS material, or null
        /// for a plain connection.
        /// </summary>
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
                        new Docker.DotNet.LegacyHttp.LegacyHttpTransportOptions { ConfigureHandler = h => h.Proxy = EngineProxy.Instance }, options, NullLogger.Instance);
                    break;
            }

            HttpMessageHandler upgradeHandler = tls is null ? upgrade.Handler : tls.ConfigureHandler(upgrade.Handler);
            HttpMessageHandler? pooled = CreatePooled(scheme, address, tls);
            return new EngineTransport(endpoint, upgrade.EffectiveEndpoint, pooled ?? upgradeHandler, upgradeHandler);
        }

#if NET
        private static HttpMessageHandler? CreatePooled(string scheme, Uri address, TlsAuthProvider? tls)
        {
            var handler = new SocketsHttpHandler
            {
                PooledConnectionIdleTimeout = IdleTimeout,
                PooledConnectionLifetime = scheme == "tcp" ? TcpLifetime : Timeout.InfiniteTimeSpan,
                ConnectTimeout = EngineClientCache.ConnectTimeout,
                // The engine redirects a path it cleans (containers//NAME/json for a name given with docker's leading
                // slash); the library's own handler follows such redirects, and so does this one (never to plain http
                // from https).
                AllowAutoRedirect = true,
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

            if (scheme == "tcp")
            {
                handler.Proxy = EngineProxy.Instance;
            }

            tls?.Configure(handler);
            return handler;
        }
#else
        /// <summary>
        /// On .NET Framework every engine kind keeps the client library's handler, a connection per request: the
        /// framework's own handler limits each read of a response to 5 minutes (a followed log or event stream would end),
        /// drains abandoned responses and reports TLS failures differently, and none of that can be tested here.
        /// </summary>
        private static HttpMessageHandler? CreatePooled(string scheme, Uri address, TlsAuthProvider? tls) => null;
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

namespace PSDocker
{
    /// <summary>
    /// The proxy for tcp engines: the system's (HTTP_PROXY, HTTPS_PROXY and NO_PROXY on Linux and macOS; the system
    /// settings on Windows), except that an engine on this machine (localhost, 127.0.0.0/8, ::1) is always reached
    /// directly, as the docker CLI does.
    /// </summary>
    internal sealed class EngineProxy : System.Net.IWebProxy
    {
        internal static readonly EngineProxy Instance = new EngineProxy();

        private EngineProxy()
        {
        }

        private static System.Net.IWebProxy? Configured =>
#if NET
            HttpClient.DefaultProxy;
#else
            global::System.Net.WebRequest.DefaultWebProxy;
#endif

        public System.Net.ICredentials? Credentials
        {
            get => Configured?.Credentials;
            set
            {
            }
        }

        /// <summary>The proxy for <paramref name="destination"/>, or the destination itself when it is reached directly.</summary>
        public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? destination : Configured!.GetProxy(destination);

        public bool IsBypassed(Uri host) => host.IsLoopback || Configured is not System.Net.IWebProxy proxy || proxy.IsBypassed(host);
    }
}
