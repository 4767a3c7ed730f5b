using System;
using System.Globalization;
using System.Management.Automation;

namespace PSDocker
{
    /// <summary>
    /// A command run by Invoke-ContainerCommand -ThrowOnError exited with a non-zero code. Raised as the terminating
    /// error ContainerCommandFailed (category InvalidResult, the container as TargetObject) after all of the command's
    /// output was read. A script catches it and reads the code and, without -Stream, the whole result:
    /// <code>try { Invoke-ContainerCommand web -Command false -ThrowOnError } catch { $_.Exception.ExitCode }  # 1</code>
    /// </summary>
    public sealed class ContainerCommandException : Exception
    {
        /// <summary>The error id a non-zero exit code is raised under.</summary>
        public const string ErrorId = "ContainerCommandFailed";

        internal ContainerCommandException(string container, string command, long exitCode, ExecResult? result)
            : base(string.Format(CultureInfo.InvariantCulture, "The command '{0}' in container '{1}' exited with code {2}.{3}",
                command, container, exitCode, LastError(result)))
        {
            Container = container;
            ExitCode = exitCode;
            Result = result;
        }

        /// <summary>The command's exit code (never 0), as the engine reports it (GET /exec/{id}/json, ExitCode).</summary>
        public long ExitCode { get; }

        /// <summary>The container's name.</summary>
        public string Container { get; }

        /// <summary>The whole result (output, error lines, duration), or null with -Stream, whose lines were already written.</summary>
        public ExecResult? Result { get; }

        internal ErrorRecord ToErrorRecord() => new ErrorRecord(this, ErrorId, ErrorCategory.InvalidResult, Container);

        private static string LastError(ExecResult? result) =>
            result is not null && result.Error.Count > 0 ? " Its last error line: " + result.Error[result.Error.Count - 1] : "";
    }
}
