using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a swarm secret, like docker secret create.</para>
    /// <para type="description">Creates a secret (POST /secrets/create) on a manager from -Value (a SecureString), -Path (a
    /// file's bytes) or pipeline input (lines of text, joined with "\n", or bytes), and writes it as a SwarmSecret (without
    /// the value: the engine never gives it back). Services read it as the file /run/secrets/NAME. The value never appears
    /// in any output, verbose, debug or error. A name in use is SwarmSecretNameConflict: secrets cannot be changed, only
    /// removed and made again.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SwarmSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ValueSet)]
    [OutputType(typeof(SwarmSecret))]
    public sealed class NewSwarmSecretCommand : DockerCmdlet
    {
        private const string ValueSet = "Value";
        private const string PathSet = "Path";
        private const string PipelineSet = "Pipeline";

        private readonly SwarmObjects.PipedValue _piped = new SwarmObjects.PipedValue();

        /// <summary>
        /// The secret's name (Spec.Name): 1 to 64 letters, digits, '-', '_' or '.', starting and ending with a letter or
        /// digit; anything else is an InvalidSwarmSecretName error before anything is sent.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The value, as a SecureString (e.g. Read-Host -AsSecureString). Sent as its UTF-8 bytes (Spec.Data).</summary>
        [Parameter(ParameterSetName = ValueSet, Mandatory = true)]
        [ValidateNotNull]
        public SecureString? Value { get; set; }

        /// <summary>A file whose bytes are the value (docker secret create NAME FILE); relative to the current location. A missing file is a terminating ItemNotFound-style error naming the path.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The value from the pipeline (docker secret create NAME -): strings, each a line (joined with "\n"), or bytes (a byte[]). Nothing else is taken.</summary>
        [Parameter(ParameterSetName = PipelineSet, Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>Labels (docker secret create --label; Spec.Labels): KEY=VALUE strings, KEY alone (empty value), or a hashtable. An empty key is an InvalidLabelSpec error.</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Label { get; set; }

        protected override string ErrorNoun => "SwarmSecret";

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PipelineSet)
            {
                CheckInput("InputObject", () => _piped.Add(InputObject, "InvalidSwarmSecretValue"));
            }
        }

        protected override void EndProcessing()
        {
            string name = Name!.Trim();
            Dictionary<string, string> labels = CheckInput(name, () =>
            {
                SwarmObjects.CheckName(name, nameof(Name), "InvalidSwarmSecretName");
                return KeyValueSpec.ToMap(Label, nameof(Label));
            });
            byte[] data = ParameterSetName switch
            {
                ValueSet => SwarmObjects.Bytes(Value!),
                PathSet => CheckInput(Path, () => SwarmObjects.ReadFile(this, Path!, nameof(Path))),
                _ => _piped.ToBytes(),
            };

            try
            {
                if (!ShouldProcess(name, "Create secret (docker secret create)"))
                {
                    return;
                }

                var spec = new SwarmSecretSpec { Name = name, Labels = labels, Data = data };
                Run(async () =>
                {
                    SecretCreateResponse created;
                    try
                    {
                        created = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Secrets.CreateAsync(spec, token));
                    }
                    catch (DockerApiException e) when (SwarmObjects.ToError(e, ErrorNoun, "secret", name) is PSDockerException mapped)
                    {
                        WriteItemError(mapped, name);
                        return;
                    }
                    finally
                    {
                        Array.Clear(data, 0, data.Length);
                    }

                    DockerEndpoint? endpoint = null;
                    Secret secret = await RequestAsync(RequestLimit.Default, (e, token) =>
                    {
                        endpoint = e.Endpoint;
                        return e.Client.Secrets.InspectAsync(created.ID, token);
                    });
                    WriteVerbose($"Created secret {name} ({created.ID}).");
                    WriteObject(ModelMapper.ToSwarmSecret(secret, endpoint!));
                }, name);
            }
            finally
            {
                Array.Clear(data, 0, data.Length);
            }
        }
    }
}
