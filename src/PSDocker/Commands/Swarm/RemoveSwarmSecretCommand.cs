using System.Management.Automation;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes swarm secrets, like docker secret rm.</para>
    /// <para type="description">Removes each secret (DELETE /secrets/{id}), on a manager. A secret a service uses is refused
    /// (SwarmSecretInUse); one not found is SwarmSecretNotFound. Each failure is that secret's error and the others go on.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "SwarmSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveSwarmSecretCommand : SwarmObjectCommandBase<Secret>
    {
        /// <summary>Secrets by exact name, id or unique id prefix (docker secret rm). No wildcards: select with Get-SwarmSecret and pipe. SwarmSecret objects bind by their Name.</summary>
        [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmSecretNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Secrets by id or unique id prefix, never matched against names. Bound by property name from objects with an Id.</summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        protected override string ErrorNoun => "SwarmSecret";

        private protected override SwarmObjectKind<Secret> Objects => SwarmObjectKinds.Secrets;

        protected override void ProcessRecord() => RemoveSelected(Name, Id, "Get-SwarmSecret");
    }
}
