using System;
using System.Management.Automation;

namespace PSDocker
{
    /// <summary>
    /// A build (Invoke-ImageBuild, as `docker build`) failed inside the engine: a step failed, or the Dockerfile was
    /// refused. The engine reports it inside the build's JSON message stream ({"errorDetail":{"code":3,"message":
    /// "The command '/bin/sh -c exit 3' returned a non-zero code: 3"}}), not as an HTTP error. Raised as the
    /// terminating error ImageBuildFailed (category InvalidResult, the first tag or the context folder as
    /// TargetObject), after every build output line before it has been written. A script reads the code:
    /// <code>try { Invoke-ImageBuild ./app } catch { $_.Exception.ExitCode }  # 3</code>
    /// </summary>
    public sealed class ImageBuildFailedException : Exception
    {
        /// <summary>The error id a failed build is reported under.</summary>
        public const string ErrorId = "ImageBuildFailed";

        internal ImageBuildFailedException(string message, long? exitCode, object? target, System.Collections.Generic.IReadOnlyList<string>? output = null)
            : base(WithOutput(message, output))
        {
            ExitCode = exitCode;
            Target = target;
            Output = output ?? Array.Empty<string>();
            Reason = message;
        }

        /// <summary>
        /// The last lines the build wrote before it failed (up to <see cref="OutputLines"/>, oldest first): the failed
        /// step's own output, as docker build shows it. They are also at the end of the message, so the error says
        /// why without -InformationAction Continue; every line went to the information stream as it came.
        /// </summary>
        public System.Collections.Generic.IReadOnlyList<string> Output { get; }

        /// <summary>The engine's own words for the failure (errorDetail.message), without the output lines.</summary>
        public string Reason { get; }

        /// <summary>How many of the last output lines a failed build keeps in <see cref="Output"/>.</summary>
        public const int OutputLines = 10;

        private static string WithOutput(string message, System.Collections.Generic.IReadOnlyList<string>? output) =>
            output is null || output.Count == 0
                ? message
                : message + Environment.NewLine + "Last output of the build:" + Environment.NewLine + "  " +
                  string.Join(Environment.NewLine + "  ", output);

        /// <summary>
        /// The failed step's exit code, as the engine reports it (errorDetail.code: the RUN command's exit status);
        /// null when the failure was not a command's (a missing file, a bad instruction).
        /// </summary>
        public long? ExitCode { get; }

        internal object? Target { get; }

        internal ErrorRecord ToErrorRecord(object? target) => new ErrorRecord(this, ErrorId, ErrorCategory.InvalidResult, Target ?? target);
    }
}
