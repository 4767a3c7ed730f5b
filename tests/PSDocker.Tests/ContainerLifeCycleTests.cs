using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using Docker.DotNet.Models;
using PSDocker.Commands;
using Xunit;

namespace PSDocker.Tests;

/// <summary>docker port's port argument and bindings, and the error ids of the life-cycle cmdlets.</summary>
public class ContainerLifeCycleTests
{
    [Theory]
    [InlineData("8080", 8080, "tcp")]
    [InlineData("8080/udp", 8080, "udp")]
    [InlineData("53/UDP", 53, "udp")]
    [InlineData(" 1/sctp ", 1, "sctp")]
    [InlineData("65535/tcp", 65535, "tcp")]
    public void ParsesPortAndProtocol(string text, int port, string protocol)
    {
        ContainerPortQuery? q = ContainerPortQuery.Parse(text, out string? error);
        Assert.NotNull(q);
        Assert.Null(error);
        Assert.Equal(port, q!.Port);
        Assert.Equal(protocol, q.Protocol);
        Assert.Equal($"{port}/{protocol}", q.ToString());
    }

    [Theory]
    [InlineData("", "a port is a number")]
    [InlineData("abc", "a port is a number")]
    [InlineData("-1", "a port is a number")]
    [InlineData("8080-8081", "a port is a number")]
    [InlineData("0", "from 1 to 65535")]
    [InlineData("70000", "from 1 to 65535")]
    [InlineData("8080/icmp", "tcp, udp or sctp")]
    [InlineData("8080/", "tcp, udp or sctp")]
    public void RefusesOtherPortForms(string text, string reason)
    {
        Assert.Null(ContainerPortQuery.Parse(text, out string? error));
        Assert.Contains(reason, error);
    }

    private static IDictionary<string, IList<PortBinding>> Ports() => new Dictionary<string, IList<PortBinding>>
    {
        ["9000/udp"] = new List<PortBinding> { new PortBinding { HostIP = "0.0.0.0", HostPort = "32768" }, new PortBinding { HostIP = "::", HostPort = "32768" } },
        ["80/tcp"] = null!,   // exposed, not published
        ["8080/tcp"] = new List<PortBinding> { new PortBinding { HostIP = "127.0.0.1", HostPort = "3000" } },
        ["8080/udp"] = new List<PortBinding>(),
        ["53/tcp"] = new List<PortBinding> { new PortBinding { HostIP = "", HostPort = "5353" } },
    };

    [Fact]
    public void ListsEveryPublishedBindingInPortOrder()
    {
        var all = ContainerPortQuery.Bindings(Ports(), null);
        Assert.Equal(new[] { "0.0.0.0:5353", "127.0.0.1:3000", "0.0.0.0:32768", "[::]:32768" }, all.Select(p => p.HostEndpoint));
        Assert.Equal(new[] { 53, 8080, 9000, 9000 }, all.Select(p => p.ContainerPort));
        Assert.Equal(new[] { "tcp", "tcp", "udp", "udp" }, all.Select(p => p.Protocol));
        Assert.Equal(new int?[] { 5353, 3000, 32768, 32768 }, all.Select(p => p.HostPort));
    }

    [Fact]
    public void ListsOnlyTheBindingsOfTheAskedPort()
    {
        var udp = ContainerPortQuery.Bindings(Ports(), ContainerPortQuery.Parse("9000/udp", out _));
        Assert.Equal(new[] { "0.0.0.0", "::" }, udp.Select(p => p.HostIP));
        Assert.Empty(ContainerPortQuery.Bindings(Ports(), ContainerPortQuery.Parse("9000", out _)));
        Assert.Empty(ContainerPortQuery.Bindings(Ports(), ContainerPortQuery.Parse("80", out _)));
        Assert.Empty(ContainerPortQuery.Bindings(null, null));
    }

    [Theory]
    [InlineData(409, "Cannot kill container: web: Container 0484b4 is not running", "ContainerNotRunning", ErrorCategory.InvalidOperation)]
    [InlineData(409, "Container 0484b4 is not running", "ContainerNotRunning", ErrorCategory.InvalidOperation)]
    [InlineData(409, "Container 5fd04a is not paused", "ContainerNotPaused", ErrorCategory.InvalidOperation)]
    [InlineData(500, "Container 5fd04a is not paused", "ContainerNotPaused", ErrorCategory.InvalidOperation)]
    [InlineData(400, "multiple IDs found with provided prefix: ab", "ContainerIdAmbiguous", ErrorCategory.InvalidArgument)]
    public void RefinesEngineMessages(int status, string message, string id, ErrorCategory category)
    {
        var refined = ContainerTargets.Classify((HttpStatusCode)status, message);
        Assert.Equal((id, category), refined);
    }

    [Theory]
    [InlineData(409, "Container 5fd04a is already paused")]
    [InlineData(409, "You cannot remove a running container 5fd04a. Stop the container before attempting removal or force remove")]
    [InlineData(404, "No such container: web")]
    [InlineData(400, "Invalid signal: FOO")]
    public void LeavesOtherErrorsToTheMapper(int status, string message)
    {
        Assert.Null(ContainerTargets.Classify((HttpStatusCode)status, message));
    }
}
