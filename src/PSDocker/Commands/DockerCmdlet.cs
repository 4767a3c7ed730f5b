using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;

namespace PSDocker.Commands
{
    /// <summary>
    /// The base of every PSDocker cmdlet. It owns the connection parameters, resolves which engine a
    /// call talks to, hands out the cached client, cancels on Ctrl+C (StopProcessing), runs async work
    /// on the pipeline thread, and turns failures into ErrorRecords in one place.
    /// </summary>
    public abstract class DockerCmdlet : PSCmdlet, IDisposable
    {
        private static readonly ConcurrentDictionary<Guid, DockerEndpoint> s_sessionDefaults =
            new ConcurrentDictionary<Guid, DockerEndpoint>();

        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private EndpointResolver? _resolver;
        private DockerEndpoint? _endpoint;

        /// <summary>
        /// The engine to talk to: unix:///var/run/docker.sock, npipe:////./pipe/docker_engine,
        /// tcp://HOST:PORT. Overrides the session default, DOCKER_HOST and the current context.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? HostAddress { get; set; }

        /// <summary>The docker context (as listed by Get-DockerContext) whose engine to talk to.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContextNameCompleter))]
        public string? Context { get; set; }

        /// <summary>
        /// A folder with ca.pem, cert.pem and key.pem for a TLS engine given by -HostAddress
        /// (as DOCKER_CERT_PATH). The engine's certificate is verified against ca.pem.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TlsCertPath { get; set; }

        /// <summary>
        /// The engine an object came from. Bound from the Endpoint property of piped PSDocker objects,
        /// so `Get-Container -Context prod | Stop-Container` acts on prod.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DockerEndpoint? Endpoint { get; set; }

        /// <summary>The noun used in error ids of this cmdlet ("Container" gives ContainerNotFound).</summary>
        protected abstract string ErrorNoun { get; }

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken CancelToken => _cancel.Token;

        /// <summary>Resolves the engine from the environment, with paths taken from the current PowerShell location.</summary>
        internal EndpointResolver Resolver => _resolver ??= EndpointResolver.ForCurrentProcess(LocationPaths.For(this));

        /// <summary>The session default set by Use-DockerContext for the current runspace, if any.</summary>
        internal static DockerEndpoint? SessionDefault
        {
            get
            {
                Runspace? rs = Runspace.DefaultRunspace;
                return rs is not null && s_sessionDefaults.TryGetValue(rs.InstanceId, out DockerEndpoint? e) ? e : null;
            }

            set
            {
                Runspace? rs = Runspace.DefaultRunspace;
                if (rs is null)
                {
                    return;
                }

                if (value is null)
                {
                    s_sessionDefaults.TryRemove(rs.InstanceId, out _);
                }
                else
                {
                    s_sessionDefaults[rs.InstanceId] = value;
                }
            }
        }

        /// <summary>This call's connection parameters, with -TlsCertPath resolved against the current location.</summary>
        internal EndpointRequest CreateEndpointRequest() => new EndpointRequest
        {
            HostAddress = HostAddress,
            Context = Context,
            TlsCertPath = TlsCertPath is null ? null : LocationPaths.For(this)(TlsCertPath),
            Endpoint = Endpoint,
        };

        /// <summary>Resolves the endpoint from this call's parameters (or a piped object's Endpoint).</summary>
        internal DockerEndpoint ResolveEndpoint() => Resolver.Resolve(CreateEndpointRequest(), SessionDefault);

        /// <summary>The connected, version-negotiated client for this call's engine.</summary>
        internal async Task<EngineConnection> ConnectAsync()
        {
            DockerEndpoint endpoint = ResolveEndpoint();
            _endpoint = endpoint;
            WriteVerbose($"Engine: {endpoint} (from {endpoint.Source}{(endpoint.ContextName is null ? "" : ", context " + endpoint.ContextName)})");
            EngineConnection connection = await EngineClientCache.GetAsync(endpoint, CancelToken);
            return connection;
        }

        /// <summary>
        /// Runs async work on the pipeline thread. A cancel is silent; engine-unreachable and bad
        /// connection settings are terminating; anything else not handled by the work is terminating too,
        /// reported through the error mapper with <paramref name="target"/> as its TargetObject.
        /// </summary>
        protected void Run(Func<Task> work, object? target = null)
        {
            try
            {
                AsyncPump.Run(work);
            }
            catch (Exception e) when (IsCancellation(e))
            {
                // Ctrl+C: PowerShell reports the stop itself; no error record for the cancel.
            }
            catch (Exception e) when (e is not RuntimeException)
            {
                // An engine that answered before and has gone away is reported like one never reached.
                Exception reported = _endpoint is not null && ErrorMapper.Unwrap(e) is not EngineUnreachableException && ErrorMapper.IsConnectionFailure(e)
                    ? EngineClientCache.Lost(_endpoint, e)
                    : e;
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(reported, ErrorNoun, target));
            }
        }

        /// <summary>Writes a non-terminating error for one item and lets the pipeline go on.</summary>
        protected void WriteItemError(Exception e, object? target)
        {
            Exception inner = ErrorMapper.Unwrap(e);
            if (inner is EngineUnreachableException || inner is EndpointResolutionException)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(inner, ErrorNoun, target));
            }

            WriteError(ErrorMapper.ToErrorRecord(inner, ErrorNoun, target));
        }

        /// <summary>Writes a PSDocker error for one item (not found, ...) and goes on.</summary>
        protected void WriteItemError(string errorId, ErrorCategory category, string message, object? target) =>
            WriteError(new ErrorRecord(new PSDockerException(message, errorId, category, target), errorId, category, target));

        private bool IsCancellation(Exception e) =>
            _cancel.IsCancellationRequested && (ErrorMapper.Unwrap(e) is OperationCanceledException || Stopping);

        protected override void StopProcessing()
        {
            _cancel.Cancel();
            base.StopProcessing();
        }

        public void Dispose()
        {
            _cancel.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
