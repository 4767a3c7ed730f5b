using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

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
    public sealed class NewSwarmConfigCommand : DockerCmdlet
    {
        private const string ValueSet = "Value";
        private const string PathSet = "Path";
        private const string PipelineSet = "Pipeline";

        private readonly SwarmObjects.PipedValue _piped = new SwarmObjects.PipedValue();

        /// <summary>
        /// The config's name (Spec.Name): 1 to 64 letters, digits, '-', '_' or '.', starting and ending with a letter or
        /// digit; anything else is an InvalidSwarmConfigName error before anything is sent.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The data as text, sent as its UTF-8 bytes (Spec.Data).</summary>
        [Parameter(ParameterSetName = ValueSet, Mandatory = true)]
        [AllowEmptyString]
        public string? Value { get; set; }

        /// <summary>A file whose bytes are the data (docker config create NAME FILE); relative to the current location.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The data from the pipeline (docker config create NAME -): strings, each a line (joined with "\n"), or bytes (a byte[]).</summary>
        [Parameter(ParameterSetName = PipelineSet, Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>Labels (docker config create --label; Spec.Labels): KEY=VALUE strings, KEY alone (empty value), or a hashtable. An empty key is an InvalidLabelSpec error.</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Label { get; set; }

        protected override string ErrorNoun => "SwarmConfig";

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PipelineSet)
            {
                CheckInput("InputObject", () => _piped.Add(InputObject, "InvalidSwarmConfigValue"));
            }
        }

        protected override void EndProcessing()
        {
            string name = Name!.Trim();
            Dictionary<string, string> labels = CheckInput(name, () =>
            {
                SwarmObjects.CheckName(name, nameof(Name), "InvalidSwarmConfigName");
                return KeyValueSpec.ToMap(Label, nameof(Label));
            });
            byte[] data = ParameterSetName switch
            {
                ValueSet => Encoding.UTF8.GetBytes(Value ?? ""),
                PathSet => CheckInput(Path, () => SwarmObjects.ReadFile(this, Path!, nameof(Path))),
                _ => _piped.ToBytes(),
            };

            if (!ShouldProcess(name, "Create config (docker config create)"))
            {
                return;
            }

            var parameters = new SwarmCreateConfigParameters { Config = new SwarmConfigSpec { Name = name, Labels = labels, Data = data } };
            Run(async () =>
            {
                SwarmCreateConfigResponse created;
                try
                {
                    created = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Configs.CreateConfigAsync(parameters, token));
                }
                catch (DockerApiException e) when (SwarmObjects.ToError(e, ErrorNoun, "config", name) is PSDockerException mapped)
                {
                    WriteItemError(mapped, name);
                    return;
                }

                DockerEndpoint? endpoint = null;
                Docker.DotNet.Models.SwarmConfig config = await RequestAsync(RequestLimit.Default, (e, token) =>
                {
                    endpoint = e.Endpoint;
                    return e.Client.Configs.InspectConfigAsync(created.ID, token);
                });
                WriteVerbose($"Created config {name} ({created.ID}).");
                WriteObject(ModelMapper.ToSwarmConfig(config, endpoint!));
            }, name);
        }
    }
}
