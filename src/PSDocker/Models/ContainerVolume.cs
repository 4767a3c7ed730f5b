using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// A volume, as `docker volume ls` and `docker volume inspect` describe it (GET /volumes, GET /volumes/{name}).
    /// Its <see cref="Name"/> binds to the -Name of the volume cmdlets, its <see cref="Endpoint"/> to the engine.
    /// </summary>
    public sealed class ContainerVolume
    {
        internal ContainerVolume(string name, string driver, string mountpoint, string scope, DateTime? created,
            IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> options,
            IReadOnlyDictionary<string, object?> status, long? size, long? refCount, DockerEndpoint endpoint)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Driver = driver ?? "";
            Mountpoint = mountpoint ?? "";
            Scope = scope ?? "";
            Created = created;
            Labels = labels;
            Options = options;
            Status = status;
            Size = size;
            RefCount = refCount;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The volume's name (the API's Name; docker volume ls' VOLUME NAME). Anonymous volumes have a generated 64-digit hex name.</summary>
        public string Name { get; }

        /// <summary>The volume driver ("local" unless a plugin made it; the API's Driver; docker volume ls' DRIVER).</summary>
        public string Driver { get; }

        /// <summary>Where the volume's data lives on the engine's host (the API's Mountpoint), e.g. /var/lib/docker/volumes/NAME/_data.</summary>
        public string Mountpoint { get; }

        /// <summary>"local" (this engine only) or "global" (the whole cluster), the API's Scope.</summary>
        public string Scope { get; }

        /// <summary>When the volume was created, in local time (the API's CreatedAt); null when the driver does not say.</summary>
        public DateTime? Created { get; }

        /// <summary>How long ago the volume was created, as docker prints such ages ("5 minutes ago"); empty when unknown.</summary>
        public string CreatedSince => Created.HasValue ? Humanize.Since(Created.Value, DateTime.Now) : "";

        /// <summary>The volume's labels (the API's Labels; docker volume create --label); empty when none.</summary>
        public IReadOnlyDictionary<string, string> Labels { get; }

        /// <summary>The driver options the volume was created with (the API's Options; docker volume create --opt); empty when none.</summary>
        public IReadOnlyDictionary<string, string> Options { get; }

        /// <summary>Driver-specific status (the API's Status); empty for the local driver.</summary>
        public IReadOnlyDictionary<string, object?> Status { get; }

        /// <summary>
        /// True for an anonymous volume: one docker made for a container's -v /path or VOLUME without a name. Engines 23+
        /// mark them with the com.docker.volume.anonymous label; older ones give them a generated 64-digit hex name.
        /// </summary>
        public bool IsAnonymous => VolumeIdentity.IsAnonymous(Name, Labels);

        /// <summary>
        /// The disk space the volume's data takes, in bytes (the API's UsageData.Size from GET /system/df; docker system
        /// df -v). Filled by Get-ContainerVolume -Size; null otherwise, or when the driver does not say (-1 from the engine).
        /// </summary>
        public long? Size { get; }

        /// <summary>The size as docker system df -v prints it ("1.986MB", decimal units, four significant digits); null when <see cref="Size"/> is.</summary>
        public string? SizeText => Size.HasValue ? Humanize.DiskSize(Size.Value) : null;

        /// <summary>
        /// How many containers use the volume (the API's UsageData.RefCount from GET /system/df; docker system df -v's
        /// LINKS). Filled by Get-ContainerVolume -Size; null otherwise.
        /// </summary>
        public long? RefCount { get; }

        /// <summary>The engine the volume lives on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
