using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using PSDocker.Specs;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// The parsers of docker service create's options. Vectors are the cases of the docker CLI's own tests
/// (cli/opts/port_test.go, secret_test.go, config_test.go; cli/command/service/opts_test.go).
/// </summary>
public class ServicePortSpecTests
{
    private static string Show(IEnumerable<PortConfig> ps) =>
        string.Join(" ", ps.Select(p => $"{p.PublishedPort}:{p.TargetPort}/{p.Protocol}/{p.PublishMode}"));

    [Theory]
    // Short syntax (TestPortOptValidSimpleSyntax).
    [InlineData("80", "0:80/tcp/ingress")]
    [InlineData("80:8080", "80:8080/tcp/ingress")]
    [InlineData("8080:80/tcp", "8080:80/tcp/ingress")]
    [InlineData("80:8080/udp", "80:8080/udp/ingress")]
    [InlineData("80-81:8080-8081/tcp", "80:8080/tcp/ingress 81:8081/tcp/ingress")]
    [InlineData("80-82:8080-8082/udp", "80:8080/udp/ingress 81:8081/udp/ingress 82:8082/udp/ingress")]
    [InlineData("80-82:8080/udp", "80:8080/udp/ingress 81:8080/udp/ingress 82:8080/udp/ingress")]
    [InlineData("80-80:8080/tcp", "80:8080/tcp/ingress")]
    [InlineData("9000/sctp", "0:9000/sctp/ingress")]
    // Long syntax (TestPortOptValidComplexSyntax).
    [InlineData("target=80", "0:80/tcp/ingress")]
    [InlineData("target=80,protocol=tcp", "0:80/tcp/ingress")]
    [InlineData("target=80,published=8080,protocol=tcp", "8080:80/tcp/ingress")]
    [InlineData("published=80,target=8080,protocol=tcp", "80:8080/tcp/ingress")]
    [InlineData("target=80,published=8080,protocol=tcp,mode=host", "8080:80/tcp/host")]
    [InlineData("target=80,published=8080,mode=host", "8080:80/tcp/host")]
    [InlineData("target=80,published=8080,mode=ingress", "8080:80/tcp/ingress")]
    [InlineData("mode=host,target=8080,published=18080", "18080:8080/tcp/host")]
    [InlineData("Mode=HOST,Target=53,Protocol=UDP", "0:53/udp/host")]
    [InlineData("target=80,published=0", "0:80/tcp/ingress")]
    public void Parses(string spec, string expected) => Assert.Equal(expected, Show(ServicePortSpec.Parse(spec)));

    [Theory]
    // TestPortOptInvalidComplexSyntax, and a host address, which a service cannot take.
    [InlineData("invalid,target=80", "not key=value")]
    [InlineData("invalid=field", "not one of mode")]
    [InlineData("protocol=invalid", "protocol 'invalid'")]
    [InlineData("target=invalid", "not a port number")]
    [InlineData("published=invalid", "not a port number")]
    [InlineData("mode=invalid", "publish mode 'invalid'")]
    [InlineData("published=8080,protocol=tcp,mode=ingress", "target=")]
    [InlineData("target=70000", "not a port number")]
    [InlineData("target=0", "target=")]
    [InlineData("1.1.1.1:80:80", "host address is not supported")]
    [InlineData("127.0.0.1::80", "host address is not supported")]
    [InlineData("", "empty")]
    [InlineData("80:", "no container port")]
    [InlineData("8080:80/ftp", "ftp")]
    public void Refuses(string spec, string reason)
    {
        SpecException e = Assert.Throws<SpecException>(() => ServicePortSpec.Parse(spec));
        Assert.Equal("InvalidPublishSpec", e.ErrorId);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    // Go's \w is ASCII only: "é=x" is no key=value pair to the CLI, so it is read (and refused) as the short form.
    public void TellsTheLongFormByAsciiWordsOnly()
    {
        SpecException e = Assert.Throws<SpecException>(() => ServicePortSpec.Parse("\u00e9=x"));
        Assert.DoesNotContain("not one of mode", e.Reason);
    }

    [Theory]
    [InlineData("80", "80/tcp")]
    [InlineData("80/udp", "80/udp")]
    [InlineData("8080:80", "80/tcp")]
    [InlineData("target=53,protocol=udp", "53/udp")]
    public void NamesPortsToRemoveByTarget(string spec, string key) =>
        Assert.Equal(new[] { key }, ServicePortSpec.ParseRemoval(spec));
}

public class ServiceOptionSpecTests
{
    private static string Show(FileReferenceSpec r) => $"{r.Source}>{r.Target} {r.Uid}:{r.Gid} {System.Convert.ToString(r.Mode, 8)}";

