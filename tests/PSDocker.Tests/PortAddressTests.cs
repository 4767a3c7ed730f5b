using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using Xunit;

namespace PSDocker.Tests;

/// <summary>Where a published port is reached from this machine, and the one binding -Single picks.</summary>
public class PortAddressTests
{
    private static readonly DockerEndpoint Local = new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

    private static DockerEndpoint Tcp(string address) => new DockerEndpoint(new Uri(address), "HostAddress", null, null);

    [Theory]
    [InlineData("0.0.0.0", "127.0.0.1:32768")]
    [InlineData("", "127.0.0.1:32768")]
    [InlineData(null, "127.0.0.1:32768")]
    [InlineData("::", "[::1]:32768")]
    [InlineData("0:0:0:0:0:0:0:0", "[::1]:32768")]
    [InlineData("127.0.0.1", "127.0.0.1:32768")]
    [InlineData("192.168.1.20", "192.168.1.20:32768")]
    [InlineData("::1", "[::1]:32768")]
    [InlineData("fd00::5", "[fd00::5]:32768")]
    public void ResolvesWildcardsToLoopbackOnALocalEngine(string? hostIp, string expected)
    {
        var p = new PortMapping(8080, "tcp", hostIp, 32768, Local);
        Assert.Equal(expected, p.ReachableEndpoint);
        Assert.Equal(expected, p.ToString());
        Assert.Equal(expected, PortAddress.Reachable(hostIp, 32768, null));
    }

    [Theory]
    [InlineData("tcp://10.0.0.5:2375", "0.0.0.0", "10.0.0.5:40000")]
    [InlineData("tcp://10.0.0.5:2375", "::", "10.0.0.5:40000")]
    [InlineData("tcp://engine.example:2376", "0.0.0.0", "engine.example:40000")]
    [InlineData("tcp://[fd00::7]:2375", "::", "[fd00::7]:40000")]
    [InlineData("tcp://10.0.0.5:2375", "127.0.0.1", "127.0.0.1:40000")]
    [InlineData("tcp://0.0.0.0:2375", "0.0.0.0", "127.0.0.1:40000")]
    public void ResolvesWildcardsToTheHostOfATcpEngine(string engine, string hostIp, string expected)
    {
        Assert.Equal(expected, new PortMapping(80, "tcp", hostIp, 40000, Tcp(engine)).ReachableEndpoint);
    }

    [Fact]
    public void KeepsTheBoundAddressInHostEndpointAsDockerPortPrintsIt()
    {
        Assert.Equal("0.0.0.0:32768", new PortMapping(8080, "tcp", "0.0.0.0", 32768, Local).HostEndpoint);
        Assert.Equal("[::]:32768", new PortMapping(8080, "tcp", "::", 32768, Local).HostEndpoint);
    }

    [Fact]
    public void AnExposedPortHasNoAddressAndFormatsAsThePort()
    {
        var p = new PortMapping(9000, "udp", null, null, Local);
        Assert.Null(p.ReachableEndpoint);
        Assert.Null(p.HostEndpoint);
        Assert.Equal("9000/udp", p.ToString());
    }

    private static IReadOnlyList<PortMapping> Bindings(params (string Key, string Ip, string Port)[] items)
    {
        var ports = new Dictionary<string, IList<PortBinding>>();
        foreach (var group in items.GroupBy(i => i.Key))
        {
            ports[group.Key] = group.Select(i => new PortBinding { HostIP = i.Ip, HostPort = i.Port }).ToList();
        }

        return ContainerPortQuery.Bindings(ports, null, Local);
    }

    [Fact]
    public void SinglePicksTheIPv4LoopbackOfDockersTwins()
    {
        // The engine may list the IPv6 twin first: -Single still gives the IPv4 loopback.
        PortMapping? one = ContainerPortQuery.Single(Bindings(("8080/tcp", "::", "32768"), ("8080/tcp", "0.0.0.0", "32768")), "web", out string? id, out _);
        Assert.Null(id);
        Assert.Equal("127.0.0.1:32768", one!.ToString());
    }

    [Fact]
    public void SinglePrefersIPv4ThenTheIPv6Loopback()
    {
        Assert.Equal("[::1]:1", ContainerPortQuery.Single(Bindings(("80/tcp", "fd00::5", "2"), ("80/tcp", "::1", "1")), "web", out _, out _)!.ReachableEndpoint);
        Assert.Equal("192.168.1.2:3", ContainerPortQuery.Single(Bindings(("80/tcp", "::1", "1"), ("80/tcp", "192.168.1.2", "3")), "web", out _, out _)!.ReachableEndpoint);
        Assert.Equal("127.0.0.1:4", ContainerPortQuery.Single(Bindings(("80/tcp", "192.168.1.2", "3"), ("80/tcp", "127.0.0.1", "4")), "web", out _, out _)!.ReachableEndpoint);
    }

    [Fact]
    public void SingleTakesTheEnginesOrderAmongEquals()
    {
        Assert.Equal("127.0.0.1:5000", ContainerPortQuery.Single(Bindings(("80/tcp", "127.0.0.1", "5000"), ("80/tcp", "127.0.0.1", "6000")), "web", out _, out _)!.ReachableEndpoint);
    }

    [Fact]
    public void SingleRefusesSeveralContainerPortsNamingThem()
    {
        PortMapping? none = ContainerPortQuery.Single(Bindings(("8080/tcp", "0.0.0.0", "1"), ("9000/udp", "0.0.0.0", "2")), "web", out string? id, out string? error);
        Assert.Null(none);
        Assert.Equal("ContainerPortAmbiguous", id);
        Assert.Contains("'web'", error);
        Assert.Contains("8080/tcp, 9000/udp", error);
        Assert.Contains("-Port", error);
    }

    [Fact]
    public void SingleOfNoBindingIsNotPublished()
    {
        Assert.Null(ContainerPortQuery.Single(Array.Empty<PortMapping>(), "web", out string? id, out string? error));
        Assert.Equal("ContainerPortNotPublished", id);
        Assert.Contains("'web'", error);
    }

    [Fact]
    public void ImageRemovalReportIsTyped()
    {
        var report = new List<IDictionary<string, string>>
        {
            new Dictionary<string, string> { ["Untagged"] = "app:1.0" },
            new Dictionary<string, string> { ["Untagged"] = "app@sha256:" + new string('a', 64) },
            new Dictionary<string, string> { ["Deleted"] = "sha256:" + new string('b', 64) },
            new Dictionary<string, string> { ["Deleted"] = "sha256:" + new string('c', 64) },
            new Dictionary<string, string> { ["Untagged"] = "" },
        };

        ImageRemoveResult r = ModelMapper.ToImageRemoveResult("app:1.0", report, Local);

        Assert.Equal("app:1.0", r.Reference);
        Assert.Equal(new[] { "app:1.0", "app@sha256:" + new string('a', 64) }, r.Untagged);
        Assert.Equal(new[] { "sha256:" + new string('b', 64), "sha256:" + new string('c', 64) }, r.Deleted);
        Assert.Equal(new[] { new string('b', 12), new string('c', 12) }, r.DeletedShortIds);
        Assert.Same(Local, r.Endpoint);
        Assert.Equal("app:1.0: 2 untagged, 2 deleted", r.ToString());
        Assert.Empty(ModelMapper.ToImageRemoveResult("x", null, Local).Deleted);
    }
}
