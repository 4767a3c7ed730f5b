using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;
using PSDocker.Specs;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// The parsers of docker's option syntaxes. Expected values are what the docker CLI (28.x) sends for the same
/// option (checked with docker create and docker inspect), and the cases of docker's own parser tests.
/// </summary>
public class PortSpecTests
{
    private static string Show(IEnumerable<PortMappingSpec> ms) =>
        string.Join(" ", ms.Select(m => $"{m.ContainerPort}={m.HostIP}|{m.HostPort}"));

    [Theory]
    [InlineData("80", "80/tcp=|")]
    [InlineData("80/tcp", "80/tcp=|")]
    [InlineData("80/", "80/tcp=|")]
    [InlineData("53/udp", "53/udp=|")]
    [InlineData("53/UDP", "53/udp=|")]
    [InlineData("9000/sctp", "9000/sctp=|")]
    [InlineData("8080:80", "80/tcp=|8080")]
    [InlineData("127.0.0.1:8080:80", "80/tcp=127.0.0.1|8080")]
    [InlineData("127.0.0.1::80", "80/tcp=127.0.0.1|")]
    [InlineData("0.0.0.0:1234:5678/udp", "5678/udp=0.0.0.0|1234")]
    [InlineData("[::1]:8080:80", "80/tcp=::1|8080")]
    [InlineData("[::1]::80", "80/tcp=::1|")]
    [InlineData("::1:8080:80", "80/tcp=::1|8080")]
    [InlineData("[2001:db8::1]:53:53/udp", "53/udp=2001:db8::1|53")]
    [InlineData("1234-1236:1234-1236", "1234/tcp=|1234 1235/tcp=|1235 1236/tcp=|1236")]
    [InlineData("8000-8002:80-82/udp", "80/udp=|8000 81/udp=|8001 82/udp=|8002")]
    [InlineData("127.0.0.1::80-81", "80/tcp=127.0.0.1| 81/tcp=127.0.0.1|")]
    [InlineData("80-81", "80/tcp=| 81/tcp=|")]
    [InlineData("8000-8010:80", "80/tcp=|8000-8010")]
    [InlineData("127.0.0.1:8000-8010:80/udp", "80/udp=127.0.0.1|8000-8010")]
    [InlineData("65535:1", "1/tcp=|65535")]
    [InlineData("published=8080,target=80", "80/tcp=|8080")]
    [InlineData("target=53,published=5353,protocol=udp", "53/udp=|5353")]
    [InlineData("target=80", "80/tcp=|")]
    public void Publish_parses_as_docker(string spec, string expected) =>
        Assert.Equal(expected, Show(PortSpec.ParsePublish(spec)));

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("65536")]
    [InlineData("8080:0")]
    [InlineData("0:80")]
    [InlineData("-1")]
    [InlineData("80/xyz")]
    [InlineData("/tcp")]
    [InlineData("8080:")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("localhost:8080:80")]
    [InlineData("1.2.3:8080:80")]
    [InlineData("[::1:8080:80")]
    [InlineData("8000-8001:80-82")]
    [InlineData("8000:80-81")]
    [InlineData("90-80")]
    [InlineData("80-")]
    [InlineData("8080:80:90:100")]
    [InlineData("target=80,bogus=1")]
    [InlineData("published=8080")]
    public void Publish_refuses_bad_specs(string spec)
    {
        SpecException e = Assert.Throws<SpecException>(() => PortSpec.ParsePublish(spec));
        Assert.Equal("InvalidPublishSpec", e.ErrorId);
        Assert.Equal(spec, e.Value);
    }

    [Fact]
    public void A_bad_range_names_both_sides() =>
        Assert.Contains("80-82", Assert.Throws<SpecException>(() => PortSpec.ParsePublish("8000-8001:80-82")).Reason);

    [Theory]
    [InlineData("80", "80/tcp")]
    [InlineData("53/udp", "53/udp")]
    [InlineData("7000-7002", "7000/tcp 7001/tcp 7002/tcp")]
    [InlineData("7000-7001/sctp", "7000/sctp 7001/sctp")]
    public void Expose_parses_as_docker(string spec, string expected) =>
        Assert.Equal(expected, string.Join(" ", PortSpec.ParseExpose(spec)));

    [Theory]
    [InlineData("80:90")]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("80/icmp")]
    public void Expose_refuses_bad_specs(string spec) =>
        Assert.Equal("InvalidExposeSpec", Assert.Throws<SpecException>(() => PortSpec.ParseExpose(spec)).ErrorId);
}

