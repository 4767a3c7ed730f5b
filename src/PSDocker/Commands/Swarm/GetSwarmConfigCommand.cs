using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the swarm's configs, like docker config ls and docker config inspect.</para>
    /// <para type="description">Writes one SwarmConfig per config, asked of a manager (GET /configs): id, name, labels,
    /// times and the data, as bytes (Data) and as UTF-8 text (Text), since configs are not secret. Without -Name every config
    /// is written, by name.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SwarmConfig", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(SwarmConfig))]
    public sealed class GetSwarmConfigCommand : SwarmObjectCommandBase<Docker.DotNet.Models.SwarmConfig>
    {
        /// <summary>
        /// Configs by name, id or unique id prefix (as docker config inspect takes them), or wildcard patterns matched
        /// against the names. A name not found is SwarmConfigNotFound (non-terminating); a pattern that matches nothing
        /// writes nothing. Strings and SwarmConfig objects (through their Name) bind from the pipeline.
        /// </summary>
        [Parameter(ParameterSetName = NameSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmConfigNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Configs by id or unique id prefix, never matched against names. Bound by property name from objects with an Id.</summary>
        [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        protected override string ErrorNoun => "SwarmConfig";


        /// <summary>Several -Context or -HostAddress values ask each engine, concurrently (see DockerCmdlet).</summary>

        protected override bool SeveralEngines => true;

        private protected override SwarmObjectKind<Docker.DotNet.Models.SwarmConfig> Objects => SwarmObjectKinds.Configs;

        protected override void ProcessRecord() => Run(async () =>
        {
            foreach (var (item, endpoint) in await SelectAsync(Name, Id))
            {
                WriteObject(ModelMapper.ToSwarmConfig(item, endpoint));
            }
        }, (object?)Name ?? Id);
    }
}
