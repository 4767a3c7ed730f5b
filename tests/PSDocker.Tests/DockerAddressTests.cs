using System;
using Xunit;

namespace PSDocker.Tests;

public class DockerAddressTests
{
    [Theory]
    [InlineData("unix:///var/run/docker.sock", "unix:///var/run/docker.sock")]
    [InlineData("unix:///run/user/1000/docker.sock", "unix:///run/user/1000/docker.sock")]
    [InlineData("/run/docker.sock", "unix:///run/docker.sock")]
    [InlineData("  /var/run/docker.sock  ", "unix:///var/run/docker.sock")]
    [InlineData("UNIX:///var/run/docker.sock", "unix:///var/run/docker.sock")]
    public void Unix_socket_addresses(string input, string expected)
    {
        Uri uri = DockerAddress.Parse(input);

        Assert.Equal("unix", uri.Scheme);
        Assert.Equal(expected, DockerAddress.Format(uri));
    }

    [Theory]
    [InlineData("npipe:////./pipe/docker_engine", "docker_engine")]
    [InlineData("npipe://./pipe/docker_engine", "docker_engine")]
    [InlineData("npipe://./pipe/x", "x")]
    [InlineData("npipe:////./pipe/dockerDesktopLinuxEngine", "dockerDesktopLinuxEngine")]
    [InlineData("npipe://localhost/pipe/x", "x")]
    public void Named_pipe_addresses_name_the_local_pipe(string input, string pipe)
    {
        Uri uri = DockerAddress.Parse(input);

        Assert.Equal("npipe", uri.Scheme);
        Assert.Equal(".", uri.Host);
        Assert.Equal("/pipe/" + pipe, uri.AbsolutePath);
        // docker prints the four-slash form
        Assert.Equal("npipe:////./pipe/" + pipe, DockerAddress.Format(uri));
    }

    [Fact]
    public void Named_pipe_on_another_server_keeps_the_server()
    {
        Uri uri = DockerAddress.Parse("npipe:////buildhost/pipe/docker_engine");

        Assert.Equal("buildhost", uri.Host);
        Assert.Equal("npipe:////buildhost/pipe/docker_engine", DockerAddress.Format(uri));
    }

    [Theory]
    [InlineData("tcp://10.0.0.5:2376", "tcp://10.0.0.5:2376")]
    [InlineData("tcp://docker.example.com:12375", "tcp://docker.example.com:12375")]
    [InlineData("TCP://docker.example.com:2375/", "tcp://docker.example.com:2375")]
    [InlineData("10.0.0.5:2375", "tcp://10.0.0.5:2375")]
    [InlineData("localhost:2376", "tcp://localhost:2376")]
    [InlineData(":2375", "tcp://127.0.0.1:2375")]
    [InlineData("tcp://:4243", "tcp://127.0.0.1:4243")]
    [InlineData("tcp://10.0.0.5:2375/prefix", "tcp://10.0.0.5:2375/prefix")]
    [InlineData("tcp://10.0.0.5:2375/a/b/", "tcp://10.0.0.5:2375/a/b")]
    [InlineData("10.0.0.5:2375/path", "tcp://10.0.0.5:2375/path")]
    public void Tcp_addresses(string input, string expected)
    {
        Uri uri = DockerAddress.Parse(input);

        Assert.Equal("tcp", uri.Scheme);
        Assert.Equal(expected, DockerAddress.Format(uri));
    }

    [Theory]
    [InlineData("tcp://10.0.0.5", false, 2375)]
    [InlineData("tcp://10.0.0.5", true, 2376)]
    [InlineData("10.0.0.5", false, 2375)]
    [InlineData("10.0.0.5", true, 2376)]
    [InlineData("tcp://10.0.0.5:", false, 2375)]
    [InlineData("tcp://10.0.0.5:2375", true, 2375)] // an explicit port wins over the TLS default
    public void Tcp_without_port_gets_the_default_port(string input, bool useTls, int expectedPort)
    {
        Uri uri = DockerAddress.Parse(input, useTls);

        Assert.Equal("10.0.0.5", uri.Host);
        Assert.Equal(expectedPort, uri.Port);
    }

    [Theory]
    [InlineData("[::1]:2375", "tcp://[::1]:2375", 2375)]
    [InlineData("tcp://[::1]:2375", "tcp://[::1]:2375", 2375)]
    [InlineData("tcp://[fe80::1]", "tcp://[fe80::1]:2375", 2375)]
    public void Ipv6_hosts_keep_their_brackets(string input, string expected, int port)
    {
        Uri uri = DockerAddress.Parse(input);

        Assert.Equal(UriHostNameType.IPv6, uri.HostNameType);
        Assert.Equal(port, uri.Port);
        Assert.Equal(expected, DockerAddress.Format(uri));
    }

