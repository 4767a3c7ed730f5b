using System.Management.Automation;
using System.Threading.Tasks;

namespace PSDocker.Commands
{
    /// <summary>
    /// The base of the cmdlets that act on existing containers (Stop-, Restart-, Suspend-, Resume-, Rename-,
    /// Remove-, Wait-Container, Get-ContainerPort): the containers by -Name (names, ids or id prefixes; by value
    /// and by property name, so piped Container objects and docker ps -q ids bind here) or -Id (by property
    /// name), each acted on through <see cref="ContainerTargets"/> on the engine the call resolves (a piped
    /// Container's own, through the Endpoint property it binds).
    /// </summary>
    public abstract class ContainerCommandBase : DockerCmdlet
    {
        /// <summary>The parameter set of -Name.</summary>
        public const string ContainerSet = "Container";

        /// <summary>The parameter set of -Id.</summary>
        public const string ContainerIdSet = "ContainerId";

        /// <summary>
        /// Containers by name or id, as the docker CLI takes them: the full id, the exact name
        /// (case-sensitive), or a prefix of the id that only one container has, resolved by the engine.
        /// No wildcards: select with Get-Container and pipe. Piped Container objects bind here by property
        /// name (and their Endpoint with them), strings by value. Also -Container, as Invoke-ContainerCommand and
        /// Copy-ContainerItem name it; so objects that name their container in a Container property (ExecResult,
        /// LogRecord, ContainerStatistic, ...) bind by property name too.
        /// </summary>
        [Parameter(ParameterSetName = ContainerSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Container")]
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

        protected override string ErrorNoun => "Container";

        /// <summary>The action as -WhatIf and -Confirm name it ("Stop", "Remove"...).</summary>
        private protected abstract string Action { get; }

        /// <summary>The shared way of acting on this call's containers.</summary>
        private protected ContainerTargets Targets => new ContainerTargets(this, WriteItemError);

        /// <summary>Acts on one container: <paramref name="container"/> is what to send to the engine, <paramref name="shown"/> what the user gave.</summary>
        private protected abstract Task ActAsync(string container, string shown);

        protected override void ProcessRecord() =>
            Run(() => Targets.ForEachAsync(Name, Id, Action, ActAsync), (object?)Name ?? Id);
    }
}
