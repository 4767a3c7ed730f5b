using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker
{
    /// <summary>
    /// The engine side of docker pull and docker push, shared by Invoke-ImagePull, Invoke-ImagePush and
    /// Start-Container -Image (which pulls a missing image). The JSON message stream goes to a
    /// <see cref="JsonMessageWriter"/> (progress per layer, status lines to verbose); an error, whether the engine
    /// answers the request with one or sends it inside the stream, becomes ImageNotFound,
    /// RegistryAuthenticationFailed or ImagePullFailed / ImagePushFailed with the engine's message, never a silent
    /// success. Requests have no time limit (they last as long as the transfer) and stop at Ctrl+C.
    /// </summary>
    internal static class ImageTransfer
    {
        internal const string PullFailedId = "ImagePullFailed";
        internal const string PushFailedId = "ImagePushFailed";

        /// <summary>
        /// The query of POST /images/create as docker pull sends it: fromImage the familiar repository name, tag the
        /// digest when there is one, else the tag, else "latest"; with <paramref name="allTags"/> no tag (docker pull -a).
        /// </summary>
        internal static ImagesCreateParameters PullParameters(ImageReference reference, bool allTags, string? platform) => new ImagesCreateParameters
        {
            FromImage = reference.FamiliarName,
            Tag = allTags ? null : reference.Digest ?? reference.TagOrDefault,
            Platform = string.IsNullOrEmpty(platform) ? null : platform,
        };

        /// <summary>
        /// The credentials header to send. The engine reads X-Registry-Auth on every pull and push, and some versions
        /// refuse a push without it; the docker CLI sends an empty "{}" when it has no credentials, and so do we.
        /// </summary>
        internal static AuthConfig AuthOrAnonymous(AuthConfig? auth) => auth ?? new AuthConfig();

        /// <summary>
        /// Pulls <paramref name="reference"/> (docker pull; with <paramref name="allTags"/>, docker pull -a) and waits for
        /// the end of the stream. The writer is not completed here: its owner completes it in a finally.
        /// </summary>
        internal static async Task PullAsync(IEngineRequests engine, ImageReference reference, bool allTags, string? platform, AuthConfig? auth, JsonMessageWriter writer)
        {
            ImagesCreateParameters parameters = PullParameters(reference, allTags, platform);
            AuthConfig header = AuthOrAnonymous(auth);
            string shown = reference.FamiliarString;
            try
            {
                await engine.RequestAsync(
                    async (c, t) =>
                    {
                        await c.Client.Images.CreateImageAsync(parameters, header, writer.Progress, t).ConfigureAwait(false);
                        return true;
                    },
                    RequestLimit.None);
            }
            catch (DockerApiException e)
            {
                throw JsonMessageProgress.ToException("pull", PullFailedId, shown,
                    ErrorMapper.EngineMessage(e.ResponseBody) ?? $"the engine answered {(int)e.StatusCode} ({e.StatusCode}).", (int)e.StatusCode, e);
            }

            writer.Flush();
            if (writer.State.Error is string error)
            {
                throw JsonMessageProgress.ToException("pull", PullFailedId, shown, error);
            }
        }

        /// <summary>
        /// Pushes <paramref name="reference"/>'s tag (docker push; with <paramref name="allTags"/>, every local tag of the
        /// repository: docker push -a) and waits for the end of the stream. Returns the tags the registry took, with
        /// their manifest digests and sizes (the stream's aux messages).
        /// </summary>
        internal static async Task<IReadOnlyList<PushedTag>> PushAsync(IEngineRequests engine, ImageReference reference, bool allTags, AuthConfig? auth, JsonMessageWriter writer)
        {
            var parameters = new ImagePushParameters { Tag = allTags ? null : reference.TagOrDefault };
            AuthConfig header = AuthOrAnonymous(auth);
            string shown = reference.FamiliarString;
            try
            {
                await engine.RequestAsync(
                    async (c, t) =>
                    {
                        await c.Client.Images.PushImageAsync(reference.FamiliarName, parameters, header, writer.Progress, t).ConfigureAwait(false);
                        return true;
                    },
                    RequestLimit.None);
            }
            catch (DockerApiException e)
            {
                throw JsonMessageProgress.ToException("push", PushFailedId, shown,
                    ErrorMapper.EngineMessage(e.ResponseBody) ?? $"the engine answered {(int)e.StatusCode} ({e.StatusCode}).", (int)e.StatusCode, e);
            }

            writer.Flush();
            if (writer.State.Error is string error)
            {
                throw JsonMessageProgress.ToException("push", PushFailedId, shown, error);
            }

            return writer.State.Pushed.ToList();
        }

        /// <summary>
        /// The local "repository:tag" names of <paramref name="reference"/>'s repository (docker images REPOSITORY),
        /// in tag order, with the image id of each: what pull -a brought and push -a sends.
        /// </summary>
        internal static async Task<IReadOnlyList<(string RepoTag, string ImageId)>> LocalTagsAsync(IEngineRequests engine, ImageReference reference)
        {
            string repository = reference.FamiliarName;
            IList<ImagesListResponse> images = await engine.RequestAsync(
                (c, t) => c.Client.Images.ListImagesAsync(
                    new ImagesListParameters
                    {
                        Filters = new Dictionary<string, IDictionary<string, bool>>
                        {
                            ["reference"] = new Dictionary<string, bool> { [repository] = true },
                        },
                    },
                    t),
                RequestLimit.Default);
            var tags = new List<(string, string)>();
            foreach (ImagesListResponse image in images)
            {
                foreach (string repoTag in image.RepoTags ?? (IList<string>)Array.Empty<string>())
                {
                    int colon = repoTag.LastIndexOf(':');
                    if (colon > 0 && string.Equals(repoTag.Substring(0, colon), repository, StringComparison.Ordinal))
                    {
                        tags.Add((repoTag, image.ID));
                    }
                }
            }

            return tags.OrderBy(t => t.Item1, StringComparer.Ordinal).ToList();
        }
    }
}
