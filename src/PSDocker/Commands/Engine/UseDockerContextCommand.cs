using System;
using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets the engine PSDocker cmdlets in this session use when given no -HostAddress or -Context.</para>
    /// <para type="description">Unlike docker context use, it changes only this PowerShell session, never the docker config file.</para>
    /// </summary>
    [Cmdlet(VerbsOther.Use, "DockerContext", SupportsShouldProcess = true, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(DockerEndpoint))]
    public sealed class UseDockerContextCommand : DockerCmdlet
    {
        private const string ByNameSet = "ByName";
        private const string ByContextSet = "ByContext";
        private const string ResetSet = "Reset";

        /// <summary>The context to use ("default" for DOCKER_HOST or the platform socket).</summary>
        [Parameter(ParameterSetName = ByNameSet, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContextNameCompleter))]
        public string? Name { get; set; }

        /// <summary>A context from Get-DockerContext, piped in.</summary>
        [Parameter(ParameterSetName = ByContextSet, Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public DockerContext? InputObject { get; set; }

        /// <summary>Forget the session default: DOCKER_HOST, DOCKER_CONTEXT and the config file decide again.</summary>
        [Parameter(ParameterSetName = ResetSet, Mandatory = true)]
        public SwitchParameter Reset { get; set; }

        /// <summary>Return the endpoint now in use.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "Context";

        protected override void ProcessRecord()
        {
            try
            {
                if (Reset)
                {
                    if (ShouldProcess("this session", "Clear the default Docker engine"))
                    {
                        SessionDefault = null;
                        if (PassThru)
                        {
                            WriteObject(Resolver.FromEnvironmentOrConfig());
                        }
                    }

                    return;
                }

                if (InputObject is null && Name is null && HostAddress is null && Context is null && Endpoint is null)
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give a context -Name, a -HostAddress, or -Reset."),
                        "NoEndpointGiven", ErrorCategory.InvalidArgument, null));
                }

                EndpointRequest request = CreateEndpointRequest();
                request.Context = InputObject?.Name ?? Name ?? Context;
                DockerEndpoint endpoint = Resolver.Resolve(request, null);
                DockerEndpoint sessionEndpoint = new DockerEndpoint(endpoint.Address, "Session", endpoint.ContextName, endpoint.Tls);
                if (ShouldProcess(endpoint.ToString(), "Use as this session's default Docker engine"))
                {
                    SessionDefault = sessionEndpoint;
                    if (PassThru)
                    {
                        WriteObject(sessionEndpoint);
                    }
                }
            }
            catch (EndpointResolutionException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, ErrorNoun, Name ?? HostAddress));
            }
        }
    }
}
