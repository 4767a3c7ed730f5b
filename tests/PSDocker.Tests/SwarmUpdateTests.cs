using System;
using System.Net;
using System.Threading.Tasks;
using Docker.DotNet;
using PSDocker.Commands;
using Xunit;

namespace PSDocker.Tests;

public class SwarmUpdateTests
{
    private const string OutOfSequence = "{\"message\":\"rpc error: code = Unknown desc = update out of sequence\"}";

    [Fact]
    public async Task SendAsync_reads_and_sends_again_after_an_out_of_sequence_refusal()
    {
        int calls = 0;
        int result = await SwarmUpdates.SendAsync("The swarm", () =>
        {
            calls++;
            if (calls < 3)
            {
                throw new DockerApiException(HttpStatusCode.InternalServerError, OutOfSequence);
            }

            return Task.FromResult(calls);
        });
        Assert.Equal(3, result);
    }

    [Fact]
    public async Task SendAsync_gives_SwarmUpdateConflict_after_three_refusals()
    {
        int calls = 0;
        PSDockerException e = await Assert.ThrowsAsync<PSDockerException>(() => SwarmUpdates.SendAsync<bool>("Swarm node 'sw2'", () =>
        {
            calls++;
            throw new DockerApiException(HttpStatusCode.InternalServerError, OutOfSequence);
        }));
        Assert.Equal(SwarmUpdates.Attempts, calls);
        Assert.Equal("SwarmUpdateConflict", e.ErrorId);
        Assert.Contains("sw2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_passes_other_errors_through_at_once()
    {
        int calls = 0;
        await Assert.ThrowsAsync<DockerApiException>(() => SwarmUpdates.SendAsync<bool>("The swarm", () =>
        {
            calls++;
            throw new DockerApiException(HttpStatusCode.NotFound, "{\"message\":\"node x not found\"}");
        }));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void JoinError_says_where_a_good_token_comes_from_without_the_token()
    {
        var api = new DockerApiException(HttpStatusCode.BadRequest, "{\"message\":\"rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster\"}");
        PSDockerException e = JoinDockerSwarmCommand.JoinError(api, new[] { "10.250.0.1:2377" })!;
        Assert.Equal("SwarmJoinTokenInvalid", e.ErrorId);
        Assert.Contains("JoinTokens.Worker", e.Message, StringComparison.Ordinal);
        Assert.Contains("10.250.0.1:2377", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JoinError_says_plainly_when_no_manager_answered()
    {
        var api = new DockerApiException(HttpStatusCode.ServiceUnavailable, "{\"message\":\"Timeout was reached before node joined. The attempt to join the swarm will continue in the background.\"}");
        PSDockerException e = JoinDockerSwarmCommand.JoinError(api, new[] { "10.250.0.1:2399" })!;
        Assert.Contains("No swarm manager answered at 10.250.0.1:2399", e.Message, StringComparison.Ordinal);
        Assert.Null(JoinDockerSwarmCommand.JoinError(new DockerApiException(HttpStatusCode.Conflict, "{\"message\":\"This node is already part of a swarm.\"}"), new[] { "x" }));
    }
}

public class SwarmStoredItemTests
{
    [Theory]
    [InlineData(0.5, "now")]
    [InlineData(45, "45s ago")]
    [InlineData(61, "1m ago")]
    [InlineData(3 * 3600 + 59, "3h ago")]
    [InlineData(2 * 86400, "2d ago")]
    [InlineData(20 * 86400, "2w ago")]
    [InlineData(200 * 86400, "6mo ago")]
    [InlineData(800 * 86400, "2y ago")]
    public void Ago_is_short_enough_for_the_tables(double seconds, string expected)
    {
        DateTime now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string got = SwarmStoredItem.Ago(now.AddSeconds(-seconds), now);
        Assert.Equal(expected, got);
        Assert.True(got.Length <= 8);
    }

    [Fact]
    public void Ago_is_empty_without_a_time() => Assert.Equal("", SwarmStoredItem.Ago(null, DateTime.UtcNow));
}
