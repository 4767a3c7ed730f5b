using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// <see cref="EngineTransport"/>: which failed requests are sent again, how raw requests are addressed, and, against the
/// lab engine, that clients share one transport per engine, that a dropped client keeps it, and that a disposed transport
/// refuses to send.
/// </summary>
[Collection("Engine")]
public sealed class EngineTransportTests
{
    private static readonly DockerEndpoint Engine = new DockerEndpoint(
        DockerAddress.Parse(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } h ? h : "unix:///var/run/docker.sock"),
        "Default", null, null);

    private static T Sync<T>(Func<Task<T>> work) => Task.Run(work).GetAwaiter().GetResult();

    private static HttpRequestMessage Get() => new HttpRequestMessage(HttpMethod.Get, "http://docker.sock/v1.41/containers/json");

    [Fact]
    public void A_GET_whose_connection_failed_before_an_answer_is_sent_again()
    {
        Assert.True(EngineTransport.MayResend(Get(), new HttpRequestException("closed", new IOException("reset")), CancellationToken.None));
        Assert.True(EngineTransport.MayResend(Get(), new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)), CancellationToken.None));
        Assert.True(EngineTransport.MayResend(new HttpRequestMessage(HttpMethod.Head, "http://docker.sock/_ping"), new IOException("eof"), CancellationToken.None));
    }

    [Fact]
    public void Requests_that_change_state_or_carry_a_body_are_never_sent_again()
    {
        var error = new HttpRequestException("closed", new IOException("reset"));
        Assert.False(EngineTransport.MayResend(new HttpRequestMessage(HttpMethod.Post, "http://docker.sock/v1.41/containers/create"), error, CancellationToken.None));
        Assert.False(EngineTransport.MayResend(new HttpRequestMessage(HttpMethod.Delete, "http://docker.sock/v1.41/containers/x"), error, CancellationToken.None));
        var withBody = Get();
        withBody.Content = new StringContent("{}");
        Assert.False(EngineTransport.MayResend(withBody, error, CancellationToken.None));
    }

    [Fact]
    public void A_cancelled_request_and_an_engine_answer_are_not_sent_again()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.False(EngineTransport.MayResend(Get(), new HttpRequestException("closed", new IOException("reset")), cancelled.Token));
        Assert.False(EngineTransport.MayResend(Get(), new TaskCanceledException("timed out"), CancellationToken.None));
        Assert.False(EngineTransport.MayResend(Get(), new Docker.DotNet.DockerApiException(System.Net.HttpStatusCode.NotFound, "{}"), CancellationToken.None));
        Assert.False(EngineTransport.MayResend(Get(), new HttpRequestException("bad certificate", new System.Security.Authentication.AuthenticationException("no")), CancellationToken.None));
    }

    [Fact]
    public void Clients_of_one_engine_share_its_transport_and_a_dropped_client_keeps_it()
    {
        EngineConnection first = Sync(() => EngineClientCache.GetAsync(Engine, null, CancellationToken.None));
        EngineClientCache.Drop(first);
        EngineConnection second = Sync(() => EngineClientCache.GetAsync(Engine, null, CancellationToken.None));
        Assert.NotSame(first.Client, second.Client);
        Assert.Same(first.Transport, second.Transport);

        // The dropped client still works: its transport was not disposed.
        var version = Sync(() => first.Client.System.GetVersionAsync());
        Assert.False(string.IsNullOrEmpty(version.APIVersion));

        EngineConnection pinned = Sync(() => EngineClientCache.GetAsync(Engine, new Version(1, 40), CancellationToken.None));
        Assert.Same(second.Transport, pinned.Transport);
        Assert.Equal(new Version(1, 40), pinned.ApiVersion);
    }

    [Fact]
    public void Raw_requests_carry_the_API_version_and_the_query_as_the_engine_reads_it()
    {
        EngineConnection engine = Sync(() => EngineClientCache.GetAsync(Engine, null, CancellationToken.None));
        Uri uri = EngineRawRequest.RequestUri(engine, "system/df", new[]
        {
            new KeyValuePair<string, string>("type", "image"),
            new KeyValuePair<string, string>("type", "build-cache"),
            new KeyValuePair<string, string>("filters", "{\"label\":{\"a=b c\":true}}"),
        });
        Assert.Equal(engine.Transport.EffectiveEndpoint.Authority, uri.Authority);
        Assert.Equal($"/v{engine.ApiVersion.ToString(2)}/system/df", uri.AbsolutePath);
        Assert.Equal("?type=image&type=build-cache&filters=%7B%22label%22%3A%7B%22a%3Db%20c%22%3Atrue%7D%7D", uri.Query);

        string json = Sync(() => EngineRawRequest.SendAsync(engine, HttpMethod.Get, "version", null, null, CancellationToken.None));
        Assert.Contains("\"ApiVersion\"", json);
        var refused = Assert.Throws<Docker.DotNet.DockerApiException>(() =>
            Sync(() => EngineRawRequest.SendAsync(engine, HttpMethod.Get, "containers/psdocker-no-such-container-x/json", null, null, CancellationToken.None)));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public void A_disposed_transport_refuses_to_send_and_others_are_unaffected()
    {
        using var transport = EngineTransport.Create(Engine, null);
        Assert.False(transport.PooledIsUpgrade);
        using (var ping = new HttpRequestMessage(HttpMethod.Get, new Uri(transport.EffectiveEndpoint, "_ping")))
        using (HttpResponseMessage ok = Sync(() => transport.SendAsync(ping, CancellationToken.None)))
        {
            Assert.True(ok.IsSuccessStatusCode);
        }

        transport.Dispose();
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(transport.EffectiveEndpoint, "_ping"));
        Assert.Throws<ObjectDisposedException>(() => Sync(() => transport.SendAsync(again, CancellationToken.None)));

        EngineConnection shared = Sync(() => EngineClientCache.GetAsync(Engine, null, CancellationToken.None));
        Assert.NotSame(transport, shared.Transport);
        Assert.False(string.IsNullOrEmpty(Sync(() => shared.Client.System.GetVersionAsync()).APIVersion));
    }
}
