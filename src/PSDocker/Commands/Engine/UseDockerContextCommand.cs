using System;
using System.IO;
using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Sets the engine PSDocker cmdlets in this session use when given no -HostAddress or -Context.</para>
    /// <para type="description">Without -Persist it changes only this PowerShell session, never the docker config file. With -Persist it also does what docker context use does: writes the context's name as currentContext in the docker config file (config.json in DOCKER_CONFIG, else ~/.docker), or removes currentContext for "default", keeping every other key of the file.</para>
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

        /// <summary>
        /// Also make the context the docker CLI's current one (docker context use): sets currentContext in config.json
        /// (removes it for "default"), keeping every other key, so docker and new sessions use it too. Needs a context
        /// (-Name, -Context or a piped one), not an address (PersistNeedsContext). DOCKER_HOST and DOCKER_CONTEXT still
        /// take precedence over the file (a warning says so); a failed write gives ContextStoreFailed.
        /// </summary>
        [Parameter(ParameterSetName = ByNameSet)]
        [Parameter(ParameterSetName = ByContextSet)]
        public SwitchParameter Persist { get; set; }

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
                request.Context = InputObject?.Name ?? Name ?? request.Context;
                if (Persist && (HostAddress is not null || (request.Context is null && Endpoint is not null)))
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Persist writes a context name to the docker config file: give a context (-Name or -Context), not an address."),
                        "PersistNeedsContext", ErrorCategory.InvalidArgument, (object?)HostAddress ?? Endpoint));
                }

                DockerEndpoint endpoint = Resolver.Resolve(request, null);
                DockerEndpoint sessionEndpoint = new DockerEndpoint(endpoint.Address, "Session", endpoint.ContextName, endpoint.Tls);
                if (Persist && ShouldProcess($"currentContext in {Path.Combine(Resolver.Config.Directory, "config.json")}",
                    $"Make '{endpoint.ContextName}' the docker CLI's current context"))
                {
                    PersistCurrentContext(endpoint.ContextName!);
                }

                if (ShouldProcess(endpoint.ToString(), "Use as this session's default Docker engine"))
                {
                    SessionDefault = sessionEndpoint;
                    if (PassThru)
                    {
                        WriteObject(sessionEndpoint);
                    }
                }
            }
            catch (Exception e) when (e is PSDockerException || e is EndpointResolutionException)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, ErrorNoun, (object?)Name ?? HostAddress));
            }
        }

        /// <summary>Writes currentContext as docker context use does, and warns when the environment overrides it.</summary>
        private void PersistCurrentContext(string name)
        {
            DockerConfigStore config = Resolver.Config;
            bool written = config.WriteCurrentContext(name);
            WriteVerbose(written
                ? $"The docker config file '{Path.Combine(config.Directory, "config.json")}' now names '{name}' as the current context."
                : $"The docker config file '{Path.Combine(config.Directory, "config.json")}' already names '{name}' as the current context.");
            foreach (string variable in new[] { "DOCKER_HOST", "DOCKER_CONTEXT" })
            {
                if (!string.IsNullOrWhiteSpace(Resolver.Env(variable)))
                {
                    WriteWarning($"The {variable} environment variable overrides the current context of the docker config file: " +
                        $"to use '{name}', give --context {name} to docker (-Context {name} here) or clear {variable}.");
                    break;
                }
            }
        }
    }
}