public class VolumeSpecTests
{
    private static string Resolve(string path) => "/home/user/project" + path.TrimStart('.');

    [Theory]
    [InlineData("/data", "Anonymous", "", "/data", "")]
    [InlineData("/src:/dst", "Bind", "/src", "/dst", "")]
    [InlineData("/src:/dst:ro", "Bind", "/src", "/dst", "ro")]
    [InlineData("/src:/dst:rw,Z", "Bind", "/src", "/dst", "rw,Z")]
    [InlineData("/src:/dst:ro,rshared", "Bind", "/src", "/dst", "ro,rshared")]
    [InlineData("/src:/dst:z", "Bind", "/src", "/dst", "z")]
    [InlineData("/src:/dst:cached", "Bind", "/src", "/dst", "cached")]
    [InlineData("data:/data", "Named", "data", "/data", "")]
    [InlineData("my_vol.1-x:/data:nocopy", "Named", "my_vol.1-x", "/data", "nocopy")]
    [InlineData("./sub:/dst", "Bind", "/home/user/project/sub", "/dst", "")]
    [InlineData(".:/dst:ro", "Bind", "/home/user/project", "/dst", "ro")]
    public void Parses_as_docker(string spec, string kind, string source, string target, string mode)
    {
        VolumeSpecResult v = VolumeSpec.Parse(spec, Resolve);
        Assert.Equal(kind, v.Kind.ToString());
        Assert.Equal(source, v.Source);
        Assert.Equal(target, v.Target);
        Assert.Equal(mode, v.Mode);
    }

    [Fact]
    public void Bind_is_the_binds_entry() =>
        Assert.Equal("/home/user/project/a:/b:ro", VolumeSpec.Parse("./a:/b:ro", Resolve).Bind);

    [Theory]
    [InlineData(":/x")]
    [InlineData("/x:")]
    [InlineData("")]
    [InlineData("/a::ro")]
    [InlineData("/a:/b:ro:z")]
    [InlineData("relative")]
    [InlineData("/a:relative")]
    [InlineData("/a:/b:xyz")]
    [InlineData("/a:/b:rw,ro")]
    [InlineData("/a:/b:z,Z")]
    [InlineData("/a:/b:shared,slave")]
    [InlineData("/data:ro")]
    [InlineData("bad name:/x")]
    [InlineData("sub/dir:/x")]
    public void Refuses_bad_specs(string spec)
    {
        SpecException e = Assert.Throws<SpecException>(() => VolumeSpec.Parse(spec, Resolve));
        Assert.Equal("InvalidVolumeSpec", e.ErrorId);
        Assert.Equal(spec, e.Value);
    }
}

public class MountSpecTests
{
    private static Mount Parse(string spec) => MountSpec.Parse(spec, p => "/home/user/project" + p.TrimStart('.'));

    [Fact]
    public void A_bind_mount()
    {
        Mount m = Parse("type=bind,source=/src,target=/dst,readonly,bind-propagation=rshared");
        Assert.Equal("bind", m.Type);
        Assert.Equal("/src", m.Source);
        Assert.Equal("/dst", m.Target);
        Assert.True(m.ReadOnly);
        Assert.Equal("rshared", m.BindOptions!.Propagation);
        Assert.Null(m.VolumeOptions);
    }

    [Fact]
    public void A_volume_by_default_with_its_options()
    {
        Mount m = Parse("src=data,dst=/data,volume-nocopy,volume-label=a=b,volume-driver=local,volume-opt=type=tmpfs,ro=false");
        Assert.Equal("volume", m.Type);
        Assert.Equal("data", m.Source);
        Assert.False(m.ReadOnly);
        Assert.True(m.VolumeOptions!.NoCopy);
        Assert.Equal("b", m.VolumeOptions.Labels!["a"]);
        Assert.Equal("local", m.VolumeOptions.DriverConfig!.Name);
        Assert.Equal("tmpfs", m.VolumeOptions.DriverConfig.Options!["type"]);
    }

