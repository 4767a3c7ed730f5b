using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Sockets;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Runs a command inside a running container, like docker exec.</para>
    /// <para type="description">Creates an exec instance in the container and runs it attached. By default it returns
    /// one ExecResult once the command has ended: ExitCode, Output (standard output lines) and Error (standard error
    /// lines, kept apart), Duration, the container and the exec id. Nothing is written to the console directly, so it
    /// works the same in remoting, jobs, scheduled tasks and Pester. Pipeline input becomes the command's standard
    /// input: strings as UTF-8 lines ending in "\n", byte arrays and streams as they are. With -Stream, standard output
    /// lines go to the pipeline as the command prints them and standard error lines to the error stream
    /// (ContainerStandardError), for long commands, and nothing is kept. $LASTEXITCODE is set to the exit code, as after a
    /// native command; -ThrowOnError raises a non-zero one as the terminating error ContainerCommandFailed. With -Detach the
    /// command is started in the background (docker exec -d) and nothing is returned (-PassThru returns the ExecResult,
    /// ExitCode null while it runs). A container that is not running gives ContainerNotRunning; a command the container
    /// cannot run gives exit code 126 or 127 and the engine's message as output, as docker exec reports it.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ContainerCommand", SupportsShouldProcess = true, DefaultParameterSetName = CaptureSet)]
    [OutputType(typeof(ExecResult), ParameterSetName = new[] { CaptureSet, DetachSet })]
    [OutputType(typeof(string), ParameterSetName = new[] { StreamSet })]
    public sealed class InvokeContainerCommandCommand : DockerCmdlet
    {
        /// <summary>The parameter set that returns an ExecResult (the default).</summary>
        public const string CaptureSet = "Capture";

        /// <summary>The parameter set of -Stream.</summary>
        public const string StreamSet = "Stream";

        /// <summary>The parameter set of -Detach.</summary>
        public const string DetachSet = "Detach";

        private readonly ExecInput _input = new ExecInput();
        private string _identity = "";
        private string _shown = "";
        private string? _containerName;
        private List<string>? _environment;
        private ErrorRecord? _failure;

        /// <summary>
        /// The container to run the command in: a name, the full id or an id prefix only one container has (resolved
        /// by the engine, as docker exec takes it), or a PSDocker.Container object, which is acted on on its own engine
        /// (its Endpoint). Not bound from the pipeline: pipeline input is the command's standard input. A value that is
        /// neither is refused with InvalidArgument; a container that does not exist gives ContainerNotFound.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public object? Container { get; set; }

        /// <summary>
        /// The command and its arguments, one item each (docker exec CONTAINER COMMAND ARG...; the exec instance's Cmd):
        /// no shell reads them, so use sh,-c,'...' for pipes and redirections. The program may not be empty (InvalidArgument).
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string[]? Command { get; set; }

        /// <summary>The user to run as (docker exec -u; User): name or uid, optionally :group or :gid. The container's user by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? User { get; set; }

        /// <summary>The directory to run in, inside the container (docker exec -w; WorkingDir). The container's working directory by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? WorkingDirectory { get; set; }

        /// <summary>
        /// Environment variables for the command, on top of the container's (docker exec -e; Env): KEY=VALUE strings, KEY
        /// alone (takes this process's variable KEY, as docker does), or a hashtable. An empty name is InvalidEnvironmentSpec.
        /// </summary>
        [Parameter]
        [Alias("Env")]
        [KeyValueTransformation]
        public string[]? Environment { get; set; }

        /// <summary>Give the command extended privileges (docker exec --privileged; Privileged).</summary>
        [Parameter]
        public SwitchParameter Privileged { get; set; }

        /// <summary>
        /// Write standard output lines to the pipeline as they are printed (strings) and standard error lines to the error
        /// stream (ContainerStandardError, the container as TargetObject), keeping nothing: for long commands and big
        /// outputs. $LASTEXITCODE gets the exit code.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = StreamSet)]
        public SwitchParameter Stream { get; set; }

        /// <summary>
        /// Raise a non-zero exit code as the terminating error ContainerCommandFailed (category InvalidResult); its
        /// exception (PSDocker.ContainerCommandException) carries ExitCode and, without -Stream, the whole ExecResult.
        /// </summary>
        [Parameter(ParameterSetName = CaptureSet)]
        [Parameter(ParameterSetName = StreamSet)]
        public SwitchParameter ThrowOnError { get; set; }

        /// <summary>
        /// Start the command in the background and return at once (docker exec -d; Detach): nothing is returned, as docker
        /// exec -d prints nothing, unless -PassThru is given. Takes no pipeline input (InvalidArgument).
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = DetachSet)]
        public SwitchParameter Detach { get; set; }

        /// <summary>With -Detach: return the ExecResult of the started command (ExecId, ContainerId; ExitCode null while it runs).</summary>
        [Parameter(ParameterSetName = DetachSet)]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// The command's standard input, from the pipeline: each string is a line (UTF-8, then "\n"); a byte[] or a
        /// System.IO.Stream is written as it is, and so are single bytes (an enumerated byte[], Get-Content
        /// -AsByteStream); any other object as its text, one line. Standard input is closed after the last item. Without
        /// pipeline input the command gets no standard input, as docker exec without -i.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        protected override string ErrorNoun => "Container";

        protected override void BeginProcessing()
        {
            object container = Container is PSObject pso ? pso.BaseObject : Container!;
            switch (container)
            {
                case Container c:
                    _identity = c.Id;
                    _shown = _containerName = c.Name;
                    if (Endpoint is null && HostAddress is null && Context is null)
                    {
                        Endpoint = c.Endpoint;
                    }

                    break;

                case string s when ContainerIdentity.CouldBeName(s.Trim()):
                    _identity = _shown = s.Trim();
                    break;

                default:
                    string text = container.ToString() ?? "";
                    ThrowTerminatingError(new ErrorRecord(
                        new PSDockerException($"-Container '{text}' is not a container name, id or Container object. A name is letters, digits and _ . - (docker's rule); an id is hexadecimal.",
                            ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, container),
                        ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, container));
                    return;
            }

            if (string.IsNullOrWhiteSpace(Command![0]))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSDockerException($"-Command '{string.Join(" ", Command)}' has no program to run: its first item is empty.",
                        ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, Command),
                    ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, Command));
            }

            if (Environment is not null)
            {
                _environment = CheckInput(Environment, () => Environment.Select(e => SpecException.Check(nameof(Environment), () =>
                    KeyValueSpec.ParseEnvironment(e, System.Environment.GetEnvironmentVariable))).ToList());
            }

            if (Detach && MyInvocation.ExpectingInput)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSDockerException("-Detach takes no pipeline input: a command started in the background has no standard input (docker exec -d -i neither). Run it without -Detach to give it input.",
                        ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, "Detach"),
                    ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, "Detach"));
            }
        }

        protected override void ProcessRecord()
        {
            object? item = InputObject?.BaseObject;
            switch (item)
            {
                case null:
                    break;
                case string s:
                    _input.AddLine(s);
                    break;
                case byte b:
                    _input.AddByte(b);
                    break;
                case byte[] bytes:
                    _input.AddBytes(bytes);
                    break;
                case System.IO.Stream stream:
                    _input.AddStream(stream);
                    break;
                default:
                    _input.AddLine(LanguagePrimitives.ConvertTo<string>(InputObject) ?? "");
                    break;
            }
        }

        protected override void EndProcessing()
        {
            Run(ExecAsync, _shown);
            if (_failure is not null)
            {
                ThrowTerminatingError(_failure);
            }
        }

        private async Task ExecAsync()
        {
            string commandText = string.Join(" ", Command!);
            if (!ShouldProcess(_shown, $"Run '{commandText}'"))
            {
                return;
            }

            bool attachStdin = !Detach && (_input.Count > 0 || MyInvocation.ExpectingInput);
            var parameters = new ContainerExecCreateParameters
            {
                Cmd = Command!.ToList(),
                User = User!,
                WorkingDir = WorkingDirectory!,
                Env = _environment!,
                Privileged = Privileged,
                AttachStdin = attachStdin,
                AttachStdout = !Detach,
                AttachStderr = !Detach,
                TTY = false,
            };

            var exec = new ContainerExec(new CmdletEngineRequests(this));
            Stopwatch watch = Stopwatch.StartNew();
            string execId;
            try
            {
                execId = await exec.CreateAsync(_identity, parameters);
            }
            catch (Exception e) when (ContainerTargets.IsItemFailure(e))
            {
                throw ContainerTargets.Refine(e, _shown);
            }

            WriteVerbose($"Exec instance {execId} in '{_shown}': {commandText}");
            if (Detach)
            {
                await exec.StartDetachedAsync(execId);
                if (PassThru)
                {
                    ContainerExecInspectResponse started = await exec.InspectAsync(execId);
                    WriteObject(ModelMapper.ToExecResult(started, execId, await NameAsync(started.ContainerID), null, Command!,
                        Array.Empty<string>(), Array.Empty<string>(), TimeSpan.Zero, exec.Endpoint!));
                }

                return;
            }

            List<string>? output = Stream ? null : new List<string>();
            List<string>? errors = Stream ? null : new List<string>();
            TimeSpan created = watch.Elapsed;
            MultiplexedStream stream = await exec.StartAttachedAsync(execId);
            TimeSpan attached = watch.Elapsed;
            Task<Exception?> writing = Task.FromResult<Exception?>(null);
            using (var reader = new OutputLineReader(stream))
            {
                if (attachStdin)
                {
                    writing = WriteInputAsync(stream);
                }

                while (await reader.ReadLineAsync(CancelToken) is OutputLine line)
                {
                    if (line.Stream == OutputStreamKind.StandardError)
                    {
                        if (errors is null)
                        {
                            WriteError(line.ToErrorRecord(_shown));
                        }
                        else
                        {
                            errors.Add(line.Text);
                        }
                    }
                    else if (output is null)
                    {
                        WriteObject(line.Text);
                    }
                    else
                    {
                        output.Add(line.Text);
                    }
                }
            }

            // The output has ended, so the command has: input it did not read is dropped, as docker exec drops it.
            if (writing.IsCompleted && await writing is Exception notWritten)
            {
                WriteVerbose($"Standard input was not all written: {notWritten.Message}");
            }

            TimeSpan ended = watch.Elapsed;
            ContainerExecInspectResponse inspect = await exec.InspectEndedAsync(execId, CancelToken);
            watch.Stop();
            WriteDebug($"Exec {execId}: created {created.TotalMilliseconds:0.0} ms, started {attached.TotalMilliseconds:0.0} ms, " +
                $"output ended {ended.TotalMilliseconds:0.0} ms, exit code {watch.Elapsed.TotalMilliseconds:0.0} ms.");
            long exitCode = inspect.ExitCode ?? 0;
            ExecResult result = ModelMapper.ToExecResult(inspect, execId, await NameAsync(inspect.ContainerID), null, Command!,
                (IReadOnlyList<string>?)output?.ToArray() ?? Array.Empty<string>(), (IReadOnlyList<string>?)errors?.ToArray() ?? Array.Empty<string>(),
                watch.Elapsed, exec.Endpoint!);
            SessionState.PSVariable.Set("global:LASTEXITCODE", exitCode >= int.MinValue && exitCode <= int.MaxValue ? (int)exitCode : (object)exitCode);
            if (ThrowOnError && exitCode != 0)
            {
                _failure = new ContainerCommandException(result.Container, commandText, exitCode, Stream ? null : result).ToErrorRecord();
                return;
            }

            if (!Stream)
            {
                WriteObject(result);
            }
        }

        /// <summary>
        /// Writes the pipeline input to the command's standard input and closes it. Returns why it stopped early (the
        /// command ended without reading it all, the connection closed), or null; never calls Write* (it may run on the
        /// thread pool).
        /// </summary>
        private async Task<Exception?> WriteInputAsync(MultiplexedStream stream)
        {
            try
            {
                await _input.WriteToAsync(stream.WriteAsync, CancelToken).ConfigureAwait(false);
                stream.CloseWrite();
                return null;
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is SocketException || e is OperationCanceledException)
            {
                return e;
            }
        }

        /// <summary>The container's name: the one given, or, when an id was given, the engine's (one lookup).</summary>
        private async Task<string> NameAsync(string? containerId)
        {
            if (_containerName is not null)
            {
                return _containerName;
            }

            if (string.IsNullOrEmpty(containerId) || !containerId!.StartsWith(_identity, StringComparison.OrdinalIgnoreCase))
            {
                return _containerName = _identity;
            }

            ContainerInspectResponse inspect = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.InspectContainerAsync(containerId, token));
            return _containerName = inspect.Name?.TrimStart('/') ?? _identity;
        }
    }
}
