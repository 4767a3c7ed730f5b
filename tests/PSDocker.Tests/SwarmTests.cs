using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using System.Text;
using Docker.DotNet.Models;
using PSDocker.Specs;
using Xunit;

namespace PSDocker.Tests;

public class SwarmTests
{
    private static readonly DockerEndpoint LocalEngine =
        new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

    // ---- The engine's swarm refusals (moby daemon/cluster errors) ------------------------------

    [Theory]
    [InlineData("This node is not part of a swarm", "SwarmNotInitialized", ErrorCategory.InvalidOperation)]
    [InlineData("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.", "SwarmNotInitialized", ErrorCategory.InvalidOperation)]
    [InlineData("This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.", "SwarmNotManager", ErrorCategory.InvalidOperation)]
    [InlineData("This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.", "SwarmAlreadyInitialized", ErrorCategory.ResourceExists)]
    [InlineData("Swarm is encrypted and needs to be unlocked before it can be used. Please use \"docker swarm unlock\" to unlock it.", "SwarmLocked", ErrorCategory.InvalidOperation)]
    [InlineData("swarm could not be unlocked: invalid key", "SwarmUnlockKeyInvalid", ErrorCategory.InvalidArgument)]
    [InlineData("swarm is not locked", "SwarmNotLocked", ErrorCategory.InvalidOperation)]
    [InlineData("invalid join token", "SwarmJoinTokenInvalid", ErrorCategory.InvalidArgument)]
    public void Classify_names_the_swarm_refusals_whatever_the_noun(string message, string id, ErrorCategory category)
    {
        var (gotId, gotCategory, gotMessage) = ErrorMapper.Classify(HttpStatusCode.ServiceUnavailable, "{\"message\":" + System.Text.Json.JsonSerializer.Serialize(message) + "}", "SwarmService");
        Assert.Equal(id, gotId);
        Assert.Equal(category, gotCategory);
        Assert.Equal(message, gotMessage);
    }

    [Fact]
    public void Classify_leaves_other_messages_to_the_status()
    {
        Assert.Null(ErrorMapper.SwarmRefusal("No such container: web"));
        Assert.Equal("SwarmNodeNotFound", ErrorMapper.Classify(HttpStatusCode.NotFound, "{\"message\":\"node x not found\"}", "SwarmNode").ErrorId);
    }

    // ---- Input checks --------------------------------------------------------------------------

    [Theory]
    [InlineData("db-password")]
    [InlineData("a")]
    [InlineData("app.conf")]
    [InlineData("x_1")]
    public void CheckName_takes_what_the_engine_takes(string name) => SwarmObjects.CheckName(name, "Name", "InvalidSwarmSecretName");

    [Theory]
    [InlineData("-db")]
    [InlineData("db-")]
    [InlineData("bad name")]
    [InlineData("ünï")]
    [InlineData("a/b")]
    public void CheckName_refuses_names_the_engine_refuses_naming_the_parameter(string name)
    {
        var e = Assert.Throws<PSDockerException>(() => SwarmObjects.CheckName(name, "Name", "InvalidSwarmSecretName"));
        Assert.Equal("InvalidSwarmSecretName", e.ErrorId);
        Assert.Contains($"-Name '{name}'", e.Message);
    }

    [Fact]
    public void CheckName_refuses_more_than_64_characters() =>
        Assert.Throws<PSDockerException>(() => SwarmObjects.CheckName(new string('a', 65), "Name", "InvalidSwarmConfigName"));

    [Theory]
    [InlineData("10.20.0.0/16", true)]
    [InlineData("fd00::/8", true)]
    [InlineData("10.20.0.0", false)]
    [InlineData("10.20.0.0/33", false)]
    [InlineData("nope/8", false)]
    public void CheckPools_takes_networks_in_CIDR_form(string pool, bool valid)
    {
        if (valid)
        {
            SwarmState.CheckPools(new[] { pool }, "DefaultAddressPool");
        }
        else
        {
            var e = Assert.Throws<PSDockerException>(() => SwarmState.CheckPools(new[] { pool }, "DefaultAddressPool"));
            Assert.Equal("InvalidAddressPool", e.ErrorId);
            Assert.Contains("-DefaultAddressPool", e.Message);
        }
    }

    // ---- Values: never shown -------------------------------------------------------------------

    [Fact]
    public void PipedValue_joins_lines_or_bytes_and_refuses_a_mix_without_naming_the_value()
    {
        var lines = new SwarmObjects.PipedValue();
        lines.Add("one", "X");
        lines.Add(new PSObject("two"), "X");
        Assert.Equal("one\ntwo", Encoding.UTF8.GetString(lines.ToBytes()));

        var bytes = new SwarmObjects.PipedValue();
        bytes.Add((byte)1, "X");
        bytes.Add(new byte[] { 2, 3 }, "X");
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.ToBytes());

