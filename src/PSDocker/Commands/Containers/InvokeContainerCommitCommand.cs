using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Makes a new image from a container's changes, like docker commit.</para>
    /// <para type="description">The container's filesystem changes become a new layer on top of its image, with the
    /// container's configuration, optionally changed by Dockerfile instructions (-Change), a commit message (-Message)
    /// and an author (-Author). With -Repository the image is tagged (REPOSITORY[:TAG], or -Tag); without it the image
    /// is untagged. The container is paused while it is committed, as docker commit does, unless -Pause $false.
    /// Returns the new Image, read back from the engine.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ContainerCommit", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(Image))]
    public sealed class InvokeContainerCommitCommand : ContainerCommandBase
    {
        /// <summary>The Dockerfile instructions the engine takes in a commit's changes (its validCommitCommands).</summary>
        internal static readonly IReadOnlyCollection<string> ChangeInstructions = new[]
        {
            "CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
        };

        private ImageReference? _reference;

        /// <summary>
        /// The repository of the new image, as docker commit's REPOSITORY[:TAG] ("127.0.0.1:5000/web-snapshot",
        /// "app:1.0"): a malformed reference, a digest, or a tag here and in -Tag both, is InvalidImageReference before
        /// anything is sent. Without it the image has no tag. Sent as the API's repo and tag.
        /// </summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Repository { get; set; }

        /// <summary>The tag of the new image ("v1"; latest when -Repository has none). Needs -Repository (InvalidArgument without it).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Tag { get; set; }

        /// <summary>The commit message (docker commit -m; the image's Comment).</summary>
        [Parameter]
        [Alias("Comment")]
        public string? Message { get; set; }

        /// <summary>The author (docker commit -a), such as "Jane Doe &lt;jane@example.com&gt;"; the image's Author.</summary>
        [Parameter]
        public string? Author { get; set; }

        /// <summary>
        /// Dockerfile instructions applied to the new image's configuration (docker commit -c/--change), one a string:
        /// 'CMD ["httpd","-f"]', 'ENV MODE=prod', 'EXPOSE 8080', 'LABEL a=b', 'USER www', 'WORKDIR /srv'... The engine
        /// parses them (the API's changes). Instructions it does not take in a commit (RUN, COPY, FROM...) are
        /// InvalidArgument before anything is sent: CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD,
        /// STOPSIGNAL, USER, VOLUME, WORKDIR.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Change { get; set; }

        /// <summary>
        /// Pause the container while it is committed (true, as docker commit; the API's pause). -Pause $false commits a
        /// running container without pausing it (docker commit --pause=false), at the risk of a half-written file.
        /// </summary>
        [Parameter]
        public bool Pause { get; set; } = true;

        private protected override string Action =>
            _reference is null ? "Commit to an untagged image" : $"Commit as '{_reference.FamiliarName}:{_reference.TagOrDefault}'";

        protected override void BeginProcessing()
        {
            if (Tag is not null && Repository is null)
            {
                ThrowTerminatingError(new ErrorRecord(new PSDockerException(
                    $"-Tag '{Tag}' needs -Repository: a tag belongs to a repository, as in -Repository app -Tag {Tag}.",
                    ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, Tag), ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, Tag));
            }

            if (Repository is not null)
            {
                _reference = CheckInput(Repository, () =>
                {
                    ImageReference parsed = ImageReference.Parse(Repository, nameof(Repository));
                    if (parsed.Digest is not null)
                    {
                        throw new PSDockerException($"-Repository '{Repository}' is not a valid image reference: refusing to create a tag with a digest reference",
                            "InvalidImageReference", ErrorCategory.InvalidArgument, Repository);
                    }

                    if (Tag is null)
                    {
                        return parsed;
                    }

                    if (parsed.Tag is not null)
                    {
                        throw new PSDockerException($"-Repository '{Repository}' has a tag already; give the tag there or in -Tag '{Tag}', not both.",
                            "InvalidImageReference", ErrorCategory.InvalidArgument, Repository);
                    }

                    return ImageReference.Parse(Repository + ":" + Tag, nameof(Tag));
                });
            }

            foreach (string change in Change ?? Array.Empty<string>())
            {
                string instruction = change.TrimStart().Split(new[] { ' ', '\t' }, 2)[0];
                if (!ChangeInstructions.Contains(instruction, StringComparer.OrdinalIgnoreCase))
                {
                    ThrowTerminatingError(new ErrorRecord(new PSDockerException(
                        $"-Change '{change}': {(instruction.Length == 0 ? "an empty instruction" : instruction.ToUpperInvariant())} is not an instruction docker commit applies. " +
                        $"It takes {string.Join(", ", ChangeInstructions)}.",
                        ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, change), ContainerTargets.InvalidErrorId, ErrorCategory.InvalidArgument, change));
                }
            }
        }

        private protected override async Task ActAsync(string container, string shown)
        {
            // docker commit sends no configuration, and the engine then applies the changes to the container's own. The
            // client library always sends one, and the engine would apply the changes to that (an empty one) and only
            // then fill in the rest from the container, in another order (ENV after PATH, say). So the container's own
            // configuration is sent: the engine then makes the image docker commit makes.
            ContainerInspectResponse inspect = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.InspectContainerAsync(container, token));
            ContainerConfig config = inspect.Config ?? new ContainerConfig();
            CommitContainerChangesResponse made = await RequestAsync(RequestLimit.None, (e, token) => e.Client.Images.CommitContainerChangesAsync(
                new CommitContainerChangesParameters
                {
                    ContainerID = inspect.ID,
                    RepositoryName = _reference?.FamiliarName,
                    Tag = _reference?.TagOrDefault,
                    Comment = Message,
                    Author = Author,
                    Changes = Change?.ToList(),
                    Pause = Pause,
                    Hostname = config.Hostname,
                    Domainname = config.Domainname,
                    User = config.User,
                    AttachStdin = config.AttachStdin,
                    AttachStdout = config.AttachStdout,
                    AttachStderr = config.AttachStderr,
                    ExposedPorts = config.ExposedPorts,
                    Tty = config.Tty,
                    OpenStdin = config.OpenStdin,
                    StdinOnce = config.StdinOnce,
                    Env = config.Env,
                    Cmd = config.Cmd,
                    Healthcheck = config.Healthcheck,
                    ArgsEscaped = config.ArgsEscaped,
                    Image = config.Image,
                    Volumes = config.Volumes,
                    WorkingDir = config.WorkingDir,
                    Entrypoint = config.Entrypoint,
                    NetworkDisabled = config.NetworkDisabled,
                    OnBuild = config.OnBuild,
                    Labels = config.Labels,
                    StopSignal = config.StopSignal,
                    StopTimeout = config.StopTimeout,
                    Shell = config.Shell,
                }, token));
            WriteVerbose($"Committed {shown} as {made.ID}.");
            string? repoTag = _reference is null ? null : _reference.FamiliarName + ":" + _reference.TagOrDefault;
            WriteObject(await ImageReadBack.ReadAsync(new CmdletEngineRequests(this), made.ID, repoTag));
        }
    }
}
