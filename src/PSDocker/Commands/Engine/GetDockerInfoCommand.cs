using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets engine-wide information: containers, images, drivers, swarm state (docker info).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DockerInfo")]
    [OutputType(typeof(DockerInfo))]
    public sealed class GetDockerInfoCommand : DockerCmdlet
    {
        protected override string ErrorNoun => "Engine";

        protected override bool SeveralEngines => true;

        protected override void ProcessRecord()
        {
            Run(async () =>
            {
                DockerInfo info = await RequestAsync(RequestLimit.Default, async (engine, token) =>
                    ModelMapper.ToInfo(await engine.Client.System.GetSystemInfoAsync(token), engine.Endpoint));
                WriteObject(info);
            });
        }
    }
}
