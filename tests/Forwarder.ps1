# A loopback TCP forwarder for the transport tests: it listens on 127.0.0.1:PORT and pipes every connection it
# accepts, both ways and byte for byte, to an engine's TCP port (a TLS handshake goes through it end to end) or to
# an engine's unix socket (which makes a plain tcp:// engine out of the lab engine). It counts the connections it
# accepted, so a test sees how many connections a client really opened, and it can close them all at once, as an
# engine or proxy restart would. A half-close (EOF from one side) is passed on as Shutdown(Send) to the other
# side, so docker exec's "end of standard input" arrives as it would without the forwarder. Dot-source it.

if (-not ('PSDockerTests.Forwarder' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PSDockerTests
{
    public sealed class Forwarder : IDisposable
    {
        private sealed class Pair
        {
            internal Socket Client;
            internal Socket Engine;
            internal volatile bool DropOnNextRequest;
            internal int Ended;
            internal int Closed;
        }

        private readonly TcpListener _listener;
        private readonly EndPoint _target;
        private readonly ConcurrentDictionary<int, Pair> _open = new ConcurrentDictionary<int, Pair>();
        private int _accepted;
        private int _next;
        private int _dropped;
        private volatile bool _disposed;

        private Forwarder(EndPoint target)
        {
            _target = target;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start(64);
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptLoopAsync();
        }

        /// <summary>A forwarder to a unix socket (a tcp:// engine in front of a unix:// one).</summary>
        public static Forwarder ToUnixSocket(string path) => new Forwarder(new UnixDomainSocketEndPoint(path));

        /// <summary>A forwarder to a TCP port on 127.0.0.1.</summary>
        public static Forwarder ToTcpPort(int port) => new Forwarder(new IPEndPoint(IPAddress.Loopback, port));

        /// <summary>The port it listens on, on 127.0.0.1.</summary>
        public int Port { get; }

        /// <summary>tcp://127.0.0.1:Port</summary>
        public string Address => "tcp://127.0.0.1:" + Port;

        /// <summary>Connections accepted since it started.</summary>
        public int Accepted => Volatile.Read(ref _accepted);

        /// <summary>Connections open now (accepted, not yet closed).</summary>
        public int Open => _open.Count;

        /// <summary>Connections closed by DropOnNextRequest when their next request arrived.</summary>
        public int Dropped => Volatile.Read(ref _dropped);

        /// <summary>Closes every open connection at once (both sides), as an engine or proxy restart does. Returns how many.</summary>
        public int CloseAll()
        {
            int n = 0;
            foreach (var key in _open.Keys)
            {
                if (_open.TryGetValue(key, out Pair p)) { Close(key, p); n++; }
            }
            return n;
        }

        /// <summary>
        /// Marks every open connection: the next bytes its client sends (a request on a kept-alive connection) are not
        /// passed on, and the connection is closed instead; the client sees its request go unanswered on a connection
        /// that looked alive. Returns how many connections were marked.
        /// </summary>
        public int DropOnNextRequest()
        {
            int n = 0;
            foreach (var p in _open.Values) { p.DropOnNextRequest = true; n++; }
            return n;
        }

        private async Task AcceptLoopAsync()
        {
            while (!_disposed)
            {
                Socket client;
                try { client = await _listener.AcceptSocketAsync().ConfigureAwait(false); }
                catch { if (_disposed) return; continue; }
                Interlocked.Increment(ref _accepted);
                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(Socket client)
        {
            var engine = new Socket(_target.AddressFamily, SocketType.Stream,
                _target is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
            var pair = new Pair { Client = client, Engine = engine };
            int key = Interlocked.Increment(ref _next);
            _open[key] = pair;
            try
            {
                await engine.ConnectAsync(_target).ConfigureAwait(false);
                if (!(_target is UnixDomainSocketEndPoint)) engine.NoDelay = true;
                client.NoDelay = true;
            }
            catch
            {
                Close(key, pair);
                return;
            }
            _ = PumpAsync(key, pair, client, engine, fromClient: true);
            _ = PumpAsync(key, pair, engine, client, fromClient: false);
        }

        private async Task PumpAsync(int key, Pair pair, Socket from, Socket to, bool fromClient)
        {
            var buffer = new byte[32 * 1024];
            try
            {
                while (true)
                {
                    int n = await from.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false);
                    if (n == 0)
                    {
                        // EOF from this side: a half-close, passed on as one.
                        to.Shutdown(SocketShutdown.Send);
                        break;
                    }
                    if (fromClient && pair.DropOnNextRequest)
                    {
                        Interlocked.Increment(ref _dropped);
                        Close(key, pair);
                        return;
                    }
                    int sent = 0;
                    while (sent < n)
                    {
                        sent += await to.SendAsync(new ArraySegment<byte>(buffer, sent, n - sent), SocketFlags.None).ConfigureAwait(false);
                    }
                }
            }
            catch
            {
                Close(key, pair);
                return;
            }
            // Both directions ended: the connection is over.
            if (Interlocked.Increment(ref pair.Ended) == 2) Close(key, pair);
        }

        private void Close(int key, Pair pair)
        {
            _open.TryRemove(key, out _);
            if (Interlocked.Exchange(ref pair.Closed, 1) == 1) return;
            try { pair.Client.Dispose(); } catch { }
            try { pair.Engine.Dispose(); } catch { }
        }

        public void Dispose()
        {
            _disposed = true;
            try { _listener.Stop(); } catch { }
            CloseAll();
        }
    }
}
'@
}

# A forwarder in front of a unix socket (a plain tcp:// engine) or a TCP port on 127.0.0.1 (the TLS engine).
function Start-Forwarder {
    [CmdletBinding(DefaultParameterSetName = 'Unix')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Unix')] [string] $UnixSocket,
        [Parameter(Mandatory, ParameterSetName = 'Tcp')] [int] $Port
    )
    if ($PSCmdlet.ParameterSetName -eq 'Unix') { [PSDockerTests.Forwarder]::ToUnixSocket($UnixSocket) }
    else { [PSDockerTests.Forwarder]::ToTcpPort($Port) }
}

function Stop-Forwarder([object[]] $Forwarder) {
    foreach ($f in $Forwarder) { if ($f) { $f.Dispose() } }
}
