using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PSDocker.Specs;
using Xunit;

namespace PSDocker.Tests;

/// <summary>A credential helper kept in memory, speaking the helper protocol's answers (not a process).</summary>
internal sealed class MemoryHelper : CredentialHelper
{
    internal MemoryHelper(string name) : base(name)
    {
    }

    internal Dictionary<string, (string User, string Secret)> Entries { get; } = new();

    internal List<string> Calls { get; } = new();

    protected override HelperResult Run(string action, string input)
    {
        Calls.Add(action + " " + (action == "store" ? "(json)" : input));
        switch (action)
        {
            case "get":
                return Entries.TryGetValue(input, out var e)
                    ? new HelperResult(0, JsonSerializer.Serialize(new { ServerURL = input, Username = e.User, Secret = e.Secret }))
                    : new HelperResult(1, NotFoundMessage);
            case "store":
                using (JsonDocument doc = JsonDocument.Parse(input))
                {
                    JsonElement r = doc.RootElement;
                    Entries[r.GetProperty("ServerURL").GetString()!] = (r.GetProperty("Username").GetString()!, r.GetProperty("Secret").GetString()!);
                }

                return new HelperResult(0, "");
            case "erase":
                return Entries.Remove(input) ? new HelperResult(0, "") : new HelperResult(1, NotFoundMessage);
            case "list":
                return new HelperResult(0, JsonSerializer.Serialize(Entries.ToDictionary(p => p.Key, p => p.Value.User)));
            default:
                return new HelperResult(1, "unknown action");
        }
    }
}

