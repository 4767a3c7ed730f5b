using System;
using System.Collections.Generic;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>The exec mappings (Invoke-ContainerCommand).</summary>
    internal static partial class ModelMapper
    {
        /// <summary>
        /// An exec instance as it ended: <paramref name="inspect"/> is GET /exec/{id}/json after the output ended (ExitCode,
        /// ContainerID); the lines, the duration, the container's name and the command are what the cmdlet saw and sent.
        /// </summary>
        internal static ExecResult ToExecResult(ContainerExecInspectResponse? inspect, string execId, string containerName, string? containerId,
            IReadOnlyList<string> command, IReadOnlyList<string> output, IReadOnlyList<string> error, TimeSpan duration, DockerEndpoint endpoint) =>
            new ExecResult(
                inspect is null || inspect.Running ? null : inspect.ExitCode,
                output,
                error,
                duration,
                containerName,
                NullIfEmpty(inspect?.ContainerID) ?? containerId ?? "",
                execId,
                command,
                endpoint);
    }
}
