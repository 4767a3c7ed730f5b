using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// The containers a cmdlet acts on, and the one way of acting on them: each -Name is sent to the engine as
    /// given (the engine resolves a full id, an exact name or a unique id prefix itself, as the docker CLI relies
    /// on); each -Id is resolved to a full id first, so it never matches a name. Each container is confirmed
    /// (-WhatIf/-Confirm) on its own, and a failure for one writes an error for that one and goes on with the
    /// rest. Engine errors get the ids of <see cref="ErrorMapper"/> (ContainerNotFound, ContainerConflict ...),
    /// refined where the engine's message says more (ContainerNotRunning, ContainerNotPaused, ContainerIdAmbiguous).
    /// Used by every cmdlet that acts on existing containers, through <see cref="ContainerCommandBase"/> or directly.
    /// </summary>
    internal sealed class ContainerTargets
    {
        /// <summary>Error id for an unusable -Name or -Id value (category InvalidArgument).</summary>
        internal const string InvalidErrorId = "InvalidArgument";

        internal const string NotRunningErrorId = "ContainerNotRunning";
        internal const string NotPausedErrorId = "ContainerNotPaused";

        private readonly DockerCmdlet _cmdlet;
        private readonly Action<Exception, object?> _writeError;

        /// <param name="cmdlet">The cmdlet whose engine, confirmation and output are used.</param>
        /// <param name="writeError">The cmdlet's WriteItemError: writes one container's error and goes on.</param>
        internal ContainerTargets(DockerCmdlet cmdlet, Action<Exception, object?> writeError)
        {
            _cmdlet = cmdlet;
            _writeError = writeError;
        }

        /// <summary>
        /// Acts on every container of <paramref name="names"/> and <paramref name="ids"/>, in order. For each,
        /// asks ShouldProcess(target, <paramref name="action"/>) (always true for cmdlets that change nothing),
        /// then calls <paramref name="act"/> with what to send to the engine (a name or a full id) and the text
        /// the user gave. Engine errors and PSDocker errors are written for that container; anything else (the
        /// engine gone, Ctrl+C) ends the call.
        /// </summary>
        internal async Task ForEachAsync(string[]? names, string[]? ids, string action, Func<string, string, Task> act)
        {
            foreach (string name in names ?? Array.Empty<string>())
            {
                string identity = name.Trim();
                if (!ContainerIdentity.CouldBeName(identity))
                {
                    string why = ContainerIdentity.IsWildcard(identity)
                        ? " Wildcards are not taken here: select the containers with Get-Container and pipe them, as in Get-Container 'web*' | Stop-Container."
                        : " A name is letters, digits and _ . - (docker's rule); an id is hexadecimal.";
                    _writeError(new PSDockerException($"-Name '{name}' is not a container name or id.{why}", InvalidErrorId,
                        ErrorCategory.InvalidArgument, name), name);
                    continue;
                }

                await OneAsync(identity, name, action, act);
            }

            foreach (string id in ids ?? Array.Empty<string>())
            {
                string? fullId;
                try
                {
                    fullId = await ResolveIdAsync(id);
                }
                catch (Exception e) when (IsItemFailure(e))
                {
                    _writeError(Refine(e, id), id);
                    continue;
                }

                if (fullId is not null)
                {
                    await OneAsync(fullId, id, action, act);
                }
            }
        }

        /// <summary>Acts on one container given by what to send to the engine (a name, or a full id), as <see cref="ForEachAsync"/>.</summary>
        internal async Task OneAsync(string identity, string shown, string action, Func<string, string, Task> act)
        {
            if (!_cmdlet.ShouldProcess(shown, action))
            {
                return;
            }

            try
            {
                await act(identity, shown);
            }
            catch (Exception e) when (IsItemFailure(e))
            {
                _writeError(Refine(e, shown), shown);
            }
        }

        /// <summary>
        /// The container as it is now (for -PassThru): the engine's lookup of <paramref name="identity"/> (as docker
        /// inspect), then its entry in the list, mapped as Get-Container NAME maps it (with inspect's details), on this
        /// call's engine. A container gone since the action is ContainerNotFound.
        /// </summary>
        internal async Task<Container> ReadBackAsync(string identity) =>
            await TryReadBackAsync(identity) ??
            throw new PSDockerException($"The container '{identity}' no longer exists.", ContainerIdentity.NotFoundErrorId,
                ErrorCategory.ObjectNotFound, identity);

        /// <summary>
        /// As <see cref="ReadBackAsync"/>, but null for a container gone since the action (an -AutoRemove container
        /// that exited, say). The one way a cmdlet reads back a container it acted on or made.
        /// </summary>
        internal async Task<Container?> TryReadBackAsync(string identity)
        {
            ContainerInspectResponse inspect;
            try
            {
                inspect = await _cmdlet.RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.InspectContainerAsync(identity, token));
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            string id = inspect.ID;
            DockerEndpoint? endpoint = null;
            IList<ContainerListResponse> list = await _cmdlet.RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.Containers.ListContainersAsync(new ContainersListParameters
                {
                    All = true,
                    Filters = ContainerIdentity.WithIdPrefix(null, id),
                }, token);
            });
            ContainerListResponse? item = list.FirstOrDefault(c => string.Equals(c.ID, id, StringComparison.Ordinal));

            // With docker inspect's details, as Get-Container NAME gives them: the change just made shows.
            return item is null ? null : ModelMapper.ToContainer(item, endpoint!, false, inspect);
        }

        /// <summary>
        /// The full id of a container given by -Id (full, or a prefix only one container has; a "sha256:" prefix
        /// ignored). A full id is taken as it is; a shorter one is looked up in the engine's list, as Get-Container
        /// -Id does. Writes ContainerNotFound, ContainerIdAmbiguous or InvalidArgument and returns null when there is none.
        /// </summary>
        private async Task<string?> ResolveIdAsync(string id)
        {
            string normalized = ContainerIdentity.NormalizeId(id);
            if (ContainerIdentity.IdPrefix(normalized) is null)
            {
                _writeError(new PSDockerException($"-Id '{id}' is not a container id: an id is 1 to 64 hexadecimal digits.", InvalidErrorId,
                    ErrorCategory.InvalidArgument, id), id);
                return null;
            }

            if (normalized.Length == 64)
            {
                return normalized;
            }

            DockerEndpoint? endpoint = null;
            List<Container> all = (await _cmdlet.RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, token);
            })).Select(c => ModelMapper.ToContainer(c, endpoint!)).ToList();
            ContainerResolution resolution = ContainerIdentity.ResolveId(id, all);
            if (resolution.Container is Container found)
            {
                return found.Id;
            }

            _writeError(ContainerIdentity.ToError(resolution, endpoint!, all, idsOnly: true)!, id);
            return null;
        }

        /// <summary>
        /// Stops a container without waiting for it (docker stop -t 0): SIGKILL, which the engine's stop with t=0
        /// sends right after the stop signal. Sent as a kill because the client library leaves t out of the query
        /// when it is 0, and the engine then waits its default 10 seconds. A container that is not running is
        /// left as it is, as a stop leaves it (the engine's 304). False when it was not running.
        /// </summary>
        internal async Task<bool> StopAtOnceAsync(string container)
        {
            try
            {
                await _cmdlet.RequestAsync(RequestLimit.Default, async (e, token) =>
                {
                    await e.Client.Containers.KillContainerAsync(container, new ContainerKillParameters { Signal = "KILL" }, token);
                    return true;
                });
                return true;
            }
            catch (DockerApiException api) when (Classify(api.StatusCode, ErrorMapper.EngineMessage(api.ResponseBody) ?? "")?.Id == NotRunningErrorId)
            {
                return false;
            }
        }

        /// <summary>A failure that concerns one container: the engine refused the request, or PSDocker refused the value.</summary>
        internal static bool IsItemFailure(Exception e) =>
            ErrorMapper.Unwrap(e) is DockerApiException || ErrorMapper.Unwrap(e) is PSDockerException;

        /// <summary>
        /// The engine's error with a more specific id where its message says what is wrong: "... is not running"
        /// (409, as from docker kill or pause) gives ContainerNotRunning; "... is not paused" (409, or 500 from
        /// engines before 23) gives ContainerNotPaused; "multiple IDs found with provided prefix" (400) gives
        /// ContainerIdAmbiguous. The category stays InvalidOperation (InvalidArgument for the ambiguous prefix);
        /// the message is the engine's. Other errors are returned as they are, for the error mapper.
        /// </summary>
        internal static Exception Refine(Exception e, object? target)
        {
            if (ErrorMapper.Unwrap(e) is not DockerApiException api)
            {
                return e;
            }

            string message = ErrorMapper.EngineMessage(api.ResponseBody) ?? "";
            (string Id, ErrorCategory Category)? refined = Classify(api.StatusCode, message);
            return refined is { } r ? new PSDockerException(message, r.Id, r.Category, target, api) : e;
        }

        /// <summary>The specific error id for an engine answer, or null for the mapper's own (see <see cref="Refine"/>).</summary>
        internal static (string Id, ErrorCategory Category)? Classify(HttpStatusCode status, string message)
        {
            int code = (int)status;
            if ((code == 409 || code == 500) && message.EndsWith(" is not running", StringComparison.Ordinal))
            {
                return (NotRunningErrorId, ErrorCategory.InvalidOperation);
            }

            if ((code == 409 || code == 500) && message.EndsWith(" is not paused", StringComparison.Ordinal))
            {
                return (NotPausedErrorId, ErrorCategory.InvalidOperation);
            }

            if (code == 400 && message.IndexOf("multiple IDs found with provided prefix", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return (ContainerIdentity.AmbiguousErrorId, ErrorCategory.InvalidArgument);
            }

            return null;
        }
    }
}
