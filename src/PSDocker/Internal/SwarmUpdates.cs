using System;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet;

namespace PSDocker
{
    /// <summary>
    /// Sends a swarm object's update (the swarm's spec, a node's spec) the way the engine wants it under concurrent
    /// changes: each attempt reads the object's version afresh and sends the change with it; when another change went
    /// in between, the engine refuses with "update out of sequence" and the attempt is made again on a new read, up to
    /// <see cref="Attempts"/> times, then SwarmUpdateConflict.
    /// </summary>
    internal static class SwarmUpdates
    {
        internal const string ConflictErrorId = "SwarmUpdateConflict";

        /// <summary>How many read-and-send attempts are made before SwarmUpdateConflict.</summary>
        internal const int Attempts = 3;

        /// <summary>True when <paramref name="e"/> is the engine's refusal of an update sent with an old version.</summary>
        internal static bool IsOutOfSequence(Exception e) =>
            ErrorMapper.Unwrap(e) is DockerApiException api &&
            (ErrorMapper.EngineMessage(api.ResponseBody) ?? api.Message).IndexOf("update out of sequence", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// Runs <paramref name="attempt"/> (read the version, apply the change, send) until the engine takes it; an "update
        /// out of sequence" refusal runs it again, and after <see cref="Attempts"/> of them it is SwarmUpdateConflict
        /// (ResourceBusy) naming <paramref name="what"/>. Other errors pass through.
        /// </summary>
        internal static async Task<T> SendAsync<T>(string what, Func<Task<T>> attempt)
        {
            for (int i = 1; ; i++)
            {
                try
                {
                    return await attempt().ConfigureAwait(false);
                }
                catch (Exception e) when (IsOutOfSequence(e))
                {
                    if (i >= Attempts)
                    {
                        throw new PSDockerException(
                            $"{what} was changed by someone else each time it was read ({Attempts} attempts): the engine refused the update as out of sequence. Try again.",
                            ConflictErrorId, ErrorCategory.ResourceBusy, what, ErrorMapper.Unwrap(e));
                    }
                }
            }
        }
    }
}
