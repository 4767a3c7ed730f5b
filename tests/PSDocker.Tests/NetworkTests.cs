using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using Docker.DotNet.Models;
using PSDocker.Commands;
using PSDocker.Specs;
using Xunit;

namespace PSDocker.Tests;

/// <summary>docker network create's --subnet/--gateway/--ip-range rules, the network mapping, and the network error ids.</summary>
public class NetworkTests
{
    private static readonly DockerEndpoint Engine =
        new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

    [Fact]
    public void PairsGatewaysAndRangesWithTheSubnetThatHoldsThem()
    {
        // As the docker CLI: by containment, not by position.
        var pools = NetworkIpamSpec.Consolidate(new[] { "10.92.0.0/24", "10.93.0.0/24" }, new[] { "10.93.0.1" }, new[] { "10.92.0.128/25" });
        Assert.Equal(2, pools.Count);
        Assert.Equal("10.92.0.0/24", pools[0].Subnet);
        Assert.Null(pools[0].Gateway);
        Assert.Equal("10.92.0.128/25", pools[0].IPRange);
        Assert.Equal("10.93.0.0/24", pools[1].Subnet);
        Assert.Equal("10.93.0.1", pools[1].Gateway);
        Assert.Null(pools[1].IPRange);
    }

    [Fact]
    public void TakesAnIPv4AndAnIPv6Subnet()
    {
        var pools = NetworkIpamSpec.Consolidate(new[] { "10.89.0.0/24", "fd00:89::/64" }, new[] { "fd00:89::1", "10.89.0.1" }, null);
        Assert.Equal("10.89.0.1", pools[0].Gateway);
        Assert.Equal("fd00:89::1", pools[1].Gateway);
    }

    [Fact]
    public void NoValuesGiveNoPools() => Assert.Empty(NetworkIpamSpec.Consolidate(null, null, null));

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0/24")]
    [InlineData("10.0.0.256/24")]
    [InlineData("010.0.0.0/24")]
    [InlineData("10.0.0.0/024")]
    [InlineData("10.0.0.0/")]
    [InlineData("/24")]
    [InlineData("fd00::/129")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("shop")]
    public void RefusesASubnetThatIsNotCidr(string subnet)
    {
        PSDockerException e = Assert.Throws<PSDockerException>(() => NetworkIpamSpec.Consolidate(new[] { subnet }, null, null));
        Assert.Equal("InvalidArgument", e.ErrorId);
        Assert.Contains($"-Subnet '{subnet}'", e.Message);
    }

    [Theory]
    [InlineData("10.89.0")]
    [InlineData("10.89.0.1/24")]
    [InlineData("gateway")]
    [InlineData("10.89.0.01")]
    public void RefusesAGatewayThatIsNotAnAddress(string gateway)
    {
        PSDockerException e = Assert.Throws<PSDockerException>(() => NetworkIpamSpec.Consolidate(new[] { "10.89.0.0/24" }, new[] { gateway }, null));
        Assert.Contains($"-Gateway '{gateway}'", e.Message);
    }

    [Fact]
    public void RefusesAGatewayOutsideEverySubnet()
    {
        PSDockerException e = Assert.Throws<PSDockerException>(() => NetworkIpamSpec.Consolidate(new[] { "10.92.0.0/24" }, new[] { "10.94.0.1" }, null));
        Assert.Contains("-Gateway '10.94.0.1' is in none of the subnets", e.Message);
        Assert.Equal("10.94.0.1", e.Target);
    }

    [Fact]
    public void RefusesAGatewayOrRangeWithoutSubnet()
    {
        Assert.Throws<PSDockerException>(() => NetworkIpamSpec.Consolidate(null, new[] { "10.94.0.1" }, null));
        Assert.Throws<PSDockerException>(() => NetworkIpamSpec.Consolidate(null, null, new[] { "10.94.0.0/25" }));
    }

    [Fact]
    public void RefusesTwoGatewaysOrRangesForOneSubnet()
    {
        Assert.Contains("already has the gateway 10.92.0.1",
            Assert.Throws<PSDockerException>(() => NetworkIpamSpec.Consolidate(new[] { "10.92.0.0/24", "10.93.0.0/24" }, new[] { "10.92.0.1", "10.92.0.2" }, null)).Message);
        Assert.Contains("already has the IP range 10.92.0.0/25",
            Assert.Throws<PSDockerException>(() => NetworkIpamSpec.Consolidate(new[] { "10.92.0.0/24", "10.93.0.0/24" }, null, new[] { "10.92.0.0/25", "10.92.0.128/25" })).Message);
    }

    [Fact]
    public void RefusesOverlappingSubnets()
    {
        Assert.Contains("overlaps",
            Assert.Throws<PSDockerException>(() => NetworkIpamSpec.Consolidate(new[] { "10.92.0.0/24", "10.92.0.0/25" }, null, null)).Message);
    }

    [Fact]
    public void ContainsComparesThePrefixBitsOnly()
    {
        var subnet = NetworkIpamSpec.ParseCidr("10.92.0.5/23", "Subnet");
        Assert.True(NetworkIpamSpec.Contains(subnet, IPAddress.Parse("10.92.1.200")));
        Assert.False(NetworkIpamSpec.Contains(subnet, IPAddress.Parse("10.92.2.1")));
        Assert.False(NetworkIpamSpec.Contains(subnet, IPAddress.Parse("fd00::1")));
        Assert.True(NetworkIpamSpec.Contains(NetworkIpamSpec.ParseCidr("0.0.0.0/0", "Subnet"), IPAddress.Parse("192.0.2.1")));
    }

