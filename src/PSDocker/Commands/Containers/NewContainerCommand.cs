using System;
using System.Collections.Generic;
using System.Net;
using Docker.DotNet;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a container from an image without starting it, like docker create.</para>
    /// <para type="description">Takes the options of docker create as parameters, checks every one before anything is
    /// sent, creates the container, and returns it as a Container (as Get-Container lists it). The image must be on the
    /// engine: a missing one is an ImageNotFound error (New-Container does not pull). A name in use is a
    /// ContainerConflict error. Bad option values are Invalid*Spec errors (see ContainerCreateCommandBase).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ImageSet)]
    [OutputType(typeof(Container))]
    public sealed class NewContainerCommand : ContainerCreateCommandBase
    {
        /// <summary>The container's name (docker --name): letters, digits, _ . -, starting with a letter or digit. The engine picks one when none is given.</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Error id when the image is not on the engine (category ObjectNotFound). New-Container does not pull.</summary>
        internal const string ImageNotFoundErrorId = "ImageNotFound";

        protected override string ErrorNoun => "Container";

        protected override void ProcessRecord()
        {
            if (PrepareCreate(Name, "Create container") is not CreateContainerParameters parameters)
            {
                return;
            }

            Run(async () =>
            {
                CreateContainerResponse created;
                try
                {
                    created = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.CreateContainerAsync(parameters, token));
                }
                catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound &&
                    (ErrorMapper.EngineMessage(e.ResponseBody) ?? "").StartsWith("No such image", StringComparison.OrdinalIgnoreCase))
                {
                    // The engine's 404 here is about the image, not a container.
                    throw new PSDockerException(ErrorMapper.EngineMessage(e.ResponseBody) ?? e.Message, ImageNotFoundErrorId,
                        ErrorCategory.ObjectNotFound, parameters.Image, e);
                }

                foreach (string warning in created.Warnings ?? Array.Empty<string>())
                {
                    WriteWarning(warning);
                }

                if (await ReadBackAsync(created.ID) is Container container)
                {
                    WriteObject(container);
                }
            }, Name ?? Image);
        }
    }
}
