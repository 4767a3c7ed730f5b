using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// What an image prune did (Remove-Image -Dangling or -Unused; docker image prune [-a]): the ids deleted, the
    /// references untagged on the way, and the space freed, as the engine reports them (POST /images/prune).
    /// </summary>
    public sealed class ImagePruneResult
    {
        internal ImagePruneResult(IReadOnlyList<string> deleted, IReadOnlyList<string> untagged, long spaceReclaimed, DockerEndpoint endpoint)
        {
            Deleted = deleted;
            Untagged = untagged;
            SpaceReclaimed = spaceReclaimed;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The ids ("sha256:...") of the images and parent layers deleted (the API's ImagesDeleted[].Deleted).</summary>
        public IReadOnlyList<string> Deleted { get; }

        /// <summary>The "repository:tag" references removed from deleted images (the API's ImagesDeleted[].Untagged; with -Unused).</summary>
        public IReadOnlyList<string> Untagged { get; }

        /// <summary>The disk space freed, in bytes (the API's SpaceReclaimed).</summary>
        public long SpaceReclaimed { get; }

        /// <summary>The space freed as docker prints it ("Total reclaimed space: 1.986MB"), in decimal units with four significant digits.</summary>
        public string SpaceReclaimedText => Humanize.DiskSize(SpaceReclaimed);

        /// <summary>The engine the images were pruned on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Deleted.Count} deleted, {Untagged.Count} untagged, {SpaceReclaimedText} reclaimed";
    }
}
