using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the published ports of containers, like docker port.</para>
    /// <para type="description">One PortMapping per host binding (ContainerPort, Protocol, HostIP, HostPort,
    /// and HostEndpoint, the "host:port" text), IPv4 and IPv6 bindings both, as docker port lists them. Ports
    /// that are only exposed are left out. With -Port, only the bindings of that container port; a port with
    /// none gives ContainerPortNotPublished.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ContainerPort", DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(PortMapping))]
    public sealed class GetContainerPortCommand : ContainerCommandBase
    {
        /// <summary>Error id for a -Port the container does not publish (category ObjectNotFound).</summary>
        internal const string NotPublishedErrorId = "ContainerPortNotPublished";

        private ContainerPortQuery? _query;

        /// <summary>
        /// Only this container port: "8080" (tcp) or "8080/udp" (tcp, udp or sctp), as docker port takes it. A
        /// value of another form is refused with InvalidArgument before anything is sent.
        /// </summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Port { get; set; }

        private protected override string Action => "Get ports";

        protected override void BeginProcessing()
        {
            if (Port is not null)
            {
                _query = ContainerPortQuery.Parse(Port, out string? error);
                if (_query is null)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new PSDockerException($"-Port '{Port}' is not a container port: {error}.", "InvalidArgument", ErrorCategory.InvalidArgument, Port),
                        "InvalidArgument", ErrorCategory.InvalidArgument, Port));
                }
            }
        }

        private protected override async Task ActAsync(string container, string shown)
        {
            ContainerInspectResponse inspect = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.InspectContainerAsync(container, token));
            IReadOnlyList<PortMapping> bindings = ContainerPortQuery.Bindings(inspect.NetworkSettings?.Ports, _query);
            if (_query is not null && bindings.Count == 0)
            {
                throw new PSDockerException($"No public port '{_query}' is published for '{shown}'.", NotPublishedErrorId,
                    ErrorCategory.ObjectNotFound, shown);
            }

            WriteObject(bindings, enumerateCollection: true);
        }
    }
}
