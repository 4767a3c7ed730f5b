using System;
using System.Management.Automation;
using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using Docker.DotNet;

namespace PSDocker
{
    /// <summary>
    /// The one place exceptions become ErrorRecords. Engine status codes map to categories
    /// (404 ObjectNotFound, 409 ResourceExists, 401/403 PermissionDenied, ...); the error id names
    /// the kind of object ("ContainerNotFound") so scripts can catch it; the message is the engine's own.
    /// </summary>
    internal static class ErrorMapper
    {
        /// <summary>The error id, category and message for an engine API error about a kind of object (noun).</summary>
        internal static (string ErrorId, ErrorCategory Category, string Message) Classify(HttpStatusCode status, string? responseBody, string noun)
        {
            string message = EngineMessage(responseBody) ?? $"The engine answered {(int)status} ({status}).";
            if (SwarmRefusal(message) is (string swarmId, ErrorCategory swarmCategory))
            {
                return (swarmId, swarmCategory, message);
            }

            switch ((int)status)
            {
                case 400:
                    return ($"{noun}InvalidRequest", ErrorCategory.InvalidArgument, message);
                case 401:
                case 403:
                    return ($"{noun}AccessDenied", ErrorCategory.PermissionDenied, message);
                case 404:
                    return ($"{noun}NotFound", ErrorCategory.ObjectNotFound, message);
                case 409:
                    return ($"{noun}Conflict", ErrorCategory.ResourceExists, message);
                case 304:
                    return ($"{noun}NotModified", ErrorCategory.InvalidOperation, message);
                case 500:
                case 502:
                case 503:
                    return ($"{noun}EngineError", ErrorCategory.InvalidResult, message);
                default:
                    return ($"{noun}RequestFailed", ErrorCategory.NotSpecified, message);
            }
        }

        /// <summary>
        /// The engine's refusals about the swarm state itself, whatever the request (moby's daemon/cluster errors, sent as
        /// 503 or 409): SwarmNotInitialized (this engine is in no swarm), SwarmNotManager (a worker, or a manager not ready),
        /// SwarmAlreadyInitialized (init or join on a node already in one), SwarmLocked (a locked manager: Unlock-DockerSwarm),
        /// SwarmUnlockKeyInvalid (a wrong unlock key), SwarmNotLocked (unlock of a swarm that is not locked), SwarmJoinTokenInvalid (a join token the swarm refuses). Null otherwise.
        /// </summary>
        internal static (string ErrorId, ErrorCategory Category)? SwarmRefusal(string message)
        {
            bool Has(string text) => message.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;
            if (Has("already part of a swarm"))
            {
                return ("SwarmAlreadyInitialized", ErrorCategory.ResourceExists);
            }

            if (Has("join token"))
            {
                return ("SwarmJoinTokenInvalid", ErrorCategory.InvalidArgument);
            }

            if (Has("needs to be unlocked"))
            {
                return ("SwarmLocked", ErrorCategory.InvalidOperation);
            }

            if (Has("swarm could not be unlocked") || (Has("unlock") && Has("invalid key")))
            {
                return ("SwarmUnlockKeyInvalid", ErrorCategory.InvalidArgument);
            }

            if (Has("swarm is not locked"))
            {
                return ("SwarmNotLocked", ErrorCategory.InvalidOperation);
            }

            if (Has("not part of a swarm") || (Has("not a swarm manager") && Has("docker swarm init")))
            {
                return ("SwarmNotInitialized", ErrorCategory.InvalidOperation);
            }

            if (Has("not a swarm manager"))
            {
                return ("SwarmNotManager", ErrorCategory.InvalidOperation);
            }

            return null;
        }

        /// <summary>The "message" field of the engine's JSON error body, or the body itself.</summary>
        internal static string? EngineMessage(string? responseBody)
        {
            if (string.IsNullOrWhiteSpace(responseBody))
            {
                return null;
            }

            string body = responseBody!.Trim();
            if (body.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(body);
                    if (doc.RootElement.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String)
                    {
                        return m.GetString();
                    }
                }
                catch (JsonException)
                {
                }
            }

            return body;
        }

