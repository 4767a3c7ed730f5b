using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Saves one or more images to a tar archive, like docker save -o.</para>
    /// <para type="description">Every image given, by parameter or from the pipeline, goes into ONE archive,
    /// written when the input ends: `Get-Image -Reference '127.0.0.1:5000/*' | Export-Image -Path images.tar` saves
    /// all the rows. The archive is streamed from the engine to the file (never held in memory), with progress in
    /// bytes written. It is written beside the target and moved into place only when complete: Ctrl+C or a failure
    /// leaves no partial file, and an existing file is kept until the new one is whole. An existing file is
    /// replaced, as docker save -o and Export-Csv do, unless -NoClobber is given.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "Image", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportImageCommand : DockerCmdlet
    {
        private const int ProgressId = 0x5D0C;

        private readonly List<string> _images = new List<string>();
        private DockerEndpoint? _endpoint;

        /// <summary>
        /// The images to save: references ("busybox", "127.0.0.1:5000/app:1.0"; a repository without a tag saves all
        /// its tags, as docker save does), image ids or id prefixes. Bound by value from strings and by property name
        /// from piped objects' Reference (an Image row) or Id; all piped rows go into the one archive. A malformed
        /// reference is a terminating InvalidImageReference error before anything is sent.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Reference", "Id")]
        [ArgumentCompleter(typeof(ImageReferenceCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Image { get; set; }

        /// <summary>
        /// The archive to write (docker save -o), relative to the current PowerShell location. Its folder must exist
        /// (DirectoryNotFound) and it must not be a folder itself (PathIsDirectory); a failed local write is FileWriteFailed.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Refuse to replace an existing file (ResourceExists, error id FileExists) instead of replacing it.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Return the archive's FileInfo once it is written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "Image";

        protected override void ProcessRecord()
        {
            foreach (string image in Image ?? Array.Empty<string>())
            {
                CheckInput(image, () => ImageReference.CheckSource(image, nameof(Image)));

                if (Endpoint is not null)
                {
                    if (_endpoint is not null && _endpoint.ToString() != Endpoint.ToString())
                    {
                        ThrowTerminatingError(new ErrorRecord(new PSDockerException(
                            $"The images come from two engines ({_endpoint} and {Endpoint}); one archive holds images of one engine.",
                            "ImagesOnSeveralEngines", ErrorCategory.InvalidArgument, image), "ImagesOnSeveralEngines", ErrorCategory.InvalidArgument, image));
                    }

                    _endpoint = Endpoint;
                }

                if (!_images.Contains(image))
                {
                    _images.Add(image);
                }
            }
        }

        protected override void EndProcessing()
        {
            if (_images.Count == 0)
            {
                return;
            }

            Endpoint = _endpoint;
            string path = LocationPaths.For(this)(Path);
            try
            {
                FileDownload.CheckTarget(path, Path, NoClobber, "docker save", "images.tar");
            }
            catch (PSDockerException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, e.Category, e.Target));
            }

            if (!ShouldProcess(path, $"Save {string.Join(", ", _images)}"))
            {
                return;
            }

            Run(() => SaveAsync(path), _images.ToArray());
        }

        private async Task SaveAsync(string path)
        {
            // docker save refuses the whole archive when one name is missing: say which, and save the others.
            var found = new List<string>();
            var engine = new CmdletEngineRequests(this);
            foreach (string image in _images)
            {
                if (await ImageReadBack.TryReadAsync(engine, image) is null)
                {
                    WriteItemError(ImageReadBack.NotFoundErrorId, ErrorCategory.ObjectNotFound,
                        $"The image '{image}' does not exist on the engine; it is not saved.", image);
                }
                else
                {
                    found.Add(image);
                }
            }

            if (found.Count == 0)
            {
                return;
            }

            string activity = $"Saving {string.Join(", ", found)}";
            long written;
            using (Stream source = await RequestAsync(RequestLimit.None, (e, token) => e.Client.Images.SaveImagesAsync(found.ToArray(), token)))
            {
                written = await FileDownload.WriteAsync(this, source, path, activity, ProgressId, CancelToken);
            }

            WriteVerbose($"Saved {string.Join(", ", found)} to {path} ({written} bytes).");
            if (PassThru)
            {
                // Through the FileSystem provider, so the object shows as Get-Item shows it.
                WriteObject(InvokeProvider.Item.Get(WildcardPattern.Escape(path)), true);
            }
        }
    }
}
