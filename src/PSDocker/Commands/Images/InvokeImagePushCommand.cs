using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Pushes an image to a registry, like docker push.</para>
    /// <para type="description">Uploads a local tag through the engine (POST /images/{name}/push) with a progress
    /// bar per layer under one parent activity, and returns what the registry took: the tag with its manifest
    /// digest and size (ImagePushResult). Errors are error records: ImageNotFound (no such local tag, checked before
    /// anything is sent), RegistryAuthenticationFailed, ImagePushFailed.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ImagePush", SupportsShouldProcess = true)]
    [OutputType(typeof(ImagePushResult))]
    public sealed class InvokeImagePushCommand : DockerCmdlet
    {
        /// <summary>
        /// The local tags to push, as docker push takes them: "127.0.0.1:5000/app:1.0" (no tag means "latest"). The
        /// registry is the reference's own. Parsed before any request: a malformed reference is a terminating
        /// InvalidImageReference error. Piped strings and objects with a Reference property (Image) bind here.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ImageReferenceCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Reference { get; set; } = new string[0];

        /// <summary>Push every local tag of the repository (docker push --all-tags / -a). The reference must have no tag.</summary>
        [Parameter]
        public SwitchParameter AllTags { get; set; }

        /// <summary>
        /// The registry user name and password. Without it, the credentials docker login stored for the registry
        /// (docker's config.json, credsStore, credHelpers) are used, or none. Never written anywhere.
        /// </summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        protected override string ErrorNoun => "Image";

        protected override void ProcessRecord()
        {
            var references = new List<ImageReference>();
            foreach (string text in Reference)
            {
                ImageReference reference = InvokeImagePullCommand.ParseReference(this, text, AllTags, "Reference");
                if (reference.Digest is not null)
                {
                    var e = new PSDockerException(
                        $"-Reference '{text}' names a digest: push a tag (repository:tag).",
                        "InvalidImageReference", ErrorCategory.InvalidArgument, text);
                    ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, e.Category, text));
                }

                references.Add(reference);
            }

            foreach (ImageReference reference in references)
            {
                string shown = AllTags ? reference.FamiliarName : reference.FamiliarName + ":" + reference.TagOrDefault;
                if (!ShouldProcess(shown, AllTags ? "Push all tags" : "Push"))
                {
                    continue;
                }

                Run(async () =>
                {
                    try
                    {
                        await PushAsync(reference, shown);
                    }
                    catch (PSDockerException e)
                    {
                        WriteItemError(e, shown);
                    }
                }, shown);
            }
        }

        private async Task PushAsync(ImageReference reference, string shown)
        {
            var engine = new CmdletEngineRequests(this);

            // The tag must exist here: say so before anything is sent, as the engine would only after connecting.
            var ids = new Dictionary<string, string>();
            DockerEndpoint? endpoint = null;
            if (AllTags)
            {
                foreach (var (repoTag, id) in await ImageTransfer.LocalTagsAsync(engine, reference))
                {
                    ids[repoTag.Substring(repoTag.LastIndexOf(':') + 1)] = id;
                }

                if (ids.Count == 0)
                {
                    throw new PSDockerException($"An image does not exist locally with the repository: {shown}.", ImageReadBack.NotFoundErrorId, ErrorCategory.ObjectNotFound, shown);
                }

                await RequestAsync(RequestLimit.Default, (c, t) => Task.FromResult(endpoint = c.Endpoint));
            }
            else
            {
                Image image = await ImageReadBack.TryReadAsync(engine, shown, shown) ??
                    throw new PSDockerException($"An image does not exist locally with the tag: {shown}.", ImageReadBack.NotFoundErrorId, ErrorCategory.ObjectNotFound, shown);
                ids[reference.TagOrDefault!] = image.Id;
                endpoint = image.Endpoint;
            }

            AuthConfig? auth = RegistryCredentials.For(reference, Credential);
            WriteVerbose($"Pushing {(AllTags ? "every tag of " + shown : shown)}.");
            var writer = new JsonMessageWriter("Pushing " + (AllTags ? shown + " (all tags)" : shown), WriteProgress, WriteVerbose);
            IReadOnlyList<PushedTag> pushed;
            try
            {
                pushed = await ImageTransfer.PushAsync(engine, reference, AllTags, auth, writer);
            }
            finally
            {
                writer.Complete();
            }

            foreach (PushedTag tag in pushed)
            {
                ids.TryGetValue(tag.Tag, out string? id);
                WriteObject(new ImagePushResult(reference.FamiliarName, tag.Tag, tag.Digest, tag.Size, id, endpoint!));
            }

            if (pushed.Count == 0)
            {
                throw new PSDockerException($"Could not push image '{shown}': the engine's stream ended without a digest ({writer.State.LastStatus ?? "no status"}).",
                    ImageTransfer.PushFailedId, ErrorCategory.InvalidResult, shown);
            }
        }
    }
}
