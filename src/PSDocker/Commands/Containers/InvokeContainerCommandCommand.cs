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
    /// input: strings as UTF-8 lines ending in "\n", byte arrays and streams as they are; the command starts at the
    /// first item and gets each item as it arrives (memory stays flat). With -Stream, standard output
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
    public sealed class InvokeContainerCommandCommand : ExecCommandBase, IDisposable
    {
        /// <summary>The parameter set that returns an ExecResult (the default).</summary>
        public const string CaptureSet = "Capture";

        /// <summary>The parameter set of -Stream.</summary>
        public const string StreamSet = "Stream";

        /// <summary>The parameter set of -Detach.</summary>
        public const string DetachSet = "Detach";

        /// <summary>The error id of a piped stream that failed while it was read for standard input.</summary>
        public const string InputFailedErrorId = "ContainerInputFailed";

        private string _identity = "";
        private string _shown = "";
        private string? _containerName;
        private List<string>? _environment;
        private ErrorRecord? _failure;

        // The running exec (from the first pipeline input, or in EndProcessing without any).
        private bool _started;
        private bool _skipped;
        private ContainerExec? _exec;
        private string _execId = "";
        private MultiplexedStream? _stream;
        private OutputLineReader? _reader;
        private Task<bool>? _fill;
        private ExecInput? _input;
        private bool _inputEnded;
        private List<string>? _output;
        private List<string>? _errors;
        private Stopwatch? _watch;
        private TimeSpan _created;
        private TimeSpan _attached;

        /// <summary>
        /// The container to run the command in: a name, the full id or an id prefix only one container has (resolved
        /// by the engine, as docker exec takes it), or a PSDocker.Container object, which is acted on on its own engine
        /// (its Endpoint). Not bound from the pipeline: pipeline input is the command's standard input. A value that is
        /// not a string or Container object (a number, a hashtable) or a string with characters no name or id has ('web*')
        /// is refused with InvalidArgument before anything is sent; any other string (even 'no/such') goes to the engine, and a
        /// container that does not exist by it gives ContainerNotFound.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Name")]
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
        /// -AsByteStream); any other object as its text, one line. Each item is written as it arrives (the command starts at
        /// the first), a producer faster than the command waiting for it; with -Stream, the output lines that have
        /// arrived are written each time an item comes in. Standard input is closed after the last item. A piped stream
        /// that fails while read is the non-terminating error ContainerInputFailed (ReadError). Without
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

            _environment = CheckEnvironment();

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
            if (!MyInvocation.ExpectingInput || _skipped)
            {
                return;
            }

            if (!_started)
            {
                // The command starts at the first input item, and gets each item as it arrives.
                _started = true;
                Run(() => StartAsync(attachStdin: true), _shown);
                if (_skipped)
                {
                    return;
                }
            }

            Task adding = Task.CompletedTask;
            object? item = InputObject?.BaseObject;
            if (!_inputEnded && item is not null)
            {
                try
                {
                    adding = item switch
                    {
                        string s => _input!.AddLineAsync(s),
                        byte b => _input!.AddByteAsync(b),
                        byte[] bytes => _input!.AddBytesAsync(bytes),
                        System.IO.Stream stream => _input!.AddStreamAsync(stream),
                        _ => _input!.AddLineAsync(LanguagePrimitives.ConvertTo<string>(InputObject) ?? ""),
                    };
                }
                catch (Exception e)
                {
                    adding = Task.FromException(e);
                }
            }

            // The output lines already there go out now (-Stream), not at the end; nothing waits for more.
            if (DrainReady() is Task failed)
            {
                Run(() => failed, _shown);
            }

            if (adding.Status != System.Threading.Tasks.TaskStatus.RanToCompletion)
            {
                Run(() => AwaitInputAsync(adding, item), _shown);
            }
        }

        protected override void EndProcessing()
        {
            if (!_started)
            {
                _started = true;
                Run(() => StartAsync(MyInvocation.ExpectingInput), _shown);
            }

            if (!_skipped && !Detach)
            {
                Run(FinishAsync, _shown);
            }

            if (_failure is not null)
            {
                ThrowTerminatingError(_failure);
            }
        }

        /// <summary>Closes the exec stream of a command the pipeline left before its end (Select-Object -First, an error downstream).</summary>
        void IDisposable.Dispose()
        {
            Task<bool>? fill = _fill;
            _fill = null;
            if (_reader is not null)
            {
                _reader.Dispose();
            }
            else
            {
                _stream?.Dispose();
            }

            fill?.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            base.Dispose();
        }

        /// <summary>
        /// Creates the exec instance and starts it: attached (the output read from here on, standard input open when
        /// <paramref name="attachStdin"/>), or with -Detach in the background. Every engine error of create, start and
        /// inspect is refined alike (a container that stopped in between gives ContainerNotRunning naming it).
        /// </summary>
        private async Task StartAsync(bool attachStdin)
        {
            string commandText = string.Join(" ", Command!);
            if (!ShouldProcess(_shown, $"Run '{commandText}'"))
            {
                _skipped = true;
                return;
            }

            attachStdin = attachStdin && !Detach;
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

            _exec = new ContainerExec(new CmdletEngineRequests(this));
            _watch = Stopwatch.StartNew();
            try
            {
                _execId = await _exec.CreateAsync(_identity, parameters);
                WriteVerbose($"Exec instance {_execId} in '{_shown}': {commandText}");
                if (Detach)
                {
                    await _exec.StartDetachedAsync(_execId);
                    if (PassThru)
                    {
                        ContainerExecInspectResponse started = await _exec.InspectAsync(_execId);
                        WriteObject(ModelMapper.ToExecResult(started, _execId, await NameAsync(started.ContainerID), null, Command!,
                            Array.Empty<string>(), Array.Empty<string>(), TimeSpan.Zero, _exec.Endpoint!));
                    }

                    return;
                }

                _created = _watch.Elapsed;
                _stream = await _exec.StartAttachedAsync(_execId);
                _attached = _watch.Elapsed;
            }
            catch (Exception e) when (ContainerTargets.IsItemFailure(e))
            {
                throw ContainerTargets.Refine(e, _shown);
            }

            _reader = new OutputLineReader(_stream);
            _output = Stream ? null : new List<string>();
            _errors = Stream ? null : new List<string>();
            if (attachStdin)
            {
                _input = new ExecInput(_stream.WriteAsync, CancelToken);
            }

            _fill = _reader.FillAsync(CancelToken);
        }

        /// <summary>
        /// Writes the input still gathered and closes standard input, reads the rest of the output, and reports the
        /// exit code (the ExecResult, $LASTEXITCODE, -ThrowOnError).
        /// </summary>
        private async Task FinishAsync()
        {
            string commandText = string.Join(" ", Command!);
            if (_input is not null && !_inputEnded)
            {
                Task completing;
                try
                {
                    completing = _input.CompleteAsync();
                }
                catch (Exception e)
                {
                    completing = Task.FromException(e);
                }

                await AwaitInputAsync(completing, null);
                if (!_inputEnded)
                {
                    try
                    {
                        _stream!.CloseWrite();
                    }
                    catch (Exception e) when (IsClosedInput(e))
                    {
                        WriteVerbose($"Standard input could not be closed: {e.Message}");
                    }
                }
            }

            while (_fill is not null)
            {
                bool more = await _fill;
                if (!more)
                {
                    _fill = null;
                    break;
                }

                while (_reader!.TryReadLine(out OutputLine line))
                {
                    Emit(line);
                }

                _fill = _reader.FillAsync(CancelToken);
            }

            _reader!.Dispose();
            TimeSpan ended = _watch!.Elapsed;
            ContainerExecInspectResponse inspect;
            try
            {
                inspect = await _exec!.InspectEndedAsync(_execId, CancelToken);
            }
            catch (Exception e) when (ContainerTargets.IsItemFailure(e))
            {
                throw ContainerTargets.Refine(e, _shown);
            }

            _watch.Stop();
            WriteDebug($"Exec {_execId}: created {_created.TotalMilliseconds:0.0} ms, started {_attached.TotalMilliseconds:0.0} ms, " +
                $"output ended {ended.TotalMilliseconds:0.0} ms, exit code {_watch.Elapsed.TotalMilliseconds:0.0} ms.");
            long exitCode = inspect.ExitCode ?? 0;
            ExecResult result = ModelMapper.ToExecResult(inspect, _execId, await NameAsync(inspect.ContainerID), null, Command!,
                (IReadOnlyList<string>?)_output?.ToArray() ?? Array.Empty<string>(), (IReadOnlyList<string>?)_errors?.ToArray() ?? Array.Empty<string>(),
                _watch.Elapsed, _exec.Endpoint!);
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
        /// Waits for an input write to make room (backpressure), taking the output lines that arrive meanwhile, so a
        /// command that fills its output before it reads more input never stalls. Output that ends first (the command
        /// did) drops the rest of the input, as docker exec drops it. A piped stream that failed while read is the
        /// non-terminating error ContainerInputFailed (category ReadError, the input as its target); a command that
        /// stopped reading its input (the write failed) is Verbose, and the rest of the input is dropped.
        /// </summary>
        private async Task AwaitInputAsync(Task adding, object? item)
        {
            while (!adding.IsCompleted && _fill is not null)
            {
                await Task.WhenAny(adding, _fill);
                if (DrainReady() is Task failed)
                {
                    await failed;
                }
            }

            if (!adding.IsCompleted)
            {
                _inputEnded = true;
                _ = adding.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                WriteVerbose("The command ended before it read all its standard input: the rest is dropped.");
                return;
            }

            try
            {
                await adding;
            }
            catch (ExecInputReadException e)
            {
                Exception inner = e.InnerException ?? e;
                string message = $"A piped {item?.GetType().Name ?? "stream"} failed while it was read for the standard input of " +
                    $"'{string.Join(" ", Command!)}' in '{_shown}': {inner.Message} What was read before it has been written.";
                WriteError(new ErrorRecord(new PSDockerException(message, InputFailedErrorId, ErrorCategory.ReadError, item, inner),
                    InputFailedErrorId, ErrorCategory.ReadError, item));
            }
            catch (Exception e) when (IsClosedInput(e))
            {
                _inputEnded = true;
                WriteVerbose($"Standard input was not all written: the command stopped reading it ({e.Message}). The rest is dropped.");
            }
        }

        /// <summary>
        /// Writes the output lines that have arrived, without waiting for more, and starts the next read. Returns the
        /// read's failure, for the caller to raise, or null.
        /// </summary>
        private Task? DrainReady()
        {
            while (_fill is not null && _fill.IsCompleted)
            {
                Task<bool> fill = _fill;
                if (fill.Status != System.Threading.Tasks.TaskStatus.RanToCompletion)
                {
                    _fill = null;
                    return fill;
                }

                if (!fill.Result)
                {
                    _fill = null;
                    return null;
                }

                while (_reader!.TryReadLine(out OutputLine line))
                {
                    Emit(line);
                }

                _fill = _reader.FillAsync(CancelToken);
            }

            return null;
        }

        private void Emit(OutputLine line)
        {
            if (line.Stream == OutputStreamKind.StandardError)
            {
                if (_errors is null)
                {
                    WriteError(line.ToErrorRecord(_shown));
                }
                else
                {
                    _errors.Add(line.Text);
                }
            }
            else if (_output is null)
            {
                WriteObject(line.Text);
            }
            else
            {
                _output.Add(line.Text);
            }
        }

        private static bool IsClosedInput(Exception e) => e is IOException || e is ObjectDisposedException || e is SocketException;

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