    [Fact]
    public void MapsAnInspectedNetwork()
    {
        var response = new NetworkResponse
        {
            Name = "backend",
            ID = new string('a', 64),
            Created = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            Scope = "local",
            Driver = "bridge",
            Internal = true,
            Attachable = true,
            IPAM = new IPAM
            {
                Driver = "default",
                Config = new List<IPAMConfig> { new IPAMConfig { Subnet = "10.89.0.0/24", Gateway = "10.89.0.1", IPRange = "10.89.0.128/25" } },
            },
            Options = new Dictionary<string, string> { ["com.docker.network.bridge.enable_icc"] = "true" },
            Labels = new Dictionary<string, string> { ["app"] = "shop" },
            Containers = new Dictionary<string, EndpointResource>
            {
                ["c2"] = new EndpointResource { Name = "web", EndpointID = "e2", MacAddress = "02:42:0a:59:00:81", IPv4Address = "10.89.0.129/24", IPv6Address = "" },
                ["c1"] = new EndpointResource { Name = "db", EndpointID = "e1", MacAddress = "02:42:0a:59:00:80", IPv4Address = "10.89.0.128/24", IPv6Address = "fd00::2/64" },
            },
        };
        ContainerNetwork n = ModelMapper.ToContainerNetwork(response, Engine);
        Assert.Equal("backend", n.Name);
        Assert.Equal(new string('a', 12), n.ShortId);
        Assert.True(n.Internal);
        Assert.True(n.Attachable);
        Assert.False(n.IPv6);
        Assert.Equal(new[] { "10.89.0.0/24" }, n.Subnet);
        Assert.Equal(new[] { "10.89.0.1" }, n.Gateway);
        Assert.Equal("10.89.0.128/25", n.Subnets[0].IPRange);
        Assert.Equal("shop", n.Labels["app"]);
        Assert.Equal("true", n.Options["com.docker.network.bridge.enable_icc"]);
        Assert.Equal(new[] { "db", "web" }, n.Containers.Select(c => c.Name));
        NetworkContainer db = n.Containers[0];
        Assert.Equal("c1", db.Id);
        Assert.Equal("10.89.0.128", db.IPv4Address);
        Assert.Equal(24, db.IPv4PrefixLength);
        Assert.Equal("fd00::2", db.IPv6Address);
        Assert.Equal(64, db.IPv6PrefixLength);
        Assert.Equal("backend", db.Network);
        Assert.Null(n.Containers[1].IPv6Address);
        Assert.Same(Engine, db.Endpoint);
    }

    [Theory]
    [InlineData(404, "network x not found", "NetworkNotFound")]
    [InlineData(404, "No such container: db", "ContainerNotFound")]
    [InlineData(403, "error while removing network: network x id 5a81 has active endpoints", "NetworkInUse")]
    [InlineData(403, "bridge is a pre-defined network and cannot be removed", "NetworkPredefined")]
    [InlineData(403, "endpoint with name db already exists in network x", "NetworkAlreadyConnected")]
    [InlineData(500, "container 1327 is not connected to network bridge", "NetworkNotConnected")]
    [InlineData(409, "network with name x already exists", "NetworkExists")]
    [InlineData(400, "2 matches found based on ID prefix: network 1 is ambiguous", "NetworkAmbiguous")]
    public void ClassifiesTheEnginesRefusals(int status, string message, string errorId) =>
        Assert.Equal(errorId, NetworkTargets.Classify((HttpStatusCode)status, message)?.Id);

    [Fact]
    public void LeavesOtherRefusalsToTheMapper() =>
        Assert.Null(NetworkTargets.Classify(HttpStatusCode.BadRequest, "container cannot be disconnected from host network or connected to host network"));

    [Fact]
    public void GroupsTheEndpointsOfAContainerListByNetworkAsNetworkInspectDoes()
    {
        static ContainerListResponse Box(string id, string name, params (string Network, string NetworkId, string EndpointId, string Ip, string Ip6)[] nets) =>
            new ContainerListResponse
            {
                ID = id,
                Names = new List<string> { "/" + name },
                NetworkSettings = new NetworkSettingsSummary
                {
                    Networks = nets.ToDictionary(n => n.Network, n => new EndpointSettings
                    {
                        NetworkID = n.NetworkId, EndpointID = n.EndpointId, IPAddress = n.Ip, IPPrefixLen = n.Ip.Length == 0 ? 0 : 24,
                        GlobalIPv6Address = n.Ip6, GlobalIPv6PrefixLen = n.Ip6.Length == 0 ? 0 : 64, MacAddress = "02:42:0a:59:00:02",
                    }),
                },
            };

        var lookup = ModelMapper.ToNetworkContainers(new[]
        {
            Box("c2", "web", ("backend", "n1", "e2", "10.89.0.3", "fd00::3"), ("bridge", "n0", "e3", "172.17.0.2", "")),
            Box("c1", "db", ("backend", "n1", "e1", "10.89.0.2", "")),
            Box("c3", "stopped", ("backend", "n1", "", "", "")),
        }, Engine);

        NetworkContainer[] backend = lookup["n1"].ToArray();
        Assert.Equal(new[] { "db", "web" }, backend.Select(c => c.Name));
        Assert.Equal("10.89.0.2", backend[0].IPv4Address);
        Assert.Equal(24, backend[0].IPv4PrefixLength);
        Assert.Null(backend[0].IPv6Address);
        Assert.Null(backend[0].IPv6PrefixLength);
        Assert.Equal("fd00::3", backend[1].IPv6Address);
        Assert.Equal(64, backend[1].IPv6PrefixLength);
        Assert.Equal("backend", backend[1].Network);
        Assert.Equal("e2", backend[1].EndpointId);
        Assert.Equal("web", Assert.Single(lookup["n0"]).Name);
        Assert.Empty(lookup["n9"]);
    }
}
