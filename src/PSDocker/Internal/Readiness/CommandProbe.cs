using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Streams;

namespace PSDocker.Readiness
{
    /// <summary>
    /// -Command: a command run in the container (docker exec, through <see cref="ContainerExec"/>) exits 0. Its output is
    /// read through the one line reader and only its last lines are kept, to say why it failed.
    /// </summary>
    internal sealed class CommandProbe : IReadinessProbe
    {
        private readonly IEngineRequests _engine;
        private readonly string[] _command;

        internal CommandProbe(IEngineRequests engine, string[] command)
        {
            _engine = engine;
            _command = command;
        }

        public string Condition => $"the command '{string.Join(" ", _command)}' exits 0";

        public async Task<ProbeResult> ProbeAsync(ContainerInspectResponse container, CancellationToken cancel)
        {
            if (container.State?.Status != "running")
            {
                return ProbeResult.NotYet($"not run: the container is {container.State?.Status ?? "unknown"}");
            }

            var exec = new ContainerExec(new ProbeRequests(_engine, cancel));
            var last = new Queue<string>();
            long? exitCode;
            try
            {
                string id = await exec.CreateAsync(container.ID, new ContainerExecCreateParameters
                {
                    Cmd = _command.ToList(),
                    AttachStdout = true,
                    AttachStderr = true,
                });
                using (var reader = new OutputLineReader(await exec.StartAttachedAsync(id)))
                {
                    while (await reader.FillAsync(cancel))
                    {
                        while (reader.TryReadLine(out OutputLine line))
                        {
                            last.Enqueue(line.Text);
                            if (last.Count > 3)
                            {
                                last.Dequeue();
                            }
                        }
                    }
                }

                exitCode = (await exec.InspectEndedAsync(id, cancel)).ExitCode;
            }
            catch (DockerApiException e)
            {
                return ProbeResult.NotYet("the engine refused to run it: " + ReadinessText.OneLine(ErrorMapper.EngineMessage(e.ResponseBody) ?? e.Message, 200));
            }

            string output = ReadinessText.OneLine(string.Join(" | ", last), 300);
            string said = output.Length > 0 ? $": {output}" : "";
            if (exitCode is null)
            {
                return ProbeResult.NotYet($"its output ended but it had not exited yet{said}");
            }

            return exitCode == 0
                ? ProbeResult.Ready("exited 0")
                : ProbeResult.NotYet($"exited {exitCode.Value.ToString(CultureInfo.InvariantCulture)}{said}");
        }

        public void Dispose()
        {
        }
    }
}
