using System;
using System.Net.Http;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;

namespace PSDocker
{
    /// <summary>
    /// Requests the client library has no typed method for, or whose typed answer does not fit every engine: GET
    /// /system/df (the library's model has the API 1.52 shape only, under names the released API does not use) and POST
    /// /build/prune (no method at all). They go through the library's own client and connection (its internal
    /// raw-response path: same socket, TLS, API version prefix and error handling, DockerApiException for an engine
    /// refusal), never a second HTTP client; cmdlets send them inside DockerCmdlet.RequestAsync like any other request.
    /// The query is built by the library too, from one of its public parameter types (the names its attributes give).
    /// </summary>
    internal static class EngineRawRequest
    {
        private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

        private static readonly Lazy<(MethodInfo Send, Type QueryString)?> s_path = new Lazy<(MethodInfo, Type)?>(FindPath);

        /// <summary>True when the client library in use has the raw request path this class sends through.</summary>
        internal static bool Available => s_path.Value is not null;

        /// <summary>
        /// Sends one request and returns the engine's JSON answer as text. <paramref name="query"/> is an instance of one
        /// of the library's parameter types (its set properties become the query string), or null for none.
        /// </summary>
        internal static async Task<string> SendAsync(DockerClient client, HttpMethod method, string path, object? query, CancellationToken token)
        {
            (MethodInfo send, Type queryStringType) = s_path.Value ?? throw new PSDockerException(
                $"The Docker client library in use has no raw request path for {method} /{path}: PSDocker needs Docker.DotNet.Enhanced 4.3.3.",
                "EngineRequestUnsupported", System.Management.Automation.ErrorCategory.NotImplemented, path);
            object? queryString = query is null
                ? null
                : Activator.CreateInstance(queryStringType.MakeGenericType(query.GetType()), Internal, null, new[] { query }, null);
            Task<HttpResponseMessage> sent;
            try
            {
                sent = (Task<HttpResponseMessage>)send.Invoke(client, new object?[] { method, path, queryString, null, null, token })!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            using HttpResponseMessage response = await sent.ConfigureAwait(false);

            // The body can take long (GET /system/df measures every object): Ctrl+C stops reading it too.
#if NET5_0_OR_GREATER
            return await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
#else
            using (token.Register(response.Dispose))
            {
                try
                {
                    return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                }
                catch (Exception) when (token.IsCancellationRequested)
                {
                    throw new OperationCanceledException(token);
                }
            }
#endif
        }

        /// <summary>
        /// Sends one request with a JSON body (<paramref name="body"/>, serialized by the library's own serializer) and a
        /// query given as name/value pairs with the exact names the engine reads, for the few requests whose library
        /// parameter type names its query wrongly (POST /swarm/update: the engine reads rotateWorkerToken, the library sends
        /// rotateworkertoken). Returns the engine's answer as text. Needs the net8.0+ build (DispatchProxy), else
        /// EngineRequestUnsupported.
        /// </summary>
        internal static async Task<string> SendAsync(DockerClient client, HttpMethod method, string path,
            System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string>> query, object body, CancellationToken token)
        {
#if NET
            Assembly library = typeof(DockerClient).Assembly;
            Type? queryInterface = library.GetType("Docker.DotNet.IQueryString");
            Type? content = library.GetType("Docker.DotNet.JsonRequestContent`1");
            Type? serializer = library.GetType("Docker.DotNet.JsonSerializer");
            object? serializerInstance = serializer?.GetProperty("Instance", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(null);
            if (s_path.Value is not (MethodInfo send, _) || queryInterface is null || content is null || serializerInstance is null)
            {
                throw Unsupported(method, path);
            }

            object queryString = DispatchProxy.Create(queryInterface, typeof(QueryText));
            ((QueryText)queryString).Text = string.Join("&", System.Linq.Enumerable.Select(query, q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
            object requestContent = Activator.CreateInstance(content.MakeGenericType(body.GetType()), Internal, null, new[] { body, serializerInstance }, null)!;
            Task<HttpResponseMessage> sent;
            try
            {
                sent = (Task<HttpResponseMessage>)send.Invoke(client, new object?[] { method, path, queryString, requestContent, null, token })!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            using HttpResponseMessage response = await sent.ConfigureAwait(false);
            return await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
#else
            await Task.Yield();
            throw Unsupported(method, path);
#endif
        }

        private static PSDockerException Unsupported(HttpMethod method, string path) => new PSDockerException(
            $"The Docker client library in use has no raw request path for {method} /{path}: PSDocker needs Docker.DotNet.Enhanced 4.3.3 on .NET 8 or later.",
            "EngineRequestUnsupported", System.Management.Automation.ErrorCategory.NotImplemented, path);

#if NET
        /// <summary>The library's query string interface, answered with a query text built here (see the SendAsync with a body).</summary>
        public class QueryText : DispatchProxy
        {
            internal string Text { get; set; } = "";

            /// <inheritdoc />
            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name == "GetQueryString" ? Text : null;
        }
#endif

        private static (MethodInfo, Type)? FindPath()
        {
            Assembly library = typeof(DockerClient).Assembly;
            Type? queryInterface = library.GetType("Docker.DotNet.IQueryString");
            Type? contentInterface = library.GetType("Docker.DotNet.IRequestContent");
            Type? queryString = library.GetType("Docker.DotNet.QueryString`1");
            if (queryInterface is null || contentInterface is null || queryString is null)
            {
                return null;
            }

            MethodInfo? send = typeof(DockerClient).GetMethod("MakeRequestForRawResponseAsync", Internal, null,
                new[] { typeof(HttpMethod), typeof(string), queryInterface, contentInterface, typeof(System.Collections.Generic.IDictionary<string, string>), typeof(CancellationToken) },
                null);
            return send is null || send.ReturnType != typeof(Task<HttpResponseMessage>) ? null : (send, queryString);
        }
    }
}