    [Fact]
    public void A_tmpfs_with_size_and_mode()
    {
        Mount m = Parse("type=tmpfs,destination=/t,tmpfs-size=64m,tmpfs-mode=1770");
        Assert.Equal(64L * 1024 * 1024, m.TmpfsOptions!.SizeBytes);
        Assert.Equal(Convert.ToUInt32("1770", 8), m.TmpfsOptions.Mode);
    }

    [Fact]
    public void Keys_ignore_case_and_quoted_fields_keep_commas()
    {
        Mount m = Parse("Type=volume,Target=/x,\"volume-label=list=a,b\"");
        Assert.Equal("a,b", m.VolumeOptions!.Labels!["list"]);
    }

    [Fact]
    public void A_relative_bind_source_is_made_absolute() =>
        Assert.Equal("/home/user/project/sub", Parse("type=bind,src=./sub,dst=/x").Source);

    [Theory]
    [InlineData("")]
    [InlineData("type=volume")]
    [InlineData("target=/x,bogus=1")]
    [InlineData("type=disk,target=/x")]
    [InlineData("type=bind,target=/x")]
    [InlineData("type=bind,src=/a,target=/x,volume-nocopy")]
    [InlineData("type=volume,target=/x,bind-propagation=shared")]
    [InlineData("type=volume,target=/x,tmpfs-size=1m")]
    [InlineData("type=tmpfs,src=/a,target=/x")]
    [InlineData("type=tmpfs,target=/x,tmpfs-size=1XB")]
    [InlineData("type=tmpfs,target=/x,tmpfs-mode=999")]
    [InlineData("target=/x,readonly=maybe")]
    [InlineData("target=/x,source")]
    public void Refuses_bad_specs(string spec) =>
        Assert.Equal("InvalidMountSpec", Assert.Throws<SpecException>(() => Parse(spec)).ErrorId);
}

public class MemorySpecTests
{
    // docker create --shm-size V, read back with docker inspect (RAMInBytes, like -m).
    [Theory]
    [InlineData("32", 32L)]
    [InlineData("32b", 32L)]
    [InlineData("32B", 32L)]
    [InlineData("32k", 32768L)]
    [InlineData("32K", 32768L)]
    [InlineData("32kb", 32768L)]
    [InlineData("32Kib", 32768L)]
    [InlineData("32KIB", 32768L)]
    [InlineData("32mb", 33554432L)]
    [InlineData("32Mib", 33554432L)]
    [InlineData("32gb", 34359738368L)]
    [InlineData("32Gib", 34359738368L)]
    [InlineData("32tb", 35184372088832L)]
    [InlineData("32Pib", 36028797018963968L)]
    [InlineData("32 mb", 33554432L)]
    [InlineData("32.3", 32L)]
    [InlineData("3.3k", 3379L)]
    [InlineData("0.3k", 307L)]
    [InlineData("1.5g", 1610612736L)]
    [InlineData("32.b", 32L)]
    [InlineData("1e3", 1000L)]
    [InlineData(".5k", 512L)]
    [InlineData("0", 0L)]
    public void Parses_as_docker(string spec, long bytes) => Assert.Equal(bytes, MemorySpec.Parse(spec));

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("-32")]
    [InlineData("32.3.3")]
    [InlineData(" 32 ")]
    [InlineData("32m_")]
    [InlineData("32bm")]
    [InlineData("32kk")]
    [InlineData("32i")]
    [InlineData("32ib")]
    [InlineData("1XB")]
    [InlineData("1kibb")]
    [InlineData("99999999999p")]
    public void Refuses_what_docker_refuses(string spec)
    {
        SpecException e = Assert.Throws<SpecException>(() => MemorySpec.Parse(spec));
        Assert.Equal("InvalidMemorySpec", e.ErrorId);
        Assert.Equal(spec, e.Value);
    }
}

