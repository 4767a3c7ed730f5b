using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;

namespace PSDocker.Commands
{
    /// <summary>How long one request may wait for the engine: see <see cref="DockerCmdlet.RequestAsync{T}(RequestLimit, Func{EngineConnection, CancellationToken, Task{T}})"/>.</summary>
    internal enum RequestLimit
    {
        /// <summary>The session's time limit ($PSDockerRequestTimeout, PSDOCKER_REQUEST_TIMEOUT, or 60 seconds).</summary>
        Default,

        /// <summary>
        /// No client-side limit: the request runs until the engine ends it or the user presses Ctrl+C. For streams
        /// and calls that last as long as the work they start (following logs or events, waiting for a container,
        /// pulling, pushing, building, attaching) and for answers the engine may take minutes to compute (sizes).
        /// </summary>
        None,
    }

    /// <summary>
    /// The base of every PSDocker cmdlet. It owns the connection parameters, resolves which engine a
    /// call talks to, hands out the cached client, sends requests under one time limit with one
    /// re-negotiation (RequestAsync), cancels on Ctrl+C (StopProcessing), runs async work on the
    /// pipeline thread, and turns failures into ErrorRecords in one place.
    /// </summary>
    public abstract class DockerCmdlet : PSCmdlet, IDisposable
    {
        private static readonly ConcurrentDictionary<Guid, DockerEndpoint> s_sessionDefaults =
            new ConcurrentDictionary<Guid, DockerEndpoint>();

        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private EndpointResolver? _resolver;

        // The engine of the work running now: in a call over several engines each branch has its own (an AsyncLocal,
        // so it follows the branch's awaits); a call to one engine has one, reset at each Run.
        private readonly AsyncLocal<EngineBranch?> _branch = new AsyncLocal<EngineBranch?>();
        private EngineBranch _single = new EngineBranch(null, null, 0);
        private Version? _pinnedApiVersion;
        private TimeSpan _requestTimeout = ClientSettings.DefaultRequestTimeout;
        private bool _yesToAll;
        private bool _noToAll;

        /// <summary>
        /// The engine to talk to: unix:///var/run/docker.sock, npipe:////./pipe/docker_engine,
        /// tcp://HOST:PORT. Overrides the session default, DOCKER_HOST and the current context.
        /// Several addresses ask several engines in one call, concurrently, on the cmdlets that can (the Get-*
        /// cmdlets that list: Get-Container, Get-Image, ...): each object carries its engine (Endpoint), an engine
        /// that fails gives one non-terminating error naming it, and the others still answer. Other cmdlets take
        /// one (SeveralEnginesNotSupported, before anything is sent).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? HostAddress { get; set; }

        /// <summary>
        /// The docker context (as listed by Get-DockerContext) whose engine to talk to. Several contexts ask their
        /// engines in one call, as several -HostAddress values do (on the cmdlets that can; the others take one).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContextNameCompleter))]
        public string[]? Context { get; set; }

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

        /// <summary>
        /// True for cmdlets that ask several engines in one call (several -Context or -HostAddress values): each
        /// Run's work runs once per engine, concurrently. A cmdlet opts in with
        /// <c>protected override bool SeveralEngines => true;</c>, when its work is right once per engine and keeps
        /// no state between runs that is not per engine. Others refuse several (SeveralEnginesNotSupported).
        /// </summary>
        protected virtual bool SeveralEngines => false;

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

        /// <summary>
        /// This call's connection parameters, with -TlsCertPath resolved against the current location: one engine
        /// (a cmdlet given several -Context or -HostAddress values gets them one by one through Run).
        /// </summary>
        internal EndpointRequest CreateEndpointRequest()
        {
            if (EngineList.Several(HostAddress, Context) is string parameter)
            {
                throw SeveralEnginesRefused(parameter);
            }

            return CreateEndpointRequest(HostAddress?.FirstOrDefault(), Context?.FirstOrDefault());
        }

        private EndpointRequest CreateEndpointRequest(string? hostAddress, string? context) => new EndpointRequest
        {
            HostAddress = hostAddress,
            Context = context,
            TlsCertPath = TlsCertPath is null ? null : LocationPaths.For(this)(TlsCertPath),
            Endpoint = Endpoint,
        };

