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

        internal ImageBuildFailedException(string message, long? exitCode, object? target)
            : base(message)
        {
            ExitCode = exitCode;
            Target = target;
        }

        /// <summary>
        /// The failed step's exit code, as the engine reports it (errorDetail.code: the RUN command's exit status);
        /// null when the failure was not a command's (a missing file, a bad instruction).
        /// </summary>
        public long? ExitCode { get; }

        internal object? Target { get; }

        internal ErrorRecord ToErrorRecord(object? target) => new ErrorRecord(this, ErrorId, ErrorCategory.InvalidResult, Target ?? target);
    }
}
