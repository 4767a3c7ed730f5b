using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the swarm's secrets, like docker secret ls and docker secret inspect.</para>
    /// <para type="description">Writes one SwarmSecret per secret, asked of a manager (GET /secrets): id, name, labels and
    /// times. The engine never gives a secret's value back, so no object has it. Without -Name every secret is written, by
    /// name.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SwarmSecret", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(SwarmSecret))]
    public sealed class GetSwarmSecretCommand : SwarmObjectCommandBase<Secret>
    {
        /// <summary>
        /// Secrets by name, id or unique id prefix (as docker secret inspect takes them), or wildcard patterns matched
        /// against the names. A name not found is SwarmSecretNotFound (non-terminating); a pattern that matches nothing
        /// writes nothing. Strings and SwarmSecret objects (through their Name) bind from the pipeline.
        /// </summary>
        [Parameter(ParameterSetName = NameSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmSecretNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Secrets by id or unique id prefix, never matched against names. Bound by property name from objects with an Id.</summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        protected override string ErrorNoun => "SwarmSecret";


        /// <summary>Several -Context or -HostAddress values ask each engine, concurrently (see DockerCmdlet).</summary>

        protected override bool SeveralEngines => true;

        private protected override SwarmObjectKind<Secret> Objects => SwarmObjectKinds.Secrets;

        protected override void ProcessRecord() => Run(async () =>
        {
            foreach (var (item, endpoint) in await SelectAsync(Name, Id))
            {
                WriteObject(ModelMapper.ToSwarmSecret(item, endpoint));
            }
        }, (object?)Name ?? Id);
    }
}
