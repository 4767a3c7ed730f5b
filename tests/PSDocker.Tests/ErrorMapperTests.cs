using System;
using System.Management.Automation;
using System.Net;
using System.Security.Authentication;
using Docker.DotNet;
using Xunit;

namespace PSDocker.Tests;

public class ErrorMapperTests
{
    private static readonly DockerEndpoint LocalEngine =
        new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

    private const string NoSuchContainer = "{\"message\":\"No such container: web\"}";

    // ---- Classify --------------------------------------------------------------------------

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "ContainerNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData(HttpStatusCode.Conflict, "ContainerConflict", ErrorCategory.ResourceExists)]
    [InlineData(HttpStatusCode.Unauthorized, "ContainerAccessDenied", ErrorCategory.PermissionDenied)]
    [InlineData(HttpStatusCode.Forbidden, "ContainerAccessDenied", ErrorCategory.PermissionDenied)]
    [InlineData(HttpStatusCode.BadRequest, "ContainerInvalidRequest", ErrorCategory.InvalidArgument)]
    [InlineData(HttpStatusCode.NotModified, "ContainerNotModified", ErrorCategory.InvalidOperation)]
    [InlineData(HttpStatusCode.InternalServerError, "ContainerEngineError", ErrorCategory.InvalidResult)]
    [InlineData(HttpStatusCode.BadGateway, "ContainerEngineError", ErrorCategory.InvalidResult)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ContainerEngineError", ErrorCategory.InvalidResult)]
    [InlineData((HttpStatusCode)418, "ContainerRequestFailed", ErrorCategory.NotSpecified)]
    public void Classify_maps_status_codes(HttpStatusCode status, string expectedId, ErrorCategory expectedCategory)
    {
        var (id, category, message) = ErrorMapper.Classify(status, "{\"message\":\"engine says no\"}", "Container");

        Assert.Equal(expectedId, id);
        Assert.Equal(expectedCategory, category);
        Assert.Equal("engine says no", message);
    }

    [Fact]
    public void Classify_uses_the_noun_in_the_error_id()
    {
        Assert.Equal("ImageNotFound", ErrorMapper.Classify(HttpStatusCode.NotFound, "{}", "Image").ErrorId);
        Assert.Equal("NetworkConflict", ErrorMapper.Classify(HttpStatusCode.Conflict, "{}", "Network").ErrorId);
    }

    [Theory]
    [InlineData("{\"message\":\"No such container: web\"}", "No such container: web")]
    [InlineData("  {\"message\": \"conflict: name in use\", \"extra\": 1}\n", "conflict: name in use")]
    [InlineData("page not found", "page not found")]
    [InlineData("  plain text with spaces \n", "plain text with spaces")]
    [InlineData("{not json", "{not json")]
    [InlineData("{\"error\":\"other shape\"}", "{\"error\":\"other shape\"}")]
    [InlineData("{\"message\":42}", "{\"message\":42}")]
    public void Classify_message_is_the_engine_message_or_the_body(string body, string expected)
    {
        Assert.Equal(expected, ErrorMapper.Classify(HttpStatusCode.NotFound, body, "Container").Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Classify_with_empty_body_reports_the_status(string? body)
    {
        string message = ErrorMapper.Classify(HttpStatusCode.NotFound, body, "Container").Message;

        Assert.Equal("The engine answered 404 (NotFound).", message);
    }

    // ---- ToErrorRecord ---------------------------------------------------------------------

    [Fact]
    public void DockerApiException_becomes_a_classified_record()
    {
        var api = new DockerApiException(HttpStatusCode.NotFound, NoSuchContainer);

        ErrorRecord record = ErrorMapper.ToErrorRecord(api, "Container", "web");

        Assert.Equal("ContainerNotFound", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.Equal("web", record.TargetObject);
        PSDockerException e = Assert.IsType<PSDockerException>(record.Exception);
        Assert.Equal("No such container: web", e.Message);
        Assert.Equal("ContainerNotFound", e.ErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.Category);
        Assert.Same(api, e.InnerException);
    }

    [Fact]
    public void DockerApiException_conflict()
    {
        var api = new DockerApiException(HttpStatusCode.Conflict,
            "{\"message\":\"Conflict. The container name \\\"/web\\\" is already in use\"}");

        ErrorRecord record = ErrorMapper.ToErrorRecord(api, "Container", "web");

        Assert.Equal("ContainerConflict", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, record.CategoryInfo.Category);
        Assert.Equal("Conflict. The container name \"/web\" is already in use", record.Exception.Message);
    }

    [Theory]
    [InlineData("ContextNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData("TlsCertificateNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData("DockerConfigInvalid", ErrorCategory.ParserError)]
    [InlineData("DockerContextInvalid", ErrorCategory.ParserError)]
    [InlineData("InvalidHostAddress", ErrorCategory.InvalidArgument)]
    [InlineData("ConflictingEndpointParameters", ErrorCategory.InvalidArgument)]
    public void EndpointResolutionException_keeps_its_error_id(string errorId, ErrorCategory expectedCategory)
    {
        var inner = new FormatException("inner");
        var e = new EndpointResolutionException(errorId, "what went wrong", "the-target", inner);

        ErrorRecord record = ErrorMapper.ToErrorRecord(e, "Container", "fallback");

        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal(expectedCategory, record.CategoryInfo.Category);
        Assert.Equal("the-target", record.TargetObject);
        PSDockerException wrapped = Assert.IsType<PSDockerException>(record.Exception);
        Assert.Equal("what went wrong", wrapped.Message);
        Assert.Equal(errorId, wrapped.ErrorId);
        Assert.Equal(expectedCategory, wrapped.Category);
        Assert.Same(inner, wrapped.InnerException);
    }

    [Fact]
    public void PowerShells_own_errors_keep_their_record_and_are_never_an_operation_failure()
    {
        // The host's refusal to prompt in a non-interactive session (ShouldProcess, ShouldContinue).
        var prompt = new PSInvalidOperationException("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
        var host = new System.Management.Automation.Host.HostException("A command that prompts the user failed because the host program does not support user interaction.");

        Assert.Same(prompt.ErrorRecord, ErrorMapper.ToErrorRecord(prompt, "Engine", "x"));
        Assert.Same(host.ErrorRecord, ErrorMapper.ToErrorRecord(new AggregateException(host), "Volume", "x"));
        Assert.DoesNotContain("OperationFailed", ErrorMapper.ToErrorRecord(prompt, "Engine", "x").FullyQualifiedErrorId);
    }

    [Fact]
    public void EndpointResolutionException_without_target_uses_the_callers_target()
    {
        var e = new EndpointResolutionException("InvalidHostAddress", "bad", null);

        Assert.Equal("fallback", ErrorMapper.ToErrorRecord(e, "Container", "fallback").TargetObject);
    }

    [Fact]
    public void EngineUnreachableException_is_a_connection_error()
    {
        var refused = new System.Net.Sockets.SocketException(111);
        var e = new EngineUnreachableException(LocalEngine, "EngineUnreachable", "Cannot reach the Docker engine", refused);

        ErrorRecord record = ErrorMapper.ToErrorRecord(e, "Container", "web");

        Assert.Equal("EngineUnreachable", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, record.CategoryInfo.Category);
        Assert.Same(LocalEngine, record.TargetObject);
        PSDockerException wrapped = Assert.IsType<PSDockerException>(record.Exception);
        Assert.Equal("Cannot reach the Docker engine", wrapped.Message);
        Assert.Equal(ErrorCategory.ConnectionError, wrapped.Category);
        Assert.Same(refused, wrapped.InnerException);
    }

    [Theory]
    [InlineData("EngineTlsFailed")]
    [InlineData("EngineTlsRequired")]
    public void Tls_failures_are_security_errors(string errorId)
    {
        var e = new EngineUnreachableException(LocalEngine, errorId, "handshake failed", new AuthenticationException("bad cert"));

        ErrorRecord record = ErrorMapper.ToErrorRecord(e, "Container", null);

        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, record.CategoryInfo.Category);
        // the exception carries the same category as the record it is reported in
        Assert.Equal(ErrorCategory.SecurityError, Assert.IsType<PSDockerException>(record.Exception).Category);
    }

    [Fact]
    public void AggregateException_with_one_inner_is_unwrapped()
    {
        var api = new DockerApiException(HttpStatusCode.NotFound, NoSuchContainer);
        var wrapped = new AggregateException(new AggregateException(api));

        ErrorRecord record = ErrorMapper.ToErrorRecord(wrapped, "Container", "web");

        Assert.Equal("ContainerNotFound", record.FullyQualifiedErrorId);
        Assert.Equal("No such container: web", record.Exception.Message);
    }

    [Fact]
    public void AggregateException_with_several_inners_is_a_generic_failure()
    {
        var wrapped = new AggregateException(new InvalidOperationException("a"), new InvalidOperationException("b"));

        ErrorRecord record = ErrorMapper.ToErrorRecord(wrapped, "Container", "web");

        Assert.Equal("ContainerOperationFailed", record.FullyQualifiedErrorId);
        Assert.Same(wrapped, record.Exception);
    }

    [Fact]
    public void Cancellation_is_OperationStopped()
    {
        ErrorRecord record = ErrorMapper.ToErrorRecord(new AggregateException(new OperationCanceledException()), "Container", null);

        Assert.Equal("OperationCanceled", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationStopped, record.CategoryInfo.Category);
    }

    [Fact]
    public void Other_exceptions_are_NounOperationFailed()
    {
        var boom = new InvalidOperationException("boom");

        ErrorRecord record = ErrorMapper.ToErrorRecord(boom, "Image", "alpine");

        Assert.Equal("ImageOperationFailed", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotSpecified, record.CategoryInfo.Category);
        Assert.Same(boom, record.Exception);
        Assert.Equal("alpine", record.TargetObject);
    }

    [Fact]
    public void PSDockerException_is_reported_as_it_is()
    {
        var e = new PSDockerException("already running", "ContainerAlreadyRunning", ErrorCategory.InvalidOperation, null);

        ErrorRecord record = ErrorMapper.ToErrorRecord(e, "Container", "web");

        Assert.Equal("ContainerAlreadyRunning", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, record.CategoryInfo.Category);
        Assert.Same(e, record.Exception);
        Assert.Equal("web", record.TargetObject);
    }

    [Fact]
    public void FullyQualifiedErrorId_without_an_invocation_is_just_the_id()
    {
        var record = new ErrorRecord(new Exception("x"), "SomeId", ErrorCategory.NotSpecified, null);

        Assert.Null(record.InvocationInfo);
        Assert.Equal("SomeId", record.FullyQualifiedErrorId);
    }

    // ---- helpers ---------------------------------------------------------------------------

    [Fact]
    public void Innermost_walks_through_inner_and_aggregate_exceptions()
    {
        var root = new System.Net.Sockets.SocketException(111);
        var e = new AggregateException(new System.Net.Http.HttpRequestException("outer", new System.IO.IOException("mid", root)));

        Assert.Same(root, ErrorMapper.Innermost(e));
    }

    [Fact]
    public void FindTlsFailure_finds_an_AuthenticationException_anywhere()
    {
        var tls = new AuthenticationException("The remote certificate is invalid");
        var e = new System.Net.Http.HttpRequestException("outer",
            new AggregateException(new InvalidOperationException("other"), new System.IO.IOException("io", tls)));

        Assert.Same(tls, ErrorMapper.FindTlsFailure(e));
        Assert.Null(ErrorMapper.FindTlsFailure(new System.Net.Http.HttpRequestException("refused", new System.IO.IOException("io"))));
        Assert.Null(ErrorMapper.FindTlsFailure(null));
    }

    // ---- IsConnectionFailure ----------------------------------------------------------------

    [Fact]
    public void Connection_failures_are_recognised_through_wrappers()
    {
        var refused = new System.Net.Http.HttpRequestException("Connection failed.",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        Assert.True(ErrorMapper.IsConnectionFailure(refused));
        Assert.True(ErrorMapper.IsConnectionFailure(new AggregateException(refused)));
        Assert.True(ErrorMapper.IsConnectionFailure(new System.IO.IOException("The response ended prematurely.")));
    }

    [Fact]
    public void Engine_answers_and_cancellations_are_not_connection_failures()
    {
        Assert.False(ErrorMapper.IsConnectionFailure(new DockerApiException(HttpStatusCode.NotFound, NoSuchContainer)));
        Assert.False(ErrorMapper.IsConnectionFailure(new OperationCanceledException()));
        Assert.False(ErrorMapper.IsConnectionFailure(new InvalidOperationException("bug")));
    }
}
