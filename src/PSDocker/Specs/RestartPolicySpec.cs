using System;
using System.Globalization;
using Docker.DotNet.Models;

namespace PSDocker.Specs
{
    /// <summary>
    /// docker run --restart: <c>no</c>, <c>always</c>, <c>unless-stopped</c>, <c>on-failure</c> or
    /// <c>on-failure:N</c> (at most N restarts, N 0 or more). Names ignore case here (docker's engine wants them
    /// in lower case; they are sent so). The checks the engine makes (a count only with on-failure) are made here,
    /// before anything is sent. Error id InvalidRestartPolicySpec.
    /// </summary>
    internal static class RestartPolicySpec
    {
        internal const string ErrorId = "InvalidRestartPolicySpec";

        internal static RestartPolicy Parse(string text)
        {
            string spec = text ?? "";
            string[] parts = spec.Split(':');
            if (parts.Length > 2)
            {
                throw new SpecException(ErrorId, spec, "give no, always, unless-stopped, on-failure or on-failure:N.");
            }

            long count = 0;
            if (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count))
            {
                throw new SpecException(ErrorId, spec, $"the retry count '{parts[1]}' is not a whole number.");
            }

            RestartPolicyKind kind;
            switch (parts[0].ToLowerInvariant())
            {
                case "no":
                    kind = RestartPolicyKind.No;
                    break;
                case "always":
                    kind = RestartPolicyKind.Always;
                    break;
                case "unless-stopped":
                    kind = RestartPolicyKind.UnlessStopped;
                    break;
                case "on-failure":
                    kind = RestartPolicyKind.OnFailure;
                    break;
                default:
                    throw new SpecException(ErrorId, spec, $"'{parts[0]}' is not a restart policy: give no, always, unless-stopped, on-failure or on-failure:N.");
            }

            if (parts.Length == 2 && kind != RestartPolicyKind.OnFailure)
            {
                throw new SpecException(ErrorId, spec, $"a retry count can only be given to on-failure, not to {parts[0]}.");
            }

            if (count < 0)
            {
                throw new SpecException(ErrorId, spec, "the retry count cannot be negative.");
            }

            return new RestartPolicy { Name = kind, MaximumRetryCount = count };
        }
    }
}
