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
    /// The networks a cmdlet names, and the one way of finding them and of reading the engine's refusals about them.
    /// A name is looked up as docker network inspect looks it up (the engine's own lookup: the full id, the exact name,
    /// then a prefix of the id only one network has); a wildcard pattern is matched against the names of the engine's
    /// networks, ignoring case. Engine errors get the network error ids below (and ContainerNotFound for a container
    /// the engine does not know), each with the engine's own message. Used by every network cmdlet.
    /// </summary>
    internal sealed class NetworkTargets
    {
        /// <summary>No network has that name, id or id prefix (ObjectNotFound).</summary>
        internal const string NotFoundErrorId = "NetworkNotFound";

        /// <summary>An id prefix (or a name) several networks share (InvalidArgument).</summary>
        internal const string AmbiguousErrorId = "NetworkAmbiguous";

        /// <summary>The network still has containers connected, so it cannot be removed (InvalidOperation).</summary>
        internal const string InUseErrorId = "NetworkInUse";

        /// <summary>bridge, host or none: the engine's own networks, which cannot be removed (InvalidOperation).</summary>
        internal const string PredefinedErrorId = "NetworkPredefined";

        /// <summary>A network of that name exists already (ResourceExists).</summary>
        internal const string ExistsErrorId = "NetworkExists";

        /// <summary>The container is connected to the network already (ResourceExists).</summary>
        internal const string AlreadyConnectedErrorId = "NetworkAlreadyConnected";

        /// <summary>The container is not connected to the network (InvalidOperation).</summary>
        internal const string NotConnectedErrorId = "NetworkNotConnected";

        private readonly DockerCmdlet _cmdlet;

        internal NetworkTargets(DockerCmdlet cmdlet) => _cmdlet = cmdlet;

        /// <summary>
        /// The network as docker network inspect NAME describes it, with its containers (GET /networks/{name}).
        /// NetworkNotFound or NetworkAmbiguous (naming the candidates) when the engine finds none or several.
        /// </summary>
        internal async Task<ContainerNetwork> InspectAsync(string identity)
        {
            try
            {
                DockerEndpoint? endpoint = null;
                NetworkResponse n = await _cmdlet.RequestAsync(RequestLimit.Default, (e, token) =>
                {
                    endpoint = e.Endpoint;
                    return e.Client.Networks.InspectNetworkAsync(identity, token);
                });
                return ModelMapper.ToContainerNetwork(n, endpoint!);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.BadRequest && IsAmbiguous(e))
            {
                List<ContainerNetwork> all = await ListAsync(null);
                string candidates = string.Join(", ", all.Where(n => n.Id.StartsWith(identity, StringComparison.Ordinal) || n.Name == identity)
                    .Select(n => $"{n.ShortId} ({n.Name})"));
                throw new PSDockerException(
                    $"'{identity}' matches several networks: {candidates}. Give more digits of the id, or the name.",
                    AmbiguousErrorId, ErrorCategory.InvalidArgument, identity, e);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                throw new PSDockerException($"No network named or with id '{identity}' exists on {_cmdlet.ResolveEndpoint()} (the engine: {ErrorMapper.EngineMessage(e.ResponseBody)}).",
                    NotFoundErrorId, ErrorCategory.ObjectNotFound, identity, e);
            }
            catch (DockerApiException e)
            {
                throw Refine(e, identity);
            }
        }

        /// <summary>The engine's networks (docker network ls), with <paramref name="filters"/>; without their containers (the list has none).</summary>
        internal async Task<List<ContainerNetwork>> ListAsync(IDictionary<string, IDictionary<string, bool>>? filters)
        {
            DockerEndpoint? endpoint = null;
            IList<NetworkResponse> list = await _cmdlet.RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filters }, token);
            });
            return list.Select(n => ModelMapper.ToContainerNetwork(n, endpoint!)).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        }

        /// <summary>
        /// The networks of <paramref name="listed"/> with the containers connected to them, as docker network inspect
        /// gives them, in one more request for all of them (the running containers' list, GET /containers/json, whose
        /// NetworkSettings carry each endpoint) rather than an inspect per network.
        /// </summary>
        internal async Task<List<ContainerNetwork>> WithContainersAsync(List<ContainerNetwork> listed)
        {
            if (listed.Count == 0)
            {
                return listed;
            }

            DockerEndpoint? endpoint = null;
            IList<ContainerListResponse> containers = await _cmdlet.RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.Containers.ListContainersAsync(new ContainersListParameters { All = false }, token);
            });
            ILookup<string, NetworkContainer> connected = ModelMapper.ToNetworkContainers(containers, endpoint!);
            return listed.Select(n => ModelMapper.WithContainers(n, connected[n.Id])).ToList();
        }

        /// <summary>
        /// The full id of a network given by -Id: the full 64-digit id, or a prefix only one network has (never a name).
        /// InvalidArgument for text that is not hexadecimal; NetworkNotFound or NetworkAmbiguous when none or several match.
        /// </summary>
        internal async Task<ContainerNetwork> ResolveIdAsync(string id)
        {
            string normalized = CheckId(id);
            List<ContainerNetwork> matches = (await ListAsync(null)).Where(n => n.Id.StartsWith(normalized, StringComparison.Ordinal)).ToList();
            if (matches.Count == 1)
            {
                return await InspectAsync(matches[0].Id);
            }

            throw matches.Count == 0
                ? new PSDockerException($"No network with id '{id}' exists on {_cmdlet.ResolveEndpoint()}.", NotFoundErrorId, ErrorCategory.ObjectNotFound, id)
                : new PSDockerException($"The id prefix '{id}' matches {matches.Count} networks: {string.Join(", ", matches.Select(n => $"{n.ShortId} ({n.Name})"))}. Give more digits.",
                    AmbiguousErrorId, ErrorCategory.InvalidArgument, id);
        }

        /// <summary>
        /// A -Id value as a network id prefix (lower case, any "sha256:" dropped); InvalidArgument naming -Id and the value for
        /// text that is not 1 to 64 hexadecimal digits. Cmdlets call it before anything is sent.
        /// </summary>
        internal static string CheckId(string id)
        {
            string normalized = ContainerIdentity.NormalizeId(id);
            if (ContainerIdentity.IdPrefix(normalized) is null)
            {
                throw new PSDockerException($"-Id '{id}' is not a network id: an id is 1 to 64 hexadecimal digits.", ContainerTargets.InvalidErrorId,
                    ErrorCategory.InvalidArgument, id);
            }

            return normalized;
        }

        /// <summary>
        /// The engine's refusal with the network error id its message calls for, the engine's message kept; anything else as the
        /// error mapper reports it for the Network noun.
        /// </summary>
        internal static Exception Refine(Exception e, object? target)
        {
            if (ErrorMapper.Unwrap(e) is not DockerApiException api)
            {
                return e;
            }

            string message = ErrorMapper.EngineMessage(api.ResponseBody) ?? $"The engine answered {(int)api.StatusCode} ({api.StatusCode}).";
            (string Id, ErrorCategory Category)? refined = Classify(api.StatusCode, message);
            return refined is { } r ? new PSDockerException(message, r.Id, r.Category, target, api) : e;
        }

        /// <summary>The specific error for an engine answer about a network, or null for the mapper's own (NetworkInvalidRequest ...).</summary>
        internal static (string Id, ErrorCategory Category)? Classify(HttpStatusCode status, string message)
        {
            int code = (int)status;
            bool Has(string text) => message.IndexOf(text, StringComparison.OrdinalIgnoreCase) >= 0;
            if (code == 404 && Has("No such container"))
            {
                return (ContainerIdentity.NotFoundErrorId, ErrorCategory.ObjectNotFound);
            }

            if (code == 404)
            {
                return (NotFoundErrorId, ErrorCategory.ObjectNotFound);
            }

            if (Has("has active endpoints"))
            {
                return (InUseErrorId, ErrorCategory.ResourceBusy);
            }

            if (Has("pre-defined network"))
            {
                return (PredefinedErrorId, ErrorCategory.InvalidOperation);
            }

            if (Has("already exists in network"))
            {
                return (AlreadyConnectedErrorId, ErrorCategory.ResourceExists);
            }

            if (Has("is not connected to"))
            {
                return (NotConnectedErrorId, ErrorCategory.InvalidOperation);
            }

            if ((code == 409 || code == 403) && Has("already exists"))
            {
                return (ExistsErrorId, ErrorCategory.ResourceExists);
            }

            if (code == 400 && Has("is ambiguous"))
            {
                return (AmbiguousErrorId, ErrorCategory.InvalidArgument);
            }

            return null;
        }

        /// <summary>Engine filters for docker network ls: driver=..., label=... (each a list; an engine ORs the values of one key).</summary>
        internal static IDictionary<string, IDictionary<string, bool>>? Filters(string[]? drivers, string[]? labels)
        {
            var filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);
            if (drivers is not null && drivers.Length > 0)
            {
                filters["driver"] = drivers.Distinct(StringComparer.Ordinal).ToDictionary(d => d, _ => true, StringComparer.Ordinal);
            }

            if (labels is not null && labels.Length > 0)
            {
                filters["label"] = labels.Distinct(StringComparer.Ordinal).ToDictionary(l => l, _ => true, StringComparer.Ordinal);
            }

            return filters.Count == 0 ? null : filters;
        }

        private static bool IsAmbiguous(DockerApiException e) =>
            (ErrorMapper.EngineMessage(e.ResponseBody) ?? "").IndexOf("is ambiguous", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
