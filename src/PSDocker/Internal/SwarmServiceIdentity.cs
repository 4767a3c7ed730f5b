using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;

namespace PSDocker
{
    /// <summary>
    /// Swarm services by name or id on the cmdlet's engine (a manager), and the errors about them: SwarmServiceNotFound,
    /// SwarmNotManager, SwarmNotInitialized, SwarmServiceUpdateRejected. Used by every *-SwarmService cmdlet, Get-SwarmTask and
    /// Get-SwarmServiceLog.
    /// </summary>
    internal static class SwarmServiceIdentity
    {
        internal const string Noun = "SwarmService";
        internal const string NotFoundErrorId = "SwarmServiceNotFound";
        internal const string UpdateRejectedErrorId = "SwarmServiceUpdateRejected";
        internal const string WaitTimeoutErrorId = "SwarmServiceWaitTimeout";
        internal const string UpdatePausedErrorId = "SwarmServiceUpdatePaused";
        internal const string AmbiguousErrorId = "SwarmServiceAmbiguous";

        /// <summary>Every service of the engine, with running/desired task counts (GET /services?status=true).</summary>
        internal static async Task<IList<Docker.DotNet.Models.SwarmService>> ListAsync(DockerCmdlet cmdlet, IDictionary<string, IDictionary<string, bool>>? filters = null,
            CancellationToken cancel = default)
        {
            try
            {
                return await cmdlet.RequestAsync(RequestLimit.Default, cancel, (e, token) =>
                    e.Client.Swarm.ListServicesAsync(new ServiceListParameters { Status = true, Filters = filters }, token))
                    ?? new List<Docker.DotNet.Models.SwarmService>();
            }
            catch (DockerApiException e) when (ToError(e, "") is PSDockerException mapped && ErrorMapper.SwarmRefusal(mapped.Message) is not null)
            {
                throw mapped;
            }
        }

        /// <summary>
        /// One service by exact name, full id or id prefix (GET /services/{x}), as docker service inspect finds it; its
        /// counts are added from the list. Throws SwarmServiceNotFound (or SwarmNotManager, SwarmNotInitialized) as a PSDockerException;
        /// OperationCanceledException when <paramref name="cancel"/> (a caller's own deadline) fires.
        /// </summary>
        internal static async Task<Docker.DotNet.Models.SwarmService> InspectAsync(DockerCmdlet cmdlet, string nameOrId, bool withCounts = true,
            CancellationToken cancel = default)
        {
            Docker.DotNet.Models.SwarmService found;
            try
            {
                found = await cmdlet.RequestAsync(RequestLimit.Default, cancel, (e, token) => e.Client.Swarm.InspectServiceAsync(nameOrId, token));
            }
            catch (DockerApiException e) when (ToError(e, nameOrId) is PSDockerException mapped)
            {
                throw mapped;
            }

            if (withCounts)
            {
                IList<Docker.DotNet.Models.SwarmService> listed = await ListAsync(cmdlet, IdFilter(found.ID), cancel);
                found.ServiceStatus = listed.FirstOrDefault(s => s.ID == found.ID)?.ServiceStatus ?? found.ServiceStatus;
            }

            return found;
        }

        /// <summary>The list filter for one service id.</summary>
        internal static IDictionary<string, IDictionary<string, bool>> IdFilter(string id) =>
            new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal)
            {
                ["id"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [id] = true },
            };

        /// <summary>
        /// The error for an engine refusal about <paramref name="service"/>: SwarmServiceNotFound (404),
        /// SwarmServiceAmbiguous (an id prefix several services share), SwarmNotManager / SwarmNotInitialized / SwarmLocked (the engine is a worker, in no swarm, or locked), else as ErrorMapper maps the status.
        /// Null for anything that is not an engine refusal.
        /// </summary>
        internal static PSDockerException? ToError(Exception e, string service)
        {
            if (ErrorMapper.Unwrap(e) is not DockerApiException api)
            {
                return null;
            }

            var (id, category, message) = ErrorMapper.Classify(api.StatusCode, api.ResponseBody, Noun);
            if (ErrorMapper.SwarmRefusal(message) is (string swarmId, ErrorCategory swarmCategory))
            {
                // SwarmNotInitialized, SwarmNotManager, SwarmLocked: the ids every swarm cmdlet gives.
                return new PSDockerException(
                    $"{message} Services live on a swarm manager: give -Context or -HostAddress of a manager, or make this engine one (Initialize-DockerSwarm).",
                    swarmId, swarmCategory, service, api);
            }

            if (message.IndexOf("ambiguous", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new PSDockerException($"'{service}' names several swarm services: give more of the id, or the name. The engine said: {message}",
                    AmbiguousErrorId, ErrorCategory.InvalidArgument, service, api);
            }

            if (api.StatusCode == HttpStatusCode.NotFound)
            {
                return new PSDockerException($"No such service: {service}. Get-SwarmService lists the swarm's services.",
                    NotFoundErrorId, ErrorCategory.ObjectNotFound, service, api);
            }

            return new PSDockerException(message, id, category, service, api);
        }

        /// <summary>
        /// The error for an update the engine refused (docker service update): SwarmServiceUpdateRejected with the engine's
        /// reason (a rollback with no previous spec, an out-of-date version, a bad spec), or the errors of <see cref="ToError"/>.
        /// </summary>
        internal static PSDockerException? ToUpdateError(Exception e, string service, bool rollback)
        {
            PSDockerException? mapped = ToError(e, service);
            if (mapped is null || mapped.ErrorId is NotFoundErrorId or AmbiguousErrorId || ErrorMapper.SwarmRefusal(mapped.Message) is not null)
            {
                return mapped;
            }

            string reason = ErrorMapper.EngineMessage((ErrorMapper.Unwrap(e) as DockerApiException)?.ResponseBody) ?? mapped.Message;
            string what = rollback && reason.IndexOf("previous", StringComparison.OrdinalIgnoreCase) >= 0
                ? $"Service '{service}' cannot be rolled back: it has no previous spec (it was never updated, or was rolled back already)."
                : $"The engine refused the update of service '{service}'.";
            return new PSDockerException($"{what} The engine said: {reason}", UpdateRejectedErrorId, ErrorCategory.InvalidOperation, service, mapped.InnerException);
        }
    }
}
