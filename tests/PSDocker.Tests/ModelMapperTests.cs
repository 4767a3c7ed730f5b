using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using Xunit;

namespace PSDocker.Tests;

public class ModelMapperTests
{
    private const string Id = "3f4e8a1b2c9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

    private static readonly DockerEndpoint Engine =
        new DockerEndpoint(new Uri("tcp://10.0.0.5:2375"), "HostAddress", null, null);

    private static ContainerListResponse SampleContainer() => new ContainerListResponse
    {
        ID = Id,
        // the linked name comes first, as the engine may send it
        Names = new List<string> { "/app/db", "/db" },
        Image = "postgres:16",
        ImageID = "sha256:abc123",
        Command = "docker-entrypoint.sh postgres",
        Created = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc),
        State = "running",
        Status = "Up 5 minutes (healthy)",
        Ports = new List<PortSummary>
        {
            new PortSummary { PrivatePort = 8080, PublicPort = 18080, IP = "::", Type = "tcp" },
            new PortSummary { PrivatePort = 8080, PublicPort = 18080, IP = "127.0.0.1", Type = "tcp" },
            new PortSummary { PrivatePort = 80, Type = "tcp" },
            new PortSummary { PrivatePort = 53, PublicPort = 0, IP = "0.0.0.0", Type = "udp" },
            new PortSummary { PrivatePort = 9000, Type = "" },
        },
        Labels = new Dictionary<string, string> { ["com.example.role"] = "db", ["tier"] = "backend" },
        HostConfig = new SummaryHostConfig { NetworkMode = "bridge" },
        NetworkSettings = new NetworkSettingsSummary
        {
            Networks = new Dictionary<string, EndpointSettings>
            {
                ["zeta"] = new EndpointSettings { NetworkID = "net2", IPAddress = "" },
                ["bridge"] = new EndpointSettings
                {
                    NetworkID = "net1",
                    IPAddress = "172.17.0.2",
                    IPPrefixLen = 16,
                    Gateway = "172.17.0.1",
                    MacAddress = "02:42:ac:11:00:02",
                    GlobalIPv6Address = "",
                    Aliases = new List<string> { "db", "postgres" },
                },
            },
        },
        Mounts = new List<MountPoint>
        {
            new MountPoint
            {
                Type = "volume", Name = "pgdata", Source = "/var/lib/docker/volumes/pgdata/_data",
                Destination = "/var/lib/postgresql/data", Driver = "local", Mode = "z", RW = true, Propagation = "",
            },
            new MountPoint
            {
                Type = "bind", Source = "/etc/app", Destination = "/config", Mode = "", RW = false, Propagation = "rprivate",
            },
        },
    };

    [Fact]
    public void Names_lose_the_leading_slash_and_link_aliases_are_kept_apart()
    {
        Container c = ModelMapper.ToContainer(SampleContainer(), Engine);

        Assert.Equal(new[] { "db" }, c.Names);
        Assert.Equal(new[] { "app/db" }, c.LinkAliases);
        Assert.Equal("db", c.Name);
        Assert.Equal("db", c.ToString());
    }

    [Fact]
    public void PortsText_is_the_PORTS_column_of_docker_ps()
    {
        Container c = ModelMapper.ToContainer(SampleContainer(), Engine);

        // 53/udp has a zero public port and an address: docker prints it as a mapping to port 0.
        Assert.Equal("80/tcp, 9000/tcp, 0.0.0.0:0->53/udp, 127.0.0.1:18080->8080/tcp, [::]:18080->8080/tcp", c.PortsText);
    }

    [Fact]
    public void Sizes_are_null_unless_asked_for()
    {
        var response = SampleContainer();
        response.SizeRw = 1500;
        response.SizeRootFs = 1_990_000;

        Container plain = ModelMapper.ToContainer(response, Engine);
        Assert.Null(plain.SizeRw);
        Assert.Null(plain.SizeRootFs);
        Assert.Null(plain.SizeText);

        Container sized = ModelMapper.ToContainer(response, Engine, withSize: true);
        Assert.Equal(1500, sized.SizeRw);
        Assert.Equal(1_990_000, sized.SizeRootFs);
        Assert.Equal("1.5kB (virtual 1.99MB)", sized.SizeText);

        response.SizeRw = null;
        response.SizeRootFs = null;
        Container none = ModelMapper.ToContainer(response, Engine, withSize: true);
        Assert.Equal(0, none.SizeRw);
        Assert.Equal("0B", none.SizeText);
    }

    [Fact]
    public void Container_without_names_is_named_by_its_short_id()
    {
        var response = SampleContainer();
        response.Names = null!;

        Container c = ModelMapper.ToContainer(response, Engine);

        Assert.Empty(c.Names);
        Assert.Equal("3f4e8a1b2c9d", c.Name);
        Assert.Equal("3f4e8a1b2c9d", c.ShortId);
    }

    [Fact]
    public void Scalar_fields_are_copied()
    {
        Container c = ModelMapper.ToContainer(SampleContainer(), Engine);

        Assert.Equal(Id, c.Id);
        Assert.Equal("postgres:16", c.Image);
        Assert.Equal("sha256:abc123", c.ImageId);
        Assert.Equal("docker-entrypoint.sh postgres", c.Command);
        Assert.Equal(ContainerState.Running, c.State);
        Assert.Equal("Up 5 minutes (healthy)", c.Status);
        Assert.Equal("bridge", c.NetworkMode);
        Assert.Equal(DateTimeKind.Local, c.Created.Kind);
        Assert.Equal(new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc), c.Created.ToUniversalTime());
    }

    [Fact]
    public void Endpoint_is_kept()
    {
        Assert.Same(Engine, ModelMapper.ToContainer(SampleContainer(), Engine).Endpoint);
    }

    [Fact]
    public void Ports_are_sorted_and_split_into_published_and_exposed()
    {
        Container c = ModelMapper.ToContainer(SampleContainer(), Engine);

        Assert.Equal(
            new[] { "53/udp", "80/tcp", "127.0.0.1:18080->8080/tcp", "[::]:18080->8080/tcp", "9000/tcp" },
            c.Ports.Select(p => p.ToDockerPsText()));
        // Formatted as where to connect: a wildcard binding of a tcp:// engine is reached on the engine's host.
        Assert.Equal(
            new[] { "53/udp", "80/tcp", "127.0.0.1:18080", "10.0.0.5:18080", "9000/tcp" },
            c.Ports.Select(p => p.ToString()));
        Assert.All(c.Ports, p => Assert.Same(Engine, p.Endpoint));

        PortMapping exposedWithZeroPort = c.Ports[0];
        Assert.False(exposedWithZeroPort.IsPublished);
        Assert.Null(exposedWithZeroPort.HostPort);
        Assert.Null(exposedWithZeroPort.HostIP);
        Assert.Equal("udp", exposedWithZeroPort.Protocol);

        PortMapping published = c.Ports[2];
        Assert.True(published.IsPublished);
        Assert.Equal("127.0.0.1", published.HostIP);
        Assert.Equal(18080, published.HostPort);
        Assert.Equal(8080, published.ContainerPort);

        Assert.Equal("tcp", c.Ports[4].Protocol); // an empty type means tcp
    }

    [Theory]
    [InlineData("127.0.0.1", 18080, 8080, "tcp", "127.0.0.1:18080->8080/tcp")]
    [InlineData("0.0.0.0", 8080, 80, "tcp", "0.0.0.0:8080->80/tcp")]
    [InlineData("::1", 5353, 53, "udp", "[::1]:5353->53/udp")]
    [InlineData(null, null, 80, "tcp", "80/tcp")]
    [InlineData(null, null, 9999, "sctp", "9999/sctp")]
    public void PortMapping_prints_like_docker_ps(string? hostIp, int? hostPort, int containerPort, string protocol, string expected)
    {
        Assert.Equal(expected, new PortMapping(containerPort, protocol, hostIp, hostPort).ToDockerPsText());
    }

    [Fact]
    public void Labels_are_copied()
    {
        var response = SampleContainer();
        Container c = ModelMapper.ToContainer(response, Engine);
        response.Labels["tier"] = "changed afterwards";

        Assert.Equal(2, c.Labels.Count);
        Assert.Equal("db", c.Labels["com.example.role"]);
        Assert.Equal("backend", c.Labels["tier"]);
    }

    [Fact]
    public void Missing_collections_become_empty()
    {
        var response = new ContainerListResponse { ID = Id, State = "exited", Status = "Exited (0) 2 hours ago" };

        Container c = ModelMapper.ToContainer(response, Engine);

        Assert.Empty(c.Ports);
        Assert.Empty(c.Labels);
        Assert.Empty(c.Networks);
        Assert.Empty(c.Mounts);
        Assert.Null(c.NetworkMode);
        Assert.Null(c.Health);
        Assert.Equal(ContainerState.Exited, c.State);
        Assert.Equal(default, c.Created);
    }

    [Fact]
    public void Networks_are_sorted_by_name_with_addresses()
    {
        Container c = ModelMapper.ToContainer(SampleContainer(), Engine);

        Assert.Equal(new[] { "bridge", "zeta" }, c.Networks.Select(n => n.Name));

        NetworkAttachment bridge = c.Networks[0];
        Assert.Equal("net1", bridge.NetworkId);
        Assert.Equal("172.17.0.2", bridge.IPAddress);
        Assert.Equal(16, bridge.IPPrefixLength);
        Assert.Equal("172.17.0.1", bridge.Gateway);
        Assert.Equal("02:42:ac:11:00:02", bridge.MacAddress);
        Assert.Null(bridge.IPv6Address);
        Assert.Equal(new[] { "db", "postgres" }, bridge.Aliases);
        Assert.Equal("bridge (172.17.0.2)", bridge.ToString());

        NetworkAttachment zeta = c.Networks[1];
        Assert.Null(zeta.IPAddress);
        Assert.Empty(zeta.Aliases);
        Assert.Equal("zeta", zeta.ToString());
    }

    [Fact]
    public void Mounts_are_mapped()
    {
        Container c = ModelMapper.ToContainer(SampleContainer(), Engine);

        Assert.Equal(2, c.Mounts.Count);
        ContainerMount volume = c.Mounts[0];
        Assert.Equal("volume", volume.Type);
        Assert.Equal("pgdata", volume.Name);
        Assert.Equal("/var/lib/docker/volumes/pgdata/_data", volume.Source);
        Assert.Equal("/var/lib/postgresql/data", volume.Destination);
        Assert.Equal("local", volume.Driver);
        Assert.Equal("z", volume.Mode);
        Assert.True(volume.ReadWrite);
        Assert.Null(volume.Propagation);

        ContainerMount bind = c.Mounts[1];
        Assert.Equal("bind", bind.Type);
        Assert.Null(bind.Name);
        Assert.Null(bind.Mode);
        Assert.False(bind.ReadWrite);
        Assert.Equal("rprivate", bind.Propagation);
        Assert.Equal("/etc/app:/config:ro", bind.ToString());
    }

    [Theory]
    [InlineData("Up 5 minutes (healthy)", null, "healthy")]
    [InlineData("Up 5 minutes (unhealthy)", null, "unhealthy")]
    [InlineData("Up 3 seconds (health: starting)", null, "starting")]
    [InlineData("Up 5 minutes", null, null)]
    [InlineData("Up 5 minutes (healthy)", "none", "healthy")]
    [InlineData("Up 5 minutes (healthy)", "", "healthy")]
    [InlineData("Up 5 minutes (healthy)", "unhealthy", "unhealthy")] // the Health field wins when present
    [InlineData("Up 5 minutes", "starting", "starting")]
    public void Health_comes_from_the_Health_field_or_the_Status_suffix(string status, string? healthField, string? expected)
    {
        var response = SampleContainer();
        response.Status = status;
        response.Health = healthField is null ? null : new HealthSummary { Status = healthField };

        Assert.Equal(expected, ModelMapper.ToContainer(response, Engine).Health);
    }

    [Theory]
    [InlineData("created", ContainerState.Created)]
    [InlineData("running", ContainerState.Running)]
    [InlineData("paused", ContainerState.Paused)]
    [InlineData("restarting", ContainerState.Restarting)]
    [InlineData("removing", ContainerState.Removing)]
    [InlineData("exited", ContainerState.Exited)]
    [InlineData("dead", ContainerState.Dead)]
    [InlineData("Running", ContainerState.Running)]
    [InlineData("hibernating", ContainerState.Unknown)]
    [InlineData("", ContainerState.Unknown)]
    [InlineData(null, ContainerState.Unknown)]
    [InlineData("99", ContainerState.Unknown)]
    public void ParseState(string? state, ContainerState expected)
    {
        Assert.Equal(expected, ModelMapper.ParseState(state));
    }

    [Fact]
    public void Unknown_state_string_maps_to_Unknown_in_a_container()
    {
        var response = SampleContainer();
        response.State = "frozen";

        Assert.Equal(ContainerState.Unknown, ModelMapper.ToContainer(response, Engine).State);
    }

    [Theory]
    [InlineData("Up 5 minutes (healthy)", "healthy")]
    [InlineData("Up About an hour (unhealthy)", "unhealthy")]
    [InlineData("Up 2 seconds (health: starting)", "starting")]
    [InlineData("Up 5 minutes", null)]
    [InlineData("Exited (0) 2 hours ago", null)]
    [InlineData("healthy", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void HealthFromStatus(string? status, string? expected)
    {
        Assert.Equal(expected, ModelMapper.HealthFromStatus(status));
    }

    [Fact]
    public void ToLocal_converts_utc_and_unspecified_times_to_local()
    {
        var utc = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        var unspecified = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Unspecified);
        var local = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Local);

        DateTime fromUtc = ModelMapper.ToLocal(utc);
        DateTime fromUnspecified = ModelMapper.ToLocal(unspecified);

        Assert.Equal(DateTimeKind.Local, fromUtc.Kind);
        Assert.Equal(utc.ToLocalTime(), fromUtc);
        // the engine's times are UTC, so an unspecified kind is read as UTC
        Assert.Equal(DateTimeKind.Local, fromUnspecified.Kind);
        Assert.Equal(utc, fromUnspecified.ToUniversalTime());
        Assert.Equal(local, ModelMapper.ToLocal(local));
        Assert.Equal(DateTimeKind.Local, ModelMapper.ToLocal(local).Kind);
    }

    [Fact]
    public void ToLocal_leaves_the_default_value_alone()
    {
        DateTime result = ModelMapper.ToLocal(default);

        Assert.Equal(default, result);
        Assert.Equal(DateTimeKind.Unspecified, result.Kind);
    }
}
