using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;
using Xunit;

namespace PSDocker.Tests;

/// <summary>Name-or-id resolution, with the engine's rules (moby daemon GetContainer).</summary>
public class ContainerIdentityTests
{
    private static readonly DockerEndpoint Engine = new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);

    private const string WebId = "3f2a9c1b7d4e00000000000000000000000000000000000000000000000000aa";
    private const string DbId = "3f2a9c1b7d4f00000000000000000000000000000000000000000000000000bb";
    private const string JobId = "abc0000000000000000000000000000000000000000000000000000000000001";
    // A container whose name looks like another one's id prefix.
    private const string TrickyId = "9999999999990000000000000000000000000000000000000000000000000001";

    private static Container Make(string id, params string[] names) =>
        ModelMapper.ToContainer(new ContainerListResponse { ID = id, Names = names.Select(n => "/" + n).ToList(), State = "running" }, Engine);

    private static readonly IReadOnlyCollection<Container> All = new[]
    {
        Make(WebId, "web"),
        Make(DbId, "hunt-db", "hunt-app/db"),
        Make(JobId, "Job"),
        Make(TrickyId, "abc"),
    };

    [Fact]
    public void The_exact_name_resolves()
    {
        ContainerResolution r = ContainerIdentity.Resolve("web", All);
        Assert.Equal(ContainerMatchKind.Name, r.Kind);
        Assert.Equal(WebId, r.Container!.Id);
    }

    [Fact]
    public void The_full_id_resolves()
    {
        ContainerResolution r = ContainerIdentity.Resolve(DbId, All);
        Assert.Equal(ContainerMatchKind.FullId, r.Kind);
        Assert.Equal("hunt-db", r.Container!.Name);
    }

    [Fact]
    public void A_unique_id_prefix_resolves()
    {
        ContainerResolution r = ContainerIdentity.Resolve("3f2a9c1b7d4e", All);
        Assert.Equal(ContainerMatchKind.IdPrefix, r.Kind);
        Assert.Equal("web", r.Container!.Name);
    }

    [Fact]
    public void A_name_wins_over_an_id_prefix()
    {
        // "abc" is the name of one container and a prefix of another's id: docker takes the name.
        ContainerResolution r = ContainerIdentity.Resolve("abc", All);
        Assert.Equal(ContainerMatchKind.Name, r.Kind);
        Assert.Equal(TrickyId, r.Container!.Id);
    }

    [Fact]
    public void A_shared_prefix_is_ambiguous_and_names_every_candidate()
    {
        ContainerResolution r = ContainerIdentity.Resolve("3f2a", All);
        Assert.Equal(ContainerMatchKind.AmbiguousIdPrefix, r.Kind);
        Assert.Null(r.Container);
        Assert.Equal(new[] { WebId, DbId }, r.Candidates.Select(c => c.Id));

        PSDockerException e = ContainerIdentity.ToError(r, Engine, All)!;
        Assert.Equal("ContainerIdAmbiguous", e.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
        Assert.Contains("3f2a9c1b7d4e (web)", e.Message);
        Assert.Contains("3f2a9c1b7d4f (hunt-db)", e.Message);
    }

    [Fact]
    public void Names_are_case_sensitive_and_the_error_points_at_the_right_case()
    {
        ContainerResolution r = ContainerIdentity.Resolve("job", All);
        Assert.Equal(ContainerMatchKind.None, r.Kind);

        PSDockerException e = ContainerIdentity.ToError(r, Engine, All)!;
        Assert.Equal("ContainerNotFound", e.ErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.Category);
        Assert.Contains("'Job'", e.Message);
    }

    [Fact]
    public void A_link_alias_resolves_exactly_as_docker_inspect_takes_it()
    {
        ContainerResolution r = ContainerIdentity.Resolve("hunt-app/db", All);
        Assert.Equal(ContainerMatchKind.LinkAlias, r.Kind);
        Assert.Equal(DbId, r.Container!.Id);
    }

    [Fact]
    public void Nothing_matches_an_empty_identity_or_an_unknown_one()
    {
        Assert.Equal(ContainerMatchKind.None, ContainerIdentity.Resolve("", All).Kind);
        Assert.Equal(ContainerMatchKind.None, ContainerIdentity.Resolve("nope", All).Kind);
        Assert.Null(ContainerIdentity.ToError(ContainerIdentity.Resolve("web", All), Engine, All));
    }

    [Fact]
    public void Wildcards_match_own_names_ignoring_case_and_never_link_aliases()
    {
        Assert.Equal(new[] { "hunt-db" }, ContainerIdentity.MatchWildcard("hunt-*", All).Select(c => c.Name));
        Assert.Equal(new[] { "Job" }, ContainerIdentity.MatchWildcard("j*", All).Select(c => c.Name));
        Assert.Empty(ContainerIdentity.MatchWildcard("*/db", All));
        Assert.True(ContainerIdentity.IsWildcard("hunt-app*"));
        Assert.False(ContainerIdentity.IsWildcard("hunt-app"));
    }

    [Fact]
    public void Ids_only_ignore_names_strip_sha256_and_any_case()
    {
        // "abc" is a name, but as an id it is the prefix of Job's id.
        Assert.Equal(ContainerMatchKind.None, ContainerIdentity.ResolveId("web", All).Kind);
        Assert.Equal(JobId, ContainerIdentity.ResolveId("abc", All).Container!.Id);
        Assert.Equal(WebId, ContainerIdentity.ResolveId("sha256:3F2A9C1B7D4E", All).Container!.Id);
        Assert.Equal("sha256:3F2A9C1B7D4E", ContainerIdentity.ResolveId("sha256:3F2A9C1B7D4E", All).Identity);
        Assert.Equal(ContainerMatchKind.AmbiguousIdPrefix, ContainerIdentity.ResolveId("3f2a", All).Kind);
    }

    [Theory]
    [InlineData("web*")]
    [InlineData("w?b")]
    public void A_wildcard_name_is_matched_on_the_whole_list(string name) =>
        Assert.False(ContainerIdentity.CanNarrow(new[] { "web", name }, null));

    [Fact]
    public void Caller_filters_on_name_or_id_are_not_widened()
    {
        var byName = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { ["db"] = true } };
        var byLabel = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["app=web"] = true } };

        Assert.False(ContainerIdentity.CanNarrow(new[] { "web" }, byName));
        Assert.True(ContainerIdentity.CanNarrow(new[] { "web", "3f2a" }, byLabel));
    }

    [Fact]
    public void An_id_prefix_filter_keeps_the_callers_filters_and_leaves_them_unchanged()
    {
        var byLabel = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { ["app=web"] = true } };

        var set = ContainerIdentity.WithIdPrefix(byLabel, "3f2a");

        Assert.Equal(new[] { "3f2a" }, set["id"].Keys);
        Assert.True(set["label"]["app=web"]);
        Assert.False(byLabel.ContainsKey("id"));
    }

    [Theory]
    [InlineData("sha256:3F2A9C", "3f2a9c")]
    [InlineData(" ABC ", "abc")]
    public void Ids_are_read_as_docker_reads_them(string id, string expected) =>
        Assert.Equal(expected, ContainerIdentity.NormalizeId(id));

    [Theory]
    [InlineData("3f2a9c", "3f2a9c")]
    [InlineData("web", null)]
    [InlineData("ABC", null)]
    public void Only_lower_case_hex_can_be_an_id_prefix(string text, string? expected) =>
        Assert.Equal(expected, ContainerIdentity.IdPrefix(text));

    [Theory]
    [InlineData("web.1", true)]
    [InlineData("/web", true)]
    [InlineData("hunt-app/db", true)]
    [InlineData("3f2a9c1b7d4e", true)]
    [InlineData("a b", false)]
    [InlineData("a?b", false)]
    [InlineData("-web", false)]
    [InlineData("", false)]
    public void Only_text_that_can_be_a_name_is_looked_up(string text, bool expected) =>
        Assert.Equal(expected, ContainerIdentity.CouldBeName(text));

    [Fact]
    public void A_bad_wildcard_is_an_InvalidWildcard_error_naming_the_parameter()
    {
        PSDockerException e = ContainerIdentity.CheckWildcard("web[", "-Name")!;

        Assert.Equal("InvalidWildcard", e.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
        Assert.Contains("-Name 'web['", e.Message, StringComparison.Ordinal);
        Assert.Null(ContainerIdentity.CheckWildcard("web*", "-Name"));
        Assert.Null(ContainerIdentity.CheckWildcard("web", "-Name"));
    }

    [Fact]
    public void A_leading_slash_is_docker_s_own_spelling_of_a_name()
    {
        Assert.Equal(WebId, ContainerIdentity.Resolve("/web", All).Container!.Id);
    }
}
