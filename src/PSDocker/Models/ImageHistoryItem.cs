using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// One step of an image's history, as docker history prints one row: the layer or instruction that made it,
    /// newest first (GET /images/{name}/history).
    /// </summary>
    public sealed class ImageHistoryItem
    {
        internal ImageHistoryItem(string id, DockerEndpoint endpoint)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>
        /// The id ("sha256:" and 64 hex digits) of the image this step made, or "&lt;missing&gt;" when the engine
        /// does not have it as an image of its own (steps of pulled or loaded images; the API's Id).
        /// </summary>
        public string Id { get; }

        /// <summary>The IMAGE column of docker history: the first 12 hex digits of <see cref="Id"/>, or "&lt;missing&gt;".</summary>
        public string ShortId
        {
            get
            {
                string hex = Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id.Substring(7) : Id;
                return hex.Length > 12 && Id != "<missing>" ? hex.Substring(0, 12) : hex;
            }
        }

        /// <summary>When the step ran, in local time (the API's Created).</summary>
        public DateTime Created { get; internal set; }

        /// <summary>How long ago the step ran, as docker history's CREATED column prints it ("3 hours ago").</summary>
        public string CreatedSince => Humanize.Since(Created, DateTime.Now);

        /// <summary>
        /// The instruction that made the step ("/bin/sh -c #(nop)  CMD [\"/bin/sh\"]", "COPY file:... in /"), whole
        /// (the API's CreatedBy; docker history truncates it to 45 characters unless --no-trunc).
        /// </summary>
        public string CreatedBy { get; internal set; } = "";

        /// <summary>The size in bytes the step added to the image (the API's Size).</summary>
        public long Size { get; internal set; }

        /// <summary>The SIZE column of docker history, such as "1.99MB" (decimal units, as docker prints them).</summary>
        public string SizeText => Humanize.Size(Size);

        /// <summary>The step's comment (the API's Comment; "Imported from -" for docker import, a docker commit -m message).</summary>
        public string Comment { get; internal set; } = "";

        /// <summary>The "repository:tag" names of the image this step made, when it has any (the API's Tags).</summary>
        public IReadOnlyList<string> Tags { get; internal set; } = Array.Empty<string>();

        /// <summary>The engine the image is stored on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => ShortId + " " + CreatedBy;
    }
}
