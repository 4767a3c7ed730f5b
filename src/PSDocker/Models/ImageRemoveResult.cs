using System;
using System.Collections.Generic;
using System.Linq;

namespace PSDocker
{
    /// <summary>
    /// What one docker rmi did (Remove-Image -PassThru, for -Image and -Label): the reference or id removed, the
    /// references the engine untagged and the ids it deleted, as docker rmi prints them ("Untagged: app:1.0",
    /// "Deleted: sha256:..."; the lines of DELETE /images/{name}). A reference whose image keeps other tags is only
    /// untagged, and Deleted is empty.
    /// </summary>
    public sealed class ImageRemoveResult
    {
        internal ImageRemoveResult(string reference, IReadOnlyList<string> untagged, IReadOnlyList<string> deleted, DockerEndpoint endpoint)
        {
            Reference = reference;
            Untagged = untagged;
            Deleted = deleted;
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>The reference or id removed, as given to -Image (or the REPOSITORY:TAG row of -Label).</summary>
        public string Reference { get; }

        /// <summary>The "repository:tag" and "repository@digest" references removed (the API's Untagged lines), in the engine's order.</summary>
        public IReadOnlyList<string> Untagged { get; }

        /// <summary>The ids ("sha256:...") of the image and the untagged parents deleted with it (the API's Deleted lines), in the engine's order.</summary>
        public IReadOnlyList<string> Deleted { get; }

        /// <summary>The ids of <see cref="Deleted"/> as docker images shortens them: 12 hexadecimal digits, without "sha256:".</summary>
        public IReadOnlyList<string> DeletedShortIds => Deleted.Select(d => ImageIdentity.IdHex(d)).Select(h => h.Length > 12 ? h.Substring(0, 12) : h).ToList();

        /// <summary>The engine the image was removed from.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Reference}: {Untagged.Count} untagged, {Deleted.Count} deleted";
    }
}
