using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the engine's version and the API version PSDocker speaks to it (docker version).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DockerVersion")]
    [OutputType(typeof(DockerVersion))]
    public sealed class GetDockerVersionCommand : DockerCmdlet
    {
        protected override string ErrorNoun => "Engine";

        protected override bool SeveralEngines => true;

        protected override void ProcessRecord()
        {
            Run(async () =>
            {
                DockerVersion version = await RequestAsync(RequestLimit.Default, async (engine, token) =>
                    ModelMapper.ToVersion(await engine.Client.System.GetVersionAsync(token), engine, ModuleInfo.Version));
                WriteObject(version);
            });
        }
    }
}
