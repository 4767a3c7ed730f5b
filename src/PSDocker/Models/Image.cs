using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// An image, as `docker images` and `docker image inspect` describe it. Get-Image writes one object per
    /// repository:tag, as docker images prints one row per tag (an untagged image is one row with
    /// <see cref="Repository"/> and <see cref="Tag"/> "&lt;none&gt;"); <see cref="RepoTags"/> holds all of the
    /// image's tags on every row.
    /// </summary>
    public sealed class Image
    {
        internal Image(string id, DockerEndpoint endpoint)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The image id: "sha256:" and 64 hex digits (the API's Id).</summary>
        public string Id { get; }

        /// <summary>The first 12 hex digits of the id without "sha256:", as docker images prints it.</summary>
        public string ShortId
        {
            get
            {
                string hex = Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id.Substring(7) : Id;
                return hex.Length > 12 ? hex.Substring(0, 12) : hex;
            }
        }

        /// <summary>The REPOSITORY column of docker images for this row ("&lt;none&gt;" when untagged).</summary>
        public string Repository { get; internal set; } = "<none>";

        /// <summary>The TAG column of docker images for this row ("&lt;none&gt;" when untagged).</summary>
        public string Tag { get; internal set; } = "<none>";

        /// <summary>
        /// What this row names: "repository:tag", or the <see cref="Id"/> for an untagged image. Cmdlets that take
        /// an image (-Image) bind it from the pipeline, so `Get-Image ... | Remove-Image` removes what each row
        /// shows, as `docker rmi REPOSITORY:TAG` does.
        /// </summary>
        public string Reference => Repository == "<none>" || Tag == "<none>" ? Id : Repository + ":" + Tag;

        /// <summary>Every "repository:tag" of the image (the API's RepoTags); empty when untagged.</summary>
        public IReadOnlyList<string> RepoTags { get; internal set; } = Array.Empty<string>();

        /// <summary>Every "repository@sha256:..." the image was pulled or pushed by (the API's RepoDigests).</summary>
        public IReadOnlyList<string> RepoDigests { get; internal set; } = Array.Empty<string>();

        /// <summary>When the image was built, in local time (the API's Created).</summary>
        public DateTime Created { get; internal set; }

        /// <summary>How long ago the image was built, as docker images prints it ("5 minutes ago").</summary>
        public string CreatedSince => Humanize.Since(Created, DateTime.Now);

        /// <summary>The image's size in bytes, all layers included (the API's Size; docker images' SIZE).</summary>
        public long Size { get; internal set; }

        /// <summary>The SIZE text of docker images, such as "1.99MB" (decimal units, as docker prints them).</summary>
        public string SizeText => Humanize.Size(Size);

        /// <summary>The image's labels (Config.Labels).</summary>
        public IDictionary<string, string> Labels { get; internal set; } = new Dictionary<string, string>();

        /// <summary>The id of the parent image (sha256:...) for images built by the legacy builder; null otherwise.</summary>
        public string? ParentId { get; internal set; }

        /// <summary>The engine this image is stored on.</summary>
        public DockerEndpoint Endpoint { get; }

        // What only docker image inspect knows (GET /images/{name}/json). Filled when IsInspected.

        /// <summary>
        /// True when the object holds what docker image inspect knows (Get-Image by exact reference or id, and the
        /// images returned by pull, build, tag and load); the properties below are then filled. A listing leaves
        /// it false and them null.
        /// </summary>
        public bool IsInspected { get; internal set; }

        /// <summary>The CPU architecture the image is built for, such as "amd64" (Architecture).</summary>
        public string? Architecture { get; internal set; }

        /// <summary>The operating system the image is built for, such as "linux" (Os).</summary>
        public string? Os { get; internal set; }

        /// <summary>The entrypoint (Config.Entrypoint); empty when none.</summary>
        public IReadOnlyList<string>? Entrypoint { get; internal set; }

        /// <summary>The default command (Config.Cmd; Dockerfile CMD); empty when none.</summary>
        public IReadOnlyList<string>? Command { get; internal set; }

        /// <summary>The environment as "NAME=value" strings (Config.Env; Dockerfile ENV).</summary>
        public IReadOnlyList<string>? Environment { get; internal set; }

        /// <summary>The ports the image exposes, as "PORT/PROTOCOL" such as "80/tcp" (Config.ExposedPorts; Dockerfile EXPOSE).</summary>
        public IReadOnlyList<string>? ExposedPorts { get; internal set; }

        /// <summary>The working directory (Config.WorkingDir; Dockerfile WORKDIR); empty when unset.</summary>
        public string? WorkingDirectory { get; internal set; }

        /// <summary>The user the image runs as (Config.User; Dockerfile USER); empty when unset.</summary>
        public string? User { get; internal set; }

        /// <summary>The author (Author; Dockerfile MAINTAINER or docker commit --author).</summary>
        public string? Author { get; internal set; }

        /// <summary>The ids of the image's layers, bottom first (RootFS.Layers, "sha256:...").</summary>
        public IReadOnlyList<string>? Layers { get; internal set; }

        /// <inheritdoc />
        public override string ToString() => Reference;
    }
}
