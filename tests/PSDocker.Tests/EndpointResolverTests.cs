using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Xunit;

namespace PSDocker.Tests;

/// <summary>A throw-away docker config folder (DOCKER_CONFIG) laid out the way the docker CLI writes it.</summary>
internal sealed class TempDockerConfig : IDisposable
{
    internal TempDockerConfig()
    {
        Root = Path.Combine(Path.GetTempPath(), "psdocker-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    internal string Root { get; }

    internal DockerConfigStore Store => new DockerConfigStore(Root);

    /// <summary>The context folder name, computed here independently of the code under test.</summary>
    internal static string Sha256Hex(string name) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLowerInvariant();

    internal void WriteConfig(string json) => File.WriteAllText(Path.Combine(Root, "config.json"), json);

    internal void SetCurrentContext(string name) =>
        WriteConfig(JsonSerializer.Serialize(new Dictionary<string, object> { ["auths"] = new { }, ["currentContext"] = name }));

    /// <summary>Writes contexts/meta/&lt;sha256(name)&gt;/meta.json and, when asked, contexts/tls/&lt;sha256(name)&gt;/docker/*.pem.</summary>
    internal void AddContext(string name, string? host, bool skipTlsVerify = false, string description = "d", params string[] tlsFiles)
    {
        string id = Sha256Hex(name);
        string metaDir = Path.Combine(Root, "contexts", "meta", id);
        Directory.CreateDirectory(metaDir);
        var docker = new Dictionary<string, object?> { ["SkipTLSVerify"] = skipTlsVerify };
        if (host is not null)
        {
            docker["Host"] = host;
        }

        var meta = new Dictionary<string, object>
        {
            ["Name"] = name,
            ["Metadata"] = new Dictionary<string, object> { ["Description"] = description },
            ["Endpoints"] = host is null ? new Dictionary<string, object>() : new Dictionary<string, object> { ["docker"] = docker },
        };
        File.WriteAllText(Path.Combine(metaDir, "meta.json"), JsonSerializer.Serialize(meta));

        if (tlsFiles.Length > 0)
        {
            string tlsDir = TlsDir(name);
            Directory.CreateDirectory(tlsDir);
            foreach (string file in tlsFiles)
            {
                File.WriteAllText(Path.Combine(tlsDir, file), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
            }
        }
    }

    internal string TlsDir(string contextName) => Path.Combine(Root, "contexts", "tls", Sha256Hex(contextName), "docker");

    /// <summary>Creates a sub-folder holding the given (dummy) PEM files.</summary>
    internal string CertFolder(string folderName, params string[] files)
    {
        string dir = Path.Combine(Root, folderName);
        Directory.CreateDirectory(dir);
        foreach (string file in files)
        {
            File.WriteAllText(Path.Combine(dir, file), "pem");
        }

        return dir;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class EndpointResolverTests : IDisposable
{
    private readonly TempDockerConfig _config = new TempDockerConfig();
    private readonly Dictionary<string, string> _env = new Dictionary<string, string>(StringComparer.Ordinal);

    public void Dispose() => _config.Dispose();

    private EndpointResolver Resolver(bool isWindows = false) =>
        new EndpointResolver(name => _env.TryGetValue(name, out string? value) ? value : null, _config.Store, isWindows);

    private DockerEndpoint Resolve(EndpointRequest? request = null, DockerEndpoint? session = null, bool isWindows = false) =>
        Resolver(isWindows).Resolve(request ?? new EndpointRequest(), session);

    private EndpointResolutionException ResolveFails(EndpointRequest? request = null, DockerEndpoint? session = null) =>
        Assert.Throws<EndpointResolutionException>(() => Resolve(request, session));

    private static DockerEndpoint Endpoint(string address, string source) =>
        new DockerEndpoint(DockerAddress.Parse(address), source, null, null);

    // ---- precedence ------------------------------------------------------------------------

    /// <summary>
    /// Every source is set, each naming a different engine; then the sources are taken away from
    /// the top one at a time. Each level must win over every level below it.
    /// </summary>
    [Theory]
    [InlineData(0, "HostAddress", "tcp://10.0.0.1:2375")]
    [InlineData(1, "Context", "tcp://10.0.0.2:2375")]
    [InlineData(2, "Piped", "tcp://10.0.0.3:2375")]
    [InlineData(3, "Session", "tcp://10.0.0.4:2375")]
    [InlineData(4, "DOCKER_HOST", "tcp://10.0.0.5:2375")]
    [InlineData(5, "DOCKER_CONTEXT", "tcp://10.0.0.6:2375")]
    [InlineData(6, "ConfigFile", "tcp://10.0.0.7:2375")]
    [InlineData(7, "Default", "unix:///var/run/docker.sock")]
    public void Each_source_wins_over_every_source_below_it(int removed, string expectedSource, string expectedAddress)
    {
        _config.AddContext("explicit-ctx", "tcp://10.0.0.2:2375");
        _config.AddContext("env-ctx", "tcp://10.0.0.6:2375");
        _config.AddContext("file-ctx", "tcp://10.0.0.7:2375");

        var request = new EndpointRequest();
        DockerEndpoint? session = null;
        // -HostAddress and -Context together are an error of their own (see below), so only one is given.
        if (removed < 1) request.HostAddress = "tcp://10.0.0.1:2375";
        else if (removed < 2) request.Context = "explicit-ctx";
        if (removed < 3) request.Endpoint = Endpoint("tcp://10.0.0.3:2375", "Piped");
        if (removed < 4) session = Endpoint("tcp://10.0.0.4:2375", "Session");
        if (removed < 5) _env["DOCKER_HOST"] = "tcp://10.0.0.5:2375";
        if (removed < 6) _env["DOCKER_CONTEXT"] = "env-ctx";
        if (removed < 7) _config.SetCurrentContext("file-ctx");

        DockerEndpoint endpoint = Resolve(request, session);

        Assert.Equal(expectedAddress, endpoint.ToString());
        Assert.Equal(expectedSource, endpoint.Source);
    }

    [Fact]
    public void HostAddress_is_used_as_given()
    {
        DockerEndpoint endpoint = Resolve(new EndpointRequest { HostAddress = "10.0.0.1:2375" });

        Assert.Equal("HostAddress", endpoint.Source);
        Assert.Equal("tcp://10.0.0.1:2375", endpoint.ToString());
        Assert.Null(endpoint.ContextName);
        Assert.Null(endpoint.Tls);
        Assert.False(endpoint.UseTls);
    }

    [Fact]
    public void Context_parameter_reads_the_context_store()
    {
        _config.AddContext("remote", "tcp://127.0.0.1:2376");

        DockerEndpoint endpoint = Resolve(new EndpointRequest { Context = " remote " });

        Assert.Equal("Context", endpoint.Source);
        Assert.Equal("remote", endpoint.ContextName);
        Assert.Equal("tcp://127.0.0.1:2376", endpoint.ToString());
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void Piped_endpoint_is_returned_unchanged()
    {
        DockerEndpoint piped = new DockerEndpoint(DockerAddress.Parse("tcp://10.0.0.3:2375"), "DOCKER_CONTEXT", "other", null);
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2375";

        DockerEndpoint endpoint = Resolve(new EndpointRequest { Endpoint = piped }, Endpoint("tcp://10.0.0.4:2375", "Session"));

        Assert.Same(piped, endpoint);
    }

    [Fact]
    public void Session_default_is_returned_unchanged()
    {
        DockerEndpoint session = new DockerEndpoint(DockerAddress.Parse("tcp://10.0.0.4:2375"), "Session", "ctx", null);
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2375";

        DockerEndpoint endpoint = Resolve(new EndpointRequest(), session);

        Assert.Same(session, endpoint);
        Assert.Equal("Session", endpoint.Source);
    }

    [Fact]
    public void Blank_parameters_count_as_not_given()
    {
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2375";

        DockerEndpoint endpoint = Resolve(new EndpointRequest { HostAddress = "  ", Context = "" });

        Assert.Equal("DOCKER_HOST", endpoint.Source);
    }

    [Theory]
    [InlineData(false, "unix:///var/run/docker.sock", "unix")]
    [InlineData(true, "npipe:////./pipe/docker_engine", "npipe")]
    public void Platform_default_depends_on_the_platform(bool isWindows, string expected, string scheme)
    {
        DockerEndpoint endpoint = Resolve(isWindows: isWindows);

        Assert.Equal("Default", endpoint.Source);
        Assert.Equal(scheme, endpoint.Address.Scheme);
        Assert.Equal(expected, endpoint.ToString());
        Assert.Null(endpoint.ContextName);
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void DOCKER_HOST_plain()
    {
        _env["DOCKER_HOST"] = "tcp://10.0.0.5";

        DockerEndpoint endpoint = Resolve();

        Assert.Equal("DOCKER_HOST", endpoint.Source);
        Assert.Equal("tcp://10.0.0.5:2375", endpoint.ToString());
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_with_DOCKER_CERT_PATH_gives_verified_tls()
    {
        string certs = _config.CertFolder("certs", "ca.pem", "cert.pem", "key.pem");
        _env["DOCKER_HOST"] = "tcp://10.0.0.5";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = certs;

        DockerEndpoint endpoint = Resolve();

        Assert.Equal("DOCKER_HOST", endpoint.Source);
        Assert.Equal("tcp://10.0.0.5:2376", endpoint.ToString()); // TLS default port
        TlsSettings tls = Assert.IsType<TlsSettings>(endpoint.Tls);
        Assert.True(tls.Verify);
        Assert.Equal(Path.Combine(certs, "ca.pem"), tls.CaFile);
        Assert.Equal(Path.Combine(certs, "cert.pem"), tls.CertFile);
        Assert.Equal(Path.Combine(certs, "key.pem"), tls.KeyFile);
    }

    [Fact]
    public void DOCKER_TLS_without_verify_gives_unverified_tls()
    {
        string certs = _config.CertFolder("certs", "cert.pem", "key.pem");
        _env["DOCKER_HOST"] = "tcp://10.0.0.5";
        _env["DOCKER_TLS"] = "1";
        _env["DOCKER_CERT_PATH"] = certs;

        DockerEndpoint endpoint = Resolve();

        Assert.Equal("tcp://10.0.0.5:2376", endpoint.ToString());
        TlsSettings tls = Assert.IsType<TlsSettings>(endpoint.Tls);
        Assert.False(tls.Verify);
        Assert.Null(tls.CaFile);
        Assert.Equal(Path.Combine(certs, "cert.pem"), tls.CertFile);
        Assert.Equal(Path.Combine(certs, "key.pem"), tls.KeyFile);
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_without_DOCKER_CERT_PATH_reads_the_config_folder()
    {
        File.WriteAllText(Path.Combine(_config.Root, "ca.pem"), "pem");
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2376";
        _env["DOCKER_TLS_VERIFY"] = "1";

        DockerEndpoint endpoint = Resolve();

        Assert.Equal(Path.Combine(_config.Root, "ca.pem"), endpoint.Tls?.CaFile);
        Assert.Null(endpoint.Tls!.CertFile);
    }

    [Fact]
    public void DOCKER_TLS_VERIFY_with_missing_ca_pem_fails()
    {
        string certs = _config.CertFolder("certs", "cert.pem", "key.pem");
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2376";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = certs;

        EndpointResolutionException e = ResolveFails();

        Assert.Equal("TlsCertificateNotFound", e.ErrorId);
        Assert.Contains("ca.pem", e.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(certs, "ca.pem"), e.Target);
    }

    [Fact]
    public void Client_certificate_without_its_key_fails()
    {
        string certs = _config.CertFolder("certs", "ca.pem", "cert.pem");
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2376";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = certs;

        EndpointResolutionException e = ResolveFails();

        Assert.Equal("TlsCertificateNotFound", e.ErrorId);
        Assert.Contains("key.pem", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DOCKER_TLS_settings_also_apply_to_HostAddress()
    {
        string certs = _config.CertFolder("certs", "ca.pem", "cert.pem", "key.pem");
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = certs;

        DockerEndpoint endpoint = Resolve(new EndpointRequest { HostAddress = "tcp://10.0.0.1" });

        Assert.Equal("tcp://10.0.0.1:2376", endpoint.ToString());
        Assert.True(endpoint.Tls?.Verify);
    }

    [Fact]
    public void TlsCertPath_with_HostAddress_verifies_with_that_folder()
    {
        string certs = _config.CertFolder("mycerts", "ca.pem", "cert.pem", "key.pem");

        DockerEndpoint endpoint = Resolve(new EndpointRequest { HostAddress = "tcp://10.0.0.1", TlsCertPath = certs });

        Assert.Equal("tcp://10.0.0.1:2376", endpoint.ToString());
        Assert.True(endpoint.Tls?.Verify);
        Assert.Equal(Path.Combine(certs, "ca.pem"), endpoint.Tls!.CaFile);
    }

    [Fact]
    public void TlsCertPath_without_HostAddress_or_Context_fails()
    {
        string certs = _config.CertFolder("mycerts", "ca.pem", "cert.pem", "key.pem");

        EndpointResolutionException e = ResolveFails(new EndpointRequest { TlsCertPath = certs });

        Assert.Equal("TlsCertPathWithoutHost", e.ErrorId);
    }

    [Fact]
    public void DOCKER_CONTEXT_names_the_context()
    {
        _config.AddContext("env-ctx", "tcp://10.0.0.6:2375");
        _config.SetCurrentContext("does-not-matter");
        _env["DOCKER_CONTEXT"] = "env-ctx";

        DockerEndpoint endpoint = Resolve();

        Assert.Equal("DOCKER_CONTEXT", endpoint.Source);
        Assert.Equal("env-ctx", endpoint.ContextName);
        Assert.Equal("tcp://10.0.0.6:2375", endpoint.ToString());
    }

    [Fact]
    public void Config_file_current_context()
    {
        _config.AddContext("file-ctx", "unix:///run/user/1000/docker.sock", description: "Rootless");
        _config.SetCurrentContext("file-ctx");

        DockerEndpoint endpoint = Resolve();

        Assert.Equal("ConfigFile", endpoint.Source);
        Assert.Equal("file-ctx", endpoint.ContextName);
        Assert.Equal("unix:///run/user/1000/docker.sock", endpoint.ToString());
    }

    [Fact]
    public void Config_file_without_current_context_falls_back_to_the_platform_default()
    {
        _config.WriteConfig("{\"auths\":{}}");

        DockerEndpoint endpoint = Resolve();

        Assert.Equal("Default", endpoint.Source);
        Assert.Equal("unix:///var/run/docker.sock", endpoint.ToString());
    }

    [Fact]
    public void Context_with_tls_files_verifies_with_its_ca()
    {
        _config.AddContext("secure", "tcp://127.0.0.1", skipTlsVerify: false, "d", "ca.pem", "cert.pem", "key.pem");
        string tlsDir = _config.TlsDir("secure");

        DockerEndpoint endpoint = Resolve(new EndpointRequest { Context = "secure" });

        Assert.Equal("tcp://127.0.0.1:2376", endpoint.ToString());
        TlsSettings tls = Assert.IsType<TlsSettings>(endpoint.Tls);
        Assert.True(tls.Verify);
        Assert.Equal(Path.Combine(tlsDir, "ca.pem"), tls.CaFile);
        Assert.Equal(Path.Combine(tlsDir, "cert.pem"), tls.CertFile);
        Assert.Equal(Path.Combine(tlsDir, "key.pem"), tls.KeyFile);
    }

    [Fact]
    public void Context_with_SkipTLSVerify_does_not_verify()
    {
        _config.AddContext("insecure", "tcp://127.0.0.1:2376", skipTlsVerify: true, "d", "ca.pem", "cert.pem", "key.pem");

        DockerEndpoint endpoint = Resolve(new EndpointRequest { Context = "insecure" });

        TlsSettings tls = Assert.IsType<TlsSettings>(endpoint.Tls);
        Assert.False(tls.Verify);
        Assert.Null(tls.CaFile);
        Assert.NotNull(tls.CertFile);
    }

    // The docker CLI uses TLS (without verifying) for a context with SkipTLSVerify=true even when
    // the context has no TLS files.
    [Fact]
    public void Context_with_SkipTLSVerify_and_no_tls_files_still_uses_tls()
    {
        _config.AddContext("insecure", "tcp://127.0.0.1", skipTlsVerify: true);

        DockerEndpoint endpoint = Resolve(new EndpointRequest { Context = "insecure" });

        Assert.False(Assert.IsType<TlsSettings>(endpoint.Tls).Verify);
        Assert.Equal(2376, endpoint.Address.Port);
    }

    [Fact]
    public void Context_that_verifies_tls_without_a_ca_fails()
    {
        _config.AddContext("noca", "tcp://127.0.0.1:2376", skipTlsVerify: false, "d", "cert.pem", "key.pem");

        EndpointResolutionException e = ResolveFails(new EndpointRequest { Context = "noca" });

        Assert.Equal("TlsCertificateNotFound", e.ErrorId);
        Assert.Contains("noca", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsCertPath_overrides_the_context_tls_files()
    {
        _config.AddContext("secure", "tcp://127.0.0.1:2376", skipTlsVerify: false, "d", "ca.pem", "cert.pem", "key.pem");
        string certs = _config.CertFolder("mycerts", "ca.pem", "cert.pem", "key.pem");

        DockerEndpoint endpoint = Resolve(new EndpointRequest { Context = "secure", TlsCertPath = certs });

        Assert.Equal(Path.Combine(certs, "ca.pem"), endpoint.Tls?.CaFile);
    }

    // ---- the built-in "default" context ----------------------------------------------------

    [Fact]
    public void Default_context_is_the_platform_default_without_DOCKER_HOST()
    {
        DockerEndpoint endpoint = Resolve(new EndpointRequest { Context = "default" }, isWindows: true);

        Assert.Equal("Context", endpoint.Source);
        Assert.Equal("default", endpoint.ContextName);
        Assert.Equal("npipe:////./pipe/docker_engine", endpoint.ToString());
    }

    [Fact]
    public void Default_context_is_DOCKER_HOST_when_set()
    {
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2375";

        DockerEndpoint endpoint = Resolve(new EndpointRequest { Context = "default" });

        Assert.Equal("Context", endpoint.Source);
        Assert.Equal("default", endpoint.ContextName);
        Assert.Equal("tcp://10.0.0.5:2375", endpoint.ToString());
    }

    [Fact]
    public void DOCKER_CONTEXT_default_is_the_platform_default()
    {
        _config.AddContext("file-ctx", "tcp://10.0.0.7:2375");
        _config.SetCurrentContext("file-ctx");
        _env["DOCKER_CONTEXT"] = "default";

        DockerEndpoint endpoint = Resolve();

        Assert.Equal("DOCKER_CONTEXT", endpoint.Source);
        Assert.Equal("unix:///var/run/docker.sock", endpoint.ToString());
    }

    [Fact]
    public void Config_file_current_context_default_is_the_platform_default()
    {
        _config.SetCurrentContext("default");

        DockerEndpoint endpoint = Resolve(isWindows: true);

        Assert.Equal("npipe:////./pipe/docker_engine", endpoint.ToString());
        Assert.Null(endpoint.Tls);
    }

    // ---- errors ----------------------------------------------------------------------------

    [Fact]
    public void HostAddress_and_Context_together_conflict()
    {
        _config.AddContext("remote", "tcp://127.0.0.1:2376");

        EndpointResolutionException e = ResolveFails(new EndpointRequest { HostAddress = "tcp://10.0.0.1:2375", Context = "remote" });

        Assert.Equal("ConflictingEndpointParameters", e.ErrorId);
        Assert.Contains("-HostAddress", e.Message, StringComparison.Ordinal);
        Assert.Contains("-Context", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_context_is_not_found()
    {
        EndpointResolutionException e = ResolveFails(new EndpointRequest { Context = "nope" });

        Assert.Equal("ContextNotFound", e.ErrorId);
        Assert.Equal("nope", e.Target);
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_DOCKER_CONTEXT_is_not_found()
    {
        _env["DOCKER_CONTEXT"] = "gone";

        Assert.Equal("ContextNotFound", ResolveFails().ErrorId);
    }

    [Fact]
    public void Unknown_config_file_context_is_not_found()
    {
        _config.SetCurrentContext("gone");

        Assert.Equal("ContextNotFound", ResolveFails().ErrorId);
    }

    [Fact]
    public void Context_without_docker_endpoint_fails()
    {
        _config.AddContext("k8s-only", host: null);

        Assert.Equal("ContextHasNoDockerEndpoint", ResolveFails(new EndpointRequest { Context = "k8s-only" }).ErrorId);
    }

    [Fact]
    public void Invalid_HostAddress()
    {
        EndpointResolutionException e = ResolveFails(new EndpointRequest { HostAddress = "ssh://me@host" });

        Assert.Equal("InvalidHostAddress", e.ErrorId);
        Assert.Equal("ssh://***@host", e.Target);   // user information is never shown
        Assert.IsType<FormatException>(e.InnerException);
    }

    [Fact]
    public void Invalid_DOCKER_HOST_names_the_variable()
    {
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:notaport";

        EndpointResolutionException e = ResolveFails();

        Assert.Equal("InvalidHostAddress", e.ErrorId);
        Assert.StartsWith("DOCKER_HOST:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_context_host_names_the_context()
    {
        _config.AddContext("broken", "ftp://10.0.0.9");

        EndpointResolutionException e = ResolveFails(new EndpointRequest { Context = "broken" });

        Assert.Equal("InvalidHostAddress", e.ErrorId);
        Assert.Contains("context 'broken'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_config_json()
    {
        _config.WriteConfig("{ \"currentContext\": ");

        EndpointResolutionException e = ResolveFails();

        Assert.Equal("DockerConfigInvalid", e.ErrorId);
        Assert.Equal(Path.Combine(_config.Root, "config.json"), e.Target);
    }

    [Fact]
    public void Invalid_context_meta_json()
    {
        string dir = Path.Combine(_config.Root, "contexts", "meta", TempDockerConfig.Sha256Hex("bad"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "meta.json"), "not json");

        Assert.Equal("DockerContextInvalid", ResolveFails(new EndpointRequest { Context = "bad" }).ErrorId);
    }

    // ---- the config store ------------------------------------------------------------------

    [Fact]
    public void ContextId_is_the_sha256_of_the_name_in_lower_case_hex()
    {
        // docker's well-known id for the "default" context
        Assert.Equal("37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f", DockerConfigStore.ContextId("default"));

        string expected = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("my-remote-ctx"))).ToLowerInvariant();
        Assert.Equal(expected, DockerConfigStore.ContextId("my-remote-ctx"));
    }

    [Fact]
    public void ListContexts_reads_every_context_sorted_by_name()
    {
        _config.AddContext("zeta", "tcp://10.0.0.9:2375", description: "last");
        _config.AddContext("alpha", "tcp://10.0.0.8:2376", skipTlsVerify: false, "first", "ca.pem", "cert.pem", "key.pem");

        IReadOnlyList<ContextEntry> contexts = _config.Store.ListContexts();

        Assert.Collection(contexts,
            a =>
            {
                Assert.Equal("alpha", a.Name);
                Assert.Equal("first", a.Description);
                Assert.Equal("tcp://10.0.0.8:2376", a.Host);
                Assert.True(a.HasTlsMaterial);
            },
            z =>
            {
                Assert.Equal("zeta", z.Name);
                Assert.Equal("last", z.Description);
                Assert.False(z.HasTlsMaterial);
            });
    }

    [Fact]
    public void FromEnvironment_prefers_DOCKER_CONFIG()
    {
        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = _config.Root, ["HOME"] = "home-dir" };

        Assert.Equal(_config.Root, DockerConfigStore.FromEnvironment(n => env.GetValueOrDefault(n)).Directory);

        env.Remove("DOCKER_CONFIG");
        Assert.Equal(Path.Combine("home-dir", ".docker"), DockerConfigStore.FromEnvironment(n => env.GetValueOrDefault(n)).Directory);
    }

    // ---- TLS applies to tcp engines only ------------------------------------------------------

    [Theory]
    [InlineData("unix:///var/run/docker.sock")]
    [InlineData("npipe:////./pipe/docker_engine")]
    public void TLS_variables_left_in_the_environment_do_not_apply_to_a_socket_given_by_HostAddress(string address)
    {
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = _config.CertFolder("certs", "ca.pem", "cert.pem", "key.pem");

        DockerEndpoint endpoint = Resolve(new EndpointRequest { HostAddress = address }, isWindows: address.StartsWith("npipe", StringComparison.Ordinal));

        Assert.Equal(address, endpoint.ToString());
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void A_named_pipe_is_refused_where_there_are_none()
    {
        EndpointResolutionException e = ResolveFails(new EndpointRequest { HostAddress = "npipe:////./pipe/docker_engine" });

        Assert.Equal("InvalidHostAddress", e.ErrorId);
        Assert.Contains("Windows only", e.Message, StringComparison.Ordinal);
        Assert.Equal("npipe:////./pipe/docker_engine", Resolve(new EndpointRequest { HostAddress = "npipe:////./pipe/docker_engine" }, isWindows: true).ToString());
    }

    [Fact]
    public void A_context_that_does_not_resolve_lists_with_its_error_and_the_tls_it_asks_for()
    {
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2376";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = Path.Combine(_config.Root, "no-such-folder");
        _config.AddContext("bad-host", "ftp://10.0.0.9");

        Dictionary<string, DockerContext> listed = DockerContextList.Read(Resolver(), null).ToDictionary(c => c.Name);

        Assert.True(listed["default"].UseTls);
        Assert.True(listed["default"].TlsVerify);
        Assert.Contains("ca.pem", listed["default"].Error, StringComparison.Ordinal);
        Assert.Contains("ftp", listed["bad-host"].Error, StringComparison.Ordinal);
        Assert.False(listed["bad-host"].UseTls);
        Assert.Equal("TlsCertificateNotFound", ResolveFails().ErrorId);   // and using it fails with its own id
    }

    [Fact]
    public void TLS_variables_left_in_the_environment_do_not_apply_to_a_DOCKER_HOST_socket()
    {
        _env["DOCKER_HOST"] = "unix:///var/run/docker.sock";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = Path.Combine(_config.Root, "no-such-folder");   // not even read

        DockerEndpoint endpoint = Resolve();

        Assert.Equal("DOCKER_HOST", endpoint.Source);
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void TLS_variables_without_DOCKER_HOST_keep_the_local_socket()
    {
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = _config.CertFolder("certs", "ca.pem", "cert.pem", "key.pem");

        DockerEndpoint endpoint = Resolve();

        Assert.Equal("unix:///var/run/docker.sock", endpoint.ToString());
        Assert.Null(endpoint.Tls);
    }

    [Fact]
    public void TlsCertPath_given_for_a_socket_is_an_error_before_anything_is_sent()
    {
        string certs = _config.CertFolder("mycerts", "ca.pem", "cert.pem", "key.pem");

        EndpointResolutionException e = ResolveFails(new EndpointRequest { HostAddress = "unix:///var/run/docker.sock", TlsCertPath = certs });

        Assert.Equal("TlsNotSupportedForScheme", e.ErrorId);
        Assert.Contains("unix:///var/run/docker.sock", e.Message, StringComparison.Ordinal);
        Assert.Contains("-TlsCertPath", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_socket_context_with_tls_files_talks_plain_as_docker_does()
    {
        _config.AddContext("local-tls", "unix:///var/run/docker.sock", skipTlsVerify: false, "d", "ca.pem", "cert.pem", "key.pem");

        DockerEndpoint endpoint = Resolve(new EndpointRequest { Context = "local-tls" });

        Assert.Equal("unix:///var/run/docker.sock", endpoint.ToString());
        Assert.Null(endpoint.Tls);
    }

    [Theory]
    [InlineData("https://127.0.0.1:23760", "DOCKER_HOST")]
    [InlineData("http://127.0.0.1:2375", "DOCKER_HOST")]
    public void Http_schemes_are_refused_as_docker_refuses_them(string address, string _)
    {
        _env["DOCKER_HOST"] = address;

        EndpointResolutionException e = ResolveFails();

        Assert.Equal("InvalidHostAddress", e.ErrorId);
        Assert.Contains(address, e.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidHostAddress", ResolveFails(new EndpointRequest { HostAddress = address }).ErrorId);
    }

    [Fact]
    public void A_base_path_stays_part_of_the_endpoint_and_its_cache_key()
    {
        DockerEndpoint withPath = Resolve(new EndpointRequest { HostAddress = "tcp://10.0.0.1:2375/prefix" });
        DockerEndpoint without = Resolve(new EndpointRequest { HostAddress = "tcp://10.0.0.1:2375" });

        Assert.Equal("tcp://10.0.0.1:2375/prefix", withPath.ToString());
        Assert.NotEqual(without, withPath);
    }

    // ---- which context is current -------------------------------------------------------------

    [Fact]
    public void DOCKER_HOST_makes_default_the_current_context_over_the_config_file_and_DOCKER_CONTEXT()
    {
        _config.AddContext("file-ctx", "tcp://10.0.0.7:2375");
        _config.SetCurrentContext("file-ctx");
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2375";

        Assert.Null(Resolver().SelectedContext());
        IReadOnlyList<DockerContext> listed = DockerContextList.Read(Resolver(), null);
        Assert.Equal(new[] { "default" }, listed.Where(c => c.Current).Select(c => c.Name));
        Assert.Equal("tcp://10.0.0.5:2375", listed.Single(c => c.Name == "default").HostAddress);

        _env["DOCKER_CONTEXT"] = "file-ctx";   // DOCKER_HOST still wins, as in the docker CLI
        Assert.Null(Resolver().SelectedContext());
        Assert.Equal("DOCKER_HOST", Resolve().Source);

        _env.Remove("DOCKER_HOST");
        Assert.Equal(new[] { "file-ctx" }, DockerContextList.Read(Resolver(), null).Where(c => c.Current).Select(c => c.Name));
    }

    [Fact]
    public void Listed_contexts_show_the_tls_the_next_call_uses()
    {
        string certs = _config.CertFolder("certs", "ca.pem", "cert.pem", "key.pem");
        _config.AddContext("verified", "tcp://10.0.0.8:2376", skipTlsVerify: false, "d", "ca.pem", "cert.pem", "key.pem");
        _config.AddContext("skipverify", "tcp://10.0.0.9:2376", skipTlsVerify: true);
        _config.AddContext("sock-with-files", "unix:///var/run/docker.sock", skipTlsVerify: false, "d", "ca.pem", "cert.pem", "key.pem");
        _env["DOCKER_HOST"] = "unix:///var/run/docker.sock";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = certs;

        Dictionary<string, DockerContext> listed = DockerContextList.Read(Resolver(), null).ToDictionary(c => c.Name);

        foreach (DockerContext c in listed.Values)
        {
            DockerEndpoint used = Resolve(new EndpointRequest { Context = c.Name });
            Assert.Equal(used.UseTls, c.UseTls);
            Assert.Equal(used.Tls?.Verify ?? false, c.TlsVerify);
            Assert.Equal(used.ToString(), c.HostAddress);
        }

        Assert.True(listed["verified"].TlsVerify);
        Assert.True(listed["skipverify"].UseTls);
        Assert.False(listed["skipverify"].TlsVerify);
        Assert.False(listed["sock-with-files"].UseTls);
        Assert.False(listed["default"].UseTls);
    }

    // ---- paths resolve against the caller's location ----------------------------------------

    [Fact]
    public void Relative_DOCKER_CERT_PATH_and_DOCKER_CONFIG_resolve_with_the_given_location()
    {
        string location = _config.Root;
        _config.CertFolder("rel-certs", "ca.pem", "cert.pem", "key.pem");
        _env["DOCKER_HOST"] = "tcp://10.0.0.5:2376";
        _env["DOCKER_TLS_VERIFY"] = "1";
        _env["DOCKER_CERT_PATH"] = "rel-certs";
        Func<string, string> fromLocation = p => Path.GetFullPath(Path.Combine(location, p));

        var resolver = new EndpointResolver(n => _env.GetValueOrDefault(n), _config.Store, false, fromLocation);
        DockerEndpoint endpoint = resolver.Resolve(new EndpointRequest(), null);

        Assert.Equal(Path.Combine(location, "rel-certs", "ca.pem"), endpoint.Tls?.CaFile);

        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = "cfg" };
        Assert.Equal(Path.Combine(location, "cfg"), DockerConfigStore.FromEnvironment(n => env.GetValueOrDefault(n), fromLocation).Directory);
    }
}
