using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Starts existing containers (docker start), or runs a new one from an image (docker run).</para>
    /// <para type="description">With -Name or -Id (or piped containers) it starts created or stopped containers; one
    /// already running is not an error, as with docker start. With -Image it is docker run: it pulls the image when the
    /// engine lacks it, creates the container with the create options New-Container also takes, attaches before it
    /// starts (no early output is lost), and starts it. With -Detach it returns the Container at once; without it, it
    /// writes the container's standard output lines to the pipeline as they are printed and its standard error lines to
    /// the error stream (ContainerStandardError), waits for the exit, and reports a non-zero exit code as the terminating
    /// error ContainerExitedWithError, whose exception (PSDocker.ContainerExitedException) carries ExitCode.</para>
    /// <para type="description">With -Interactive -Tty (docker run -it) the container's terminal runs in this console,
    /// as Enter-Container runs a shell: raw keys in (Ctrl+C goes to the container), the terminal's output out, the
    /// window size followed, the console restored at the end; the detach keys (Ctrl+P Ctrl+Q, or -DetachKeys) leave it
    /// running. It needs an interactive console (NoInteractiveConsole otherwise, before anything is sent).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(Container), typeof(string))]
    public sealed class StartContainerCommand : ContainerCreateCommandBase
    {
        /// <summary>The parameter set for existing containers by name (docker start).</summary>
        public const string ContainerSet = ContainerCommandBase.ContainerSet;

        /// <summary>The parameter set for existing containers by id.</summary>
        public const string ContainerIdSet = ContainerCommandBase.ContainerIdSet;

        /// <summary>
        /// Existing containers (docker start): by name or id, as the docker CLI takes them (the full id, the exact
        /// name, or a prefix of the id only one container has, resolved by the engine); piped Container objects bind
        /// here by property name, strings by value. With -Image: the new container's name (docker run --name), one
        /// name of letters, digits, _ . -; the engine picks one when none is given.
        /// </summary>
        [Parameter(ParameterSetName = ContainerSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// Container ids: the full 64-digit id, or a prefix only one container has (a "sha256:" prefix is
        /// ignored). Never matched against names. Bound by property name from piped objects with an Id.
        /// </summary>
        [Parameter(ParameterSetName = ContainerIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>Return each started container, read back from the engine after it started.</summary>
        [Parameter(ParameterSetName = ContainerSet)]
        [Parameter(ParameterSetName = ContainerIdSet)]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// With -Image: start the container and return it at once (docker run -d), instead of waiting for it to
        /// exit with its output on the pipeline.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        public SwitchParameter Detach { get; set; }

        /// <summary>
        /// With -Image -Interactive -Tty: the keys that leave the session with the container running (docker run
        /// --detach-keys): comma-separated, each a character or ctrl-X (X a letter or one of @ [ \ ] ^ _). Ctrl+P then
        /// Ctrl+Q when not given. Bad ones are InvalidDetachKeysSpec errors; without -Interactive -Tty, or with -Detach,
        /// they are refused as InvalidArgument, before anything is sent.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        [ValidateNotNullOrEmpty]
        public string? DetachKeys { get; set; }

        protected override string ErrorNoun => "Container";

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ImageSet)
            {
                RunImage();
                return;
            }

            var targets = new ContainerTargets(this, WriteItemError);
            Run(() => targets.ForEachAsync(Name, Id, "Start", async (container, shown) =>
            {
                bool started = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.StartContainerAsync(container, new ContainerStartParameters(), token));
                if (!started)
                {
                    WriteVerbose($"The container '{shown}' was already running.");
                }

                if (PassThru)
                {
                    WriteObject(await targets.ReadBackAsync(container));
                }
            }), (object?)Name ?? Id);
        }

        /// <summary>
        /// docker run -it: the container's terminal in this console (the session Enter-Container runs). Needs an
        /// interactive console (NoInteractiveConsole, before anything is sent); a non-zero exit is ContainerExitedWithError.
        /// </summary>
        private void RunInTerminal(CreateContainerParameters parameters, string keysSpec, byte[] keys)
        {
            EnterContainerCommand.RequireInteractiveConsole(this, Image);
            var notes = new List<string>();
            Run(async () =>
            {
                var runner = new ContainerRunner(new CmdletEngineRequests(this), CancelToken, WriteVerbose, WriteWarning, WriteProgress);
                try
                {
                    await runner.RunInteractiveAsync(parameters, keysSpec,
                        (stream, resize) => EnterContainerCommand.RunSessionAsync(stream, resize, keys, notes, CancelToken));
                }
                finally
                {
                    foreach (string note in notes)
                    {
                        WriteVerbose(note);
                    }
                }
            }, Image);
        }

        /// <summary>docker run: checks every option before anything is sent, then pulls when missing, creates, attaches, starts.</summary>
        private void RunImage()
        {
            if (Name is { Length: > 1 })
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSDockerException($"-Name with -Image names the one new container; it was given {Name.Length} names: {string.Join(", ", Name)}.",
                        "InvalidContainerName", ErrorCategory.InvalidArgument, Name),
                    "InvalidContainerName", ErrorCategory.InvalidArgument, Name));
            }

            bool terminal = Interactive && Tty && !Detach;
            if (DetachKeys is not null && !terminal)
            {
                string why = Detach ? "-Detach runs the container in the background, with no session to leave" : "without both there is no session in this console to leave";
                CheckInput<bool>(DetachKeys, () => throw new PSDockerException(
                    $"-DetachKeys '{DetachKeys}' goes only with -Interactive -Tty without -Detach (docker run -it --detach-keys): {why}.",
                    ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, DetachKeys));
            }

            string keysSpec = DetachKeys ?? DetachKeysSpec.Default;
            byte[] keys = CheckInput(DetachKeys, () => SpecException.Check(nameof(DetachKeys), () => DetachKeysSpec.Parse(keysSpec)));
            string action = Detach ? "Run container (detached)" : terminal ? "Run container in this console (docker run -it)" : "Run container";
            if (PrepareCreate(Name?.FirstOrDefault(), action) is not CreateContainerParameters parameters)
            {
                return;
            }

            if (terminal)
            {
                RunInTerminal(parameters, keysSpec, keys);
                return;
            }

            Run(async () =>
            {
                var runner = new ContainerRunner(new CmdletEngineRequests(this), CancelToken, WriteVerbose, WriteWarning, WriteProgress);
                if (Detach)
                {
                    CreateContainerResponse created = await runner.CreateAsync(parameters);
                    await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), token));
                    if (await ReadBackAsync(created.ID) is Container container)
                    {
                        WriteObject(container);
                    }

                    return;
                }

                string? id = null;
                await runner.RunAsync(parameters,
                    line =>
                    {
                        if (line.Stream == OutputStreamKind.StandardError)
                        {
                            WriteError(line.ToErrorRecord(id));
                        }
                        else
                        {
                            WriteObject(line.Text);
                        }
                    },
                    created => id = created);
            }, Image);
        }
    }
}
