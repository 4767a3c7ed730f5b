using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;

namespace PSDocker
{
    /// <summary>
    /// Requests the client library has no typed method for, or whose typed request or answer does not fit every engine:
    /// GET /system/df (the library's model has the API 1.52 shape only), POST /build/prune (no method at all) and POST
    /// /swarm/update (the library sends the rotate flags under lower-case names the engine does not read). They go through
    /// the engine's own <see cref="EngineTransport"/> (the same pooled connections, TLS and API version as every other
    /// request), on every platform. An engine refusal is a <see cref="DockerApiException"/> with the engine's status and
    /// body, as the library gives it, so ErrorMapper reads it the same way. Cmdlets send them inside
    /// DockerCmdlet.RequestAsync like any other request.
    /// </summary>
    internal static class EngineRawRequest
    {
        private static readonly Lazy<System.Text.Json.JsonSerializerOptions> s_json = new Lazy<System.Text.Json.JsonSerializerOptions>(LibraryJsonOptions);

        /// <summary>
        /// Sends one request to /v{API version}/<paramref name="path"/> and returns the engine's answer as text.
        /// <paramref name="query"/> gives the query's names and values exactly as the engine reads them (a name may repeat);
        /// <paramref name="body"/>, when given, is sent as JSON written the way the client library writes its models.
        /// </summary>
        /// <exception cref="DockerApiException">The engine answered with an error status.</exception>
        internal static async Task<string> SendAsync(EngineConnection engine, HttpMethod method, string path,
            IEnumerable<KeyValuePair<string, string>>? query, object? body, CancellationToken token)
        {
            using var request = new HttpRequestMessage(method, RequestUri(engine, path, query));
            if (body is not null)
            {
                string json = System.Text.Json.JsonSerializer.Serialize(body, body.GetType(), s_json.Value);
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using HttpResponseMessage response = await engine.Transport.SendAsync(request, token).ConfigureAwait(false);

            // The body can take long (GET /system/df measures every object): Ctrl+C stops reading it too.
            string text;
#if NET5_0_OR_GREATER
            text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
#else
            using (token.Register(response.Dispose))
            {
                try
                {
                    text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                }
                catch (Exception) when (token.IsCancellationRequested)
                {
                    throw new OperationCanceledException(token);
                }
            }
#endif
            if (!response.IsSuccessStatusCode)
            {
                throw new DockerApiException(response.StatusCode, text);
            }

            return text;
        }

        /// <summary>The request's address: the transport's base, the API version prefix, the path and the escaped query.</summary>
        internal static Uri RequestUri(EngineConnection engine, string path, IEnumerable<KeyValuePair<string, string>>? query)
        {
            string text = "v" + engine.ApiVersion.ToString(2) + "/" + path.TrimStart('/');
            string pairs = query is null
                ? ""
                : string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
            return new Uri(engine.Transport.EffectiveEndpoint, pairs.Length == 0 ? text : text + "?" + pairs);
        }

        /// <summary>A filter map (name to values) as the engine reads it in a query: JSON of name to {value: true}.</summary>
        internal static string Filters(IDictionary<string, IDictionary<string, bool>> filters) =>
            System.Text.Json.JsonSerializer.Serialize(filters);

        /// <summary>
        /// The client library's JSON settings (its enum and date converters), so a library model is written as the library
        /// writes it; plain settings when the library keeps them elsewhere.
        /// </summary>
        private static System.Text.Json.JsonSerializerOptions LibraryJsonOptions()
        {
            const BindingFlags any = BindingFlags.Instance | BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public;
            Type? serializer = typeof(DockerClient).Assembly.GetType("Docker.DotNet.JsonSerializer");
            object? instance = serializer?.GetProperty("Instance", any)?.GetValue(null);
            return serializer?.GetField("_options", any)?.GetValue(instance) as System.Text.Json.JsonSerializerOptions
                ?? new System.Text.Json.JsonSerializerOptions();
        }
    }
}
