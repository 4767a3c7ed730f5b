using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Pulls an image from a registry, like docker pull.</para>
    /// <para type="description">Downloads the image through the engine (POST /images/create) with a progress bar
    /// per layer under one parent activity, and returns the pulled image. Errors in the engine's stream are error
    /// records: ImageNotFound, RegistryAuthenticationFailed, ImagePullFailed.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ImagePull", SupportsShouldProcess = true)]
    [OutputType(typeof(Image))]
    public sealed class InvokeImagePullCommand : DockerCmdlet
    {
        /// <summary>
        /// The images to pull, as docker pull takes them: "busybox", "127.0.0.1:5000/app:1.0", "app@sha256:...".
        /// No tag means "latest". Parsed before any request: a malformed reference is a terminating
        /// InvalidImageReference error. Piped strings and objects with a Reference property (Image) bind here.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ImageReferenceCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Reference { get; set; } = new string[0];

        /// <summary>Pull every tag of the repository (docker pull --all-tags / -a). The reference must have no tag or digest.</summary>
        [Parameter]
        public SwitchParameter AllTags { get; set; }

        /// <summary>The platform to pull for a multi-platform image, "os[/arch[/variant]]" such as "linux/arm64" (docker pull --platform). The engine's own by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Platform { get; set; }

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
                references.Add(ParseReference(this, text, AllTags, "Reference"));
            }

            foreach (ImageReference reference in references)
            {
                string shown = reference.FamiliarString;
                if (!ShouldProcess(shown, AllTags ? "Pull all tags" : "Pull"))
                {
                    continue;
                }

                Run(async () =>
                {
                    try
                    {
                        await PullAsync(reference);
                    }
                    catch (PSDockerException e)
                    {
                        WriteItemError(e, shown);
                    }
                }, shown);
            }
        }

        /// <summary>Parses a reference as pull and push take it; a malformed one (or a tag with -AllTags) is terminating.</summary>
        internal static ImageReference ParseReference(DockerCmdlet cmdlet, string text, bool allTags, string parameter)
        {
            ImageReference reference = cmdlet.CheckInput(text, () => ImageReference.Parse(text, parameter));

            if (allTags && (reference.Tag is not null || reference.Digest is not null))
            {
                var e = new PSDockerException(
                    $"-{parameter} '{text}' has a tag or digest, which can't be used with -AllTags: give the repository only.",
                    "InvalidImageReference", ErrorCategory.InvalidArgument, text);
                cmdlet.ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, e.Category, text));
            }

            return reference;
        }

        private async Task PullAsync(ImageReference reference)
        {
            var engine = new CmdletEngineRequests(this);
            string shown = reference.FamiliarString;
            AuthConfig? auth = RegistryCredentials.For(reference, Credential);
            WriteVerbose($"Pulling {(AllTags ? "every tag of " + reference.FamiliarName : shown)}{(Platform is null ? "" : " for " + Platform)}.");
            var writer = new JsonMessageWriter("Pulling " + (AllTags ? reference.FamiliarName + " (all tags)" : shown), WriteProgress, WriteVerbose);
            try
            {
                await ImageTransfer.PullAsync(engine, reference, AllTags, Platform, auth, writer);
            }
            finally
            {
                writer.Complete();
            }

            if (AllTags)
            {
                foreach (var (tagged, _) in await ImageTransfer.LocalTagsAsync(engine, reference))
                {
                    WriteObject(await ImageReadBack.ReadAsync(engine, tagged, tagged));
                }

                return;
            }

            // A digest pull tags nothing (as docker pull NAME@DIGEST): read it back by its digest.
            if (reference.Digest is not null)
            {
                WriteObject(await ImageReadBack.ReadAsync(engine, reference.FamiliarName + "@" + reference.Digest));
                return;
            }

            string repoTag = reference.FamiliarName + ":" + reference.TagOrDefault;
            WriteObject(await ImageReadBack.ReadAsync(engine, repoTag, repoTag));
        }
    }
}
