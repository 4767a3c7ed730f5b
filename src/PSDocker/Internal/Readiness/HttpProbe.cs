using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Readiness
{
    /// <summary>What -HttpPath asks for: the request, and the answer that counts as ready.</summary>
    internal sealed class HttpProbeSpec
    {
        /// <summary>The container port (tcp), reached through its published binding.</summary>
        internal int Port { get; set; }

        /// <summary>The path and query, starting with "/".</summary>
        internal string Path { get; set; } = "/";

        /// <summary>The method, upper case: GET, HEAD, POST ...</summary>
        internal string Method { get; set; } = "GET";

        /// <summary>Request headers, as given.</summary>
        internal IReadOnlyList<KeyValuePair<string, string>> Headers { get; set; } = Array.Empty<KeyValuePair<string, string>>();

        /// <summary>https instead of http.</summary>
        internal bool UseTls { get; set; }

        /// <summary>Accept any server certificate (with <see cref="UseTls"/>).</summary>
        internal bool SkipCertificateCheck { get; set; }

        /// <summary>The status codes that count; null or empty for any from 200 to 399.</summary>
        internal IReadOnlyList<int>? StatusCodes { get; set; }

        /// <summary>A pattern the body must match (on its first <see cref="HttpProbe.MaxBody"/> bytes); null for any body.</summary>
        internal Regex? BodyPattern { get; set; }
    }

    /// <summary>
    /// -HttpPath: an HTTP request from the host to the container port's published binding answers with an accepted status
    /// (200-399 unless -StatusCode says which; redirects are not followed) and, with -BodyPattern, a body that matches.
    /// Every probe opens a new connection (Connection: close), through one HttpClient shared by all waits.
    /// </summary>
    internal sealed class HttpProbe : IReadinessProbe
    {
        /// <summary>The most of a body read for -BodyPattern: 1 MiB.</summary>
        internal const int MaxBody = 1024 * 1024;

        private static readonly Lazy<HttpClient> s_verifying = new Lazy<HttpClient>(() => CreateClient(false));
        private static readonly Lazy<HttpClient> s_trusting = new Lazy<HttpClient>(() => CreateClient(true));

        private readonly HttpProbeSpec _spec;
        private readonly DockerEndpoint? _endpoint;

        /// <param name="spec">What to ask and what counts.</param>
        /// <param name="endpoint">The engine the container runs on: a tcp:// engine's wildcard bindings are reached on its host.</param>
        internal HttpProbe(HttpProbeSpec spec, DockerEndpoint? endpoint)
        {
            _spec = spec;
            _endpoint = endpoint;
        }

        public string Condition =>
            $"HTTP {_spec.Method} {_spec.Path} on port {_spec.Port.ToString(CultureInfo.InvariantCulture)} answers {StatusText(_spec.StatusCodes)}" +
            (_spec.BodyPattern is null ? "" : $" with a body matching '{_spec.BodyPattern}'");

        /// <summary>The shared client: one for verified TLS (and plain HTTP), one that trusts any certificate.</summary>
        internal static HttpClient Client(bool skipCertificateCheck) => skipCertificateCheck ? s_trusting.Value : s_verifying.Value;

        /// <summary>True when <paramref name="status"/> counts as ready (pure).</summary>
        internal static bool Accepts(int status, IReadOnlyList<int>? codes) =>
            codes is { Count: > 0 } ? codes.Contains(status) : status >= 200 && status <= 399;

        /// <summary>The accepted statuses in words: "200-399", "200 or 404".</summary>
        internal static string StatusText(IReadOnlyList<int>? codes) =>
            codes is { Count: > 0 }
                ? (codes.Count == 1
                    ? codes[0].ToString(CultureInfo.InvariantCulture)
                    : string.Join(", ", codes.Take(codes.Count - 1).Select(c => c.ToString(CultureInfo.InvariantCulture))) + " or " +
                      codes[codes.Count - 1].ToString(CultureInfo.InvariantCulture))
                : "200-399";

        /// <summary>The URL a probe asks for, for a binding.</summary>
        internal Uri Url(string host, int port) =>
            new Uri($"{(_spec.UseTls ? "https" : "http")}://{PortAddress.Join(host, port)}{_spec.Path}");

        /// <summary>
        /// Why a request header cannot be sent, or null when it can (pure): a content header (Content-Type ...; the
        /// request has no body) or a value with a line break. Names neither the value nor anything from it.
        /// </summary>
        internal static string? HeaderProblem(string name, string value)
        {
            if (value.IndexOf('\r') >= 0 || value.IndexOf('\n') >= 0)
            {
                return "its value has a line break (CR or LF), which would end the header.";
            }

            using var request = new HttpRequestMessage();
            return request.Headers.TryAddWithoutValidation(name, "x")
                ? null
                : "it is a content header (Content-Type, Content-Length ...), and the request is sent without a body.";
        }

        public async Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel)
        {
            (string Host, int Port)? binding = ReadinessPorts.Resolve(container, _spec.Port, "Port", _endpoint);
            if (binding is null)
            {
                return ProbeResult.NotYet($"port {_spec.Port.ToString(CultureInfo.InvariantCulture)}/tcp has no host binding yet");
            }

            Uri url = Url(binding.Value.Host, binding.Value.Port);
            using var request = new HttpRequestMessage(new HttpMethod(_spec.Method), url);
            request.Headers.ConnectionClose = true;
            foreach (KeyValuePair<string, string> header in _spec.Headers)
            {
                // Checked before the wait (HeaderProblem): a request header without line breaks.
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            try
            {
                using HttpResponseMessage response = await EngineClientCache.WaitAsync(
                    Client(_spec.SkipCertificateCheck).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel), cancel).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                string answered = $"{url} answered {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}".TrimEnd();
                if (!Accepts(status, _spec.StatusCodes))
                {
                    return ProbeResult.NotYet(answered);
                }

                if (_spec.BodyPattern is null)
                {
                    return ProbeResult.Ready(answered);
                }

                string body = await ReadBodyAsync(response, cancel).ConfigureAwait(false);
                return _spec.BodyPattern.IsMatch(body)
                    ? ProbeResult.Ready(answered + " with a matching body")
                    : ProbeResult.NotYet($"{answered}, but its body does not match '{_spec.BodyPattern}' (it starts: {ReadinessText.OneLine(body, 120)})");
            }
            catch (Exception e) when (!cancel.IsCancellationRequested && (e is HttpRequestException || e is IOException || e is OperationCanceledException))
            {
                return ProbeResult.NotYet($"{url}: {NetworkFailure.Describe(e)}");
            }
        }

        private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancel)
        {
            using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var body = new MemoryStream();
            var buffer = new byte[16 * 1024];
            while (body.Length < MaxBody)
            {
                int read = await stream.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, MaxBody - body.Length), cancel).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                body.Write(buffer, 0, read);
            }

            Encoding encoding = Encoding.UTF8;
            string? charset = response.Content.Headers.ContentType?.CharSet;
            if (!string.IsNullOrEmpty(charset))
            {
                try
                {
                    encoding = Encoding.GetEncoding(charset!.Trim('"'));
                }
                catch (ArgumentException)
                {
                    // An unknown charset: read it as UTF-8.
                }
            }

            return encoding.GetString(body.GetBuffer(), 0, (int)body.Length);
        }

        private static HttpClient CreateClient(bool trustAnyCertificate)
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
            };
            if (trustAnyCertificate)
            {
                handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true;
            }

            return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        public void Dispose()
        {
        }
    }
}