        var e = Assert.Throws<PSDockerException>(() => bytes.Add("secret-text", "InvalidSwarmSecretValue"));
        Assert.Equal("InvalidSwarmSecretValue", e.ErrorId);
        Assert.DoesNotContain("secret-text", e.Message);
    }

    [Fact]
    public void SecureString_round_trips_as_UTF8_bytes()
    {
        using var s = SwarmObjects.Secure("pässword");
        Assert.True(s.IsReadOnly());
        Assert.Equal(Encoding.UTF8.GetBytes("pässword"), SwarmObjects.Bytes(s));
        Assert.Equal("pässword", SwarmObjects.Text(s));
    }

    [Fact]
    public void Join_tokens_are_not_in_ToString()
    {
        var tokens = new SwarmJoinTokens(SwarmObjects.Secure("SWMTKN-1-worker"), SwarmObjects.Secure("SWMTKN-1-manager"));
        Assert.DoesNotContain("SWMTKN", tokens.ToString());
        Assert.Equal("SWMTKN-1-worker", SwarmObjects.Text(tokens.Worker));
        Assert.Equal("SWMTKN-1-manager", SwarmObjects.Text(tokens.Manager));
    }

    // ---- Mapping -------------------------------------------------------------------------------

    [Fact]
    public void ToSwarm_maps_info_and_inspect_in_UTC()
    {
        var info = new Info { LocalNodeState = "active", NodeID = "n1", NodeAddr = "10.0.0.1", ControlAvailable = true, Nodes = 2, Managers = 1,
            RemoteManagers = new List<Peer> { new Peer { NodeID = "n1", Addr = "10.0.0.1:2377" } } };
        var inspect = new SwarmInspectResponse
        {
            ID = "s1",
            CreatedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            Version = new Docker.DotNet.Models.Version { Index = 42 },
            Spec = new Spec { Orchestration = new OrchestrationConfig { TaskHistoryRetentionLimit = 3 }, Dispatcher = new DispatcherConfig { HeartbeatPeriod = TimeSpan.FromSeconds(7) },
                EncryptionConfig = new EncryptionConfig { AutoLockManagers = true } },
            JoinTokens = new JoinTokens { Worker = "W", Manager = "M" },
        };
        DockerSwarm s = ModelMapper.ToSwarm(info, inspect, LocalEngine);
        Assert.Equal("s1", s.Id);
        Assert.Equal("manager", s.Role);
        Assert.True(s.IsActive);
        Assert.Equal(2, s.Nodes);
        Assert.Equal(new[] { "10.0.0.1:2377" }, s.RemoteManagers);
        Assert.Equal(DateTimeKind.Utc, s.CreatedAt!.Value.Kind);
        Assert.Equal(42UL, s.Version);
        Assert.Equal(3, s.TaskHistoryLimit);
        Assert.Equal(TimeSpan.FromSeconds(7), s.DispatcherHeartbeat);
        Assert.True(s.Autolock);
        Assert.Equal("W", SwarmObjects.Text(s.JoinTokens!.Worker));
        Assert.Equal("M", SwarmObjects.Text(s.JoinTokens!.Manager));
        Assert.Equal("s1", s.ToString());

        DockerSwarm inactive = ModelMapper.ToSwarm(new Info { LocalNodeState = "inactive" }, null, LocalEngine);
        Assert.Equal("", inactive.Role);
        Assert.Null(inactive.JoinTokens);
        Assert.Equal("inactive", inactive.ToString());
    }

    [Fact]
    public void ToSwarmNode_marks_self_and_the_manager_status_as_docker_node_ls()
    {
        var leader = new NodeListResponse
        {
            ID = "abc", Spec = new NodeUpdateParameters { Role = "manager", Availability = "active", Labels = new Dictionary<string, string> { ["zone"] = "a" } },
            Description = new NodeDescription { Hostname = "sw1", Engine = new EngineDescription { EngineVersion = "20.10.24" }, Resources = new SwarmResources { NanoCPUs = 2_000_000_000 } },
            Status = new NodeStatus { State = "ready", Addr = "10.0.0.1" },
            ManagerStatus = new ManagerStatus { Leader = true, Reachability = "reachable", Addr = "10.0.0.1:2377" },
        };
        SwarmNode n = ModelMapper.ToSwarmNode(leader, "abc", LocalEngine);
        Assert.True(n.IsSelf);
        Assert.Equal("abc *", n.DisplayId);
        Assert.Equal("Leader", n.ManagerStatus);
        Assert.Equal(2.0, n.Cpus);
        Assert.Equal("a", n.Labels["zone"]);

        var worker = new NodeListResponse { ID = "def", Spec = new NodeUpdateParameters { Role = "worker" }, Status = new NodeStatus { State = "down" } };
        SwarmNode w = ModelMapper.ToSwarmNode(worker, "abc", LocalEngine);
        Assert.False(w.IsSelf);
        Assert.Equal("def", w.DisplayId);
        Assert.Equal("", w.ManagerStatus);
    }

    [Fact]
    public void ToSwarmConfig_reads_the_data_as_text()
    {
        var c = new Docker.DotNet.Models.SwarmConfig { ID = "c1", Spec = new SwarmConfigSpec { Name = "app.conf", Data = Encoding.UTF8.GetBytes("a=1\nb=2") } };
        PSDocker.SwarmConfig mapped = ModelMapper.ToSwarmConfig(c, LocalEngine);
        Assert.Equal("a=1\nb=2", mapped.Text);
        Assert.Equal(7, mapped.Size);
        Assert.Equal("app.conf", mapped.ToString());
    }
}