public sealed class RegistryCredentialsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "psdocker-cred-tests-" + Guid.NewGuid().ToString("N"), "docker");
    private readonly Dictionary<string, MemoryHelper> _helpers = new();

    private RegistryCredentialStore Store => new RegistryCredentialStore(_dir, name =>
    {
        if (!_helpers.TryGetValue(name, out MemoryHelper? h))
        {
            h = _helpers[name] = new MemoryHelper(name);
        }

        return h;
    });

    private string ConfigPath => Path.Combine(_dir, "config.json");

    private void WriteConfig(string json)
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(ConfigPath, json);
    }

    private JsonObject ReadConfig() => (JsonObject)JsonNode.Parse(File.ReadAllText(ConfigPath))!;

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    public void Dispose()
    {
        string root = Path.GetDirectoryName(_dir)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, true);
        }
    }

    [Theory]
    [InlineData(null, "https://index.docker.io/v1/")]
    [InlineData("", "https://index.docker.io/v1/")]
    [InlineData("docker.io", "https://index.docker.io/v1/")]
    [InlineData("index.docker.io", "https://index.docker.io/v1/")]
    [InlineData("registry-1.docker.io", "https://index.docker.io/v1/")]
    [InlineData("https://index.docker.io/v1/", "https://index.docker.io/v1/")]
    [InlineData("https://index.docker.io/v2/", "https://index.docker.io/v1/")]
    [InlineData("127.0.0.1:5001", "127.0.0.1:5001")]
    [InlineData("https://127.0.0.1:5001", "127.0.0.1:5001")]
    [InlineData("http://127.0.0.1:5001/v2/", "127.0.0.1:5001")]
    [InlineData("registry.example.com", "registry.example.com")]
    [InlineData("registry.example.com/some/path", "registry.example.com")]
    [InlineData("https://user@registry.example.com:443/", "registry.example.com:443")]
    [InlineData("localhost:5000", "localhost:5000")]
    [InlineData("[::1]:5000", "[::1]:5000")]
    [InlineData("https://[::1]:5000/v2/", "[::1]:5000")]
    [InlineData("  127.0.0.1:5001  ", "127.0.0.1:5001")]
    public void NormalizeRegistry_gives_docker_login_keys(string? text, string expected) =>
        Assert.Equal(expected, RegistryCredentialStore.NormalizeRegistry(text));

    [Theory]
    [InlineData("https://")]
    [InlineData("/path")]
    [InlineData("my registry")]
    [InlineData(":5000")]
    [InlineData("host:")]
    public void NormalizeRegistry_refuses_text_without_a_host(string text) =>
        Assert.Null(RegistryCredentialStore.NormalizeRegistry(text));

    [Theory]
    [InlineData("https://host:5000/v2/", "host:5000")]
    [InlineData("http://host", "host")]
    [InlineData("host:5000/v1/", "host:5000")]
    [InlineData("host", "host")]
    public void ConvertToHostname_matches_docker(string text, string expected) =>
        Assert.Equal(expected, RegistryCredentialStore.ConvertToHostname(text));

    [Fact]
    public void LogoutKeys_are_those_docker_logout_tries()
    {
        Assert.Equal(new[] { "host:5000", "http://host:5000", "https://host:5000" }, RegistryCredentialStore.LogoutKeys("host:5000"));
        Assert.Equal(new[] { "https://index.docker.io/v1/" }, RegistryCredentialStore.LogoutKeys("https://index.docker.io/v1/"));
    }

    [Fact]
    public void No_config_file_means_anonymous()
    {
        Assert.Null(Store.Get("127.0.0.1:5001"));
        Assert.Empty(Store.GetAll());
        Assert.False(Store.IsStored("127.0.0.1:5001"));
    }

    [Fact]
    public void Auths_entry_is_decoded()
    {
        WriteConfig("""{"auths":{"127.0.0.1:5001":{"auth":"AUTH1"}}}""".Replace("AUTH1", B64("alice:pa:ss")));
        var auth = Store.Get("127.0.0.1:5001")!;
        Assert.Equal("alice", auth.Username);
        Assert.Equal("pa:ss", auth.Password);
        Assert.Equal("127.0.0.1:5001", auth.ServerAddress);
        Assert.Null(Store.Get("127.0.0.1:5000"));
    }

    [Fact]
    public void Auths_entry_stored_with_a_scheme_is_found_by_host()
    {
        WriteConfig("""{"auths":{"https://reg.example.com:5000/v2/":{"auth":"AUTH1"}}}""".Replace("AUTH1", B64("bob:secret")));
        var auth = Store.Get("reg.example.com:5000")!;
        Assert.Equal("bob", auth.Username);
        Assert.Equal("reg.example.com:5000", auth.ServerAddress);
    }

    [Fact]
    public void Identity_token_entry_gives_the_token()
    {
        WriteConfig("""{"auths":{"reg.example.com":{"identitytoken":"tok-123"}}}""");
        var auth = Store.Get("reg.example.com")!;
        Assert.Equal("tok-123", auth.IdentityToken);
        Assert.Null(auth.Password);
    }

    [Fact]
    public void Empty_auths_entry_is_anonymous()
    {
        WriteConfig("""{"auths":{"reg.example.com":{}}}""");
        Assert.Null(Store.Get("reg.example.com"));
    }

    [Fact]
    public void Invalid_auth_is_DockerConfigInvalid_without_the_value()
    {
        WriteConfig("""{"auths":{"reg.example.com":{"auth":"AUTH1"}}}""".Replace("AUTH1", B64("no-colon-here")));
        var e = Assert.Throws<PSDockerException>(() => Store.Get("reg.example.com"));
        Assert.Equal("DockerConfigInvalid", e.ErrorId);
        Assert.DoesNotContain("no-colon-here", e.Message);
        Assert.DoesNotContain(B64("no-colon-here"), e.Message);
    }

    [Fact]
    public void Invalid_json_is_DockerConfigInvalid()
    {
        WriteConfig("{ not json");
        Assert.Equal("DockerConfigInvalid", Assert.Throws<PSDockerException>(() => Store.Get("x")).ErrorId);
    }

    [Fact]
    public void Store_in_auths_keeps_every_other_key_and_entry()
    {
        WriteConfig("""
            {
              "auths": { "other:5000": { "auth": "b3RoZXI6cHc=", "email": "o@example.com", "futureField": 1 } },
              "psFormat": "table {{.ID}}",
              "currentContext": "lab",
              "proxies": { "default": { "httpProxy": "http://proxy:3128" } },
              "someFutureKey": { "nested": [1, 2, { "deep": true }] }
            }
            """);
        string where = Store.Store("127.0.0.1:5001", "alice", "s3cret+/=", null);
        Assert.Equal(ConfigPath, where);

        JsonObject config = ReadConfig();
        Assert.Equal("table {{.ID}}", (string?)config["psFormat"]);
        Assert.Equal("lab", (string?)config["currentContext"]);
        Assert.Equal("http://proxy:3128", (string?)config["proxies"]!["default"]!["httpProxy"]);
        Assert.True((bool)config["someFutureKey"]!["nested"]![2]!["deep"]!);
        Assert.Equal(1, (int)config["auths"]!["other:5000"]!["futureField"]!);
        Assert.Equal("o@example.com", (string?)config["auths"]!["other:5000"]!["email"]);
        Assert.Equal(B64("alice:s3cret+/="), (string?)config["auths"]!["127.0.0.1:5001"]!["auth"]);

        var auth = Store.Get("127.0.0.1:5001")!;
        Assert.Equal("s3cret+/=", auth.Password);
        // Written as docker writes it: tab-indented, no temp file left behind.
        Assert.Contains("\n\t\"auths\"", File.ReadAllText(ConfigPath));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Store_creates_folder_and_file_for_the_user_only()
    {
        Store.Store("127.0.0.1:5001", "alice", "pw", null);
        Assert.True(File.Exists(ConfigPath));
        Assert.NotNull(ReadConfig()["auths"]!["127.0.0.1:5001"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigPath));
        }
    }

    [Fact]
    public void Store_keeps_the_mode_of_an_existing_file()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        WriteConfig("{}");
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Store.Store("h:1", "u", "p", null);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(ConfigPath));
    }

    [Fact]
    public void Store_writes_through_a_symbolic_link()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(_dir);
        string real = Path.Combine(_dir, "real.json");
        File.WriteAllText(real, """{"psFormat":"x"}""");
        File.CreateSymbolicLink(ConfigPath, real);
        Store.Store("h:1", "u", "p", null);
        Assert.NotNull(new FileInfo(ConfigPath).LinkTarget);
        Assert.Contains("h:1", File.ReadAllText(real));
        Assert.Contains("psFormat", File.ReadAllText(real));
    }

    [Fact]
    public void CredsStore_helper_gets_the_secret_and_auths_an_empty_entry()
    {
        WriteConfig("""{"credsStore":"memtest","auths":{}}""");
        string where = Store.Store("127.0.0.1:5001", "alice", "pw", null);
        Assert.Equal("docker-credential-memtest", where);
        Assert.Equal(("alice", "pw"), _helpers["memtest"].Entries["127.0.0.1:5001"]);
        JsonObject entry = (JsonObject)ReadConfig()["auths"]!["127.0.0.1:5001"]!;
        Assert.Empty(entry);
        Assert.DoesNotContain("pw", File.ReadAllText(ConfigPath));

        var auth = Store.Get("127.0.0.1:5001")!;
        Assert.Equal("alice", auth.Username);
        Assert.Equal("pw", auth.Password);
    }

    [Fact]
    public void CredHelpers_win_over_credsStore_for_their_registry()
    {
        WriteConfig("""{"credsStore":"general","credHelpers":{"127.0.0.1:5001":"special"}}""");
        Store.Store("127.0.0.1:5001", "alice", "pw1", null);
        Store.Store("other:5000", "bob", "pw2", null);
        Assert.True(_helpers["special"].Entries.ContainsKey("127.0.0.1:5001"));
        Assert.False(_helpers["general"].Entries.ContainsKey("127.0.0.1:5001"));
        Assert.True(_helpers["general"].Entries.ContainsKey("other:5000"));
        Assert.Equal("docker-credential-special", Store.Describe("127.0.0.1:5001"));
        Assert.Equal("docker-credential-general", Store.Describe("other:5000"));

        IDictionary<string, Docker.DotNet.Models.AuthConfig> all = Store.GetAll();
        Assert.Equal("alice", all["127.0.0.1:5001"].Username);
        Assert.Equal("bob", all["other:5000"].Username);
    }

    [Fact]
    public void Helper_that_says_not_found_means_anonymous()
    {
        WriteConfig("""{"credsStore":"memtest","auths":{"127.0.0.1:5001":{}}}""");
        Assert.Null(Store.Get("127.0.0.1:5001"));
    }

    [Fact]
    public void Helper_token_username_means_identity_token()
    {
        WriteConfig("""{"credsStore":"memtest"}""");
        RegistryCredentialStore store = Store;
        store.Store("reg.example.com", "alice", null, "tok-9");
        Assert.Equal((CredentialHelper.TokenUserName, "tok-9"), _helpers["memtest"].Entries["reg.example.com"]);
        var auth = store.Get("reg.example.com")!;
        Assert.Equal("tok-9", auth.IdentityToken);
        Assert.Null(auth.Username);
        Assert.Null(auth.Password);
    }

    [Fact]
    public void Identity_token_in_auths_is_stored_without_the_password()
    {
        Store.Store("reg.example.com", "alice", "pw", "tok-1");
        JsonObject entry = (JsonObject)ReadConfig()["auths"]!["reg.example.com"]!;
        Assert.Equal("tok-1", (string?)entry["identitytoken"]);
        Assert.Equal(B64("alice:"), (string?)entry["auth"]);
    }

    [Fact]
    public void Erase_removes_every_form_of_the_key_and_keeps_the_rest()
    {
        WriteConfig("""{"auths":{"h:1":{"auth":"AUTH1"},"https://h:1":{"auth":"AUTH2"},"other":{"auth":"AUTH3"}},"psFormat":"x"}""".Replace("AUTH1", B64("a:b")).Replace("AUTH2", B64("a:b")).Replace("AUTH3", B64("c:d")));
        Assert.True(Store.IsStored("h:1"));
        EraseResult r = Store.Erase("h:1");
        Assert.True(r.Removed);
        Assert.Empty(r.Failures);
        JsonObject config = ReadConfig();
        Assert.False(((JsonObject)config["auths"]!).ContainsKey("h:1"));
        Assert.False(((JsonObject)config["auths"]!).ContainsKey("https://h:1"));
        Assert.True(((JsonObject)config["auths"]!).ContainsKey("other"));
        Assert.Equal("x", (string?)config["psFormat"]);
        Assert.False(Store.IsStored("h:1"));
        Assert.False(Store.Erase("h:1").Removed);
    }

    [Fact]
    public void Erase_goes_through_the_helper()
    {
        WriteConfig("""{"credsStore":"memtest"}""");
        Store.Store("h:1", "a", "b", null);
        Assert.True(Store.IsStored("h:1"));
        EraseResult r = Store.Erase("h:1");
        Assert.True(r.Removed);
        Assert.Empty(_helpers["memtest"].Entries);
        Assert.False(((JsonObject)ReadConfig()["auths"]!).ContainsKey("h:1"));
    }

    [Fact]
    public void Missing_helper_program_is_CredentialHelperNotFound()
    {
        WriteConfig("""{"credsStore":"psdocker-no-such-helper"}""");
        var store = new RegistryCredentialStore(_dir);
        var e = Assert.Throws<PSDockerException>(() => store.Get("h:1"));
        Assert.Equal("CredentialHelperNotFound", e.ErrorId);
        Assert.Contains("docker-credential-psdocker-no-such-helper", e.Message);
    }

    [Fact]
    public void For_uses_an_explicit_credential_and_else_the_store()
    {
        var password = new SecureString();
        foreach (char c in "given")
        {
            password.AppendChar(c);
        }

        ImageReference hub = ImageReference.Parse("busybox", "Name");
        ImageReference local = ImageReference.Parse("127.0.0.1:5001/psdocker/busybox", "Name");
        var given = RegistryCredentials.For(hub, new PSCredential("carol", password), Store)!;
        Assert.Equal(("carol", "given", "https://index.docker.io/v1/"), (given.Username, given.Password, given.ServerAddress));

        WriteConfig("""{"auths":{"https://index.docker.io/v1/":{"auth":"AUTH1"},"127.0.0.1:5001":{"auth":"AUTH2"}}}""".Replace("AUTH1", B64("hubuser:hubpw")).Replace("AUTH2", B64("alice:pw")));
        Assert.Equal("hubuser", RegistryCredentials.For(hub, null, Store)!.Username);
        Assert.Equal("alice", RegistryCredentials.For(local, null, Store)!.Username);
        Assert.Null(RegistryCredentials.For(ImageReference.Parse("127.0.0.1:5000/x", "Name"), null, Store));
    }
}
