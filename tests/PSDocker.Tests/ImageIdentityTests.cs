using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Xunit;

namespace PSDocker.Tests;

/// <summary>How Get-Image and Remove-Image read image texts, match rows, and name the engine's refusals.</summary>
public class ImageIdentityTests
{
    private static readonly DockerEndpoint Engine = new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);
    private const string Hex = "605b4318a51c5a6d91725a825d9ab00d53f3d0e6fa22dd712ecf28249c2de8a1";

    private static List<Image> Rows(params string[] tags) =>
        ModelMapper.ToImageRows(new ImagesListResponse
        {
            ID = "sha256:" + Hex,
            RepoTags = tags.ToList(),
            Labels = new Dictionary<string, string> { ["team"] = "ops", ["tier"] = "" },
        }, Engine).ToList();

    [Theory]
    [InlineData("busybox", "Reference")]
    [InlineData("127.0.0.1:5000/app:1.0", "Reference")]
    [InlineData("605b4318a51c", "Reference")]          // a short hex text is a name first, an id prefix second
    [InlineData("sha256:605b", "Id")]
    [InlineData("SHA256:605b", "Id")]
    [InlineData("sha256:" + Hex, "Id")]
    [InlineData(Hex, "Id")]                          // 64 hex digits are never a name
    [InlineData("127.0.0.1:5000/*", "Wildcard")]
    [InlineData("busybox:lat?st", "Wildcard")]
    [InlineData("app[12]", "Wildcard")]
    public void Texts_are_read_as_docker_reads_them(string text, string kindName)
    {
        var kind = (ImageTextKind)Enum.Parse(typeof(ImageTextKind), kindName);
        Assert.Equal(kind, ImageIdentity.Classify(text, "Reference", out var reference));
        Assert.Equal(kind == ImageTextKind.Reference, reference is not null);
    }

    [Theory]
    [InlineData("sha256:")]
    [InlineData("sha256:xyz")]
    [InlineData("sha256:" + Hex + "00")]
    public void A_sha256_text_without_a_hex_id_is_refused(string text)
    {
        var e = Assert.Throws<PSDockerException>(() => ImageIdentity.Classify(text, "Image", out _));
        Assert.Equal("InvalidImageId", e.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
        Assert.Contains("-Image '" + text + "'", e.Message);
    }

    [Fact]
    public void A_bad_wildcard_is_refused()
    {
        var e = Assert.Throws<PSDockerException>(() => ImageIdentity.Classify("app[", "Reference", out _));
        Assert.Equal("InvalidWildcard", e.ErrorId);
    }

    [Fact]
    public void Short_hex_names_could_be_id_prefixes_and_other_names_not()
    {
        Assert.True(ImageIdentity.CouldBeIdPrefix("605b4318a51c"));
        Assert.False(ImageIdentity.CouldBeIdPrefix("busybox"));
        Assert.False(ImageIdentity.CouldBeIdPrefix("605B"));
    }

    [Theory]
    [InlineData("127.0.0.1:5000/*", "127.0.0.1:5000/psdocker/busybox:latest")]
    [InlineData("busybox:lat*", "busybox:latest")]
    [InlineData("busy*", "busybox:latest")]
    [InlineData("*/psdocker/busybox", "127.0.0.1:5000/psdocker/busybox:latest")]   // the repository alone
    [InlineData("BUSYBOX:*", "busybox:1.0")]
    public void Wildcards_match_repository_and_tag_or_repository(string pattern, string tag)
    {
        Assert.True(ImageIdentity.Matches(new WildcardPattern(pattern, WildcardOptions.IgnoreCase), Rows(tag)[0]));
    }

    [Fact]
    public void Wildcards_never_match_untagged_rows()
    {
        Image untagged = Rows()[0];
        Assert.Equal("<none>", untagged.Repository);
        Assert.Equal(untagged.Id, untagged.Reference);
        Assert.False(ImageIdentity.Matches(new WildcardPattern("*", WildcardOptions.IgnoreCase), untagged));
        Assert.False(ImageIdentity.Matches(new WildcardPattern("busybox:*", WildcardOptions.IgnoreCase), Rows("busybox2:1")[0]));
    }

    [Fact]
    public void Labels_match_by_key_or_key_and_value_all_of_them()
    {
        Image row = Rows("app:1")[0];
        Assert.True(ImageIdentity.HasLabels(row, null));
        Assert.True(ImageIdentity.HasLabels(row, new[] { "team", "tier=" }));
        Assert.True(ImageIdentity.HasLabels(row, new[] { "team=ops" }));
        Assert.False(ImageIdentity.HasLabels(row, new[] { "team=dev" }));
        Assert.False(ImageIdentity.HasLabels(row, new[] { "team=ops", "missing" }));
    }

    [Fact]
    public void Filters_are_the_engines_label_dangling_and_reference_filters()
    {
        var f = ImageIdentity.Filters(new[] { "a=1", "b", "a=1" }, dangling: false, reference: "busybox");
        Assert.Equal(new[] { "a=1", "b" }, f["label"].Keys.OrderBy(k => k));
        Assert.Equal(new[] { "false" }, f["dangling"].Keys);
        Assert.Equal(new[] { "busybox" }, f["reference"].Keys);
        Assert.Empty(ImageIdentity.Filters(null));
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, "conflict: unable to remove repository reference \"app:1\" (must force) - container 6f0bdb6c6570 is using its referenced image 8396837f8a80", "ImageInUse", ErrorCategory.ResourceBusy)]
    [InlineData(HttpStatusCode.Conflict, "conflict: unable to delete 8396837f8a80 (cannot be forced) - image is being used by running container 6f0bdb6c6570", "ImageInUse", ErrorCategory.ResourceBusy)]
    [InlineData(HttpStatusCode.Conflict, "conflict: unable to delete 8396837f8a80 (must be forced) - image is being used by stopped container 6f0bdb6c6570", "ImageInUse", ErrorCategory.ResourceBusy)]
    [InlineData(HttpStatusCode.Conflict, "conflict: unable to delete 8396837f8a80 (must be forced) - image is referenced in multiple repositories", "ImageReferencedInMultipleRepositories", ErrorCategory.InvalidOperation)]
    [InlineData(HttpStatusCode.Conflict, "conflict: unable to delete 5f24d3e2ecc0 (cannot be forced) - image has dependent child images", "ImageHasDependentChildImages", ErrorCategory.InvalidOperation)]
    [InlineData(HttpStatusCode.Conflict, "conflict: something else", "ImageConflict", ErrorCategory.ResourceExists)]
    [InlineData(HttpStatusCode.NotFound, "No such image: app:1", "ImageNotFound", ErrorCategory.ObjectNotFound)]
    public void Engine_refusals_get_specific_ids_and_keep_the_engines_message(HttpStatusCode status, string message, string id, ErrorCategory category)
    {
        string body = "{\"message\":" + System.Text.Json.JsonSerializer.Serialize(message) + "}";
        PSDockerException e = ImageIdentity.ToError(new DockerApiException(status, body), "app:1")!;
        Assert.Equal(id, e.ErrorId);
        Assert.Equal(category, e.Category);
        Assert.Equal(message, e.Message);
        Assert.Null(ImageIdentity.ToError(new InvalidOperationException("x"), "app:1"));
    }

    [Fact]
    public void An_inspected_image_gives_one_row_per_tag_each_with_details()
    {
        var inspect = new ImageInspectResponse
        {
            ID = "sha256:" + Hex,
            RepoTags = new List<string> { "app:1", "127.0.0.1:5000/app:2" },
            Architecture = "amd64",
            Os = "linux",
            Config = new DockerOCIImageConfig { Cmd = new List<string> { "/bin/sh" } },
        };
        List<Image> rows = ModelMapper.ToImageRows(inspect, Engine).ToList();
        Assert.Equal(new[] { "app:1", "127.0.0.1:5000/app:2" }, rows.Select(r => r.Reference));
        Assert.Equal(new[] { "127.0.0.1:5000/app", "2" }, new[] { rows[1].Repository, rows[1].Tag });
        Assert.All(rows, r => Assert.True(r.IsInspected));
        Assert.All(rows, r => Assert.Equal("linux", r.Os));

        inspect.RepoTags = new List<string>();
        Image untagged = Assert.Single(ModelMapper.ToImageRows(inspect, Engine));
        Assert.Equal("<none>", untagged.Tag);
        Assert.Equal("sha256:" + Hex, untagged.Reference);
    }
}
