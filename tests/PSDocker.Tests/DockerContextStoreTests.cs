using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace PSDocker.Tests;

/// <summary>The write side of the docker config store: names, meta.json bytes, whole-or-nothing files, currentContext.</summary>
public sealed class DockerContextStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "psdx-store-" + Guid.NewGuid().ToString("n").Substring(0, 8));

    public DockerContextStoreTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private DockerConfigStore Store => new DockerConfigStore(_dir);

    private string ConfigText => File.ReadAllText(Path.Combine(_dir, "config.json"));

    private void WriteConfig(string text) => File.WriteAllText(Path.Combine(_dir, "config.json"), text);

    [Theory]
    [InlineData("ab")]
    [InlineData("a1")]
    [InlineData("9x")]
    [InlineData("my-ctx.prod+1_x")]
    [InlineData("Default")]
    public void Names_docker_accepts_pass(string name) => DockerConfigStore.ValidateName(name, "Name");

    [Theory]
    [InlineData("default")]
    [InlineData("a")]
    [InlineData("")]
    [InlineData("_ab")]
    [InlineData("-ab")]
    [InlineData(".ab")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("../ab")]
    [InlineData("ab\n")]
    [InlineData("é1")]
    public void Names_docker_refuses_fail_with_InvalidContextName_naming_them(string name)
    {
        PSDockerException e = Assert.Throws<PSDockerException>(() => DockerConfigStore.ValidateName(name, "Name"));
        Assert.Equal("InvalidContextName", e.ErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, e.Category);
        Assert.Contains("-Name", e.Message);
        Assert.Contains("\"" + name + "\"", e.Message);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("q\"b\\s", "\"q\\\"b\\\\s\"")]
    [InlineData("<a>&", "\"\\u003ca\\u003e\\u0026\"")]
    [InlineData("t\tn\nr\rb\bf\f", "\"t\\tn\\nr\\rb\\bf\\f\"")]
    [InlineData("\u0001\u001f", "\"\\u0001\\u001f\"")]
    [InlineData("\u2028\u2029", "\"\\u2028\\u2029\"")]
    [InlineData("é日\U0001F600/", "\"é日\U0001F600/\"")]
    public void Strings_are_escaped_as_Go_encoding_json_escapes_them(string text, string expected)
    {
        var sb = new StringBuilder();
        DockerConfigStore.AppendGoString(sb, text);
        Assert.Equal(expected, sb.ToString());
    }

    [Fact]
    public void A_lone_surrogate_is_written_as_the_replacement_character_as_Go_writes_invalid_UTF8()
    {
        var sb = new StringBuilder();
        DockerConfigStore.AppendGoString(sb, new string(new[] { '\ud800', 'x', '\udc00' }));
        Assert.Equal("\"\uFFFDx\uFFFD\"", sb.ToString());
    }

    [Fact]
    public void Meta_json_matches_docker_context_create_byte_for_byte()
    {
        // The texts docker context create wrote for these options (docker CLI 28).
        Assert.Equal("{\"Name\":\"a1\",\"Metadata\":{\"Description\":\"hi there\"},\"Endpoints\":{\"docker\":{\"Host\":\"tcp://127.0.0.1:23760\",\"SkipTLSVerify\":false}}}",
            Encoding.UTF8.GetString(DockerConfigStore.MetaJson(new ContextSpec("a1", "hi there", "tcp://127.0.0.1:23760", false, new byte[1], null, null))));
        Assert.Equal("{\"Name\":\"a2\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"tcp://127.0.0.1:23760\",\"SkipTLSVerify\":true}}}",
            Encoding.UTF8.GetString(DockerConfigStore.MetaJson(new ContextSpec("a2", null, "tcp://127.0.0.1:23760", true, null, null, null))));
        Assert.Equal("{\"Name\":\"a13\",\"Metadata\":{\"Description\":\"q\\\"\\u003c\\u003e\\u0026é\"},\"Endpoints\":{\"docker\":{\"SkipTLSVerify\":false}}}",
            Encoding.UTF8.GetString(DockerConfigStore.MetaJson(new ContextSpec("a13", "q\"<>&é", null, false, null, null, null))));
    }

    [Fact]
    public void A_context_is_written_in_docker_s_layout_and_modes_with_nothing_left_over()
    {
        byte[] key = Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n");
        Store.CreateContext(new ContextSpec("ctx1", "d", "tcp://h:2376", false, new byte[] { 1 }, new byte[] { 2 }, key));
        string id = DockerConfigStore.ContextId("ctx1");
        string meta = Path.Combine(_dir, "contexts", "meta", id, "meta.json");
        string tls = Path.Combine(_dir, "contexts", "tls", id, "docker");
        Assert.True(File.Exists(meta));
        Assert.Equal(key, File.ReadAllBytes(Path.Combine(tls, "key.pem")));
        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(Path.Combine(tls, "ca.pem")));
        Assert.Equal(new[] { "meta", "tls" }, Directory.GetFileSystemEntries(Path.Combine(_dir, "contexts")).Select(Path.GetFileName).OrderBy(n => n));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, "key.pem")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(tls));
            Assert.True(File.GetUnixFileMode(meta).HasFlag(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }

        ContextEntry? read = Store.ReadContext("ctx1");
        Assert.NotNull(read);
        Assert.Equal("tcp://h:2376", read!.Host);
        Assert.Equal("d", read.Description);
        Assert.NotNull(read.KeyFile);
    }

    [Fact]
    public void A_context_without_TLS_has_no_tls_folder()
    {
        Store.CreateContext(new ContextSpec("ctx2", null, "unix:///var/run/docker.sock", false, null, null, null));
        Assert.False(Directory.Exists(Path.Combine(_dir, "contexts", "tls")));
        Assert.NotNull(Store.ReadContext("ctx2"));
    }

    [Fact]
    public void An_existing_name_gives_ContextExists_and_keeps_the_first()
    {
        Store.CreateContext(new ContextSpec("ctx3", "first", "unix:///a", false, null, null, null));
        PSDockerException e = Assert.Throws<PSDockerException>(() =>
            Store.CreateContext(new ContextSpec("ctx3", "second", "tcp://b:1", false, new byte[] { 1 }, null, null)));
        Assert.Equal("ContextExists", e.ErrorId);
        Assert.Equal("first", Store.ReadContext("ctx3")!.Description);
        Assert.False(Directory.Exists(Path.Combine(_dir, "contexts", "tls", DockerConfigStore.ContextId("ctx3"))));
        Assert.Equal(new[] { "meta" }, Directory.GetFileSystemEntries(Path.Combine(_dir, "contexts")).Select(Path.GetFileName));
    }

    [Fact]
    public void Leftover_TLS_files_of_a_context_removed_by_hand_are_replaced()
    {
        string stale = Path.Combine(_dir, "contexts", "tls", DockerConfigStore.ContextId("ctx4"), "docker");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "cert.pem"), "old");
        Store.CreateContext(new ContextSpec("ctx4", null, "tcp://h:1", false, new byte[] { 9 }, null, null));
        Assert.False(File.Exists(Path.Combine(stale, "cert.pem")));
        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(Path.Combine(stale, "ca.pem")));
    }

    [Fact]
    public void A_context_made_by_another_process_after_the_first_check_stays_whole_and_gives_ContextExists()
    {
        string id = DockerConfigStore.ContextId("ctx7");
        string metaDir = Path.Combine(_dir, "contexts", "meta", id);
        string tls = Path.Combine(_dir, "contexts", "tls", id, "docker");
        DockerConfigStore store = Store;
        store.BeforeLeftoversRemoved = () =>
        {
            // What docker context create writes for the same name, in the gap between the check and the leftovers.
            Directory.CreateDirectory(metaDir);
            File.WriteAllText(Path.Combine(metaDir, "meta.json"), "theirs");
            Directory.CreateDirectory(tls);
            File.WriteAllText(Path.Combine(tls, "ca.pem"), "theirs");
        };
        PSDockerException e = Assert.Throws<PSDockerException>(() =>
            store.CreateContext(new ContextSpec("ctx7", null, "tcp://h:1", false, new byte[] { 9 }, null, null)));
        Assert.Equal("ContextExists", e.ErrorId);
        Assert.Equal("theirs", File.ReadAllText(Path.Combine(metaDir, "meta.json")));
        Assert.Equal("theirs", File.ReadAllText(Path.Combine(tls, "ca.pem")));
        Assert.Equal(new[] { "meta", "tls" }, Directory.GetFileSystemEntries(Path.Combine(_dir, "contexts")).Select(Path.GetFileName).OrderBy(n => n));
    }

    [Fact]
    public void A_leftover_meta_folder_without_meta_json_is_replaced()
    {
        string metaDir = Path.Combine(_dir, "contexts", "meta", DockerConfigStore.ContextId("ctx8"));
        Directory.CreateDirectory(metaDir);
        File.WriteAllText(Path.Combine(metaDir, "stray"), "x");
        Store.CreateContext(new ContextSpec("ctx8", "new", "tcp://h:1", false, null, null, null));
        Assert.Equal("new", Store.ReadContext("ctx8")!.Description);
        Assert.False(File.Exists(Path.Combine(metaDir, "stray")));
        Assert.Equal(new[] { "meta" }, Directory.GetFileSystemEntries(Path.Combine(_dir, "contexts")).Select(Path.GetFileName));
    }

    [Fact]
    public void Remove_takes_meta_and_tls_and_leaves_the_rest()
    {
        Store.CreateContext(new ContextSpec("ctx5", null, "tcp://h:1", false, new byte[] { 1 }, null, null));
        Store.CreateContext(new ContextSpec("ctx6", null, "tcp://h:1", false, new byte[] { 1 }, null, null));
        Store.RemoveContext("ctx5");
        Assert.Null(Store.ReadContext("ctx5"));
        Assert.NotNull(Store.ReadContext("ctx6"));
        Assert.False(Directory.Exists(Path.Combine(_dir, "contexts", "tls", DockerConfigStore.ContextId("ctx5"))));
        Assert.Equal(new[] { "meta", "tls" }, Directory.GetFileSystemEntries(Path.Combine(_dir, "contexts")).Select(Path.GetFileName).OrderBy(n => n));
        Assert.Equal("ContextNotFound", Assert.Throws<PSDockerException>(() => Store.RemoveContext("ctx5")).ErrorId);
    }

    [Fact]
    public void CurrentContext_goes_where_docker_puts_it_and_every_other_key_stays()
    {
        WriteConfig("{\"auths\":{},\"psFormat\":\"t\",\"unknownKey\":[1],\"plugins\":{\"p\":{\"k\":\"v\"}},\"aliases\":{}}");
        Assert.True(Store.WriteCurrentContext("ctx"));
        Assert.Equal("{\n\t\"auths\": {},\n\t\"psFormat\": \"t\",\n\t\"unknownKey\": [\n\t\t1\n\t],\n\t\"currentContext\": \"ctx\",\n\t\"plugins\": {\n\t\t\"p\": {\n\t\t\t\"k\": \"v\"\n\t\t}\n\t},\n\t\"aliases\": {}\n}", ConfigText);
        Assert.Equal("ctx", Store.ReadCurrentContext());

        Assert.False(Store.WriteCurrentContext("ctx"));
        Assert.True(Store.WriteCurrentContext("other"));
        Assert.Contains("\"currentContext\": \"other\",\n\t\"plugins\"", ConfigText);

        Assert.True(Store.WriteCurrentContext("default"));
        Assert.DoesNotContain("currentContext", ConfigText);
        Assert.Null(Store.ReadCurrentContext());
    }

    [Fact]
    public void Rewriting_config_json_keeps_docker_s_escapes_so_the_file_stays_byte_identical()
    {
        // As docker writes it: & < > escaped, other text as is, an empty array, a number and a bool kept as read.
        WriteConfig("{\n\t\"auths\": {},\n\t\"proxies\": {\n\t\t\"default\": {\n\t\t\t\"httpProxy\": \"http://a\\u0026b\\u003cc\\u003e@h:1/é?q=\\\"x\\\"\"\n\t\t}\n\t},\n\t\"x\": [],\n\t\"n\": 1.50,\n\t\"b\": true\n}");
        Assert.True(Store.WriteCurrentContext("ctx"));
        Assert.Equal("{\n\t\"auths\": {},\n\t\"proxies\": {\n\t\t\"default\": {\n\t\t\t\"httpProxy\": \"http://a\\u0026b\\u003cc\\u003e@h:1/é?q=\\\"x\\\"\"\n\t\t}\n\t},\n\t\"x\": [],\n\t\"n\": 1.50,\n\t\"b\": true,\n\t\"currentContext\": \"ctx\"\n}", ConfigText);
    }

    [Fact]
    public void A_new_config_file_gets_auths_first_as_docker_writes_it()
    {
        Assert.False(Store.WriteCurrentContext(null));
        Assert.False(File.Exists(Path.Combine(_dir, "config.json")));
        Assert.True(Store.WriteCurrentContext("ctx"));
        Assert.Equal("{\n\t\"auths\": {},\n\t\"currentContext\": \"ctx\"\n}", ConfigText);
    }

    [Fact]
    public void A_config_that_is_not_JSON_is_left_alone_with_DockerConfigInvalid()
    {
        WriteConfig("{ nope");
        Assert.Equal("DockerConfigInvalid", Assert.Throws<PSDockerException>(() => Store.WriteCurrentContext("ctx")).ErrorId);
        Assert.Equal("{ nope", ConfigText);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:23760", "tcp://127.0.0.1:23760")]
    [InlineData(" tcp://h:1 ", "tcp://h:1")]
    [InlineData("127.0.0.1:2375", "tcp://127.0.0.1:2375")]
    [InlineData("/var/run/docker.sock", "unix:///var/run/docker.sock")]
    [InlineData("tcp://:2375", "tcp://:2375")]
    public void An_address_is_written_as_given_or_in_the_full_form_docker_reads(string given, string written) =>
        Assert.Equal(written, ContextSpecs.FromAddress("ctx", null, given, null, false, isWindows: false).Host);

    [Theory]
    [InlineData("http://h:2375", null, false, "InvalidHostAddress")]
    [InlineData("npipe:////./pipe/docker_engine", null, false, "InvalidHostAddress")]
    [InlineData("unix:///var/run/docker.sock", null, true, "TlsNotSupportedForScheme")]
    [InlineData("unix:///var/run/docker.sock", "/", false, "TlsNotSupportedForScheme")]
    [InlineData("tcp://h:1", "/psdx-no-such-folder", false, "TlsCertificateNotFound")]
    [InlineData("tcp://", null, false, "InvalidHostAddress")]
    [InlineData(" TCP:// ", null, false, "InvalidHostAddress")]
    [InlineData("tcp:///", null, false, "InvalidHostAddress")]
    [InlineData("tcp:///prefix", null, false, "InvalidHostAddress")]
    [InlineData("tcp://user@", null, false, "InvalidHostAddress")]
    [InlineData("tcp://:", null, false, "InvalidHostAddress")]
    public void Bad_address_or_TLS_input_is_refused_with_its_error_id(string host, string? folder, bool skip, string errorId) =>
        Assert.Equal(errorId, Assert.Throws<PSDockerException>(() => ContextSpecs.FromAddress("ctx", null, host, folder, skip, isWindows: false)).ErrorId);

    [Fact]
    public void TLS_files_are_read_as_they_are_and_a_folder_with_neither_ca_nor_cert_is_refused()
    {
        string certs = Path.Combine(_dir, "certs");
        Directory.CreateDirectory(certs);
        Assert.Equal("TlsCertificateNotFound",
            Assert.Throws<PSDockerException>(() => ContextSpecs.FromAddress("ctx", null, "tcp://h:1", certs, true, false)).ErrorId);
        File.WriteAllBytes(Path.Combine(certs, "ca.pem"), new byte[] { 1, 2 });
        ContextSpec spec = ContextSpecs.FromAddress("ctx", null, "tcp://h:1", certs, false, false);
        Assert.Equal(new byte[] { 1, 2 }, spec.Ca);
        Assert.Null(spec.Cert);
        Assert.Null(spec.Key);
        Assert.False(spec.SkipTlsVerify);
    }

    [Fact]
    public void The_default_context_is_copied_from_DOCKER_HOST_with_docker_s_description()
    {
        var env = new System.Collections.Generic.Dictionary<string, string?> { ["DOCKER_HOST"] = "tcp://10.0.0.5:2375" };
        var resolver = new EndpointResolver(n => env.TryGetValue(n, out string? v) ? v : null, Store, isWindows: false);
        ContextSpec spec = ContextSpecs.FromContext("ctx", null, "default", resolver, isWindows: false);
        Assert.Equal("tcp://10.0.0.5:2375", spec.Host);
        Assert.Equal("Current DOCKER_HOST based configuration", spec.Description);
        Assert.False(spec.HasTls);

        env.Remove("DOCKER_HOST");
        Assert.Equal("unix:///var/run/docker.sock", ContextSpecs.FromContext("ctx", "mine", "default", resolver, isWindows: false).Host);
        Assert.Equal("ContextNotFound", Assert.Throws<PSDockerException>(() => ContextSpecs.FromContext("ctx", null, "nope", resolver, false)).ErrorId);
    }
}
