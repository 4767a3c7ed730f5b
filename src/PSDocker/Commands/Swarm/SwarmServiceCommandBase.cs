using System.Threading;
using System.Threading.Tasks;

namespace PSDocker.Commands
{
    /// <summary>
    /// The base of the cmdlets that act on swarm services by name or id: their error noun (SwarmServiceNotFound...) and
    /// the one way they find a service, writing SwarmServiceNotFound for one that does not exist and going on.
    /// </summary>
    public abstract class SwarmServiceCommandBase : DockerCmdlet
    {
        protected override string ErrorNoun => SwarmServiceIdentity.Noun;

        /// <summary>
        /// The service named <paramref name="text"/> (name, id or id prefix) on this call's engine, with its task counts
        /// when <paramref name="withCounts"/>; null, after a non-terminating SwarmServiceNotFound, when there is none.
        /// <paramref name="cancel"/> is a caller's own deadline (OperationCanceledException when it fires).
        /// </summary>
        private protected async Task<Docker.DotNet.Models.SwarmService?> FindAsync(string text, bool withCounts, CancellationToken cancel = default)
        {
            try
            {
                return await SwarmServiceIdentity.InspectAsync(this, text, withCounts, cancel);
            }
            catch (PSDockerException e) when (e.ErrorId == SwarmServiceIdentity.NotFoundErrorId)
            {
                WriteItemError(e, text);
                return null;
            }
        }
    }
}