        /// <summary>
        /// Resolves the endpoint from this call's parameters (or a piped object's Endpoint); in a call over several
        /// engines, the engine of the branch running now.
        /// </summary>
        internal DockerEndpoint ResolveEndpoint() => Current.Endpoint ?? Resolver.Resolve(CreateEndpointRequest(), SessionDefault);

        /// <summary>The branch running now: the one of a call over several engines, else this call's one engine.</summary>
        private EngineBranch Current => _branch.Value ?? _single;

        /// <summary>
        /// The engines of a call given several -Context or -HostAddress values, resolved before anything is sent (a
        /// bad one stops the call), each once (the same engine named twice is asked once); null when one value or
        /// none is given. Refused (SeveralEnginesNotSupported)
        /// by cmdlets that do not opt in.
        /// </summary>
        private IReadOnlyList<DockerEndpoint>? ResolveEngines()
        {
            if (EngineList.Several(HostAddress, Context) is not string parameter)
            {
                return null;
            }

            if (!SeveralEngines)
            {
                throw SeveralEnginesRefused(parameter);
            }

            IEnumerable<EndpointRequest> requests = HostAddress is not null && Context is not null
                ? new[] { CreateEndpointRequest(HostAddress[0], Context[0]) }   // both: ConflictingEndpointParameters
                : HostAddress is not null
                    ? HostAddress.Select(h => WithoutTlsUnlessTcp(CreateEndpointRequest(h, null)))
                    : Context!.Select(c => CreateEndpointRequest(null, c));
            return EngineList.Distinct(requests.Select(r => Resolver.Resolve(r, SessionDefault)));
        }

        /// <summary>
        /// Among several -HostAddress values, -TlsCertPath applies to the tcp:// ones, so one call can ask the local
        /// socket and TLS engines together.
        /// </summary>
        private static EndpointRequest WithoutTlsUnlessTcp(EndpointRequest request)
        {
            try
            {
                if (request.TlsCertPath is not null && !DockerAddress.IsTcp(DockerAddress.Parse(request.HostAddress!, false)))
                {
                    request.TlsCertPath = null;
                }
            }
            catch (FormatException)
            {
                // A bad address: the resolver reports it (InvalidHostAddress).
            }

            return request;
        }

        private EndpointResolutionException SeveralEnginesRefused(string parameter)
        {
            string[] values = (parameter == nameof(HostAddress) ? HostAddress : Context) ?? Array.Empty<string>();
            return new EndpointResolutionException(
                EngineList.SeveralEnginesNotSupportedId,
                EngineList.RefusalMessage(MyInvocation.MyCommand?.Name ?? GetType().Name, parameter, values),
                values.Select(v => parameter == nameof(HostAddress) ? DockerAddress.Redact(v) : v).ToArray());
        }

        /// <summary>
        /// The connected, version-negotiated client for this call's engine. Reads the request time limit and
        /// DOCKER_API_VERSION first, so a bad value is reported before anything is sent.
        /// </summary>
        internal async Task<EngineConnection> ConnectAsync()
        {
            _requestTimeout = ClientSettings.RequestTimeout(
                SessionState.PSVariable.GetValue(ClientSettings.RequestTimeoutPreference),
                Environment.GetEnvironmentVariable(ClientSettings.RequestTimeoutVariable));
            _pinnedApiVersion = ClientSettings.ApiVersionPin(Environment.GetEnvironmentVariable(ClientSettings.ApiVersionVariable));
            DockerEndpoint endpoint = ResolveEndpoint();
            WriteVerbose($"Engine: {endpoint} (from {endpoint.Source}{(endpoint.ContextName is null ? "" : ", context " + endpoint.ContextName)})");
            if (_pinnedApiVersion is not null)
            {
                WriteVerbose($"API version {_pinnedApiVersion.ToString(2)} (from {ClientSettings.ApiVersionVariable})");
            }

            EngineBranch branch = Current;
            branch.Connection = await EngineClientCache.GetAsync(endpoint, _pinnedApiVersion, CancelToken);
            return branch.Connection;
        }