        /// <summary>Turns any exception from a cmdlet's work into an ErrorRecord.</summary>
        internal static ErrorRecord ToErrorRecord(Exception exception, string noun, object? target)
        {
            exception = Unwrap(exception);
            switch (exception)
            {
                case PSDockerException p:
                    return new ErrorRecord(p, p.ErrorId, p.Category, p.Target ?? target);

                case ContainerExitedException exited:
                    return exited.ToErrorRecord();

                case ImageBuildFailedException buildFailed:
                    return buildFailed.ToErrorRecord(target);

                case EngineUnreachableException u:
                    ErrorCategory connectCategory = u.ErrorId switch
                    {
                        "EngineTlsFailed" => ErrorCategory.SecurityError,
                        "EngineTlsRequired" => ErrorCategory.SecurityError,
                        "EngineNotResponding" => ErrorCategory.OperationTimeout,
                        _ => ErrorCategory.ConnectionError,
                    };
                    return new ErrorRecord(new PSDockerException(u.Message, u.ErrorId, connectCategory, u.Endpoint, u.InnerException),
                        u.ErrorId, connectCategory, u.Endpoint);

                case EndpointResolutionException r:
                    ErrorCategory category = r.ErrorId switch
                    {
                        "ContextNotFound" => ErrorCategory.ObjectNotFound,
                        "TlsCertificateNotFound" => ErrorCategory.ObjectNotFound,
                        "DockerConfigInvalid" => ErrorCategory.ParserError,
                        "DockerContextInvalid" => ErrorCategory.ParserError,
                        _ => ErrorCategory.InvalidArgument,
                    };
                    return new ErrorRecord(new PSDockerException(r.Message, r.ErrorId, category, r.Target, r.InnerException),
                        r.ErrorId, category, r.Target ?? target);

                case DockerApiException api:
                    var (id, cat, message) = Classify(api.StatusCode, api.ResponseBody, noun);
                    return new ErrorRecord(new PSDockerException(message, id, cat, target, api), id, cat, target);

                case OperationCanceledException:
                    return new ErrorRecord(exception, "OperationCanceled", ErrorCategory.OperationStopped, target);

                case IContainsErrorRecord own when own.ErrorRecord is not null:
                    // PowerShell's own error (RuntimeException, or the PSInvalidOperationException of a prompt in a
                    // session without a user to ask): reported as PowerShell reports it, never as a failure of the engine.
                    return own.ErrorRecord;

                default:
                    return new ErrorRecord(exception, noun + "OperationFailed", ErrorCategory.NotSpecified, target);
            }
        }

        internal static Exception Unwrap(Exception e)
        {
            while (e is AggregateException agg && agg.InnerExceptions.Count == 1)
            {
                e = agg.InnerExceptions[0];
            }

            return e;
        }

        internal static Exception Innermost(Exception e)
        {
            e = Unwrap(e);
            while (e.InnerException is not null)
            {
                e = Unwrap(e.InnerException);
            }

            return e;
        }

        /// <summary>
        /// True when the engine refused a request for its API version ("client version 1.41 is too new.
        /// Maximum supported API version is 1.40", or "... is too old. Minimum supported ..."): HTTP 400, sent
        /// by the engine before it acts, so the request can be sent again once the version is negotiated afresh.
        /// </summary>
        internal static bool IsApiVersionRefused(Exception e)
        {
            if (Unwrap(e) is not DockerApiException { StatusCode: HttpStatusCode.BadRequest } api)
            {
                return false;
            }

            string message = EngineMessage(api.ResponseBody) ?? "";
            return message.StartsWith("client version ", StringComparison.OrdinalIgnoreCase) &&
                (message.IndexOf(" is too new", StringComparison.OrdinalIgnoreCase) > 0 ||
                 message.IndexOf(" is too old", StringComparison.OrdinalIgnoreCase) > 0);
        }

        /// <summary>True when the exception says the connection itself failed (refused, reset, closed), not the engine.</summary>
        internal static bool IsConnectionFailure(Exception e)
        {
            for (Exception? current = Unwrap(e); current is not null; current = current.InnerException is null ? null : Unwrap(current.InnerException))
            {
                if (current is DockerApiException || current is OperationCanceledException)
                {
                    return false;
                }

                if (current is System.Net.Http.HttpRequestException || current is System.Net.Sockets.SocketException ||
                    current is System.IO.IOException || current is AuthenticationException)
                {
                    return true;
                }
            }

            return false;
        }

        internal static Exception? FindTlsFailure(Exception? e)
        {
            for (Exception? current = e; current is not null; current = current.InnerException)
            {
                if (current is AuthenticationException)
                {
                    return current;
                }

                // TLS 1.3: the engine's refusal of a client certificate (an alert) arrives after the client's side of the
                // handshake is done, so it surfaces while the answer is read: an IOException over the TLS library's error
                // (OpenSSL's SslException, or an SChannel SEC_E_* code on Windows).
                if (current is System.IO.IOException && current.InnerException is Exception tls &&
                    (tls.GetType().Name.IndexOf("Ssl", StringComparison.Ordinal) >= 0 ||
                     tls is System.ComponentModel.Win32Exception { NativeErrorCode: int code } && ((uint)code >> 16) == 0x8009))
                {
                    return tls;
                }

                if (current is AggregateException agg)
                {
                    foreach (Exception inner in agg.InnerExceptions)
                    {
                        if (FindTlsFailure(inner) is Exception found)
                        {
                            return found;
                        }
                    }
                }
            }

            return null;
        }
    }

    /// <summary>An error raised by PSDocker itself, with the error id and category it is reported under.</summary>
    public sealed class PSDockerException : Exception
    {
        internal PSDockerException(string message, string errorId, ErrorCategory category, object? target, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        /// <summary>The error id, as in the ErrorRecord's FullyQualifiedErrorId.</summary>
        public string ErrorId { get; }

        /// <summary>The error category.</summary>
        public ErrorCategory Category { get; }

        internal object? Target { get; }
    }
}
