using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a swarm config, like docker config create.</para>
    /// <para type="description">Creates a config (POST /configs/create) on a manager from -Value (text, sent as UTF-8),
    /// -Path (a file's bytes) or pipeline input (lines of text, joined with "\n", or bytes), and writes it as a SwarmConfig
    /// with its data. Services mount it as a file. Configs are not secret: use New-SwarmSecret for passwords and keys. A name
    /// in use is SwarmConfigNameConflict: configs cannot be changed, only removed and made again.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SwarmConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ValueSet)]
    [OutputType(typeof(SwarmConfig))]
    public sealed class NewSwarmConfigCommand : NewSwarmObjectCommandBase
    {
        /// <summary>The data as text, sent as its UTF-8 bytes (Spec.Data).</summary>
        [Parameter(ParameterSetName = ValueSet, Mandatory = true)]
        [AllowEmptyString]
        public string? Value { get; set; }

        protected override string ErrorNoun => "SwarmConfig";

        private protected override string Kind => "config";

        private protected override byte[] ValueBytes() => Encoding.UTF8.GetBytes(Value ?? "");

        private protected override async Task<string> CreateAsync(EngineConnection engine, string name, Dictionary<string, string> labels, byte[] data, CancellationToken token) =>
            (await engine.Client.Configs.CreateConfigAsync(new SwarmCreateConfigParameters { Config = new SwarmConfigSpec { Name = name, Labels = labels, Data = data } }, token)).ID;

        private protected override async Task<object> ReadAsync(EngineConnection engine, string id, CancellationToken token) =>
            ModelMapper.ToSwarmConfig(await engine.Client.Configs.InspectConfigAsync(id, token), engine.Endpoint);
    }
}