public class CpusSpecTests
{
    [Theory]
    [InlineData("1", 1_000_000_000L)]
    [InlineData("1.5", 1_500_000_000L)]
    [InlineData("0.25", 250_000_000L)]
    [InlineData(".5", 500_000_000L)]
    [InlineData("2.", 2_000_000_000L)]
    [InlineData("3/2", 1_500_000_000L)]
    [InlineData("1e-3", 1_000_000L)]
    [InlineData("2E1", 20_000_000_000L)]
    [InlineData("0.000000001", 1L)]
    [InlineData("0", 0L)]
    [InlineData("+1", 1_000_000_000L)]
    public void Parses_as_docker(string spec, long nano) => Assert.Equal(nano, CpusSpec.ParseNanoCpus(spec));

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.5.5")]
    [InlineData("0.0000000001")]
    [InlineData("1/3")]
    [InlineData("1/0")]
    [InlineData("1e400")]
    public void Refuses_bad_values(string spec) =>
        Assert.Equal("InvalidCpusSpec", Assert.Throws<SpecException>(() => CpusSpec.ParseNanoCpus(spec)).ErrorId);
}

public class RestartPolicySpecTests
{
    [Theory]
    [InlineData("no", RestartPolicyKind.No, 0L)]
    [InlineData("always", RestartPolicyKind.Always, 0L)]
    [InlineData("unless-stopped", RestartPolicyKind.UnlessStopped, 0L)]
    [InlineData("on-failure", RestartPolicyKind.OnFailure, 0L)]
    [InlineData("on-failure:5", RestartPolicyKind.OnFailure, 5L)]
    [InlineData("on-failure:0", RestartPolicyKind.OnFailure, 0L)]
    [InlineData("Always", RestartPolicyKind.Always, 0L)]
    public void Parses(string spec, RestartPolicyKind kind, long count)
    {
        RestartPolicy p = RestartPolicySpec.Parse(spec);
        Assert.Equal(kind, p.Name);
        Assert.Equal(count, p.MaximumRetryCount);
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("")]
    [InlineData("on-failure:x")]
    [InlineData("on-failure:-1")]
    [InlineData("on-failure:1:2")]
    [InlineData("always:3")]
    [InlineData("no:1")]
    public void Refuses_what_docker_or_its_engine_refuses(string spec) =>
        Assert.Equal("InvalidRestartPolicySpec", Assert.Throws<SpecException>(() => RestartPolicySpec.Parse(spec)).ErrorId);
}

public class DurationSpecTests
{
    // Go's time.ParseDuration cases.
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("5s", 5_000_000_000L)]
    [InlineData("30s", 30_000_000_000L)]
    [InlineData("1478s", 1_478_000_000_000L)]
    [InlineData("-5s", -5_000_000_000L)]
    [InlineData("+5s", 5_000_000_000L)]
    [InlineData("-0", 0L)]
    [InlineData("5.0s", 5_000_000_000L)]
    [InlineData("5.6s", 5_600_000_000L)]
    [InlineData("5.s", 5_000_000_000L)]
    [InlineData(".5s", 500_000_000L)]
    [InlineData("1.004s", 1_004_000_000L)]
    [InlineData("10ns", 10L)]
    [InlineData("11us", 11_000L)]
    [InlineData("12\u00b5s", 12_000L)]
    [InlineData("12\u03bcs", 12_000L)]
    [InlineData("13ms", 13_000_000L)]
    [InlineData("15m", 900_000_000_000L)]
    [InlineData("16h", 57_600_000_000_000L)]
    [InlineData("3h30m", 12_600_000_000_000L)]
    [InlineData("10.5s4m", 250_500_000_000L)]
    [InlineData("-2m3.4s", -123_400_000_000L)]
    [InlineData("1h2m3s4ms5us6ns", 3_723_004_005_006L)]
    [InlineData("39h9m14.425s", 140_954_425_000_000L)]
    [InlineData("9223372036854775807ns", long.MaxValue)]
    [InlineData("0.3333333333333333333h", 1_200_000_000_000L)]
    [InlineData("00:01:30", 90_000_000_000L)]
    public void Parses_as_go(string spec, long ns) => Assert.Equal(ns, DurationSpec.ParseNanoseconds(spec));

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("-")]
    [InlineData("s")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData(".s")]
    [InlineData("+.s")]
    [InlineData("3000000h")]
    [InlineData("9223372036854775808ns")]
    [InlineData("9223372036s854775808ns")]
    [InlineData("10 s")]
    [InlineData("1d")]
    public void Refuses_what_go_refuses(string spec) =>
        Assert.Equal("InvalidDurationSpec", Assert.Throws<SpecException>(() => DurationSpec.ParseNanoseconds(spec)).ErrorId);

    [Theory]
    [InlineData("-1s")]
    [InlineData("500us")]
    [InlineData("10")]
    public void Health_durations_are_0_or_at_least_1ms(string spec) =>
        Assert.Equal("InvalidDurationSpec", Assert.Throws<SpecException>(() => DurationSpec.ParseHealthDuration(spec)).ErrorId);

    [Fact]
    public void Health_durations_are_timespans() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1500), DurationSpec.ParseHealthDuration("1.5s"));
}

