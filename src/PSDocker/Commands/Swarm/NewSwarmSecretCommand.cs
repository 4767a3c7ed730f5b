using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

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
    public sealed class NewSwarmSecretCommand : NewSwarmObjectCommandBase
    {
        /// <summary>The value, as a SecureString (e.g. Read-Host -AsSecureString). Sent as its UTF-8 bytes (Spec.Data).</summary>
        [Parameter(ParameterSetName = ValueSet, Mandatory = true)]
        [ValidateNotNull]
        public SecureString? Value { get; set; }

        protected override string ErrorNoun => "SwarmSecret";

        private protected override string Kind => "secret";

        private protected override byte[] ValueBytes() => SwarmObjects.Bytes(Value!);

        private protected override async Task<string> CreateAsync(EngineConnection engine, string name, Dictionary<string, string> labels, byte[] data, CancellationToken token) =>
            (await engine.Client.Secrets.CreateAsync(new SwarmSecretSpec { Name = name, Labels = labels, Data = data }, token)).ID;

        private protected override async Task<object> ReadAsync(EngineConnection engine, string id, CancellationToken token) =>
            ModelMapper.ToSwarmSecret(await engine.Client.Secrets.InspectAsync(id, token), engine.Endpoint);
    }
}
