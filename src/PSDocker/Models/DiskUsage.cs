using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// One row of docker system df: the disk space one kind of object takes on an engine (Images, Containers, Local
    /// Volumes, Build Cache), how many there are, how many are in use, and how much a prune could free (GET /system/df).
    /// </summary>
    public sealed class DiskUsage
    {
        internal DiskUsage(string type, long total, long active, long size, long reclaimable, bool reclaimablePercent, DockerEndpoint endpoint)
        {
            Type = type;
            Total = total;
            Active = active;
            Size = size;
            Reclaimable = reclaimable;
            ReclaimableText = Humanize.DiskSize(reclaimable) +
                (reclaimablePercent && size > 0 ? $" ({reclaimable * 100 / size}%)" : "");
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The kind of object, as docker system df names it in its TYPE column: Images, Containers, Local Volumes or Build Cache.</summary>
        public string Type { get; }

        /// <summary>How many objects of this kind there are (TOTAL).</summary>
        public long Total { get; }

        /// <summary>
        /// How many are in use (ACTIVE): images a container uses, containers running, paused or restarting, volumes a
        /// container mounts, build cache records in use.
        /// </summary>
        public long Active { get; }

        /// <summary>
        /// The disk space they take, in bytes (SIZE): all image layers once (the API's LayersSize), the containers'
        /// writable layers (SizeRw), the volumes whose size the engine knows, the build cache records not shared.
        /// </summary>
        public long Size { get; }

        /// <summary>The space a prune of this kind could free, in bytes (RECLAIMABLE).</summary>
        public long Reclaimable { get; }

        /// <summary>The size as docker system df prints it: decimal units, four significant digits ("1.986MB").</summary>
        public string SizeText => Humanize.DiskSize(Size);

        /// <summary>
        /// The reclaimable space as docker system df prints it: "1.2GB (45%)", the percent of SIZE rounded down; without
        /// the percent when SIZE is 0, and always for the build cache.
        /// </summary>
        public string ReclaimableText { get; }

        /// <summary>The engine this usage is of.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Type}: {Total} ({Active} active), {SizeText}, reclaimable {ReclaimableText}";
    }

    /// <summary>An image's row of docker system df -v (Get-DockerDiskUsage -Detailed).</summary>
    public sealed class DiskUsageImage
    {
        internal DiskUsageImage(string id, string repository, string tag, DateTime created, long size, long sharedSize, long containers, DockerEndpoint endpoint)
        {
            Id = id;
            Repository = repository;
            Tag = tag;
            Created = created;
            Size = size;
            SharedSize = sharedSize;
            Containers = containers;
            Endpoint = endpoint;
        }

        /// <summary>The image id, "sha256:..." (the API's Id).</summary>
        public string Id { get; }

        /// <summary>The 12-hex-digit id docker prints (IMAGE ID).</summary>
        public string ShortId => Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id.Substring(7, Math.Min(12, Id.Length - 7)) : Id.Substring(0, Math.Min(12, Id.Length));

        /// <summary>The repository of the image's first tag, "&lt;none&gt;" for an untagged image (REPOSITORY).</summary>
        public string Repository { get; }

        /// <summary>The tag of the image's first tag, "&lt;none&gt;" for an untagged image (TAG).</summary>
        public string Tag { get; }

        /// <summary>When the image was created, in UTC (the API's Created).</summary>
        public DateTime Created { get; }

        /// <summary>The image's size with its parents' layers, in bytes (SIZE; the API's Size).</summary>
        public long Size { get; }

        /// <summary>The bytes of its layers that other images share, in bytes; -1 when the engine did not compute it (SHARED SIZE).</summary>
        public long SharedSize { get; }

        /// <summary>The bytes only this image holds (Size - SharedSize), in bytes; -1 when not known (UNIQUE SIZE).</summary>
        public long UniqueSize => SharedSize < 0 || Size < 0 ? -1 : Size - SharedSize;

        /// <summary>How many containers use the image (CONTAINERS).</summary>
        public long Containers { get; }

        /// <summary>SIZE as docker system df -v prints it: three significant digits ("1.99MB").</summary>
        public string SizeText => Humanize.Size(Size);

        /// <summary>SHARED SIZE as docker system df -v prints it ("1.985MB"), "N/A" when not known.</summary>
        public string SharedSizeText => SharedSize < 0 ? "N/A" : Humanize.DiskSize(SharedSize);

        /// <summary>UNIQUE SIZE as docker system df -v prints it ("17B"), "N/A" when not known.</summary>
        public string UniqueSizeText => UniqueSize < 0 ? "N/A" : Humanize.DiskSize(UniqueSize);

        /// <summary>The engine the image is on.</summary>
        public DockerEndpoint Endpoint { get; }
    }

    /// <summary>A container's row of docker system df -v (Get-DockerDiskUsage -Detailed).</summary>
    public sealed class DiskUsageContainer
    {
        internal DiskUsageContainer(string id, string name, string image, string command, long localVolumes, long size, DateTime created, string state, string status, DockerEndpoint endpoint)
        {
            Id = id;
            Name = name;
            Image = image;
            Command = command;
            LocalVolumes = localVolumes;
            Size = size;
            Created = created;
            State = state;
            Status = status;
            Endpoint = endpoint;
        }

        /// <summary>The container id (CONTAINER ID, full).</summary>
        public string Id { get; }

        /// <summary>The container's name, without the leading '/' (NAMES).</summary>
        public string Name { get; }

        /// <summary>The image the container was created from, as it was given (IMAGE).</summary>
        public string Image { get; }

        /// <summary>The command the container runs (COMMAND).</summary>
        public string Command { get; }

        /// <summary>How many local-driver volumes the container mounts (LOCAL VOLUMES).</summary>
        public long LocalVolumes { get; }

        /// <summary>The size of the container's writable layer, in bytes (SIZE; the API's SizeRw).</summary>
        public long Size { get; }

        /// <summary>SIZE as docker system df -v prints it: three significant digits ("12.3kB").</summary>
        public string SizeText => Humanize.Size(Size);

        /// <summary>When the container was created, in UTC (the API's Created).</summary>
        public DateTime Created { get; }

        /// <summary>created, running, paused, restarting, removing, exited or dead (the API's State).</summary>
        public string State { get; }

        /// <summary>The status text docker prints (STATUS): "Up 5 minutes", "Exited (0) 2 hours ago".</summary>
        public string Status { get; }

        /// <summary>The engine the container is on.</summary>
        public DockerEndpoint Endpoint { get; }
    }

    /// <summary>A volume's row of docker system df -v (Get-DockerDiskUsage -Detailed).</summary>
    public sealed class DiskUsageVolume
    {
        internal DiskUsageVolume(string name, string driver, long links, long size, IReadOnlyDictionary<string, string> labels, DockerEndpoint endpoint)
        {
            Name = name;
            Driver = driver;
            Links = links;
            Size = size;
            Labels = labels;
            Endpoint = endpoint;
        }

        /// <summary>The volume's name (VOLUME NAME).</summary>
        public string Name { get; }

        /// <summary>The volume driver (the API's Driver).</summary>
        public string Driver { get; }

        /// <summary>How many containers mount the volume; -1 when the engine does not know (LINKS; the API's UsageData.RefCount).</summary>
        public long Links { get; }

        /// <summary>The space the volume takes, in bytes; -1 when the engine does not know, as for other drivers than local (SIZE; UsageData.Size).</summary>
        public long Size { get; }

        /// <summary>SIZE as docker system df -v prints it ("36B"), "N/A" when not known.</summary>
        public string SizeText => Size < 0 ? "N/A" : Humanize.DiskSize(Size);

        /// <summary>The volume's labels.</summary>
        public IReadOnlyDictionary<string, string> Labels { get; }

        /// <summary>The engine the volume is on.</summary>
        public DockerEndpoint Endpoint { get; }
    }

    /// <summary>A build cache record's row of docker system df -v (Get-DockerDiskUsage -Detailed).</summary>
    public sealed class DiskUsageBuildCache
    {
        internal DiskUsageBuildCache(string id, string cacheType, string description, long size, DateTime created, DateTime? lastUsed, long usageCount, bool inUse, bool shared, DockerEndpoint endpoint)
        {
            Id = id;
            CacheType = cacheType;
            Description = description;
            Size = size;
            Created = created;
            LastUsed = lastUsed;
            UsageCount = usageCount;
            InUse = inUse;
            Shared = shared;
            Endpoint = endpoint;
        }

        /// <summary>The record's id (CACHE ID).</summary>
        public string Id { get; }

        /// <summary>regular, source.local, exec.cachemount, ... (CACHE TYPE; the API's Type).</summary>
        public string CacheType { get; }

        /// <summary>What the record holds, as BuildKit describes it (the API's Description).</summary>
        public string Description { get; }

        /// <summary>The record's size, in bytes (SIZE).</summary>
        public long Size { get; }

        /// <summary>SIZE as docker system df -v prints it ("1.99MB").</summary>
        public string SizeText => Humanize.Size(Size);

        /// <summary>When the record was created, in UTC (CREATED).</summary>
        public DateTime Created { get; }

        /// <summary>When a build last used the record, in UTC; null if never (LAST USED).</summary>
        public DateTime? LastUsed { get; }

        /// <summary>How many builds used the record (USAGE).</summary>
        public long UsageCount { get; }

        /// <summary>True while a build uses the record: it is not reclaimable.</summary>
        public bool InUse { get; }

        /// <summary>True when other records share it (SHARED): its size is not counted in the build cache's.</summary>
        public bool Shared { get; }

        /// <summary>The engine the record is on.</summary>
        public DockerEndpoint Endpoint { get; }
    }

    /// <summary>
    /// What Invoke-DockerSystemPrune removed (docker system prune): what each of the engine's prunes deleted, in the
    /// order docker runs them, and the space freed in all.
    /// </summary>
    public sealed class DockerPruneResult
    {
        internal DockerPruneResult(IReadOnlyList<string> containersDeleted, IReadOnlyList<string> networksDeleted, IReadOnlyList<string> volumesDeleted,
            IReadOnlyList<string> imagesDeleted, IReadOnlyList<string> imagesUntagged, IReadOnlyList<string> buildCacheDeleted, long spaceReclaimed, DockerEndpoint endpoint)
        {
            ContainersDeleted = containersDeleted;
            NetworksDeleted = networksDeleted;
            VolumesDeleted = volumesDeleted;
            ImagesDeleted = imagesDeleted;
            ImagesUntagged = imagesUntagged;
            BuildCacheDeleted = buildCacheDeleted;
            SpaceReclaimed = spaceReclaimed;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The ids of the stopped containers deleted (POST /containers/prune: ContainersDeleted).</summary>
        public IReadOnlyList<string> ContainersDeleted { get; }

        /// <summary>The names of the unused networks deleted (POST /networks/prune: NetworksDeleted).</summary>
        public IReadOnlyList<string> NetworksDeleted { get; }

        /// <summary>The names of the unused volumes deleted, with -Volumes (POST /volumes/prune: VolumesDeleted).</summary>
        public IReadOnlyList<string> VolumesDeleted { get; }

        /// <summary>The ids ("sha256:...") of the images and parent layers deleted (POST /images/prune: ImagesDeleted[].Deleted).</summary>
        public IReadOnlyList<string> ImagesDeleted { get; }

        /// <summary>The "repository:tag" references removed from deleted images, with -All (ImagesDeleted[].Untagged).</summary>
        public IReadOnlyList<string> ImagesUntagged { get; }

        /// <summary>The ids of the build cache records deleted (POST /build/prune: CachesDeleted).</summary>
        public IReadOnlyList<string> BuildCacheDeleted { get; }

        /// <summary>The disk space freed by all the prunes, in bytes (the sum of their SpaceReclaimed).</summary>
        public long SpaceReclaimed { get; }

        /// <summary>The space freed as docker system prune prints it ("Total reclaimed space: 1.986MB").</summary>
        public string SpaceReclaimedText => Humanize.DiskSize(SpaceReclaimed);

        /// <summary>The engine that was pruned.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() =>
            $"{ContainersDeleted.Count} containers, {NetworksDeleted.Count} networks, {VolumesDeleted.Count} volumes, {ImagesDeleted.Count} images, " +
            $"{BuildCacheDeleted.Count} build cache records deleted; {SpaceReclaimedText} reclaimed";
    }
}