        /// <summary>
        /// Sends one request to this call's engine (connecting first if this Run has not), the one way a
        /// cmdlet sends requests. <paramref name="request"/> gets the connection to use and the token to pass
        /// to the library; use that connection, not one held from before, as it changes when the version is
        /// negotiated again.
        /// <list type="bullet">
        /// <item>Time limit: with <see cref="RequestLimit.Default"/> the request may take the session's limit
        /// ($PSDockerRequestTimeout, else PSDOCKER_REQUEST_TIMEOUT, in seconds; 60 by default; 0 for none).
        /// An engine that does not answer in time gives EngineNotResponding (terminating, OperationTimeout,
        /// naming the engine and the seconds waited) and its cached client is dropped. Streams and long calls
        /// pass <see cref="RequestLimit.None"/>, and read the stream they get with <see cref="CancelToken"/>:
        /// they run until they end or Ctrl+C.</item>
        /// <item>Re-negotiation: an engine that refuses the API version ("client version 1.41 is too new"),
        /// as when a tunnel now leads to another engine, had not acted on the request: the cached client is
        /// dropped, the version negotiated again and the request sent once more. Not with DOCKER_API_VERSION,
        /// whose version is the user's choice; the engine's refusal is then reported as it is.</item>
        /// <item>Ctrl+C stops the wait at once, silently (see <see cref="Run"/>).</item>
        /// </list>
        /// </summary>
        internal Task<T> RequestAsync<T>(RequestLimit limit, Func<EngineConnection, CancellationToken, Task<T>> request) =>
            RequestAsync(limit, CancellationToken.None, request);

        /// <summary>
        /// <see cref="RequestAsync{T}(RequestLimit, Func{EngineConnection, CancellationToken, Task{T}})"/> that also stops when
        /// <paramref name="cancel"/> is cancelled (a caller's own deadline): the request's token is linked to it, and the
        /// wait ends at once with OperationCanceledException (not EngineNotResponding).
        /// </summary>
        internal async Task<T> RequestAsync<T>(RequestLimit limit, CancellationToken cancel, Func<EngineConnection, CancellationToken, Task<T>> request)
        {
            EngineConnection engine = Current.Connection ?? await ConnectAsync();
            TimeSpan timeLimit = limit == RequestLimit.None ? Timeout.InfiniteTimeSpan : _requestTimeout;
            bool negotiatedAgain = false;
            while (true)
            {
                using var requestCancel = CancellationTokenSource.CreateLinkedTokenSource(CancelToken, cancel);
                if (timeLimit != Timeout.InfiniteTimeSpan)
                {
                    requestCancel.CancelAfter(timeLimit);
                }

                try
                {
                    // In a call over several engines the library's own work (TLS, reading and parsing answers) runs on
                    // the thread pool, so the engines are really asked at once; only the cmdlet's code runs on the pump.
                    EngineConnection sendTo = engine;
                    CancellationToken token = requestCancel.Token;
                    Task<T> sent = _branch.Value is null ? request(sendTo, token) : Task.Run(() => request(sendTo, token), token);
                    return await EngineClientCache.WaitAsync(sent, requestCancel.Token);
                }
                catch (Exception e) when (requestCancel.IsCancellationRequested && !CancelToken.IsCancellationRequested && !cancel.IsCancellationRequested &&
                    ErrorMapper.Unwrap(e) is OperationCanceledException)
                {
                    throw EngineClientCache.NotResponding(engine, timeLimit, e);
                }
                catch (Exception e) when (engine.ApiVersionPinned && ErrorMapper.IsApiVersionRefused(e))
                {
                    // The version is the user's choice: say where it comes from, and what the engine speaks.
                    throw new PSDockerException(
                        $"The engine at {EngineClientCache.Describe(engine.Endpoint)} refused API version {engine.ApiVersion.ToString(2)}, which " +
                        $"{ClientSettings.ApiVersionVariable} pins: {ErrorMapper.EngineMessage((ErrorMapper.Unwrap(e) as DockerApiException)?.ResponseBody)}. The engine speaks API {engine.ServerApiVersion}; " +
                        $"set {ClientSettings.ApiVersionVariable} to a version it accepts, or remove it to negotiate the version.",
                        "InvalidApiVersion", ErrorCategory.InvalidArgument, engine.ApiVersion.ToString(2), e);
                }
                catch (Exception e) when (!negotiatedAgain && !engine.ApiVersionPinned && ErrorMapper.IsApiVersionRefused(e))
                {
                    negotiatedAgain = true;
                    WriteVerbose($"The engine at {engine.Endpoint} refused API version {engine.ApiVersion.ToString(2)} " +
                        $"({ErrorMapper.EngineMessage((ErrorMapper.Unwrap(e) as DockerApiException)?.ResponseBody)}); negotiating the version again.");
                    EngineClientCache.Drop(engine);
                    engine = Current.Connection = await EngineClientCache.GetAsync(engine.Endpoint, null, CancelToken);
                }
            }
        }

