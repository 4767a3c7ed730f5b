using System;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gives an image another name, like docker tag SOURCE TARGET.</para>
    /// <para type="description">The target is parsed as docker parses it before anything is sent: "app" is
    /// docker.io/library/app:latest, "127.0.0.1:5000/app:1.0" names a registry. A target that already names another
    /// image moves to this one, as docker tag does. A missing source gives ImageNotFound and the next image is tagged.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "ImageTag", SupportsShouldProcess = true)]
    [OutputType(typeof(Image))]
    public sealed class AddImageTagCommand : DockerCmdlet
    {
        private ImageReference? _target;

        /// <summary>
        /// The image to tag (docker tag's SOURCE): a reference ("busybox", "127.0.0.1:5000/app:1.0"), an image id
        /// ("sha256:..." or its 64 hex digits) or an id prefix. Bound by value from strings and by property name from
        /// piped objects' Reference (an Image row: its repository:tag, or its id when untagged) or Id.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Reference", "Id")]
        [ArgumentCompleter(typeof(ImageReferenceCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Image { get; set; }

        /// <summary>
        /// The new name (docker tag's TARGET): "[registry[:port]/]repository[:tag]", with tag "latest" when none is
        /// given. A malformed one, or one with a digest (docker: "refusing to create a tag with a digest reference"),
        /// is a terminating InvalidImageReference error before anything is sent.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Tag { get; set; } = "";

        /// <summary>Return the image under its new name (docker image inspect of the new tag), one object per image tagged.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "Image";

        protected override void BeginProcessing()
        {
            ImageReference target = CheckInput(Tag, () => ImageReference.Parse(Tag, nameof(Tag)));
            if (target.Digest is not null)
            {
                Stop(new PSDockerException(
                    $"-Tag '{Tag}' is not a valid image reference: refusing to create a tag with a digest reference",
                    "InvalidImageReference", ErrorCategory.InvalidArgument, Tag), Tag);
            }

            _target = target;
        }

        protected override void ProcessRecord()
        {
            string[] sources = Image ?? Array.Empty<string>();
            foreach (string source in sources)
            {
                CheckInput(source, () => ImageReference.CheckSource(source, nameof(Image)));
            }

            ImageReference target = _target!;
            string name = target.FamiliarName;
            string tag = target.TagOrDefault!;
            string shown = name + ":" + tag;
            Run(async () =>
            {
                foreach (string source in sources)
                {
                    if (!ShouldProcess(source, $"Tag as '{shown}'"))
                    {
                        continue;
                    }

                    try
                    {
                        await RequestAsync(RequestLimit.Default, async (e, token) =>
                        {
                            await e.Client.Images.TagImageAsync(source, new ImageTagParameters { RepositoryName = name, Tag = tag }, token);
                            return true;
                        });
                    }
                    catch (Exception e) when (ErrorMapper.Unwrap(e) is Docker.DotNet.DockerApiException api)
                    {
                        // An engine older than the CLI grammar (20.10 knows no IPv6 registries, counts "docker.io/"
                        // in the 255 characters) refuses some names docker's own parser takes: same error id.
                        string? message = ErrorMapper.EngineMessage(api.ResponseBody);
                        if (api.StatusCode != System.Net.HttpStatusCode.NotFound && message is not null &&
                            (message.StartsWith("invalid reference format", StringComparison.Ordinal) ||
                             message.StartsWith("repository name must", StringComparison.Ordinal)))
                        {
                            WriteItemError("InvalidImageReference", ErrorCategory.InvalidArgument,
                                $"-Tag '{Tag}' is not a valid image reference for the engine: {message}", Tag);
                        }
                        else
                        {
                            WriteItemError(e, source);
                        }

                        continue;
                    }

                    WriteVerbose($"Tagged '{source}' as '{shown}'.");
                    if (PassThru)
                    {
                        WriteObject(await ImageReadBack.ReadAsync(new CmdletEngineRequests(this), shown, shown));
                    }
                }
            }, sources);
        }


        private void Stop(PSDockerException e, string value) => ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, ErrorNoun, value));
    }
}