    [Theory]
    [InlineData(false, "unix:///var/run/docker.sock")]
    [InlineData(true, "npipe:////./pipe/docker_engine")]
    public void Platform_default(bool isWindows, string expected)
    {
        Assert.Equal(expected, DockerAddress.Format(DockerAddress.PlatformDefault(isWindows)));
    }

    [Theory]
    [InlineData("unix:///var/run/docker.sock")]
    [InlineData("npipe:////./pipe/docker_engine")]
    [InlineData("tcp://10.0.0.5:2376")]
    [InlineData("tcp://[::1]:2375")]
    [InlineData("tcp://10.0.0.5:2375/prefix")]
    public void Format_output_parses_back_to_the_same_address(string address)
    {
        Uri first = DockerAddress.Parse(address);
        Uri second = DockerAddress.Parse(DockerAddress.Format(first));

        Assert.Equal(first, second);
        Assert.Equal(address, DockerAddress.Format(second));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("ssh://user@build-host", "ssh://")]
    [InlineData("fd://", "fd://")]
    [InlineData("fd://3", "fd://")]
    [InlineData("ftp://10.0.0.5", "unsupported scheme 'ftp'")]
    [InlineData("gopher://x", "unsupported scheme 'gopher'")]
    [InlineData("tcp://10.0.0.5:abc", "invalid port 'abc'")]
    [InlineData("tcp://10.0.0.5:0", "invalid port '0'")]
    [InlineData("tcp://10.0.0.5:65536", "invalid port '65536'")]
    [InlineData("10.0.0.5:-1", "invalid port '-1'")]
    [InlineData("http://10.0.0.5:2375", "scheme 'http'")]
    [InlineData("https://127.0.0.1:23760", "scheme 'https'")]
    [InlineData("HTTPS://10.0.0.5", "scheme 'https'")]
    [InlineData("tcp://10.0.0.5:2375/a//b", "empty segment")]
    [InlineData("tcp://10.0.0.5:2375/a?x=1", "query or fragment")]
    [InlineData("tcp://[::1", "unterminated IPv6")]
    [InlineData("tcp://bad host:2375", "invalid host name")]
    [InlineData("unix://relative/docker.sock", "unix socket")]
    [InlineData("unix://", "unix socket")]
    [InlineData("npipe://./docker_engine", "named pipe")]
    [InlineData("npipe:////./pipe/", "named pipe")]
    public void Invalid_addresses_raise_FormatException_naming_the_problem(string? input, string expectedInMessage)
    {
        FormatException e = Assert.Throws<FormatException>(() => DockerAddress.Parse(input!));

        Assert.Contains(expectedInMessage, e.Message, StringComparison.Ordinal);
        if (!string.IsNullOrWhiteSpace(input))
        {
            // the message quotes what the user typed (with any user information hidden)
            Assert.Contains(DockerAddress.Redact(input!), e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_base_path_keeps_a_trailing_slash_so_the_client_appends_versioned_paths_under_it()
    {
        Uri uri = DockerAddress.Parse("tcp://10.0.0.5:2375/prefix");

        Assert.Equal("/prefix/", uri.AbsolutePath);
        Assert.Equal("http://10.0.0.5:2375/prefix/v1.41/containers/json",
            new UriBuilder(uri) { Scheme = "http", Path = uri.AbsolutePath + "v1.41/containers/json" }.Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("tcp://user:s3cret@build01:2376")]
    [InlineData("user:s3cret@build01:2376")]
    public void User_information_is_dropped_as_docker_drops_it(string address) =>
        Assert.Equal("tcp://build01:2376", DockerAddress.Format(DockerAddress.Parse(address)));

    [Theory]
    [InlineData("tcp://user:s3cret@build01:abc")]
    [InlineData("tcp://user:s3cret@bad host:2376")]
    [InlineData("ftp://user:s3cret@build01")]
    public void Credentials_in_an_address_never_reach_the_message(string address)
    {
        FormatException e = Assert.Throws<FormatException>(() => DockerAddress.Parse(address));

        Assert.DoesNotContain("s3cret", e.Message, StringComparison.Ordinal);
        Assert.Contains("***@", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp://a:b@h:1/x", "tcp://***@h:1/x")]
    [InlineData("tcp://h:1", "tcp://h:1")]
    [InlineData("unix:///var/run/docker.sock", "unix:///var/run/docker.sock")]
    public void Redact_hides_user_information_only(string address, string expected) =>
        Assert.Equal(expected, DockerAddress.Redact(address));
}
