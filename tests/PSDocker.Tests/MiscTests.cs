using System;
using Xunit;

namespace PSDocker.Tests;

public class HumanizeTests
{
    [Theory]
    [InlineData(0, "Less than a second")]
    [InlineData(0.5, "Less than a second")]
    [InlineData(-30, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(1.9, "1 second")]
    [InlineData(2, "2 seconds")]
    [InlineData(59.9, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(119, "About a minute")]
    [InlineData(120, "2 minutes")]
    [InlineData(59 * 60 + 59, "59 minutes")]
    [InlineData(60 * 60, "About an hour")]
    [InlineData(89 * 60, "About an hour")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(5 * 3600, "5 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(48 * 3600, "2 days")]
    [InlineData(13 * 86400, "13 days")]
    [InlineData(14 * 86400, "2 weeks")]
    [InlineData(59 * 86400, "8 weeks")]
    [InlineData(60 * 86400, "2 months")]
    [InlineData(729 * 86400, "24 months")]
    [InlineData(730 * 86400, "2 years")]
    [InlineData(3650 * 86400, "10 years")]
    public void Duration_prints_like_docker(double seconds, string expected)
    {
        Assert.Equal(expected, Humanize.Duration(TimeSpan.FromSeconds(seconds)));
    }

    // go-units HumanDuration rounds to whole hours first (int(d.Hours() + 0.5)) and
    // works on that rounded number from then on.
    [Theory]
    [InlineData(150, "3 hours")]               // 2.5 h rounds half up
    [InlineData(47 * 60 + 45, "2 days")]       // 47.75 h rounds to 48 h, which is already days
    [InlineData(71 * 60 + 45, "3 days")]       // 71.75 h rounds to 72 h = 3 days
    public void Duration_rounds_hours_like_docker(double minutes, string expected)
    {
        Assert.Equal(expected, Humanize.Duration(TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void Since_appends_ago()
    {
        var now = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Local);

        Assert.Equal("5 minutes ago", Humanize.Since(now.AddMinutes(-5), now));
        Assert.Equal("3 days ago", Humanize.Since(now.AddDays(-3), now));
        Assert.Equal("Less than a second ago", Humanize.Since(now.AddSeconds(10), now));
    }

    [Fact]
    public void Since_an_unknown_time_is_empty()
    {
        Assert.Equal("", Humanize.Since(default, DateTime.Now));
    }
}

public class ApiVersionTests
{
    [Theory]
    [InlineData("1.41", null, "1.41")]
    [InlineData("1.44", "1.24", "1.44")]
    [InlineData("1.54", "1.24", "1.54")]
    [InlineData("1.60", "1.44", "1.54")]
    [InlineData("2.0", null, "1.54")]
    [InlineData(" 1.43 ", null, "1.43")]
    [InlineData("garbage", null, "1.54")]
    [InlineData("1.41.0", null, "1.54")]
    [InlineData("", null, "1.54")]
    [InlineData(null, null, "1.54")]
    public void Negotiate_is_the_lower_of_engine_and_library(string? server, string? serverMin, string expected)
    {
        Assert.Equal(Version.Parse(expected), EngineClientCache.Negotiate(server, serverMin));
    }

    [Fact]
    public void Library_maximum_is_1_54()
    {
        Assert.Equal(new Version(1, 54), EngineClientCache.LibraryMaxApiVersion);
    }

    [Theory]
    [InlineData("1.41", true, 1, 41)]
    [InlineData("1.9", true, 1, 9)]
    [InlineData("  1.44\t", true, 1, 44)]
    [InlineData("10.100", true, 10, 100)]
    [InlineData("1", false, 0, 0)]
    [InlineData("1.2.3", false, 0, 0)]
    [InlineData("1.x", false, 0, 0)]
    [InlineData("v1.41", false, 0, 0)]
    [InlineData("-1.41", false, 0, 0)]
    [InlineData("1.+4", false, 0, 0)]
    [InlineData("1.", false, 0, 0)]
    [InlineData("", false, 0, 0)]
    [InlineData("   ", false, 0, 0)]
    [InlineData(null, false, 0, 0)]
    public void TryParseApiVersion(string? text, bool ok, int major, int minor)
    {
        bool result = EngineClientCache.TryParseApiVersion(text, out Version version);

        Assert.Equal(ok, result);
        Assert.Equal(new Version(major, minor), version);
    }
}

public class DockerEndpointTests
{
    [Fact]
    public void Endpoints_with_the_same_address_and_tls_are_equal_whatever_their_source()
    {
        var a = new DockerEndpoint(new Uri("tcp://10.0.0.5:2376"), "HostAddress", null, new TlsSettings(true, "ca.pem", "cert.pem", "key.pem"));
        var b = new DockerEndpoint(new Uri("tcp://10.0.0.5:2376"), "Session", "ctx", new TlsSettings(true, "ca.pem", "cert.pem", "key.pem"));
        var plain = new DockerEndpoint(new Uri("tcp://10.0.0.5:2376"), "HostAddress", null, null);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, plain);
        Assert.True(a.UseTls);
        Assert.False(plain.UseTls);
        Assert.Equal("tcp://10.0.0.5:2376", a.ToString());
    }

    [Fact]
    public void TlsSettings_describe_themselves()
    {
        Assert.Equal("tlsverify (ca.pem)", new TlsSettings(true, "ca.pem", null, null).ToString());
        Assert.Equal("tls (no verify)", new TlsSettings(false, null, null, null).ToString());
    }
}

public class SizeTests
{
    // go-units HumanSizeWithPrecision(size, 3), as docker ps -s prints sizes.
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(1024, "1.02kB")]
    [InlineData(12345, "12.3kB")]
    [InlineData(123456, "123kB")]
    [InlineData(1_990_000, "1.99MB")]
    [InlineData(1_999_000, "2MB")]
    [InlineData(999_999, "1e+03kB")]
    [InlineData(5_000_000_000, "5GB")]
    public void Size_prints_like_docker(double bytes, string expected)
    {
        Assert.Equal(expected, Humanize.Size(bytes));
    }

    [Fact]
    public void Container_size_adds_the_virtual_size_when_known()
    {
        Assert.Equal("0B (virtual 1.99MB)", Humanize.ContainerSize(0, 1_990_000));
        Assert.Equal("2B", Humanize.ContainerSize(2, 0));
    }
}
