using System;
using System.Globalization;
using System.Management.Automation;

namespace PSDocker
{
    /// <summary>
    /// A container run in the foreground (Start-Container -Image without -Detach, as `docker run`) exited with a
    /// non-zero code. Raised as the terminating error ContainerExitedWithError (category InvalidResult, the
    /// container id as TargetObject), after all of the container's output has been written. A script catches it
    /// and reads the code:
    /// <code>try { Start-Container -Image busybox -Command sh,-c,'exit 3' } catch { $_.Exception.ExitCode }  # 3</code>
    /// </summary>
    public sealed class ContainerExitedException : Exception
    {
        /// <summary>The error id a run reports a non-zero exit code under.</summary>
        public const string ErrorId = "ContainerExitedWithError";

        internal ContainerExitedException(string containerId, string? containerName, long exitCode)
            : base(FormatMessage(containerId, containerName, exitCode))
        {
            ContainerId = containerId;
            ContainerName = containerName;
            ExitCode = exitCode;
        }

        /// <summary>
        /// A command run in a container (Enter-Container's exec session) exited with a non-zero code: the message
        /// names the command; <see cref="Command"/> holds it.
        /// </summary>
        internal ContainerExitedException(string containerId, string? containerName, long exitCode, string command)
            : base(FormatCommandMessage(containerId, containerName, exitCode, command))
        {
            ContainerId = containerId;
            ContainerName = containerName;
            ExitCode = exitCode;
            Command = command;
        }

        /// <summary>
        /// The command that exited, for a command run in a container (Enter-Container: the exec's command line);
        /// null when the container's main process exited.
        /// </summary>
        public string? Command { get; }

        /// <summary>
        /// The exit code of the container's main process, as `docker run` returns it and the engine reports it
        /// (State.ExitCode; 137 after SIGKILL, 143 after SIGTERM, 127 for a command not found).
        /// </summary>
        public long ExitCode { get; }

        /// <summary>The full id of the container (64 hex digits). With -AutoRemove the container no longer exists.</summary>
        public string ContainerId { get; }

        /// <summary>The container's name, without the leading "/".</summary>
        public string? ContainerName { get; }

        internal ErrorRecord ToErrorRecord() => new ErrorRecord(this, ErrorId, ErrorCategory.InvalidResult, ContainerId);

        private static string FormatCommandMessage(string id, string? name, long exitCode, string command)
        {
            string shortId = id.Length > 12 ? id.Substring(0, 12) : id;
            string who = string.IsNullOrEmpty(name) ? shortId : $"'{name}' ({shortId})";
            return string.Format(CultureInfo.InvariantCulture, "The command '{0}' in the container {1} exited with code {2}.", command, who, exitCode);
        }

        private static string FormatMessage(string id, string? name, long exitCode)
        {
            string shortId = id.Length > 12 ? id.Substring(0, 12) : id;
            string who = string.IsNullOrEmpty(name) ? shortId : $"'{name}' ({shortId})";
            return string.Format(CultureInfo.InvariantCulture, "The container {0} exited with code {1}.", who, exitCode);
        }
    }
}
