using System;
using System.Collections.Generic;
using System.Linq;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>The volume mappings (Get-, New-, Remove-ContainerVolume).</summary>
    internal static partial class ModelMapper
    {
        /// <summary>
        /// A volume as GET /volumes lists it or GET /volumes/{name} and POST /volumes/create return it; <paramref name="usage"/>
        /// is its UsageData from GET /system/df when sizes were asked for (a size or count of -1 means the engine does not know).
        /// </summary>
        internal static ContainerVolume ToVolume(VolumeResponse v, DockerEndpoint endpoint, UsageData? usage = null) =>
            new ContainerVolume(
                v.Name ?? "",
                v.Driver ?? "",
                v.Mountpoint ?? "",
                v.Scope ?? "",
                ParseTimestamp(v.CreatedAt),
                VolumeMap(v.Labels),
                VolumeMap(v.Options),
                v.Status is null ? new Dictionary<string, object?>() : v.Status.ToDictionary(s => s.Key, s => (object?)s.Value, StringComparer.Ordinal),
                usage is null || usage.Size < 0 ? null : usage.Size,
                usage is null || usage.RefCount < 0 ? null : usage.RefCount,
                endpoint);

        private static IReadOnlyDictionary<string, string> VolumeMap(IDictionary<string, string>? items) =>
            items is null ? new Dictionary<string, string>() : new Dictionary<string, string>(items, StringComparer.Ordinal);
    }
}