        /// <summary>
        /// Runs async work on the pipeline thread. A cancel is silent; engine-unreachable and bad
        /// connection settings are terminating; anything else not handled by the work is terminating too,
        /// reported through the error mapper with <paramref name="target"/> as its TargetObject.
        /// <para>
        /// A cmdlet that takes several engines (<see cref="SeveralEngines"/>) and is given several runs the work once
        /// per engine, concurrently, all on the one pump: each branch's requests go to its engine, its objects are
        /// tagged '&lt;type&gt;#Engines' (the views with an ENGINE column) and come out engine by engine in the order
        /// given (the first engine's as they come, the next ones' as soon as those before are done), and a branch that
        /// fails as a call to one engine would stop (unreachable, not responding, TLS, an engine error) gives one
        /// non-terminating error with its engine as TargetObject, while the others go on. Ctrl+C stops every branch.
        /// </para>
        /// </summary>
        protected void Run(Func<Task> work, object? target = null)
        {
            if (ShouldOperatorRegistration.RegisterIfPesterLoaded() is string warning)
            {
                WriteWarning(warning);
            }

            IReadOnlyList<DockerEndpoint>? engines;
            try
            {
                engines = ResolveEngines();
            }
            catch (EndpointResolutionException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, ErrorNoun, target));
                return;
            }

