using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;

namespace PSDocker.Readiness
{
    /// <summary>
    /// -FileExists: a path exists in the container's file system, asked of the engine's archive stat
    /// (HEAD /containers/{id}/archive, as docker cp does): no shell or process is needed in the container.
    /// </summary>
    internal sealed class FileExistsProbe : IReadinessProbe
    {
        private readonly IEngineRequests _engine;
        private readonly string _path;

        internal FileExistsProbe(IEngineRequests engine, string path)
        {
            _engine = engine;
            _path = path;
        }

        public string Condition => $"'{_path}' exists in the container";

        public async Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel)
        {
            try
            {
                ContainerArchiveResponse stat = await new ProbeRequests(_engine, cancel).RequestAsync((e, token) =>
                    e.Client.Containers.GetArchiveFromContainerAsync(container.ID, new ContainerPathStatParameters { Path = _path }, true, token),
                    RequestLimit.Default);
                stat.Stream?.Dispose();
                bool directory = stat.Stat is not null && (stat.Stat.Mode & ModelMapper.GoModeDir) != 0;
                return ProbeResult.Ready($"'{_path}' exists ({(directory ? "a directory" : "a file")})");
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return ProbeResult.NotYet($"'{_path}' does not exist");
            }
            catch (DockerApiException e)
            {
                return ProbeResult.NotYet("the engine refused the stat: " + ReadinessText.OneLine(ErrorMapper.EngineMessage(e.ResponseBody) ?? e.Message, 200));
            }
        }

        public void Dispose()
        {
        }
    }
}
