// The benchmarks' floor: a bare, pooled .NET HttpClient (SocketsHttpHandler) that sends the request a cmdlet sends and
// reads the body as a string. No client library, no mapping, no pipeline. Over a unix socket (a ConnectCallback to the
// socket) or over TCP+TLS (a client certificate, and any engine certificate accepted: the floor measures the transport,
// not the check). Compiled by tests/bench/TransportBench.ps1 (Add-Type), also into a DLL that fresh child processes load.
// Beside it, an empty compiled cmdlet: PowerShell's own cost of invoking a cmdlet, a reference point for the profile.
using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

public sealed class PSDockerBenchClient : IDisposable
{
    private readonly HttpClient _client;

    private PSDockerBenchClient(SocketsHttpHandler handler, string baseAddress)
    {
        _client = new HttpClient(handler) { BaseAddress = new Uri(baseAddress) };
    }

    public static PSDockerBenchClient ForUnix(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancel) =>
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
            },
        };
        return new PSDockerBenchClient(handler, "http://docker/");
    }

    public static PSDockerBenchClient ForTls(string host, int port, string certPemPath, string keyPemPath)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certPemPath, keyPemPath);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { certificate },
                RemoteCertificateValidationCallback = (sender, cert, chain, errors) => true,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
        };
        return new PSDockerBenchClient(handler, "https://" + host + ":" + port + "/");
    }

    /// <summary>GET <paramref name="path"/>, the body as a string.</summary>
    public string Get(string path) => _client.GetStringAsync(path).GetAwaiter().GetResult();

    /// <summary>GET <paramref name="path"/>, timed here (milliseconds), so the floor carries no PowerShell call cost.</summary>
    public double TimedGet(string path)
    {
        long start = Stopwatch.GetTimestamp();
        _client.GetStringAsync(path).GetAwaiter().GetResult();
        return (Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency;
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>Invoke-BenchNothing: a compiled cmdlet that does nothing (PowerShell's own cost of a cmdlet call).</summary>
[Cmdlet(VerbsLifecycle.Invoke, "BenchNothing")]
public sealed class InvokeBenchNothingCommand : PSCmdlet
{
    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
    }
}
