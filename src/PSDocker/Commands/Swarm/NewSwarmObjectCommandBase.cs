using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// The base of New-SwarmSecret and New-SwarmConfig: the name, the value from -Value (the cmdlet's own parameter),
    /// -Path (a file's bytes) or the pipeline (lines of text or bytes), labels, the name check before anything is sent,
    /// ShouldProcess, the create request and the object written. The value is never written to any stream.
    /// </summary>
    public abstract class NewSwarmObjectCommandBase : DockerCmdlet
    {
        /// <summary>The parameter set of -Value.</summary>
        public const string ValueSet = "Value";

        /// <summary>The parameter set of -Path.</summary>
        public const string PathSet = "Path";

        /// <summary>The parameter set of the pipeline's -InputObject.</summary>
        public const string PipelineSet = "Pipeline";

        private readonly SwarmObjects.PipedValue _piped = new SwarmObjects.PipedValue();

        /// <summary>
        /// The name (Spec.Name): 1 to 64 letters, digits, '-', '_' or '.', starting and ending with a letter or digit;
        /// anything else is an InvalidSwarmSecretName or InvalidSwarmConfigName error before anything is sent.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>A file whose bytes are the value (docker secret create NAME FILE, docker config create NAME FILE); relative to the current location. A file that is not there is FileNotFound.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The value from the pipeline (docker secret create NAME -): strings, each a line (joined with "\n"), or bytes (a byte[]). Nothing else is taken.</summary>
        [Parameter(ParameterSetName = PipelineSet, Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>Labels (--label; Spec.Labels): KEY=VALUE strings, KEY alone (empty value), or a hashtable. An empty key is an InvalidLabelSpec error.</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Label { get; set; }

        /// <summary>"secret" or "config", as messages and error ids name it.</summary>
        private protected abstract string Kind { get; }

        /// <summary>The bytes of -Value.</summary>
        private protected abstract byte[] ValueBytes();

        /// <summary>Creates the object (POST /secrets/create or /configs/create) and returns its id.</summary>
        private protected abstract Task<string> CreateAsync(EngineConnection engine, string name, Dictionary<string, string> labels, byte[] data, CancellationToken token);

        /// <summary>Reads the object created and maps it for output.</summary>
        private protected abstract Task<object> ReadAsync(EngineConnection engine, string id, CancellationToken token);

        private string Noun => Kind == "secret" ? "SwarmSecret" : "SwarmConfig";

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PipelineSet)
            {
                CheckInput("InputObject", () => _piped.Add(InputObject, $"Invalid{Noun}Value"));
            }
        }

        protected override void EndProcessing()
        {
            string name = Name!.Trim();
            Dictionary<string, string> labels = CheckInput(name, () =>
            {
                SwarmObjects.CheckName(name, nameof(Name), $"Invalid{Noun}Name");
                return KeyValueSpec.ToMap(Label, nameof(Label));
            });
            byte[] data = ParameterSetName switch
            {
                ValueSet => ValueBytes(),
                PathSet => CheckInput(Path, () => SwarmObjects.ReadFile(this, Path!, nameof(Path))),
                _ => _piped.ToBytes(),
            };

            try
            {
                if (!ShouldProcess(name, $"Create {Kind} (docker {Kind} create)"))
                {
                    return;
                }

                Run(async () =>
                {
                    string id;
                    try
                    {
                        id = await RequestAsync(RequestLimit.Default, (e, token) => CreateAsync(e, name, labels, data, token));
                    }
                    catch (DockerApiException e) when (SwarmObjects.ToError(e, Noun, Kind, name) is PSDockerException mapped)
                    {
                        WriteItemError(mapped, name);
                        return;
                    }

                    object created = await RequestAsync(RequestLimit.Default, (e, token) => ReadAsync(e, id, token));
                    WriteVerbose($"Created {Kind} {name} ({id}).");
                    WriteObject(created);
                }, name);
            }
            finally
            {
                // The value's bytes are not kept past the call (a secret's, above all).
                Array.Clear(data, 0, data.Length);
            }
        }
    }
}
