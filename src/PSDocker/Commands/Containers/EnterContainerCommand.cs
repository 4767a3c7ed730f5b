using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Opens an interactive shell in a running container, in this console (docker exec -it), or attaches to its main process (docker attach).</para>
    /// <para type="description">Runs /bin/sh (or -Command) in the container with a terminal and connects it to this
    /// console: the console is switched to raw mode, every key goes to the container (Ctrl+C interrupts the command in
    /// the container, Ctrl+D ends the shell's input; neither stops PowerShell), the container's terminal output is
    /// written to the console as it is, and the window size is sent at the start and whenever the window is resized.
    /// When the shell exits, the console is put back as it was, also after an error or a pipeline stop. With -Attach
    /// the console is attached to the container's main process instead (docker attach): the container must be running
    /// and have a TTY (created with -Tty, and with -Interactive for keys to reach it). The detach keys (Ctrl+P then
    /// Ctrl+Q, or -DetachKeys) leave the session and the process running.</para>
    /// <para type="description">$LASTEXITCODE is set to the exit code of the command (or of the container's main
    /// process after -Attach), as after docker exec -it or a native command; a non-zero one is not an error unless
    /// -ThrowOnError is given, which raises it as the terminating error ContainerExitedWithError, whose exception
    /// (PSDocker.ContainerExitedException) carries ExitCode. After the detach keys $LASTEXITCODE is left as it was (the
    /// process goes on running). Enter-Container writes nothing to the pipeline. It needs
    /// an interactive console: in a job, a remote session, or with standard input or output redirected it stops with
    /// NoInteractiveConsole before anything is sent to the engine.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Enter, "Container", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class EnterContainerCommand : ExecCommandBase
    {
        /// <summary>The shell Enter-Container runs when -Command is not given.</summary>
        public const string DefaultShell = "/bin/sh";

        /// <summary>Error id for options that do not go with -Attach (category InvalidArgument).</summary>
        internal const string AttachConflictErrorId = "AttachOptionConflict";

        /// <summary>
        /// The container: its name, its full id, or an id prefix only one container has, as docker exec takes it.
        /// Piped Container objects bind here by property name (and their Endpoint with them), strings by value.
        /// Also -Container, as Invoke-ContainerCommand names it. A container that does not exist is ContainerNotFound; one that is not running, ContainerNotRunning.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Container")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string? Name { get; set; }

        /// <summary>
        /// The command to run and its arguments, one item each (docker exec CONTAINER COMMAND...). /bin/sh when not
        /// given, the shell every Linux image has (give bash, -l for another). Not with -Attach.
        /// </summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string[]? Command { get; set; }

        /// <summary>
        /// Attach to the container's main process (docker attach) instead of running a command. The container must
        /// be running (ContainerNotRunning) and have a TTY (ContainerHasNoTty); keys reach it only when it keeps its
        /// input open (created with -Interactive). Ctrl+C goes to the process, which for a shell as the main process
        /// interrupts the line, and for most other programs ends the container; the detach keys leave it running.
        /// The exec options (-Command, -User, -WorkingDirectory, -Environment, -Privileged) do not go with it
        /// (AttachOptionConflict, InvalidArgument).
        /// </summary>
        [Parameter]
        public SwitchParameter Attach { get; set; }

        /// <summary>
        /// The keys that leave the session with the process still running (docker --detach-keys): comma-separated,
        /// each a character or ctrl-X (X a letter or one of @ [ \ ] ^ _). Ctrl+P then Ctrl+Q when not given.
        /// Bad ones are InvalidDetachKeysSpec errors.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DetachKeys { get; set; }

        /// <summary>
        /// Raise a non-zero exit code as the terminating error ContainerExitedWithError (category InvalidResult; its
        /// exception, PSDocker.ContainerExitedException, carries ExitCode), after setting $LASTEXITCODE. Nothing is
        /// raised after the detach keys. The same switch as Invoke-ContainerCommand's.
        /// </summary>
        [Parameter]
        public SwitchParameter ThrowOnError { get; set; }

        protected override string ErrorNoun => "Container";

        protected override void ProcessRecord()
        {
            string keysSpec = DetachKeys ?? DetachKeysSpec.Default;
            byte[] keys = CheckInput(DetachKeys, () => SpecException.Check(nameof(DetachKeys), () => DetachKeysSpec.Parse(keysSpec)));
            List<string>? environment = CheckEnvironment();
            if (Attach)
            {
                string[] given = new[] { nameof(Command), nameof(User), nameof(WorkingDirectory), nameof(Environment), nameof(Privileged) }
                    .Where(p => MyInvocation.BoundParameters.ContainsKey(p)).ToArray();
                if (given.Length > 0)
                {
                    CheckInput<bool>(Name, () => throw SpecException.Refuse(AttachConflictErrorId, nameof(Attach), "-" + string.Join(", -", given),
                        "-Attach connects to the container's main process, so it takes no command options: -" + string.Join(", -", given) + " go with an exec (leave -Attach out)."));
                }
            }

            string[] command = Command ?? new[] { DefaultShell };
            string action = Attach ? "Attach this console (docker attach)" : $"Run '{string.Join(" ", command)}' interactively (docker exec -it)";
            if (!ShouldProcess(Name, action))
            {
                return;
            }

            RequireInteractiveConsole(this, Name);
            var notes = new List<string>();
            Func<MultiplexedStream, Func<int, int, Task>, Task<TtySessionEnd>> session = (stream, resize) => RunSessionAsync(stream, resize, keys, notes, CancelToken);
            var engine = new CmdletEngineRequests(this);
            Run(async () =>
            {
                SessionOutcome outcome;
                try
                {
                    if (Attach)
                    {
                        outcome = await ContainerSession.AttachAsync(engine, Name!, keysSpec, session, WriteVerbose);
                    }
                    else
                    {
                        outcome = await ContainerSession.ExecAsync(engine, Name!, new ExecSessionOptions
                        {
                            Command = command,
                            User = User,
                            WorkingDirectory = WorkingDirectory,
                            Environment = environment,
                            Privileged = Privileged,
                            DetachKeys = keysSpec,
                        }, session, WriteVerbose);
                    }
                }
                catch (DockerApiException e)
                {
                    throw ContainerTargets.Refine(e, Name);
                }
                finally
                {
                    foreach (string note in notes)
                    {
                        WriteVerbose(note);
                    }
                }

                if (outcome.ExitCode is long exitCode)
                {
                    SessionState.PSVariable.Set("global:LASTEXITCODE", exitCode >= int.MinValue && exitCode <= int.MaxValue ? (int)exitCode : (object)exitCode);
                    if (ThrowOnError && outcome.Failure() is ContainerExitedException failure)
                    {
                        throw failure;
                    }
                }
            }, Name);
        }

        /// <summary>
        /// Stops <paramref name="cmdlet"/> with NoInteractiveConsole (terminating, InvalidOperation) when this PowerShell has no
        /// console a session can use; called before anything is sent.
        /// </summary>
        internal static void RequireInteractiveConsole(PSCmdlet cmdlet, object? target)
        {
            if (ConsoleRawMode.WhyNotInteractive(cmdlet.Host) is string why)
            {
                var e = new PSDockerException(
                    $"An interactive session needs an interactive console, and {why}. Run the command in a terminal, or run a command " +
                    "without a terminal instead (docker exec without -it).",
                    ConsoleRawMode.NoConsoleErrorId, ErrorCategory.InvalidOperation, target);
                cmdlet.ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, e.Category, target));
            }
        }

        /// <summary>
        /// One session in this console. Status text raised while the console is raw goes to <paramref name="notes"/>, for
        /// the caller to write once the console is back.
        /// </summary>
        internal static async Task<TtySessionEnd> RunSessionAsync(MultiplexedStream stream, Func<int, int, Task> resize, byte[] keys, List<string> notes,
            System.Threading.CancellationToken cancel)
        {
            using ConsoleRawMode console = ConsoleRawMode.Create();
            return await new TtySession(console, keys, resize, notes.Add).RunAsync(stream, cancel);
        }
    }
}
