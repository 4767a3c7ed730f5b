using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;

namespace PSDocker
{
    /// <summary>
    /// The one way a cmdlet reads back an image it acted on or made (pull, push, build, tag, load): docker image
    /// inspect (GET /images/{name}/json), mapped with its details (<see cref="Image.IsInspected"/>).
    /// </summary>
    internal static class ImageReadBack
    {
        /// <summary>The image's not-found error id.</summary>
        internal const string NotFoundErrorId = "ImageNotFound";

        /// <param name="engine">The cmdlet's requests.</param>
        /// <param name="nameOrId">A reference or id the engine resolves.</param>
        /// <param name="repoTag">The "repository:tag" row the object stands for (null: the image's first tag, or untagged).</param>
        /// <returns>The image; ImageNotFound (ObjectNotFound) when the engine does not have it.</returns>
        internal static async Task<Image> ReadAsync(IEngineRequests engine, string nameOrId, string? repoTag = null) =>
            await TryReadAsync(engine, nameOrId, repoTag) ??
            throw new PSDockerException($"The image '{nameOrId}' does not exist on the engine.", NotFoundErrorId,
                ErrorCategory.ObjectNotFound, nameOrId);

        /// <summary>As <see cref="ReadAsync"/>, but null when the engine does not have the image.</summary>
        internal static async Task<Image?> TryReadAsync(IEngineRequests engine, string nameOrId, string? repoTag = null)
        {
            DockerEndpoint? endpoint = null;
            ImageInspectResponse inspect;
            try
            {
                inspect = await engine.RequestAsync((c, t) =>
                {
                    endpoint = c.Endpoint;
                    return c.Client.Images.InspectImageAsync(nameOrId, t);
                }, RequestLimit.Default);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (repoTag is null && inspect.RepoTags is { Count: > 0 } tags && tags[0] != "<none>:<none>")
            {
                repoTag = tags[0];
            }

            return ModelMapper.ToImage(inspect, endpoint!, repoTag);
        }
    }
}