public class KeyValueSpecTests
{
    private static string? Lookup(string key) => key == "HOME_X" ? "/home/x" : null;

    [Theory]
    [InlineData("A=1", "A=1")]
    [InlineData("A=", "A=")]
    [InlineData("A=b=c", "A=b=c")]
    [InlineData("A B=1", "A B=1")]
    [InlineData("HOME_X", "HOME_X=/home/x")]
    [InlineData("UNSET_X", "UNSET_X")]
    public void Environment_as_docker(string spec, string expected) =>
        Assert.Equal(expected, KeyValueSpec.ParseEnvironment(spec, Lookup));

    [Theory]
    [InlineData("=x")]
    [InlineData("=")]
    [InlineData("")]
    public void Environment_refuses_an_empty_name(string spec) =>
        Assert.Equal("InvalidEnvironmentSpec", Assert.Throws<SpecException>(() => KeyValueSpec.ParseEnvironment(spec, Lookup)).ErrorId);

    [Theory]
    [InlineData("team=ops", "team", "ops")]
    [InlineData("flag", "flag", "")]
    [InlineData("a=b=c", "a", "b=c")]
    [InlineData("com.example.x=", "com.example.x", "")]
    public void Labels_as_docker(string spec, string key, string value)
    {
        KeyValuePair<string, string> pair = KeyValueSpec.ParseLabel(spec);
        Assert.Equal(key, pair.Key);
        Assert.Equal(value, pair.Value);
    }

    [Theory]
    [InlineData("=x")]
    [InlineData("")]
    public void Labels_refuse_an_empty_name(string spec) =>
        Assert.Equal("InvalidLabelSpec", Assert.Throws<SpecException>(() => KeyValueSpec.ParseLabel(spec)).ErrorId);

    [Fact]
    public void Hashtables_flatten_in_key_order_and_ordered_ones_in_their_own()
    {
        var table = new System.Collections.Hashtable { ["B"] = 2, ["A"] = "x", ["C"] = null, ["D"] = 1.5 };
        Assert.Equal(new[] { "A=x", "B=2", "C=", "D=1.5" }, KeyValueSpec.Flatten(new object?[] { table }));
        var ordered = new System.Collections.Specialized.OrderedDictionary { ["Z"] = "1", ["A"] = "2" };
        Assert.Equal(new[] { "Z=1", "A=2", "K=V" }, KeyValueSpec.Flatten(new object?[] { ordered, "K=V" }));
    }

    [Fact]
    public void The_message_names_the_parameter_and_the_value()
    {
        SpecException e = Assert.Throws<SpecException>(() => PortSpec.ParsePublish("abc"));
        PSDockerException p = e.ForParameter("Publish");
        Assert.StartsWith("-Publish 'abc' is not valid: ", p.Message);
        Assert.Equal("InvalidPublishSpec", p.ErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, p.Category);
    }
}

public class CapabilitySpecTests
{
    [Theory]
    [InlineData("net_admin", "", "CAP_NET_ADMIN", "")]
    [InlineData("NET_ADMIN,CAP_SYS_TIME", "CHOWN", "CAP_NET_ADMIN CAP_SYS_TIME", "CAP_CHOWN")]
    [InlineData("all,NET_ADMIN", "", "ALL", "")]
    [InlineData("", "ALL,chown", "", "ALL")]
    [InlineData("CHOWN", "chown,NET_RAW", "CAP_CHOWN", "CAP_NET_RAW")]
    public void Lists_as_docker_sends_them(string add, string drop, string expectedAdd, string expectedDrop)
    {
        static string[]? Split(string s) => s.Length == 0 ? null : s.Split(',');
        var (a, d) = CapabilitySpec.Effective(Split(add), Split(drop));
        Assert.Equal(expectedAdd, string.Join(" ", a ?? new List<string>()));
        Assert.Equal(expectedDrop, string.Join(" ", d ?? new List<string>()));
    }
}