    [Theory]
    // TestSecretOptionsSimple, TestSecretOptionsSourceTarget, TestSecretOptionsShorthand, TestSecretOptionsCustomUidGid, TestSecretOptionsCustomMode.
    [InlineData("app-secret", "app-secret>app-secret 0:0 444")]
    [InlineData("source=foo,target=testing", "foo>testing 0:0 444")]
    [InlineData("src=foo,target=testing", "foo>testing 0:0 444")]
    [InlineData("source=foo,target=testing,uid=1000,gid=1001", "foo>testing 1000:1001 444")]
    [InlineData("source=foo,target=testing,uid=1000,gid=1001,mode=0444", "foo>testing 1000:1001 444")]
    [InlineData("source=foo,mode=0400", "foo>foo 0:0 400")]
    [InlineData("source=foo,mode=0o600", "foo>foo 0:0 600")]
    [InlineData("source=foo,mode=256", "foo>foo 0:0 400")]
    public void ReadsSecrets(string spec, string expected) => Assert.Equal(expected, Show(ServiceOptionSpec.ParseSecret(spec)));

    [Theory]
    [InlineData("target=testing", "source=")]
    [InlineData("source=foo,size=1", "not one of source")]
    [InlineData("source=foo,mode=rw", "mode 'rw'")]
    [InlineData("source=foo,mode=0800", "mode '0800'")]
    [InlineData("foo,target=x", "not key=value")]
    public void RefusesBadSecrets(string spec, string reason)
    {
        SpecException e = Assert.Throws<SpecException>(() => ServiceOptionSpec.ParseSecret(spec));
        Assert.Equal("InvalidSecretSpec", e.ErrorId);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void ReadsConfigsAsSecrets()
    {
        Assert.Equal("app.conf>/etc/app.conf 0:0 444", Show(ServiceOptionSpec.ParseConfig("source=app.conf,target=/etc/app.conf")));
        Assert.Equal("InvalidConfigSpec", Assert.Throws<SpecException>(() => ServiceOptionSpec.ParseConfig("target=/x")).ErrorId);
    }

    [Theory]
    [InlineData("spread=node.labels.zone", "node.labels.zone")]
    [InlineData("SPREAD=node.labels.rack", "node.labels.rack")]
    public void ReadsPlacementPreferences(string spec, string descriptor) =>
        Assert.Equal(descriptor, ServiceOptionSpec.ParsePlacementPreference(spec));

    [Theory]
    [InlineData("node.labels.zone", "STRATEGY=ARG")]
    [InlineData("=node.labels.zone", "STRATEGY=ARG")]
    [InlineData("pack=node.labels.zone", "only spread")]
    [InlineData("spread=", "needs what to spread over")]
    public void RefusesBadPlacementPreferences(string spec, string reason)
    {
        SpecException e = Assert.Throws<SpecException>(() => ServiceOptionSpec.ParsePlacementPreference(spec));
        Assert.Equal("InvalidPlacementPreferenceSpec", e.ErrorId);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void ReadsTheHealthOptionsAsContainersDo()
    {
        HealthcheckConfig? h = HealthcheckSpec.Apply(null, "wget -q -O- localhost:8080", "5s", null, "1m", 3, false);
        Assert.Equal(new[] { "CMD-SHELL", "wget -q -O- localhost:8080" }, h!.Test);
        Assert.Equal(System.TimeSpan.FromSeconds(5), h.Interval);
        Assert.Equal(System.TimeSpan.FromMinutes(1), h.StartPeriod);
        Assert.Equal(3, h.Retries);
        Assert.Null(HealthcheckSpec.Apply(null, null, null, null, null, null, false));
        Assert.Equal(new[] { "NONE" }, HealthcheckSpec.Apply(null, null, null, null, null, null, true)!.Test);
        Assert.Equal("NoHealthcheckConflict", Assert.Throws<PSDockerException>(() => HealthcheckSpec.Apply(null, "true", null, null, null, null, true)).ErrorId);
        Assert.Equal("InvalidDurationSpec", Assert.Throws<PSDockerException>(() => HealthcheckSpec.Apply(null, null, "5 parsecs", null, null, null, false)).ErrorId);
    }
}

public class ServiceLogDetailsTests
{
    [Fact]
    public void SplitsTheDetailsFromTheText()
    {
        var (details, text) = ServiceLogDetails.Split("com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1 hello world");
        Assert.Equal("n1", details[ServiceLogDetails.NodeKey]);
        Assert.Equal("s1", details[ServiceLogDetails.ServiceKey]);
        Assert.Equal("t1", details[ServiceLogDetails.TaskKey]);
        Assert.Equal("hello world", text);
    }

    [Theory]
    [InlineData(" plain text", "plain text")]
    [InlineData("no-details here", "no-details here")]
    [InlineData("com.docker.swarm.task.id=t1 ", "")]
    [InlineData("com.docker.swarm.task.id=t1", "")]
    public void KeepsTheText(string line, string text) => Assert.Equal(text, ServiceLogDetails.Split(line).Text);

    [Fact]
    public void DecodesValues() =>
        Assert.Equal("a b,c", ServiceLogDetails.Split("k=a%20b%2Cc text").Details["k"]);
}

public class ServiceMappingTests
{
    [Theory]
    [InlineData("busybox:latest@sha256:abc", "busybox:latest")]
    [InlineData("127.0.0.1:5000/psdocker/busybox:v2", "127.0.0.1:5000/psdocker/busybox:v2")]
    [InlineData("", "")]
    public void ShowsImagesWithoutTheirDigest(string image, string shown) => Assert.Equal(shown, ModelMapper.ImageWithoutDigest(image));

    [Fact]
    public void NamesTasksAsServicePs()
    {
        Assert.Equal("web.3", ModelMapper.TaskName(new TaskResponse { Slot = 3, NodeID = "n1" }, "web"));
        Assert.Equal("web.n1", ModelMapper.TaskName(new TaskResponse { Slot = 0, NodeID = "n1" }, "web"));
        Assert.Equal("Running", ModelMapper.StateName(TaskState.Running));
    }

    [Fact]
    public void ShowsPortsAndCounts()
    {
        var s = new Docker.DotNet.Models.SwarmService
        {
            ID = "abcdefghijklmnopqrstuvwxy",
            Spec = new ServiceSpec
            {
                Name = "web",
                Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 4 } },
                TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = "busybox:1@sha256:00" } },
                EndpointSpec = new EndpointSpec
                {
                    Ports = new List<PortConfig>
                    {
                        new PortConfig { TargetPort = 80, PublishedPort = 8080, Protocol = "tcp", PublishMode = "ingress" },
                        new PortConfig { TargetPort = 53, PublishedPort = 5353, Protocol = "udp", PublishMode = "host" },
                    },
                },
            },
            ServiceStatus = new ServiceStatus { RunningTasks = 2, DesiredTasks = 4 },
        };
        SwarmService mapped = ModelMapper.ToSwarmService(s, new DockerEndpoint(new System.Uri("unix:///var/run/docker.sock"), "Default", null, null));
        Assert.Equal("2/4", mapped.Replicas);
        Assert.Equal("replicated", mapped.Mode);
        Assert.Equal("busybox:1", mapped.Image);
        Assert.Equal("*:8080->80/tcp, host:5353->53/udp", mapped.Ports);
        Assert.Equal("abcdefghijkl", mapped.ShortId);
    }
}
