using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>
    /// What a command run inside a container by Invoke-ContainerCommand (docker exec) ended with: its exit code, its
    /// standard output and standard error lines (kept apart), how long it took, and where it ran. With -Detach
    /// -PassThru the command may still be running: ExitCode is then null, and Output and Error are empty.
    /// </summary>
    public sealed class ExecResult
    {
        internal ExecResult(long? exitCode, IReadOnlyList<string> output, IReadOnlyList<string> error, TimeSpan duration,
            string container, string containerId, string execId, IReadOnlyList<string> command, DockerEndpoint endpoint)
        {
            ExitCode = exitCode;
            Output = output;
            Error = error;
            Duration = duration;
            Container = container;
            ContainerId = containerId;
            ExecId = execId;
            Command = command;
            Endpoint = endpoint;
        }

        /// <summary>
        /// The command's exit code, as `docker exec` returns it (GET /exec/{id}/json, ExitCode): 126 when the command
        /// cannot be run, 127 when a shell does not find it, 128+N after signal N. Null while a -Detach command runs.
        /// </summary>
        public long? ExitCode { get; }

        /// <summary>The command's standard output, one string per line, without line endings (UTF-8 decoded).</summary>
        public IReadOnlyList<string> Output { get; }

        /// <summary>The command's standard error, one string per line, without line endings (UTF-8 decoded).</summary>
        public IReadOnlyList<string> Error { get; }

        /// <summary>Wall-clock time from creating the exec instance to reading its exit code (zero with -Detach).</summary>
        public TimeSpan Duration { get; }

        /// <summary>The container's name (without docker's leading "/").</summary>
        public string Container { get; }

        /// <summary>The container's full id (64 hex digits), from the exec instance (ContainerID).</summary>
        public string ContainerId { get; }

        /// <summary>The exec instance's id (POST /containers/{id}/exec, Id): GET /exec/{ExecId}/json describes it.</summary>
        public string ExecId { get; }

        /// <summary>The command as it was run (the exec instance's Cmd): the program, then its arguments.</summary>
        public IReadOnlyList<string> Command { get; }

        /// <summary>The engine the command ran on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <summary>True when the command exited with code 0.</summary>
        public bool Succeeded => ExitCode == 0;

        /// <summary>The standard output as one text, lines joined with "\n" (no line ending after the last).</summary>
        public override string ToString() => string.Join("\n", Output);
    }
}
