using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// The base of the cmdlets that run a command in a running container (docker exec): Invoke-ContainerCommand and
    /// Enter-Container. It owns the options both take, as docker exec takes them (-u, -w, -e, --privileged), and
    /// turns -Environment into the exec's Env once (<see cref="CheckEnvironment"/>).
    /// </summary>
    public abstract class ExecCommandBase : DockerCmdlet
    {
        /// <summary>
        /// The user to run the command as (docker exec -u; the exec's User): NAME, UID, NAME:GROUP or UID:GID. The
        /// container's user by default.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? User { get; set; }

        /// <summary>
        /// The directory to run the command in, an absolute path inside the container (docker exec -w; WorkingDir).
        /// The container's working directory by default.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? WorkingDirectory { get; set; }

        /// <summary>
        /// Environment variables for the command, on top of the container's (docker exec -e; Env): KEY=VALUE strings,
        /// KEY alone (takes this process's variable KEY, as docker does), or a hashtable. An empty name is
        /// InvalidEnvironmentSpec, raised before anything is sent.
        /// </summary>
        [Parameter]
        [Alias("Env")]
        [KeyValueTransformation]
        public string[]? Environment { get; set; }

        /// <summary>Give the command extended privileges (docker exec --privileged; Privileged).</summary>
        [Parameter]
        public SwitchParameter Privileged { get; set; }

        /// <summary>
        /// -Environment as the exec's Env (KEY=VALUE, KEY alone taken from this process), or null when not given; a bad
        /// item is a terminating InvalidEnvironmentSpec error naming the parameter and the value.
        /// </summary>
        private protected List<string>? CheckEnvironment() =>
            Environment is null ? null : CheckInput(Environment, () => Environment
                .Select(e => SpecException.Check(nameof(Environment), () => KeyValueSpec.ParseEnvironment(e, System.Environment.GetEnvironmentVariable)))
                .ToList());
    }
}
