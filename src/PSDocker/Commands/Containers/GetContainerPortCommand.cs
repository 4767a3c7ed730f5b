using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the published ports of containers, like docker port.</para>
    /// <para type="description">One PortMapping per host binding (ContainerPort, Protocol, HostIP, HostPort,
    /// HostEndpoint, the "host:port" docker port prints, and ReachableEndpoint, the "host:port" to connect to,
    /// which is also what the object formats as), IPv4 and IPv6 bindings both, as docker port lists them. Ports
    /// that are only exposed are left out. With -Port, only the bindings of that container port; a port with none
    /// gives ContainerPortNotPublished.</para>
    /// <para type="description">-Single returns one binding per container, the best to connect to (an IPv4
    /// loopback address first), for the IPv4 and IPv6 twins docker makes of -p 8080: so
    /// "http://$(Get-ContainerPort $web 8080 -Single)/" is a URL. Without -Port, a container that publishes
    /// several container ports gives ContainerPortAmbiguous, naming them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ContainerPort", DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(PortMapping))]
    public sealed class GetContainerPortCommand : ContainerCommandBase
    {
        private ContainerPortQuery? _query;

        /// <summary>
        /// Only this container port: "8080" (tcp) or "8080/udp" (tcp, udp or sctp), as docker port takes it. A
        /// value of another form is refused with InvalidArgument before anything is sent.
        /// </summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Port { get; set; }

        /// <summary>
        /// Return one binding per container: of the bindings of the container port, the best to connect to from
        /// this machine (an IPv4 loopback ReachableEndpoint first, then other IPv4, then [::1], then other IPv6), as
        /// when docker publishes -p 8080 on 0.0.0.0 and :: alike. Without -Port the container must publish one
        /// container port only; several give ContainerPortAmbiguous (InvalidArgument) naming them, none
        /// ContainerPortNotPublished.
        /// </summary>
        [Parameter]
        public SwitchParameter Single { get; set; }

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
            DockerEndpoint? endpoint = null;
            ContainerInspectResponse inspect = await RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.Containers.InspectContainerAsync(container, token);
            });
            IReadOnlyList<PortMapping> bindings = ContainerPortQuery.Bindings(inspect.NetworkSettings?.Ports, _query, endpoint);
            if (_query is not null && bindings.Count == 0)
            {
                throw new PSDockerException($"No public port '{_query}' is published for '{shown}'.", ContainerPortQuery.NotPublishedErrorId,
                    ErrorCategory.ObjectNotFound, shown);
            }

            if (!Single)
            {
                WriteObject(bindings, enumerateCollection: true);
                return;
            }

            PortMapping? one = ContainerPortQuery.Single(bindings, shown, out string? errorId, out string? error);
            if (one is null)
            {
                throw new PSDockerException(error!, errorId!,
                    errorId == ContainerPortQuery.AmbiguousErrorId ? ErrorCategory.InvalidArgument : ErrorCategory.ObjectNotFound, shown);
            }

            WriteObject(one);
        }
    }
}
