using System;

namespace PSDocker
{
    /// <summary>
    /// A tag Invoke-ImagePush sent to a registry, as docker push ends: "1.0: digest: sha256:... size: 527". One
    /// object per tag pushed (several with -AllTags).
    /// </summary>
    public sealed class ImagePushResult
    {
        internal ImagePushResult(string repository, string tag, string digest, long size, string? imageId, DockerEndpoint endpoint)
        {
            Repository = repository ?? throw new ArgumentNullException(nameof(repository));
            Tag = tag ?? throw new ArgumentNullException(nameof(tag));
            Digest = digest ?? throw new ArgumentNullException(nameof(digest));
            Size = size;
            ImageId = imageId;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The repository, as docker shows it: "127.0.0.1:5000/app" (docker images REPOSITORY).</summary>
        public string Repository { get; }

        /// <summary>The tag pushed: "1.0" (the stream's aux Tag).</summary>
        public string Tag { get; }

        /// <summary>"repository:tag", as docker push and docker images name it. Pipes into Invoke-ImagePull and Get-Image by property name.</summary>
        public string Reference => Repository + ":" + Tag;

        /// <summary>The manifest digest the registry stores the tag under, "sha256:..." (the stream's aux Digest): pull it back with Repository@Digest.</summary>
        public string Digest { get; }

        /// <summary>"repository@sha256:...": the reference that pulls exactly what was pushed; the image's RepoDigests entry (docker inspect .RepoDigests).</summary>
        public string RepoDigest => Repository + "@" + Digest;

        /// <summary>The size of the manifest in bytes, as docker push prints it ("size: 527"; the stream's aux Size), not of the image.</summary>
        public long Size { get; }

        /// <summary>The local image id ("sha256:...") of the tag that was pushed.</summary>
        public string? ImageId { get; }

        /// <summary>The engine that pushed it.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => Reference + "@" + Digest;
    }
}