            // Each Run (each input object) resolves its own engine: a piped object may name another one.
            EngineBranch single = _single = new EngineBranch(engines?.Count == 1 ? engines[0] : null, null, 0);
            try
            {
                if (engines is null || engines.Count == 1)
                {
                    AsyncPump.Run(work);
                }
                else
                {
                    AsyncPump.Run(() => RunOnEnginesAsync(engines, work));
                }
            }
            catch (Exception e) when (IsCancellation(e))
            {
                // Ctrl+C: PowerShell reports the stop itself; no error record for the cancel.
            }
            catch (Exception e) when (e is not RuntimeException && ErrorMapper.Unwrap(e) is RuntimeException own)
            {
                // PowerShell's own errors raised inside the work (ShouldProcess or ShouldContinue in a
                // non-interactive session, say) are reported as PowerShell reports them, not as an engine failure.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(own).Throw();
            }
            catch (Exception e) when (e is not RuntimeException)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(Reported(e, single), ErrorNoun, target));
            }
        }

        /// <summary>An engine that answered before and has gone away is reported like one never reached.</summary>
        private static Exception Reported(Exception e, EngineBranch branch) =>
            branch.Connection is not null && ErrorMapper.Unwrap(e) is not EngineUnreachableException && ErrorMapper.IsConnectionFailure(e)
                ? EngineClientCache.Lost(branch.Connection, e)
                : e;

        /// <summary>The work once per engine, concurrently; see <see cref="Run"/>.</summary>
        private async Task RunOnEnginesAsync(IReadOnlyList<DockerEndpoint> engines, Func<Task> work)
        {
            var fanOut = new FanOut(engines.Count);
            EngineBranch[] branches = engines.Select((e, i) => new EngineBranch(e, fanOut, i)).ToArray();
            fanOut.Branches = branches;
            await Task.WhenAll(branches.Select(b => RunBranchAsync(b, work)));
            if (fanOut.Fatal is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(fanOut.Fatal).Throw();
            }

            CancelToken.ThrowIfCancellationRequested();
        }

        private async Task RunBranchAsync(EngineBranch branch, Func<Task> work)
        {
            // Set inside this async method: the branch's awaits see it, the caller and the other branches do not.
            _branch.Value = branch;
            FanOut fanOut = branch.FanOut!;
            try
            {
                await work();
            }
            catch (Exception e) when (IsCancellation(e) || fanOut.Fatal is not null)
            {
                // Ctrl+C, or another branch stopped the call: nothing more to say for this engine.
            }
            catch (Exception e) when (e is RuntimeException || ErrorMapper.Unwrap(e) is RuntimeException)
            {
                // PowerShell stops the pipeline (a terminating error, Select-Object -First, a prompt that cannot be
                // asked): the whole call stops, the other branches too.
                fanOut.Stop(e is RuntimeException ? e : ErrorMapper.Unwrap(e), _cancel);
            }
            catch (Exception e)
            {
                ErrorRecord record = EngineList.ForEngine(ErrorMapper.ToErrorRecord(Reported(e, branch), ErrorNoun, branch.Endpoint), branch.Endpoint!);
                fanOut.Write(branch, () => WriteError(record), _cancel);
            }
            finally
            {
                fanOut.Complete(branch, _cancel);
            }
        }

        /// <summary>
        /// Writes an object to the pipeline. In a call over several engines, tags it '&lt;type&gt;#Engines' (the views
        /// with an ENGINE column) and keeps each engine's objects together, in the order the engines were given.
        /// </summary>
        public new void WriteObject(object? sendToPipeline)
        {
            if (_branch.Value is EngineBranch branch && sendToPipeline is not null)
            {
                PSObject tagged = EngineList.Tag(sendToPipeline, branch.Endpoint);
                branch.FanOut!.Write(branch, () => base.WriteObject(tagged), _cancel);
            }
            else
            {
                base.WriteObject(sendToPipeline);
            }
        }

        /// <summary>As <see cref="WriteObject(object?)"/>, each item of a collection on its own when <paramref name="enumerateCollection"/>.</summary>
        public new void WriteObject(object? sendToPipeline, bool enumerateCollection)
        {
            if (_branch.Value is null)
            {
                base.WriteObject(sendToPipeline, enumerateCollection);
            }
            else if (enumerateCollection && LanguagePrimitives.GetEnumerable(sendToPipeline) is IEnumerable items)
            {
                foreach (object? item in items)
                {
                    WriteObject(item);
                }
            }
            else
            {
                WriteObject(sendToPipeline);
            }
        }

        /// <summary>
        /// Checks the cmdlet's input before anything is sent (a reference parsed, a spec read): a PSDockerException
        /// the check raises (InvalidImageReference, say) stops the cmdlet as that terminating error, with
        /// <paramref name="target"/> as its TargetObject. Returns what the check returns.
        /// </summary>
        internal T CheckInput<T>(object? target, Func<T> check)
        {
            try
            {
                return check();
            }
            catch (PSDockerException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, e.Category, target));
                throw;
            }
        }

        /// <summary>As <see cref="CheckInput{T}"/>, for a check that returns nothing.</summary>
        internal void CheckInput(object? target, Action check) => CheckInput(target, () =>
        {
            check();
            return true;
        });

        /// <summary>
        /// The confirmation of a bulk removal (a prune, a removal by label or state), the one way such cmdlets confirm:
        /// ShouldProcess(<paramref name="target"/>, <paramref name="action"/>) always, so -WhatIf says what would go and
        /// removes nothing and -Verbose writes "Performing the operation"; then, unless -Force, ShouldContinue asks
        /// <paramref name="query"/> under <paramref name="caption"/> (Yes to All and No to All hold for the rest of the
        /// call). ShouldContinue is skipped when ShouldProcess has asked already (-Confirm, or a $ConfirmPreference at or
        /// below the cmdlet's ConfirmImpact) and with -Confirm:$false. -Force answers both questions, also the one a
        /// ConfirmImpact High cmdlet's ShouldProcess would ask (the operation is then written to the verbose stream).
        /// In a session without a user to ask, the question is PowerShell's own error and nothing is removed.
        /// </summary>
        internal bool ConfirmBulk(string target, string action, string query, string caption)
        {
            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? w) && LanguagePrimitives.IsTrue(w);
            if (ForceGiven && !whatIf && !MyInvocation.BoundParameters.ContainsKey("Confirm") && ShouldProcessAsks())
            {
                // A ConfirmImpact High cmdlet (a prune) would ask in ShouldProcess itself: -Force answers that question
                // too, and the call still says what it does on the verbose stream, as ShouldProcess would.
                WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\".");
                return true;
            }

            return ShouldProcess(target, action) && ContinueBulk(query, caption);
        }

        /// <summary>
        /// The second half of <see cref="ConfirmBulk"/>, for a cmdlet whose ShouldProcess for the item has been asked
        /// elsewhere (by ContainerTargets, say): ShouldContinue, unless -Force, -Confirm given, or ShouldProcess asked.
        /// </summary>
        internal bool ContinueBulk(string query, string caption) =>
            ForceGiven || ShouldProcessAsks() || MyInvocation.BoundParameters.ContainsKey("Confirm") ||
            ShouldContinue(query, caption, ref _yesToAll, ref _noToAll);

        /// <summary>The cmdlet's -Force, for <see cref="ConfirmBulk"/>: false for cmdlets without one.</summary>
        private bool ForceGiven => MyInvocation.BoundParameters.TryGetValue("Force", out object? f) && LanguagePrimitives.IsTrue(f);

        /// <summary>True when ShouldProcess prompts by itself: -Confirm, or the cmdlet's ConfirmImpact at or above $ConfirmPreference.</summary>
        private bool ShouldProcessAsks()
        {
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out object? c))
            {
                return LanguagePrimitives.IsTrue(c);
            }

            ConfirmImpact impact = (Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute)) as CmdletAttribute)?.ConfirmImpact ?? ConfirmImpact.Medium;
            object? preference = GetVariableValue("ConfirmPreference");
            ConfirmImpact threshold = preference is null ? ConfirmImpact.High : LanguagePrimitives.ConvertTo<ConfirmImpact>(preference);
            return threshold != ConfirmImpact.None && impact >= threshold;
        }

        /// <summary>
        /// Writes a non-terminating error for one item and lets the pipeline go on. An engine that cannot be reached
        /// stops the call (in a call over several engines: that engine's branch, reported once by Run).
        /// </summary>
        protected void WriteItemError(Exception e, object? target)
        {
            Exception inner = ErrorMapper.Unwrap(e);
            if (inner is EngineUnreachableException || inner is EndpointResolutionException)
            {
                if (_branch.Value is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
                }

                ThrowTerminatingError(ErrorMapper.ToErrorRecord(inner, ErrorNoun, target));
            }

            WriteBranchError(ErrorMapper.ToErrorRecord(inner, ErrorNoun, target));
        }

        /// <summary>Writes a PSDocker error for one item (not found, ...) and goes on.</summary>
        protected void WriteItemError(string errorId, ErrorCategory category, string message, object? target) =>
            WriteBranchError(new ErrorRecord(new PSDockerException(message, errorId, category, target), errorId, category, target));

        /// <summary>WriteError, in a call over several engines in its engine's place among the objects.</summary>
        private void WriteBranchError(ErrorRecord record)
        {
            if (_branch.Value is EngineBranch branch)
            {
                ErrorRecord named = branch.Endpoint is null ? record : EngineList.ForItemOnEngine(record, branch.Endpoint);
                branch.FanOut!.Write(branch, () => WriteError(named), _cancel);
            }
            else
            {
                WriteError(record);
            }
        }

        private bool IsCancellation(Exception e) =>
            _cancel.IsCancellationRequested && (ErrorMapper.Unwrap(e) is OperationCanceledException || Stopping);

        protected override void StopProcessing()
        {
            _cancel.Cancel();
            base.StopProcessing();
        }

        /// <summary>
        /// Ends the call: cancels <see cref="CancelToken"/> first, so whatever a cmdlet registered on it (a stream kept open
        /// between input objects, say) is closed even when a terminating error skipped EndProcessing, then frees it.
        /// </summary>
        public void Dispose()
        {
            try
            {
                _cancel.Cancel();
            }
            catch (AggregateException)
            {
                // A registration that failed while closing: the call is over either way.
            }

            _cancel.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
