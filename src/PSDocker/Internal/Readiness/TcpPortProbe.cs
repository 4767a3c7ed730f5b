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
        private readonly DockerEndpoint? _endpoint;

        /// <param name="port">The container port (tcp).</param>
        /// <param name="endpoint">The engine the container runs on: a tcp:// engine's wildcard bindings are reached on its host.</param>
        internal TcpPortProbe(int port, DockerEndpoint? endpoint)
        {
            _port = port;
            _endpoint = endpoint;
        }

        public string Condition => $"port {_port.ToString(CultureInfo.InvariantCulture)}/tcp accepts connections from the host";

        public async Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel)
        {
            (string Host, int Port)? binding = ReadinessPorts.Resolve(container, _port, "TcpPort", _endpoint);
            if (binding is null)
            {
                return ProbeResult.NotYet($"port {_port.ToString(CultureInfo.InvariantCulture)}/tcp has no host binding yet");
            }

            string where = PortAddress.Join(binding.Value.Host, binding.Value.Port);
            try
            {
                IPAddress[] addresses = await ReadinessPorts.AddressesAsync(binding.Value.Host, cancel).ConfigureAwait(false);
                if (addresses.Length == 0)
                {
                    return ProbeResult.NotYet($"{where}: the host name has no address");
                }

                return await ConnectAsync(new IPEndPoint(addresses[0], binding.Value.Port), cancel).ConfigureAwait(false)
                    ? ProbeResult.Ready($"{where} accepted a connection")
                    : ProbeResult.NotYet($"{where} accepted the connection and closed it at once (nothing listens in the container yet)");
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException))
            {
                return ProbeResult.NotYet($"{where}: {NetworkFailure.Describe(e)}");
            }
        }

        /// <summary>Connects to <paramref name="endpoint"/>: true when the connection stays open (or data comes), false when it is closed at once.</summary>
        internal static async Task<bool> ConnectAsync(IPEndPoint endpoint, CancellationToken cancel)
        {
            using var client = new TcpClient(endpoint.AddressFamily);
#if NET8_0_OR_GREATER
            await client.ConnectAsync(endpoint, cancel).ConfigureAwait(false);
#else
            using (cancel.Register(client.Dispose))
            {
                Task connect = client.ConnectAsync(endpoint.Address, endpoint.Port);
                Abandoned.Observe(connect);
                await EngineClientCache.WaitAsync(Completed(connect), cancel).ConfigureAwait(false);
            }
#endif
            Socket socket = client.Client;
            // The peer closing the connection ends a read with 0 bytes (or a reset); a read still pending after the hold
            // time means the connection is open. Peek: nothing the server sends first is taken.
            Task<int> receive = socket.ReceiveAsync(new ArraySegment<byte>(new byte[1]), SocketFlags.Peek);
            Abandoned.Observe(receive);
            using var hold = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            Task delay = Task.Delay(HoldTime, hold.Token);
            if (await Task.WhenAny(receive, delay).ConfigureAwait(false) == delay)
            {
                cancel.ThrowIfCancellationRequested();
                return true;
            }

            hold.Cancel();
            try
            {
                return await receive.ConfigureAwait(false) > 0;
            }
            catch (SocketException)
            {
                // Reset or aborted right after it was accepted: closed at once.
                return false;
            }
        }

#if !NET8_0_OR_GREATER
        private static async Task<bool> Completed(Task connect)
        {
            await connect.ConfigureAwait(false);
            return true;
        }
#endif

        public void Dispose()
        {
        }
    }
}
