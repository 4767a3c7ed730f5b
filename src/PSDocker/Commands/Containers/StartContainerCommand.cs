using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Starts existing containers, like docker start.</para>
    /// <para type="description">Starts created or stopped containers. A container that is already running is
    /// not an error, as with docker start. Acts on the engine each piped container came from.</para>
    /// </summary>
    /// <remarks>
    /// Not a <see cref="ContainerCommandBase"/>: Start-Container also runs new containers (docker run), whose
    /// options come from another base, and its -Name is then also the new container's name. It declares -Name
    /// and -Id itself, as the base does, and acts through the same <see cref="ContainerTargets"/>.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Start, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(Container))]
    public sealed class StartContainerCommand : DockerCmdlet
    {
        /// <summary>The parameter set for existing containers by name (docker start).</summary>
        public const string ContainerSet = ContainerCommandBase.ContainerSet;

        /// <summary>The parameter set for existing containers by id.</summary>
        public const string ContainerIdSet = ContainerCommandBase.ContainerIdSet;

        /// <summary>
        /// Containers by name or id, as the docker CLI takes them: the full id, the exact name
        /// (case-sensitive), or a prefix of the id that only one container has, resolved by the engine.
        /// No wildcards: select with Get-Container and pipe. Piped Container objects bind here by property
        /// name (and their Endpoint with them), strings by value.
        /// </summary>
        [Parameter(ParameterSetName = ContainerSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// Container ids: the full 64-digit id, or a prefix only one container has (a "sha256:" prefix is
        /// ignored). Never matched against names. Bound by property name from piped objects with an Id.
        /// </summary>
        [Parameter(ParameterSetName = ContainerIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>Return each container, read back from the engine after it started.</summary>
        [Parameter(ParameterSetName = ContainerSet)]
        [Parameter(ParameterSetName = ContainerIdSet)]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "Container";

        protected override void ProcessRecord()
        {
            var targets = new ContainerTargets(this, WriteItemError);
            Run(() => targets.ForEachAsync(Name, Id, "Start", async (container, shown) =>
            {
                bool started = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.StartContainerAsync(container, new ContainerStartParameters(), token));
                if (!started)
                {
                    WriteVerbose($"The container '{shown}' was already running.");
                }

                if (PassThru)
                {
                    WriteObject(await targets.ReadBackAsync(container));
                }
            }), (object?)Name ?? Id);
        }
    }
}
