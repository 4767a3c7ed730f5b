using System.Management.Automation;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes swarm configs, like docker config rm.</para>
    /// <para type="description">Removes each config (DELETE /configs/{id}), on a manager. A config a service uses is refused
    /// (SwarmConfigInUse); one not found is SwarmConfigNotFound. Each failure is that config's error and the others go on.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "SwarmConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveSwarmConfigCommand : SwarmObjectCommandBase<Docker.DotNet.Models.SwarmConfig>
    {
        /// <summary>Configs by exact name, id or unique id prefix (docker config rm). No wildcards: select with Get-SwarmConfig and pipe. SwarmConfig objects bind by their Name.</summary>
        [Parameter(ParameterSetName = NameSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmConfigNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Configs by id or unique id prefix, never matched against names. Bound by property name from objects with an Id.</summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        protected override string ErrorNoun => "SwarmConfig";

        private protected override SwarmObjectKind<Docker.DotNet.Models.SwarmConfig> Objects => SwarmObjectKinds.Configs;

        protected override void ProcessRecord() => RemoveSelected(Name, Id, "Get-SwarmConfig");
    }
}
