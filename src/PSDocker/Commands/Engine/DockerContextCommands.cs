using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists docker contexts (docker context ls): the built-in "default" and those in the docker config folder.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DockerContext")]
    [OutputType(typeof(DockerContext))]
    public sealed class GetDockerContextCommand : PSCmdlet
    {
        /// <summary>Context names; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ContextNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                foreach (DockerContext context in DockerContextList.Read(EndpointResolver.ForCurrentProcess(), DockerCmdlet.SessionDefault))
                {
                    if (Name is null || Name.Any(n => new WildcardPattern(n, WildcardOptions.IgnoreCase).IsMatch(context.Name)))
                    {
                        WriteObject(context);
                    }
                }

                foreach (string n in Name ?? Array.Empty<string>())
                {
                    if (!WildcardPattern.ContainsWildcardCharacters(n) &&
                        !DockerContextList.Read(EndpointResolver.ForCurrentProcess(), null).Any(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)))
                    {
                        WriteError(new ErrorRecord(new PSDockerException($"No docker context named '{n}' exists.", "ContextNotFound", ErrorCategory.ObjectNotFound, n),
                            "ContextNotFound", ErrorCategory.ObjectNotFound, n));
                    }
                }
            }
            catch (EndpointResolutionException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, "Context", Name));
            }
        }
    }

    /// <summary>
    /// <para type="synopsis">Sets the engine PSDocker cmdlets in this session use when given no -HostAddress or -Context.</para>
    /// <para type="description">Unlike docker context use, it changes only this PowerShell session, never the docker config file.</para>
    /// </summary>
    [Cmdlet(VerbsOther.Use, "DockerContext", SupportsShouldProcess = true, DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(DockerEndpoint))]
    public sealed class UseDockerContextCommand : DockerCmdlet
    {
        private const string ByNameSet = "ByName";
        private const string ResetSet = "Reset";

        private const string ByContextSet = "ByContext";

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

                var request = new EndpointRequest
                {
                    HostAddress = HostAddress,
                    Context = InputObject?.Name ?? Name ?? Context,
                    TlsCertPath = TlsCertPath is null ? null : GetUnresolvedProviderPathFromPSPath(TlsCertPath),
                    Endpoint = Endpoint,
                };
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

    internal static class DockerContextList
    {
        internal static IReadOnlyList<DockerContext> Read(EndpointResolver resolver, DockerEndpoint? sessionDefault)
        {
            string? current = Environment.GetEnvironmentVariable("DOCKER_CONTEXT");
            if (string.IsNullOrWhiteSpace(current))
            {
                current = resolver.Config.ReadCurrentContext();
            }

            current = string.IsNullOrWhiteSpace(current) ? DockerConfigStore.DefaultContextName : current!.Trim();
            string? sessionName = sessionDefault?.ContextName;

            string builtInHost;
            bool builtInTls;
            try
            {
                DockerEndpoint builtIn = resolver.FromContext(DockerConfigStore.DefaultContextName, "Context", null);
                builtInHost = builtIn.ToString();
                builtInTls = builtIn.UseTls;
            }
            catch (EndpointResolutionException)
            {
                // A DOCKER_HOST or TLS variable that does not resolve still lists; using it reports the problem.
                builtInHost = Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "";
                builtInTls = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY"));
            }

            var result = new List<DockerContext>
            {
                new DockerContext(DockerConfigStore.DefaultContextName, "Current DOCKER_HOST based configuration", builtInHost,
                    builtInTls, current == DockerConfigStore.DefaultContextName, sessionName == DockerConfigStore.DefaultContextName),
            };

            foreach (ContextEntry entry in resolver.Config.ListContexts())
            {
                result.Add(new DockerContext(entry.Name, entry.Description, entry.Host, entry.HasTlsMaterial,
                    entry.Name == current, sessionName == entry.Name));
            }

            return result;
        }
    }
}
