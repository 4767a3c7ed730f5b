using System;
using System.Management.Automation;
using System.Net;
using Docker.DotNet;
using Xunit;

namespace PSDocker.Tests;

public class ClientSettingsTests
{
    // ---- Request time limit ------------------------------------------------------------------

    [Fact]
    public void Request_timeout_is_60_seconds_when_nothing_is_set()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), ClientSettings.RequestTimeout(null, null));
        Assert.Equal(TimeSpan.FromSeconds(60), ClientSettings.RequestTimeout(null, ""));
        Assert.Equal(TimeSpan.FromSeconds(60), ClientSettings.RequestTimeout(null, "  "));
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData(" 300 ", 300)]
    [InlineData("2147483", 2147483)]
    public void Request_timeout_is_read_from_the_environment_in_seconds(string value, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ClientSettings.RequestTimeout(null, value));
    }

    [Fact]
    public void Request_timeout_0_means_no_limit()
    {
        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, ClientSettings.RequestTimeout(null, "0"));
        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, ClientSettings.RequestTimeout(0, null));
    }

    [Fact]
    public void The_session_variable_wins_over_the_environment()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), ClientSettings.RequestTimeout(5, "30"));
        Assert.Equal(TimeSpan.FromSeconds(5), ClientSettings.RequestTimeout(PSObject.AsPSObject(5), "30"));
        Assert.Equal(TimeSpan.FromSeconds(5), ClientSettings.RequestTimeout("5", "abc"));
        Assert.Equal(TimeSpan.FromSeconds(90), ClientSettings.RequestTimeout(TimeSpan.FromSeconds(90), null));
        Assert.Equal(TimeSpan.FromSeconds(7), ClientSettings.RequestTimeout(7L, null));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("10s")]
    [InlineData("+5")]
    [InlineData("2147484")]
    [InlineData("99999999999")]
    public void A_bad_environment_value_names_the_variable_and_the_value(string value)
    {
        var e = Assert.Throws<PSDockerException>(() => ClientSettings.RequestTimeout(null, value));

        Assert.Equal("InvalidRequestTimeout", e.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
        Assert.StartsWith($"PSDOCKER_REQUEST_TIMEOUT is '{value}'", e.Message);
    }

    [Fact]
    public void A_bad_session_value_names_the_session_variable()
    {
        var e = Assert.Throws<PSDockerException>(() => ClientSettings.RequestTimeout("soon", "30"));
        Assert.Equal("InvalidRequestTimeout", e.ErrorId);
        Assert.StartsWith("$PSDockerRequestTimeout is 'soon'", e.Message);

        Assert.Throws<PSDockerException>(() => ClientSettings.RequestTimeout(-2, null));
        Assert.Throws<PSDockerException>(() => ClientSettings.RequestTimeout(2.5, null));
        Assert.Throws<PSDockerException>(() => ClientSettings.RequestTimeout(TimeSpan.FromSeconds(-1), null));
        Assert.Equal("InvalidRequestTimeout", Assert.Throws<PSDockerException>(() => ClientSettings.RequestTimeout(TimeSpan.FromTicks(1), null)).ErrorId);
    }

    // ---- DOCKER_API_VERSION ------------------------------------------------------------------

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_pin_when_DOCKER_API_VERSION_is_unset_or_empty(string? value)
    {
        Assert.Null(ClientSettings.ApiVersionPin(value));
    }

    [Theory]
    [InlineData("1.40", 1, 40)]
    [InlineData(" 1.24 ", 1, 24)]
    [InlineData("1.54", 1, 54)]
    public void DOCKER_API_VERSION_pins_the_version(string value, int major, int minor)
    {
        Assert.Equal(new Version(major, minor), ClientSettings.ApiVersionPin(value));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1")]
    [InlineData("1.41.0")]
    [InlineData("v1.41")]
    [InlineData("0.9")]
    [InlineData("1.55")]
    [InlineData("2.0")]
    public void A_bad_DOCKER_API_VERSION_names_the_variable_and_the_value(string value)
    {
        var e = Assert.Throws<PSDockerException>(() => ClientSettings.ApiVersionPin(value));

        Assert.Equal("InvalidApiVersion", e.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
        Assert.StartsWith($"DOCKER_API_VERSION is '{value}'", e.Message);
    }

    [Fact]
    public void A_pinned_and_an_unpinned_client_of_one_endpoint_are_cached_apart()
    {
        var endpoint = new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

        Assert.Equal(endpoint.CacheKey, EngineClientCache.CacheKey(endpoint, null));
        Assert.NotEqual(EngineClientCache.CacheKey(endpoint, null), EngineClientCache.CacheKey(endpoint, new Version(1, 40)));
        Assert.NotEqual(EngineClientCache.CacheKey(endpoint, new Version(1, 40)), EngineClientCache.CacheKey(endpoint, new Version(1, 41)));
    }
}

public class ApiVersionRefusalTests
{
    [Theory]
    [InlineData("{\"message\":\"client version 1.41 is too new. Maximum supported API version is 1.40\"}")]
    [InlineData("{\"message\":\"client version 1.24 is too old. Minimum supported API version is 1.44, please upgrade your client to a newer version\"}")]
    [InlineData("client version 1.41 is too new. Maximum supported API version is 1.40")]
    public void The_engines_version_refusal_is_recognised(string body)
    {
        Assert.True(ErrorMapper.IsApiVersionRefused(new DockerApiException(HttpStatusCode.BadRequest, body)));
        Assert.True(ErrorMapper.IsApiVersionRefused(new AggregateException(new DockerApiException(HttpStatusCode.BadRequest, body))));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "{\"message\":\"invalid filter 'nope'\"}")]
    [InlineData(HttpStatusCode.BadRequest, "{\"message\":\"page not found\"}")]
    [InlineData(HttpStatusCode.BadRequest, "")]
    [InlineData(HttpStatusCode.NotFound, "{\"message\":\"client version 1.41 is too new. Maximum supported API version is 1.40\"}")]
    [InlineData(HttpStatusCode.BadRequest, "{\"message\":\"No such image: client version 1.41 is too new\"}")]
    public void Other_errors_are_not_a_version_refusal(HttpStatusCode status, string body)
    {
        Assert.False(ErrorMapper.IsApiVersionRefused(new DockerApiException(status, body)));
    }

    [Fact]
    public void Exceptions_that_are_not_engine_answers_are_not_a_version_refusal()
    {
        Assert.False(ErrorMapper.IsApiVersionRefused(new OperationCanceledException()));
        Assert.False(ErrorMapper.IsApiVersionRefused(new System.IO.IOException("client version 1.41 is too new")));
    }
}

public class EngineNotRespondingTests
{
    private static readonly DockerEndpoint Tunnel = new DockerEndpoint(new Uri("tcp://127.0.0.1:23750"), "HostAddress", null, null);

    [Fact]
    public void The_message_names_the_engine_the_seconds_and_the_settings()
    {
        string message = EngineClientCache.NotRespondingMessage(Tunnel, TimeSpan.FromSeconds(2));

        Assert.StartsWith("The Docker engine at 'tcp://127.0.0.1:23750' did not answer within 2 seconds.", message);
        Assert.Contains("PSDOCKER_REQUEST_TIMEOUT", message);
        Assert.Contains("$PSDockerRequestTimeout", message);
    }

    [Fact]
    public void It_is_an_operation_timeout_with_the_endpoint_as_target()
    {
        var e = new EngineUnreachableException(Tunnel, "EngineNotResponding", "no answer", new OperationCanceledException());

        ErrorRecord record = ErrorMapper.ToErrorRecord(e, "Container", "web");

        Assert.Equal("EngineNotResponding", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, record.CategoryInfo.Category);
        Assert.Same(Tunnel, record.TargetObject);
        Assert.Equal("EngineNotResponding", Assert.IsType<PSDockerException>(record.Exception).ErrorId);
        Assert.IsType<OperationCanceledException>(record.Exception.InnerException);
    }

    [Fact]
    public void It_is_not_mistaken_for_a_lost_connection()
    {
        // Run() reports connection failures as EngineUnreachable; a timeout must keep its own id.
        Assert.False(ErrorMapper.IsConnectionFailure(new OperationCanceledException("timed out", new System.IO.IOException())));
    }
}
