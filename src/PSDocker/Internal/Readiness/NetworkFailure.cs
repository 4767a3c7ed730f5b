using System;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;

namespace PSDocker.Readiness
{
    /// <summary>A failed connection or request from the host, in a few words ("connection refused", "connection reset").</summary>
    internal static class NetworkFailure
    {
        internal static string Describe(Exception e)
        {
            for (Exception? x = e; x is not null; x = x.InnerException)
            {
                if (x is SocketException s)
                {
                    return s.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.ConnectionReset => "connection reset",
                        SocketError.ConnectionAborted => "connection aborted",
                        SocketError.TimedOut => "connection timed out",
                        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
                        _ => "socket error: " + ReadinessText.OneLine(s.Message, 200),
                    };
                }

                if (x is AuthenticationException a)
                {
                    return "TLS handshake failed: " + ReadinessText.OneLine(a.Message, 200);
                }
            }

            for (Exception? x = e; x is not null; x = x.InnerException)
            {
                if (x is IOException || x is EndOfStreamException)
                {
                    return "connection closed without an answer";
                }
            }

            Exception inner = e;
            while (inner.InnerException is not null)
            {
                inner = inner.InnerException;
            }

            return ReadinessText.OneLine(inner.Message, 200);
        }
    }
}
