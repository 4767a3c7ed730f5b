using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Xunit;

namespace PSDocker.Tests;

/// <summary>How the volume cmdlets check names, tell anonymous volumes, map volumes and name the engine's refusals.</summary>
public class VolumeIdentityTests
{
    private static readonly DockerEndpoint Engine = new DockerEndpoint(new Uri("unix:///var/run/docker.sock"), "Default", null, null);
    private const string Generated = "57534c7c7d82e6d2b31cad186dafb63797e6534fe4b978cd2550771a38e130a8";

    [Theory]
    [InlineData("data")]
    [InlineData("db")]
    [InlineData("9a")]
    [InlineData("my_volume.v-2")]
    [InlineData(Generated)]
    public void Names_the_local_driver_takes_pass(string name) => VolumeIdentity.CheckName(name, "Name", null);

    [Theory]
    [InlineData("x", "at least two characters")]
    [InlineData("-data", "letters, digits")]
    [InlineData("_data", "letters, digits")]
    [InlineData("bad/name", "letters, digits")]
    [InlineData("a b", "letters, digits")]
    [InlineData("/srv/data", "absolute path")]
    public void Names_the_local_driver_refuses_are_InvalidVolumeName_naming_the_parameter_and_value(string name, string why)
    {
        var e = Assert.Throws<PSDockerException>(() => VolumeIdentity.CheckName(name, "Name", "local"));
        Assert.Equal("InvalidVolumeName", e.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.Category);
        Assert.Contains($"-Name '{name}'", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Other_drivers_decide_their_names_themselves() => VolumeIdentity.CheckName("bad/name", "Name", "some-plugin");

    [Theory]
    [InlineData(Generated, false, true)]
    [InlineData("data", true, true)]          // engines 23+ label their anonymous volumes
    [InlineData("data", false, false)]
    [InlineData("57534C7C7D82E6D2B31CAD186DAFB63797E6534FE4B978CD2550771A38E130A8", false, false)]
    [InlineData("57534c7c7d82", false, false)]
    public void Anonymous_volumes_are_told_by_label_or_generated_name(string name, bool labelled, bool anonymous)
    {
        var labels = labelled ? new Dictionary<string, string> { [VolumeIdentity.AnonymousLabel] = "" } : new Dictionary<string, string>();
        Assert.Equal(anonymous, VolumeIdentity.IsAnonymous(name, labels));
    }

    [Theory]
    [InlineData("remove data: volume is in use - [abc, def]", new[] { "abc", "def" })]
    [InlineData("remove data: volume is in use - [" + Generated + "]", new[] { Generated })]
    [InlineData("remove data: volume is in use - []", new string[0])]
    public void The_engines_in_use_refusal_gives_the_container_ids(string message, string[] ids) =>
        Assert.Equal(ids, VolumeIdentity.InUseContainerIds(message));

    [Fact]
    public void Other_messages_are_not_an_in_use_refusal() =>
        Assert.Null(VolumeIdentity.InUseContainerIds("get data: no such volume"));

    private static DockerApiException Api(HttpStatusCode status, string message) =>
        new DockerApiException(status, "{\"message\":\"" + message + "\"}");

    [Fact]
    public void In_use_is_VolumeInUse_naming_the_containers_by_name_with_the_volume_as_target()
    {
        PSDockerException? e = VolumeIdentity.ToError(Api(HttpStatusCode.Conflict, "remove data: volume is in use - [" + Generated + "]"), "data", new[] { "db" });
        Assert.NotNull(e);
        Assert.Equal("VolumeInUse", e!.ErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, e.Category);
        Assert.Contains("container db", e.Message);
        Assert.Contains(Generated, e.Message);   // the engine's own words too
        Assert.Equal("data", e.Target);
    }

    [Fact]
    public void In_use_without_names_looked_up_names_the_short_ids()
    {
        PSDockerException? e = VolumeIdentity.ToError(Api(HttpStatusCode.Conflict, "remove data: volume is in use - [" + Generated + ", abc]"), "data");
        Assert.Contains("containers 57534c7c7d82, abc", e!.Message);
    }

    [Fact]
    public void Missing_volume_is_VolumeNotFound_and_missing_driver_VolumeDriverNotFound()
    {
        PSDockerException? missing = VolumeIdentity.ToError(Api(HttpStatusCode.NotFound, "get data: no such volume"), "data");
        Assert.Equal("VolumeNotFound", missing!.ErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.Category);
        Assert.Contains("data", missing.Message);
        PSDockerException? driver = VolumeIdentity.ToError(Api(HttpStatusCode.NotFound, "create data: error looking up volume plugin nosuch: plugin \\\"nosuch\\\" not found"), "data");
        Assert.Equal("VolumeDriverNotFound", driver!.ErrorId);
        Assert.Contains("nosuch", driver.Message);
    }

    [Fact]
    public void Filters_carry_labels_dangling_and_drivers()
    {
        var f = VolumeIdentity.Filters(new[] { "a=b", "c" }, dangling: true, drivers: new[] { "local" });
        Assert.True(f["label"]["a=b"]);
        Assert.True(f["label"]["c"]);
        Assert.True(f["dangling"]["true"]);
        Assert.True(f["driver"]["local"]);
        Assert.Empty(VolumeIdentity.Filters(null));
    }

    [Fact]
    public void A_volume_maps_with_local_time_sizes_and_its_engine()
    {
        ContainerVolume v = ModelMapper.ToVolume(new VolumeResponse
        {
            Name = "data",
            Driver = "local",
            Mountpoint = "/var/lib/docker/volumes/data/_data",
            Scope = "local",
            CreatedAt = "2026-11-30T04:46:42Z",
            Labels = new Dictionary<string, string> { ["suite"] = "web" },
        }, Engine, new UsageData { Size = 200000, RefCount = 1 });
        Assert.Equal("data", v.Name);
        Assert.Equal(new DateTime(2026, 11, 30, 4, 46, 42, DateTimeKind.Utc), v.Created!.Value.ToUniversalTime());
        Assert.Equal(DateTimeKind.Local, v.Created.Value.Kind);
        Assert.Equal("web", v.Labels["suite"]);
        Assert.Empty(v.Options);
        Assert.Equal(200000, v.Size);
        Assert.Equal("200kB", v.SizeText);
        Assert.Equal(1, v.RefCount);
        Assert.False(v.IsAnonymous);
        Assert.Same(Engine, v.Endpoint);
    }

    [Fact]
    public void Unknown_sizes_stay_empty()
    {
        ContainerVolume v = ModelMapper.ToVolume(new VolumeResponse { Name = Generated }, Engine, new UsageData { Size = -1, RefCount = -1 });
        Assert.Null(v.Size);
        Assert.Null(v.SizeText);
        Assert.Null(v.RefCount);
        Assert.Null(v.Created);
        Assert.True(v.IsAnonymous);
    }
}
