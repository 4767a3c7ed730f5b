using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Docker.DotNet.X509;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PSDocker
{
    /// <summary>A live, version-negotiated client for one endpoint.</summary>
    internal sealed class EngineConnection
    {
        internal EngineConnection(DockerEndpoint endpoint, DockerClient client, EngineTransport transport, Version apiVersion, bool apiVersionPinned, string serverVersion, string serverApiVersion)
        {
            Endpoint = endpoint;
            Client = client;
            Transport = transport;
            ApiVersion = apiVersion;
            ApiVersionPinned = apiVersionPinned;
            ServerVersion = serverVersion;
            ServerApiVersion = serverApiVersion;
        }

        /// <summary>The endpoint as this call resolved it (the client is shared by every call to the same engine).</summary>
        internal DockerEndpoint Endpoint { get; }
        internal DockerClient Client { get; }

        /// <summary>The pooled connections the client sends through (shared with every other client of the same engine).</summary>
        internal EngineTransport Transport { get; }

        /// <summary>The same client, labelled with the endpoint as another call resolved it (its Source may differ).</summary>
        internal EngineConnection For(DockerEndpoint endpoint) =>
            ReferenceEquals(endpoint, Endpoint) ? this : new EngineConnection(endpoint, Client, Transport, ApiVersion, ApiVersionPinned, ServerVersion, ServerApiVersion);

        /// <summary>The API version every request is sent with: min(engine's, library's), or the version DOCKER_API_VERSION pins.</summary>
        internal Version ApiVersion { get; }

        /// <summary>True when DOCKER_API_VERSION chose <see cref="ApiVersion"/>: it is never negotiated again.</summary>
        internal bool ApiVersionPinned { get; }

        internal string ServerVersion { get; }
        internal string ServerApiVersion { get; }
    }

    /// <summary>
    /// Raised when an engine cannot be reached at all (no socket, refused, timed out, TLS failed), and when one
    /// that was reached stops answering (ErrorId EngineNotResponding).
    /// </summary>
    internal sealed class EngineUnreachableException : Exception
    {
        internal EngineUnreachableException(DockerEndpoint endpoint, string errorId, string message, Exception? inner)
            : base(message, inner)
        {
            Endpoint = endpoint;
            ErrorId = errorId;
        }

        internal DockerEndpoint Endpoint { get; }
        internal string ErrorId { get; }
    }

    /// <summary>
    /// One client per endpoint for the whole process, shared by every runspace. The first use of an
    /// endpoint asks the engine for its API version (GET /version, unversioned path) and builds the
    /// client pinned to min(engine, library): old engines (API 1.41) and new ones that refuse old
    /// clients (29.x, minimum 1.44) both work. DOCKER_API_VERSION, when set, gives the version instead
    /// (the engine is still asked, to check it answers); a pinned and an unpinned client for the same
    /// endpoint are cached apart. A failed first use is not cached.
    /// Every client of an engine sends through one <see cref="EngineTransport"/> (pooled keep-alive connections), kept
    /// apart from the clients: a dropped client's engine keeps its connections, and negotiation's GET /version leaves its
    /// connection in the pool for the first real request.
    /// The clients have no time limit of their own (the library's default is 100 seconds on every request
    /// that is not a stream): DockerCmdlet.RequestAsync sets the limit per request.
    /// </summary>
    internal static class EngineClientCache
    {
        /// <summary>The newest API version the client library's models describe.</summary>
        internal static readonly Version LibraryMaxApiVersion = new Version(1, 54);

        /// <summary>How long the first contact with an engine may take before it counts as unreachable.</summary>
        internal static TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

        private static readonly ConcurrentDictionary<string, Lazy<Task<EngineConnection>>> s_clients =
            new ConcurrentDictionary<string, Lazy<Task<EngineConnection>>>(StringComparer.Ordinal);

        private static readonly ConcurrentDictionary<string, Lazy<EngineTransport>> s_transports =
            new ConcurrentDictionary<string, Lazy<EngineTransport>>(StringComparer.Ordinal);

        /// <summary>
        /// The cached client for an endpoint, with the API version DOCKER_API_VERSION pins (negotiated when it is
        /// unset or not valid). For callers outside a cmdlet, such as argument completers; cmdlets use DockerCmdlet.
        /// </summary>
        internal static Task<EngineConnection> GetAsync(DockerEndpoint endpoint, CancellationToken cancel)
        {
            Version? pinned;
            try
            {
                pinned = ClientSettings.ApiVersionPin(Environment.GetEnvironmentVariable(ClientSettings.ApiVersionVariable));
            }
            catch (PSDockerException)
            {
                pinned = null;
            }

            return GetAsync(endpoint, pinned, cancel);
        }

        /// <summary>The cached client for an endpoint (with the API version pinned, when <paramref name="pinnedApiVersion"/> is given), connecting on first use.</summary>
        internal static async Task<EngineConnection> GetAsync(DockerEndpoint endpoint, Version? pinnedApiVersion, CancellationToken cancel)
        {
            string key = CacheKey(endpoint, pinnedApiVersion);
            Lazy<Task<EngineConnection>> lazy = s_clients.GetOrAdd(
                key,
                _ => new Lazy<Task<EngineConnection>>(() => ConnectAsync(endpoint, pinnedApiVersion), LazyThreadSafetyMode.ExecutionAndPublication));

            Task<EngineConnection> task = lazy.Value;
            try
            {
                // The shared connect task is not cancelled by one caller's Ctrl+C; the caller stops waiting.
                return (await WaitAsync(task, cancel).ConfigureAwait(false)).For(endpoint);
            }
            catch (Exception) when (task.IsFaulted || task.IsCanceled)
            {
                ((System.Collections.Generic.IDictionary<string, Lazy<Task<EngineConnection>>>)s_clients).Remove(
                    new System.Collections.Generic.KeyValuePair<string, Lazy<Task<EngineConnection>>>(key, lazy));
                throw;
            }
        }

        internal static string CacheKey(DockerEndpoint endpoint, Version? pinnedApiVersion) =>
            pinnedApiVersion is null ? endpoint.CacheKey : endpoint.CacheKey + "|api=" + pinnedApiVersion.ToString(2);

        /// <summary>
        /// Forgets a connection's client, if it is still the cached one: the next call negotiates afresh. Neither the
        /// client nor the engine's transport is disposed, so requests other runspaces still have on it (a stream, say)
        /// are not cut; pooled connections the engine closed are replaced on their next use.
        /// </summary>
        internal static void Drop(EngineConnection connection)
        {
            string key = CacheKey(connection.Endpoint, connection.ApiVersionPinned ? connection.ApiVersion : null);
            if (s_clients.TryGetValue(key, out Lazy<Task<EngineConnection>>? lazy) &&
                lazy.IsValueCreated && lazy.Value.Status == TaskStatus.RanToCompletion &&
                ReferenceEquals(lazy.Value.Result.Client, connection.Client))
            {
                ((System.Collections.Generic.IDictionary<string, Lazy<Task<EngineConnection>>>)s_clients).Remove(
                    new System.Collections.Generic.KeyValuePair<string, Lazy<Task<EngineConnection>>>(key, lazy));
            }
        }

        /// <summary>
        /// An engine that answered before stopped answering: forget its client (the next call connects and
        /// negotiates afresh) and describe the failure as EngineUnreachable.
        /// </summary>
        internal static EngineUnreachableException Lost(EngineConnection connection, Exception e)
        {
            Drop(connection);
            return Unreachable(connection.Endpoint, e, timedOut: false);
        }

        /// <summary>
        /// An engine did not answer one request within its time limit: forget its client and describe the
        /// failure as EngineNotResponding, naming the engine and the seconds waited.
        /// </summary>
        internal static EngineUnreachableException NotResponding(EngineConnection connection, TimeSpan waited, Exception e)
        {
            Drop(connection);
            return new EngineUnreachableException(connection.Endpoint, "EngineNotResponding", NotRespondingMessage(connection.Endpoint, waited), e);
        }

        internal static string NotRespondingMessage(DockerEndpoint endpoint, TimeSpan waited) =>
            $"The Docker engine at '{endpoint}' did not answer within {waited.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} seconds. " +
            $"Its connection was dropped: the next call connects again. To wait longer, set ${ClientSettings.RequestTimeoutPreference} " +
            $"or {ClientSettings.RequestTimeoutVariable} (seconds; 0 for no limit).";

        /// <summary>
        /// Drops every cached client and closes every engine's pooled connections (used by tests and when the module is
        /// removed). Streams still open end with an error.
        /// </summary>
        internal static void Clear()
        {
            foreach (var pair in s_clients)
            {
                if (pair.Value.IsValueCreated && pair.Value.Value.Status == TaskStatus.RanToCompletion)
                {
                    pair.Value.Value.Result.Client.Dispose();
                }
            }

            s_clients.Clear();
            foreach (var pair in s_transports)
            {
                if (pair.Value.IsValueCreated)
                {
                    pair.Value.Value.Dispose();
                }
            }

            s_transports.Clear();
        }

        /// <summary>How many engines have pooled connections open or ready (for tests).</summary>
        internal static int TransportCount => s_transports.Count;

        /// <summary>The one transport of an endpoint, made on first use. A transport that could not be made is not kept.</summary>
        private static EngineTransport TransportFor(DockerEndpoint endpoint)
        {
            Lazy<EngineTransport> lazy = s_transports.GetOrAdd(endpoint.CacheKey,
                _ => new Lazy<EngineTransport>(() => EngineTransport.Create(endpoint, CreateAuthProvider(endpoint)), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch
            {
                ((System.Collections.Generic.IDictionary<string, Lazy<EngineTransport>>)s_transports).Remove(
                    new System.Collections.Generic.KeyValuePair<string, Lazy<EngineTransport>>(endpoint.CacheKey, lazy));
                throw;
            }
        }

        /// <summary>
        /// Waits for a task, or until <paramref name="cancel"/> is cancelled, whichever is first. The library
        /// does not pass every token down (its TLS handshake takes none), so waiting this way is what makes
        /// Ctrl+C and time limits take effect at once; the abandoned task ends in the background.
        /// </summary>
        internal static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancel)
        {
            if (!cancel.CanBeCanceled || task.IsCompleted)
            {
                return await task.ConfigureAwait(false);
            }

            var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancel.Register(() => tcs.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, tcs.Task).ConfigureAwait(false) != task)
                {
                    // Given up on: its late failure (the cancelled request's own) is observed here, not left unobserved.
                    _ = task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    cancel.ThrowIfCancellationRequested();
                }
            }

            return await task.ConfigureAwait(false);
        }

        private static async Task<EngineConnection> ConnectAsync(DockerEndpoint endpoint, Version? pinnedApiVersion)
        {
            EngineTransport transport = TransportFor(endpoint);
            using var timeout = new CancellationTokenSource(ConnectTimeout);

            string serverVersion;
            string serverApi;
            Version negotiated;
            using (DockerClient probe = Build(endpoint, transport, null))
            {
                Docker.DotNet.Models.VersionResponse version;
                try
                {
                    version = await WaitAsync(probe.System.GetVersionAsync(timeout.Token), timeout.Token).ConfigureAwait(false);
                }
                catch (DockerApiException e) when (!timeout.IsCancellationRequested &&
                    (ErrorMapper.EngineMessage(e.ResponseBody) ?? "").IndexOf("HTTPS server", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    throw new EngineUnreachableException(endpoint, "EngineTlsRequired",
                        $"The Docker engine at '{endpoint}' only speaks TLS: give -TlsCertPath (a folder with ca.pem, cert.pem, key.pem), " +
                        "set DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or use a context that has TLS material.", e);
                }
                catch (DockerApiException e) when (!timeout.IsCancellationRequested)
                {
                    // Something answered HTTP, but not as a Docker engine does (a registry, a web server, a proxy).
                    throw new EngineUnreachableException(endpoint, "EngineUnreachable",
                        $"The address {Describe(endpoint)} answered GET /version with HTTP {(int)e.StatusCode} " +
                        $"({FirstLine(ErrorMapper.EngineMessage(e.ResponseBody))}): it is not a Docker engine, or a proxy in front of one refused the request. Check the address and port.", e);
                }
                catch (Exception e) when (!timeout.IsCancellationRequested && ErrorMapper.Unwrap(e) is System.Text.Json.JsonException)
                {
                    throw new EngineUnreachableException(endpoint, "EngineUnreachable",
                        $"The address {Describe(endpoint)} answered GET /version, but not with a Docker engine's JSON: it is not a Docker engine. Check the address and port.", e);
                }
                catch (Exception e)
                {
                    throw Unreachable(endpoint, e, timeout.IsCancellationRequested);
                }

                serverVersion = version.Version ?? "";
                serverApi = version.APIVersion ?? "";
                negotiated = pinnedApiVersion ?? Negotiate(serverApi, version.MinAPIVersion);
            }

            return new EngineConnection(endpoint, Build(endpoint, transport, negotiated), transport, negotiated, pinnedApiVersion is not null, serverVersion, serverApi);
        }

        /// <summary>min(engine API version, library maximum); the engine's own version if it cannot be read.</summary>
        internal static Version Negotiate(string? serverApiVersion, string? serverMinApiVersion)
        {
            if (!TryParseApiVersion(serverApiVersion, out Version server))
            {
                return LibraryMaxApiVersion;
            }

            return server < LibraryMaxApiVersion ? server : LibraryMaxApiVersion;
        }

        internal static bool TryParseApiVersion(string? text, out Version version)
        {
            version = new Version(0, 0);
            if (string.IsNullOrWhiteSpace(text))
            {
                return false;
            }

            string[] parts = text!.Trim().Split('.');
            if (parts.Length != 2 ||
                !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major) ||
                !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor))
            {
                return false;
            }

            version = new Version(major, minor);
            return true;
        }

        /// <summary>A client over the engine's transport: cheap, as the connections are the transport's.</summary>
        private static DockerClient Build(DockerEndpoint endpoint, EngineTransport transport, Version? apiVersion)
        {
            return new DockerClientBuilder()
                .WithEndpoint(endpoint.Address)
                .WithAuthProvider(endpoint.Tls is null ? TransportAuth.Plain : TransportAuth.Tls)
                .WithApiVersion(apiVersion)
                .WithTimeout(Timeout.InfiniteTimeSpan)
                .WithTransportOptions(EngineTransportFactory.Instance, transport)
                .Build();
        }

        private static TlsAuthProvider? CreateAuthProvider(DockerEndpoint endpoint)
        {
            TlsSettings? tls = endpoint.Tls;
            if (tls is null)
            {
                return null;
            }

            if (!string.Equals(endpoint.Address.Scheme, "tcp", StringComparison.OrdinalIgnoreCase))
            {
                throw new EndpointResolutionException(
                    "TlsNotSupportedForScheme", $"TLS settings apply to tcp:// engines only, not to '{endpoint}'.", endpoint);
            }

            // Each file is read on its own, so a bad one is named (TlsCertificateInvalid, its path as the target).
            if (tls.Verify && tls.CaFile is null)
            {
                throw new EndpointResolutionException("TlsCertificateNotFound", $"TLS verification for '{endpoint}' needs ca.pem.", endpoint);
            }

            X509Certificate2Collection? cas = tls.Verify
                ? ReadTlsFile(tls.CaFile!, "CA certificates", () => TlsAuthProvider.LoadCaBundle(tls.CaFile!))
                : null;
            X509Certificate2? cert = tls.CertFile is not null && tls.KeyFile is not null
                ? ReadTlsFile(tls.CertFile, $"the client certificate (with its key {tls.KeyFile})",
                    () => DockerTlsCertificates.LoadCertificateFromPemFiles(tls.CertFile, tls.KeyFile))
                : null;
            RemoteCertificateValidationCallback validate = cas is not null
                ? TlsAuthProvider.VerifyEngine(cas, endpoint.Address.DnsSafeHost)
                : (sender, certificate, chain, errors) => true;   // DOCKER_TLS / SkipTLSVerify: encrypted, not verified
            return new TlsAuthProvider(cert, validate);
        }

        private static T ReadTlsFile<T>(string path, string what, Func<T> read)
        {
            try
            {
                return read();
            }
            catch (Exception e)
            {
                throw new EndpointResolutionException(
                    "TlsCertificateInvalid", $"'{path}' could not be read as {what} in PEM form: {e.Message}", path, e);
            }
        }

        /// <summary>The endpoint as messages name it: its address and where the address came from.</summary>
        internal static string Describe(DockerEndpoint endpoint)
        {
            string from = endpoint.Source switch
            {
                "HostAddress" => "-HostAddress",
                "Session" => "the session default set by Use-DockerContext",
                "Default" => "the platform default",
                "DOCKER_HOST" => "DOCKER_HOST",
                _ => endpoint.ContextName is null ? endpoint.Source : $"context '{endpoint.ContextName}'",
            };
            if (endpoint.ContextName is not null && endpoint.Source == "Session")
            {
                from += $", context '{endpoint.ContextName}'";
            }

            return $"'{endpoint}' (from {from})";
        }

        private static EngineUnreachableException Unreachable(DockerEndpoint endpoint, Exception e, bool timedOut)
        {
            string where = Describe(endpoint);
            if (timedOut)
            {
                return new EngineUnreachableException(endpoint, "EngineUnreachable",
                    $"The Docker engine at {where} did not answer within {ConnectTimeout.TotalSeconds:0} seconds, the limit of a first contact. " +
                    "Check the address, that the engine runs, and that nothing else listens there.", e);
            }

            if (ErrorMapper.FindTlsFailure(e) is Exception tlsError)
            {
                string reason = ErrorMapper.Innermost(tlsError).Message;
                string hint = "";
                if (reason.IndexOf("frame", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    hint = " The engine does not seem to speak TLS on this port: an engine without TLS is reached without -TlsCertPath and without DOCKER_TLS_VERIFY or DOCKER_TLS.";
                }
                else if (endpoint.Tls?.CertFile is null && reason.IndexOf("alert", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    hint = " The engine refused the connection, most likely because it requires a client certificate: put cert.pem and key.pem beside ca.pem.";
                }
                else if (reason.IndexOf("alert", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    hint = " The engine refused the client certificate (cert.pem): it must be signed by a CA the engine trusts.";
                }

                return new EngineUnreachableException(endpoint, "EngineTlsFailed",
                    $"The TLS handshake with the Docker engine at {where} failed: {reason}{hint}", e);
            }

            if (string.Equals(endpoint.Address.Scheme, "unix", StringComparison.OrdinalIgnoreCase))
            {
                string socketPath = endpoint.Address.AbsolutePath;
                if (!System.IO.File.Exists(socketPath))
                {
                    return new EngineUnreachableException(endpoint, "EngineUnreachable",
                        $"Cannot reach the Docker engine at {where}: there is no socket at {socketPath}. Is the engine running?", e);
                }

                if (ErrorMapper.Innermost(e) is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AccessDenied })
                {
                    return new EngineUnreachableException(endpoint, "EngineUnreachable",
                        $"Cannot reach the Docker engine at {where}: permission denied on {socketPath}. Run as a member of the socket's group (usually 'docker') or as root.", e);
                }
            }

            return new EngineUnreachableException(endpoint, "EngineUnreachable",
                $"Cannot reach the Docker engine at {where} ({ErrorMapper.Innermost(e).Message}). Is the engine running, and is the address right?", e);
        }

        private static string FirstLine(string? text)
        {
            string t = (text ?? "").Trim();
            if (t.StartsWith("<", StringComparison.Ordinal))
            {
                return "an HTML page";
            }

            int nl = t.IndexOfAny(new[] { '\r', '\n' });
            t = nl >= 0 ? t.Substring(0, nl) : t;
            return t.Length > 120 ? t.Substring(0, 120) + "..." : t;
        }
    }
}
