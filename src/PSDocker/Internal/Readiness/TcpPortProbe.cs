using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Readiness
{
    /// <summary>
    /// -TcpPort: the host can open a TCP connection to the container port's published binding (see <see cref="ReadinessPorts"/>).
    /// docker's port proxy accepts a connection on the host even when nothing listens in the container yet, and then closes
    /// it at once; so a connection counts only when it stays open for <see cref="HoldTime"/> (or the server sends first).
    /// </summary>
    internal sealed class TcpPortProbe : IReadinessProbe
    {
        /// <summary>How long a new connection must stay open to count (the proxy closes one it cannot forward within milliseconds).</summary>
        internal static readonly TimeSpan HoldTime = TimeSpan.FromMilliseconds(250);

        private readonly int _port;

        internal TcpPortProbe(int port) => _port = port;

        public string Condition => $"port {_port.ToString(CultureInfo.InvariantCulture)}/tcp accepts connections from the host";

        public async Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel)
        {
            IPEndPoint? endpoint = ReadinessPorts.Resolve(container, _port, "TcpPort");
            if (endpoint is null)
            {
                return ProbeResult.NotYet($"port {_port.ToString(CultureInfo.InvariantCulture)}/tcp has no host binding yet");
            }

            string where = ReadinessPorts.Authority(endpoint);
            try
            {
                return await ConnectAsync(endpoint, cancel).ConfigureAwait(false)
                    ? ProbeResult.Ready($"{where} accepted a connection")
                    : ProbeResult.NotYet($"{where} accepted the connection and closed it at once (nothing listens in the container yet)");
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                return ProbeResult.NotYet($"{where}: {NetworkFailure.Describe(e)}");
            }
        }

        /// <summary>Connects to <paramref name="endpoint"/>: true when the connection stays open (or data comes), false when it is closed at once.</summary>
        internal static async Task<bool> ConnectAsync(IPEndPoint endpoint, CancellationToken cancel)
        {
            using var client = new TcpClient(endpoint.AddressFamily);
            using (cancel.Register(client.Dispose))
            {
                await EngineClientCache.WaitAsync(ConnectTask(client, endpoint), cancel).ConfigureAwait(false);
                Socket socket = client.Client;
                // Readable with nothing to read: the peer closed the connection. Not readable within the hold time: it is open.
                bool readable = await Task.Run(() => socket.Poll((int)(HoldTime.Ticks / 10), SelectMode.SelectRead), cancel).ConfigureAwait(false);
                return !readable || socket.Available > 0;
            }
        }

        private static async Task<bool> ConnectTask(TcpClient client, IPEndPoint endpoint)
        {
            await client.ConnectAsync(endpoint.Address, endpoint.Port).ConfigureAwait(false);
            return true;
        }

        public void Dispose()
        {
        }
    }
}
