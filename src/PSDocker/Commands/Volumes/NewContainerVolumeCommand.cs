using System;
using System.Collections.Generic;
using System.Management.Automation;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a volume, like docker volume create.</para>
    /// <para type="description">Creates a volume and writes it as a ContainerVolume (what docker volume inspect shows).
    /// Without -Name the engine makes an anonymous volume with a generated 64-digit name, as docker volume create does.
    /// As with docker volume create, a name that already exists gives back that volume unchanged. Use the volume in a
    /// container with Start-Container -Volume NAME:/path or -Mount type=volume,source=NAME,target=/path.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ContainerVolume", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ContainerVolume))]
    public sealed class NewContainerVolumeCommand : DockerCmdlet
    {
        /// <summary>
        /// The volume's name (the API's Name). With the local driver: at least two characters, letters, digits, '_', '.'
        /// and '-', starting with a letter or digit; anything else is an InvalidVolumeName error before anything is sent.
        /// Omitted: an anonymous volume with a generated name. Strings bind from the pipeline by value, objects by their Name.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Volume")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The volume driver (docker volume create -d; the API's Driver); "local" when omitted. A driver the engine does not have is a VolumeDriverNotFound error.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Driver { get; set; }

        /// <summary>
        /// Driver options (docker volume create -o; the API's DriverOpts): KEY=VALUE strings, KEY alone (empty value), or a
        /// hashtable, e.g. @{ type = 'tmpfs'; device = 'tmpfs'; o = 'size=64m' } for the local driver. An empty key is an
        /// InvalidVolumeOptionSpec error; an option the driver refuses is the engine's VolumeInvalidRequest.
        /// </summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Option { get; set; }

        /// <summary>Labels (docker volume create --label; the API's Labels): KEY=VALUE strings, KEY alone (empty value), or a hashtable. An empty key is an InvalidLabelSpec error.</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Label { get; set; }

        protected override string ErrorNoun => "Volume";

        protected override void ProcessRecord()
        {
            var parameters = new VolumesCreateParameters { Name = Name?.Trim() ?? "", Driver = Driver ?? "" };
            CheckInput(Name, () =>
            {
                if (Name is not null)
                {
                    VolumeIdentity.CheckName(parameters.Name, nameof(Name), Driver);
                }

                parameters.DriverOpts = KeyValueSpec.ToMap(Option, nameof(Option), VolumeIdentity.InvalidOptionErrorId, "option");
                parameters.Labels = KeyValueSpec.ToMap(Label, nameof(Label));
            });

            string shown = Name is null ? "an anonymous volume" : parameters.Name;
            if (!ShouldProcess(shown, "Create volume"))
            {
                return;
            }

            Run(async () =>
            {
                EngineConnection engine = await ConnectAsync();
                VolumeResponse created;
                try
                {
                    created = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Volumes.CreateAsync(parameters, token));
                }
                catch (DockerApiException e) when (VolumeIdentity.ToError(e, parameters.Name) is PSDockerException mapped)
                {
                    WriteItemError(mapped, parameters.Name);
                    return;
                }

                WriteObject(ModelMapper.ToVolume(created, engine.Endpoint));
            }, shown);
        }
    }
}
