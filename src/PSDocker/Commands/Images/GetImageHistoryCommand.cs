using System;
using System.Collections.Generic;
using System.Management.Automation;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the steps an image was built from, like docker history.</para>
    /// <para type="description">One ImageHistoryItem per step, newest first, as docker history prints them: the
    /// image id each step made (or "&lt;missing&gt;"), when, the instruction, the size it added and its comment. A
    /// missing image gives ImageNotFound and the next image is read.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImageHistory")]
    [OutputType(typeof(ImageHistoryItem))]
    public sealed class GetImageHistoryCommand : DockerCmdlet
    {
        /// <summary>
        /// The image: a reference ("busybox", "127.0.0.1:5000/app:1.0"), an image id or an id prefix. Bound by value
        /// from strings and by property name from piped objects' Reference (an Image row) or Id. A malformed reference
        /// is a terminating InvalidImageReference error before anything is sent.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Reference", "Id")]
        [ArgumentCompleter(typeof(ImageReferenceCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Image { get; set; }

        protected override string ErrorNoun => "Image";

        protected override void ProcessRecord()
        {
            string[] images = Image ?? Array.Empty<string>();
            foreach (string image in images)
            {
                CheckInput(image, () => ImageReference.CheckSource(image, nameof(Image)));
            }

            Run(async () =>
            {
                foreach (string image in images)
                {
                    DockerEndpoint? endpoint = null;
                    IList<ImageHistoryResponse> steps;
                    try
                    {
                        steps = await RequestAsync(RequestLimit.Default, (e, token) =>
                        {
                            endpoint = e.Endpoint;
                            return e.Client.Images.GetImageHistoryAsync(image, token);
                        });
                    }
                    catch (Exception e) when (ErrorMapper.Unwrap(e) is Docker.DotNet.DockerApiException)
                    {
                        WriteItemError(e, image);
                        continue;
                    }

                    foreach (ImageHistoryResponse step in steps)
                    {
                        WriteObject(ModelMapper.ToImageHistoryItem(step, endpoint!));
                    }
                }
            }, images);
        }
    }
}
