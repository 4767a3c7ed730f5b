using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// What a volume prune did (Remove-ContainerVolume -Unused; docker volume prune [-a]): the names of the volumes
    /// deleted and the space freed (POST /volumes/prune's VolumesDeleted and SpaceReclaimed).
    /// </summary>
    public sealed class VolumePruneResult
    {
        internal VolumePruneResult(IReadOnlyList<string> deleted, long? spaceReclaimed, DockerEndpoint endpoint)
        {
            Deleted = deleted;
            SpaceReclaimed = spaceReclaimed;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The names of the volumes deleted (the API's VolumesDeleted).</summary>
        public IReadOnlyList<string> Deleted { get; }

        /// <summary>
        /// The disk space freed, in bytes (the API's SpaceReclaimed). Null when the engine could not report it: an engine
        /// below API 1.42 pruning anonymous volumes only, which PSDocker does by removing them one by one.
        /// </summary>
        public long? SpaceReclaimed { get; }

        /// <summary>The space freed as docker prints it ("Total reclaimed space: 1.986MB"), in decimal units with four significant digits; "unknown" when not reported.</summary>
        public string SpaceReclaimedText => SpaceReclaimed.HasValue ? Humanize.DiskSize(SpaceReclaimed.Value) : "unknown";

        /// <summary>The engine the volumes were pruned on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Deleted.Count} deleted, {SpaceReclaimedText} reclaimed";
    }
}
