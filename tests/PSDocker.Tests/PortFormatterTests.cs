using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace PSDocker.Tests;

/// <summary>The PORTS text of docker ps. The cases are those of the docker CLI's own formatter tests.</summary>
public class PortFormatterTests
{
    private static PortEntry P(int privatePort, string type, string? ip = null, int publicPort = 0) =>
        new PortEntry(ip, privatePort, publicPort, type);

    public static IEnumerable<object[]> DockerCases() => new List<object[]>
    {
        new object[] { new[] { P(9988, "tcp") }, "9988/tcp" },
        new object[] { new[] { P(9988, "udp") }, "9988/udp" },
        new object[] { new[] { P(9988, "tcp", "0.0.0.0") }, "0.0.0.0:0->9988/tcp" },
        new object[] { new[] { P(9988, "tcp", "::") }, "[::]:0->9988/tcp" },
        new object[] { new[] { P(9988, "tcp", null, 8899) }, "9988/tcp" },
        new object[] { new[] { P(9988, "tcp", "4.3.2.1", 8899) }, "4.3.2.1:8899->9988/tcp" },
        new object[] { new[] { P(9988, "tcp", "4.3.2.1", 9988) }, "4.3.2.1:9988->9988/tcp" },
        new object[] { new[] { P(9988, "udp"), P(9988, "udp") }, "9988/udp, 9988/udp" },
        new object[] { new[] { P(9998, "udp", "1.2.3.4", 9998), P(9999, "udp", "1.2.3.4", 9999) }, "1.2.3.4:9998-9999->9998-9999/udp" },
        new object[] { new[] { P(9998, "udp", "1.2.3.4", 8887), P(9999, "udp", "1.2.3.4", 8888) }, "1.2.3.4:8887->9998/udp, 1.2.3.4:8888->9999/udp" },
        new object[] { new[] { P(9998, "udp"), P(9999, "udp") }, "9998-9999/udp" },
        new object[] { new[] { P(6677, "tcp", "1.2.3.4", 7766), P(9988, "udp", null, 8899) }, "9988/udp, 1.2.3.4:7766->6677/tcp" },
        new object[]
        {
            new[] { P(9988, "udp", "1.2.3.4", 8899), P(9988, "tcp", "1.2.3.4", 8899), P(2233, "tcp", "4.3.2.1", 3322) },
            "4.3.2.1:3322->2233/tcp, 1.2.3.4:8899->9988/tcp, 1.2.3.4:8899->9988/udp",
        },
        new object[]
        {
            new[] { P(9988, "udp", null, 8899), P(6677, "tcp", "1.2.3.4", 7766), P(2233, "tcp", "4.3.2.1", 3322) },
            "9988/udp, 4.3.2.1:3322->2233/tcp, 1.2.3.4:7766->6677/tcp",
        },
        new object[]
        {
            new[]
            {
                P(80, "tcp"), P(1024, "tcp"), P(80, "udp"), P(1024, "udp"),
                P(1024, "tcp", "1.1.1.1", 80), P(1024, "udp", "1.1.1.1", 80), P(80, "tcp", "1.1.1.1", 1024), P(80, "udp", "1.1.1.1", 1024),
                P(1024, "tcp", "2.1.1.1", 80), P(1024, "udp", "2.1.1.1", 80), P(80, "tcp", "2.1.1.1", 1024), P(80, "udp", "2.1.1.1", 1024),
                P(12345, "sctp"),
            },
            "80/tcp, 80/udp, 1024/tcp, 1024/udp, 12345/sctp, 1.1.1.1:1024->80/tcp, 1.1.1.1:1024->80/udp, 2.1.1.1:1024->80/tcp, " +
            "2.1.1.1:1024->80/udp, 1.1.1.1:80->1024/tcp, 1.1.1.1:80->1024/udp, 2.1.1.1:80->1024/tcp, 2.1.1.1:80->1024/udp",
        },
    };

    [Theory]
    [MemberData(nameof(DockerCases))]
    public void Formats_like_the_docker_CLI(object ports, string expected)
    {
        Assert.Equal(expected, PortFormatter.Format((PortEntry[])ports));
    }

    [Fact]
    public void A_published_range_on_IPv4_and_IPv6_is_one_item_per_address()
    {
        // docker run -p 8000-8001:8000-8001 on a dual-stack engine: the engine sends the four bindings in any order.
        var ports = new[]
        {
            P(8001, "tcp", "::", 8001), P(8000, "tcp", "0.0.0.0", 8000), P(8001, "tcp", "0.0.0.0", 8001), P(8000, "tcp", "::", 8000),
        };

        Assert.Equal(new[] { "0.0.0.0:8000-8001->8000-8001/tcp", "[::]:8000-8001->8000-8001/tcp" }, PortFormatter.Items(ports));
    }

    [Fact]
    public void IPv4_addresses_sort_by_value_before_IPv6()
    {
        var ports = new[] { P(80, "tcp", "::1", 8080), P(80, "tcp", "10.0.0.1", 8080), P(80, "tcp", "9.0.0.1", 8080) };

        Assert.Equal("9.0.0.1:8080->80/tcp, 10.0.0.1:8080->80/tcp, [::1]:8080->80/tcp", PortFormatter.Format(ports));
    }

    [Fact]
    public void No_ports_is_empty()
    {
        Assert.Equal("", PortFormatter.Format(Enumerable.Empty<PortEntry>()));
    }
}
