using System.Linq;
using PSDocker.Specs;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// The image reference parser against the vectors of Docker's own reference grammar tests (the distribution
/// reference package: reference_test.go, normalize_test.go, regexp_test.go), parsed as the docker CLI parses a
/// reference (ParseNormalizedNamed): expected domain and path are the normalised ones ("busybox" is
/// docker.io/library/busybox), reasons are docker's words.
/// </summary>
public class ImageReferenceTests
{
    private const string F64 = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    private const string Be = "be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912";
    private const string Hex64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
    private const string Hub = "docker.io";

    private static readonly string s_path255 = string.Concat(Enumerable.Repeat("a/", 127)) + "a";
    private static readonly string s_path257 = string.Concat(Enumerable.Repeat("a/", 128)) + "a";
    private static readonly string s_longNamespace = string.Concat(Enumerable.Repeat(
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_", 3)) +
        "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker";

    public static TheoryData<string, string, string, string?, string?> Valid => new()
    {
        // reference_test.go TestReferenceParse (normalised)
        { "test_com", Hub, "library/test_com", null, null },
        { "test.com:tag", Hub, "library/test.com", "tag", null },
        { "test.com:5000", Hub, "library/test.com", "5000", null },
        { "test.com/repo:tag", "test.com", "repo", "tag", null },
        { "test:5000/repo", "test:5000", "repo", null, null },
        { "test:5000/repo:tag", "test:5000", "repo", "tag", null },
        { "test:5000/repo@sha256:" + F64, "test:5000", "repo", null, "sha256:" + F64 },
        { "test:5000/repo:tag@sha256:" + F64, "test:5000", "repo", "tag", "sha256:" + F64 },
        { "lowercase:Uppercase", Hub, "library/lowercase", "Uppercase", null },
        { s_path255 + ":tag-puts-this-over-max", Hub, s_path255, "tag-puts-this-over-max", null },
        { "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", null, null },
        { "sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux", "some-long-tag", null },
        { "b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", "test.example.com", null },
        { "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", null },
        { "xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + F64 + F64, "xn--7o8h.com", "myimage", "xn--7o8h.com", "sha512:" + F64 + F64 },
        { "foo_bar.com:8080", Hub, "library/foo_bar.com", "8080", null },
        { "foo/foo_bar.com:8080", Hub, "foo/foo_bar.com", "8080", null },
        { "192.168.1.1", Hub, "library/192.168.1.1", null, null },
        { "192.168.1.1:tag", Hub, "library/192.168.1.1", "tag", null },
        { "192.168.1.1:5000", Hub, "library/192.168.1.1", "5000", null },
        { "192.168.1.1/repo", "192.168.1.1", "repo", null, null },
        { "192.168.1.1:5000/repo", "192.168.1.1:5000", "repo", null, null },
        { "192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050", null },
        { "[2001:db8::1]/repo", "[2001:db8::1]", "repo", null, null },
        { "[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", null },
        { "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo", null, null },
        { "[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag", null },
        { "[2001:db8::1]:5000/repo@sha256:" + F64, "[2001:db8::1]:5000", "repo", null, "sha256:" + F64 },
        { "[2001:db8::1]:5000/repo:tag@sha256:" + F64, "[2001:db8::1]:5000", "repo", "tag", "sha256:" + F64 },
        { "[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo", null, null },
        { "[::1]:5000/repo", "[::1]:5000", "repo", null, null },

        // normalize_test.go TestValidateReferenceName, TestValidateRemoteName, TestNormalizedSplitHostname
        { "docker/docker", Hub, "docker/docker", null, null },
        { "library/debian", Hub, "library/debian", null, null },
        { "debian", Hub, "library/debian", null, null },
        { "docker.io/docker/docker", Hub, "docker/docker", null, null },
        { "docker.io/library/debian", Hub, "library/debian", null, null },
        { "docker.io/debian", Hub, "library/debian", null, null },
        { "index.docker.io/docker/docker", Hub, "docker/docker", null, null },
        { "index.docker.io/library/debian", Hub, "library/debian", null, null },
        { "index.docker.io/debian", Hub, "library/debian", null, null },
        { "127.0.0.1:5000/docker/docker", "127.0.0.1:5000", "docker/docker", null, null },
        { "127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian", null, null },
        { "127.0.0.1:5000/debian", "127.0.0.1:5000", "debian", null, null },
        { "192.168.0.1", Hub, "library/192.168.0.1", null, null },
        { "192.168.0.1:80", Hub, "library/192.168.0.1", "80", null },
        { "192.168.0.1:8/debian", "192.168.0.1:8", "debian", null, null },
        { "192.168.0.2:25000/debian", "192.168.0.2:25000", "debian", null, null },
        { "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", Hub, "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", null, null },
        { "[fc00::1]:5000/docker", "[fc00::1]:5000", "docker", null, null },
        { "[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker", null, null },
        { "[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian", null, null },
        { "docker.io/" + Hex64, Hub, "library/" + Hex64, null, null },
        { "Docker/docker", "Docker", "docker", null, null },
        { "DOCKER/docker", "DOCKER", "docker", null, null },
        { "docker-rules/docker", Hub, "docker-rules/docker", null, null },
        { "docker---rules/docker", Hub, "docker---rules/docker", null, null },
        { "doc/docker", Hub, "doc/docker", null, null },
        { "d/docker", Hub, "d/docker", null, null },
        { "jess/t", Hub, "jess/t", null, null },
        { "dock__er/docker", Hub, "dock__er/docker", null, null },
        { "test_com/foo", Hub, "test_com/foo", null, null },
        { "docker/migrator", Hub, "docker/migrator", null, null },
        { "test.com:8080/foo", "test.com:8080", "foo", null, null },
        { "test-com:8080/foo", "test-com:8080", "foo", null, null },
        { "foo", Hub, "library/foo", null, null },
        { "xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo", null, null },
        { "docker.io/library/foo/bar", Hub, "library/foo/bar", null, null },
        { "store/foo/bar", Hub, "store/foo/bar", null, null },
        { "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa", Hub, "library/busybox", "latest", "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa" },
        { "redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", Hub, "library/redis", null, "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c" },
        { "dmcgowan/myapp:latest", Hub, "dmcgowan/myapp", "latest", null },
        { "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", Hub, "library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", null, null },
        { "dbcc1", Hub, "library/dbcc1", null, null },

        // regexp_test.go TestFullNameRegexp and TestReferenceRegexp (matching ones)
        { "localhost:8080/bar", "localhost:8080", "bar", null, null },
        { "localhost/bar", "localhost", "bar", null, null },
        { "aa-a/a", Hub, "aa-a/a", null, null },
        { "do__cker/docker", Hub, "do__cker/docker", null, null },
        { "foo.com/foo_bar", "foo.com", "foo_bar", null, null },
        { "example.com/some_separator__underscore/myimage", "example.com", "some_separator__underscore/myimage", null, null },
        { "registry.io/foo/project--id.module--name.ver---sion--name", "registry.io", "foo/project--id.module--name.ver---sion--name", null, null },
        { "Asdf.com/foo/bar", "Asdf.com", "foo/bar", null, null },
        { "registry.com:8080/myapp:tag", "registry.com:8080", "myapp", "tag", null },
        { "registry.com:8080/myapp@sha256:" + Be, "registry.com:8080", "myapp", null, "sha256:" + Be },
        { "registry.com:8080/myapp:tag2@sha256:" + Be, "registry.com:8080", "myapp", "tag2", "sha256:" + Be },
        { "localhost:8080@sha256:" + Be, Hub, "library/localhost", "8080", "sha256:" + Be },
        { "localhost@sha256:" + Be, Hub, "library/localhost", null, "sha256:" + Be },
        { "192.168.1.1:75050/x", "192.168.1.1:75050", "x", null, null },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        // reference_test.go TestReferenceParse
        { "", "invalid reference format" },
        { ":justtag", "invalid reference format" },
        { "@sha256:" + F64, "invalid reference format" },
        { "repo@sha256:ffffffffffffffffffffffffffffffffff", "invalid checksum digest length" },
        { "validname@invaliddigest:" + F64, "unsupported digest algorithm" },
        { "Uppercase:tag", "invalid reference format: repository name (library/Uppercase) must be lowercase" },
        { "test:5000/Uppercase/lowercase:tag", "invalid reference format: repository name (Uppercase/lowercase) must be lowercase" },
        { s_path257 + ":tag", "repository name must not be more than 255 characters" },
        { "aa/asdf$$^/aa", "invalid reference format" },
        { "[2001:db8::1]", "invalid reference format" },
        { "[2001:db8::1]:5000", "invalid reference format" },
        { "[2001:db8::1]:tag", "invalid reference format" },
        { "[fe80::1%eth0]:5000/repo", "invalid reference format" },
        { "[fe80::1%@invalidzone]:5000/repo", "invalid reference format" },

        // normalize_test.go invalid names
        { "https://github.com/docker/docker", "invalid reference format" },
        { "docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase" },
        { "-docker", "invalid reference format" },
        { "-docker/docker", "invalid reference format" },
        { "-docker.io/docker/docker", "invalid reference format" },
        { "docker///docker", "invalid reference format" },
        { "docker.io/docker/Docker", "invalid reference format: repository name (docker/Docker) must be lowercase" },
        { "docker.io/docker///docker", "invalid reference format" },
        { "[fc00::1]", "invalid reference format" },
        { "[fc00::1]:5000", "invalid reference format" },
        { "fc00::1:5000/debian", "invalid reference format" },
        { "[fe80::1%eth0]:5000/debian", "invalid reference format" },
        { "[2001:db8:3:4::192.0.2.33]:5000/debian", "invalid reference format" },
        { Hex64, "invalid repository name (" + Hex64 + "), cannot specify 64-byte hexadecimal strings" },
        { "docker-/docker", "invalid reference format" },
        { "-docker-/docker", "invalid reference format" },
        { "____/____", "invalid reference format" },
        { "_docker/_docker", "invalid reference format" },
        { "dock..er/docker", "invalid reference format" },
        { "dock_.er/docker", "invalid reference format" },
        { "dock-.er/docker", "invalid reference format" },
        { "docker/", "invalid reference format" },
        { s_longNamespace, "repository name must not be more than 255 characters" },
        { "-foo", "invalid reference format" },

        // regexp_test.go non-matching names and references
        { "registry.com:8080/myapp@sha256:badbadbadbad", "invalid reference format" },
        { "registry.com:8080/myapp:invalid~tag", "invalid reference format" },
        { "bad_hostname.com:8080/myapp:tag", "invalid reference format" },
        { "localhost:http/name@sha256:" + Be, "invalid reference format" },
        { "registry.com:8080/myapp@bad", "invalid reference format" },
        { "registry.com:8080/myapp@2bad", "invalid reference format" },
        { "foo.com:http/bar", "invalid reference format" },
        { "a/a/a/a/", "invalid reference format" },
        { "a//a/a", "invalid reference format" },
        { "foo.com/", "invalid reference format" },
        { "a^a", "invalid reference format" },
        { "a-/a/a/a", "invalid reference format" },
        { "foo.com/a-/a/a", "invalid reference format" },
        { "foo/bar-", "invalid reference format" },
        { "foo/-bar", "invalid reference format" },
        { "docker_/docker_", "invalid reference format" },
        { "example.com/__underscore/myimage", "invalid reference format" },
        { "example.com/..dots/myimage", "invalid reference format" },
        { "example.com/.dots/myimage", "invalid reference format" },
        { "example.com/nodouble..dots/myimage", "invalid reference format" },
        { "docker./docker", "invalid reference format" },
        { ".docker/docker", "invalid reference format" },
        { "do__cker:8080/docker", "invalid reference format" },
        { "foo_bar.com:8080/app", "invalid reference format" },
        { "Foo/FarB", "invalid reference format: repository name (FarB) must be lowercase" },
        { "[fd00:1:2::3]75050/x", "invalid reference format" },
        { "[fd00:1:2::3]::75050/x", "invalid reference format" },

        // go-digest's checks of a digest that fits the grammar, and the tag's 128-character limit
        { "x@sha256:" + F64.ToUpperInvariant(), "invalid checksum digest format" },
        { "x@sha512:" + F64, "invalid checksum digest length" },
        { "busybox:" + new string('t', 129), "invalid reference format" },
        { "busybox:-tag", "invalid reference format" },
        { "busybox:tag\n", "invalid reference format" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses_docker_valid_references(string text, string domain, string path, string? tag, string? digest)
    {
        Assert.True(ImageReference.TryParse(text, out ImageReference? r, out string? reason), reason);
        Assert.Null(reason);
        Assert.Equal(domain, r!.Domain);
        Assert.Equal(path, r.Path);
        Assert.Equal(tag, r.Tag);
        Assert.Equal(digest, r.Digest);
        Assert.Equal(domain + "/" + path, r.Name);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Refuses_docker_invalid_references_with_docker_words(string text, string reason)
    {
        Assert.False(ImageReference.TryParse(text, out ImageReference? r, out string? why));
        Assert.Null(r);
        Assert.Equal(reason, why);
    }

    [Fact]
    public void Tables_hold_at_least_sixty_vectors_each()
    {
        Assert.True(Valid.Count() >= 60);
        Assert.True(Invalid.Count() >= 60);
    }

    // normalize_test.go TestParseRepositoryInfo: familiar, full name and domain from each way of writing it.
    [Theory]
    [InlineData("fooo/bar", "fooo/bar", "docker.io/fooo/bar", "docker.io", "fooo/bar")]
    [InlineData("docker.io/fooo/bar", "fooo/bar", "docker.io/fooo/bar", "docker.io", "fooo/bar")]
    [InlineData("index.docker.io/fooo/bar", "fooo/bar", "docker.io/fooo/bar", "docker.io", "fooo/bar")]
    [InlineData("ubuntu", "ubuntu", "docker.io/library/ubuntu", "docker.io", "library/ubuntu")]
    [InlineData("library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "docker.io", "library/ubuntu")]
    [InlineData("docker.io/library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "docker.io", "library/ubuntu")]
    [InlineData("other/library", "other/library", "docker.io/other/library", "docker.io", "other/library")]
    [InlineData("127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000", "private/moonbase")]
    [InlineData("127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000", "privatebase")]
    [InlineData("example.com/private/moonbase", "example.com/private/moonbase", "example.com/private/moonbase", "example.com", "private/moonbase")]
    [InlineData("example.com:8000/privatebasee", "example.com:8000/privatebasee", "example.com:8000/privatebasee", "example.com:8000", "privatebasee")]
    [InlineData("ubuntu-12.04-base", "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base", "docker.io", "library/ubuntu-12.04-base")]
    [InlineData("docker.io/foo", "foo", "docker.io/library/foo", "docker.io", "library/foo")]
    [InlineData("library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "docker.io", "library/foo/bar")]
    [InlineData("store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "docker.io", "store/foo/bar")]
    [InlineData("Foo/bar", "Foo/bar", "Foo/bar", "Foo", "bar")]
    [InlineData("FOO/bar", "FOO/bar", "FOO/bar", "FOO", "bar")]
    public void Familiar_and_full_names_as_docker_shows_them(string text, string familiar, string full, string domain, string path)
    {
        ImageReference r = ImageReference.Parse(text, "Image");
        Assert.Equal(familiar, r.FamiliarName);
        Assert.Equal(full, r.Name);
        Assert.Equal(domain, r.Domain);
        Assert.Equal(path, r.Path);
    }

    [Theory]
    [InlineData("busybox", "busybox", "docker.io/library/busybox", "latest", "https://index.docker.io/v1/")]
    [InlineData("busybox:1.36", "busybox:1.36", "docker.io/library/busybox:1.36", "1.36", "https://index.docker.io/v1/")]
    [InlineData("busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa",
        "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa",
        "docker.io/library/busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa", "latest", "https://index.docker.io/v1/")]
    [InlineData("redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        "redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
        "docker.io/library/redis@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c", null, "https://index.docker.io/v1/")]
    [InlineData("127.0.0.1:5000/psdocker/busybox", "127.0.0.1:5000/psdocker/busybox", "127.0.0.1:5000/psdocker/busybox", "latest", "127.0.0.1:5000")]
    [InlineData("[::1]:5000/app:1.0", "[::1]:5000/app:1.0", "[::1]:5000/app:1.0", "1.0", "[::1]:5000")]
    [InlineData("localhost/app", "localhost/app", "localhost/app", "latest", "localhost")]
    public void Familiar_string_default_tag_and_auth_key(string text, string familiar, string full, string? tagOrDefault, string authKey)
    {
        ImageReference r = ImageReference.Parse(text, "Image");
        Assert.Equal(familiar, r.FamiliarString);
        Assert.Equal(full, r.ToString());
        Assert.Equal(tagOrDefault, r.TagOrDefault);
        Assert.Equal(authKey, r.AuthKey);
    }

    [Fact]
    public void Parse_throws_InvalidImageReference_naming_the_parameter_and_value()
    {
        PSDockerException e = Assert.Throws<PSDockerException>(() => ImageReference.Parse("Busybox", "Tag"));
        Assert.Equal("InvalidImageReference", e.ErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, e.Category);
        Assert.Contains("-Tag 'Busybox'", e.Message);
        Assert.Contains("must be lowercase", e.Message);
    }

    [Fact]
    public void A_pathological_input_is_refused_quickly()
    {
        string text = string.Concat(Enumerable.Repeat("a-", 5000)) + "!";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(ImageReference.TryParse(text, out _, out string? reason));
        Assert.True(watch.Elapsed.TotalSeconds < 2, watch.Elapsed.ToString());
        Assert.Equal("invalid reference format", reason);
    }
}
