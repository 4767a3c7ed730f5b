using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes containers, like docker rm and docker container prune.</para>
    /// <para type="description">Removes the named containers. A running container is refused
    /// (ContainerConflict) unless -Force kills it first (docker rm -f). -Label removes every container with the
    /// labels, -Stopped every container that is not running (created, exited or dead), as docker container prune;
    /// these are confirmed as high-impact actions, container by container, unless -Force or -Confirm:$false.
    /// -Force also makes a container that does not exist (or is gone by the time it is removed) no error, as
    /// docker rm -f. -PassThru writes each container removed, as it was just before.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(Container))]
    public sealed class RemoveContainerCommand : ContainerCommandBase
    {
        private const string LabelSet = "Label";
        private const string StoppedSet = "Stopped";


        /// <summary>
        /// Remove every container with these labels: "key" (any value) or "key=value"; a container must have all
        /// of them (docker ps --filter label=...), or a hashtable (@{ suite = 'web' }). Running ones need -Force.
        /// With -Stopped, only stopped ones.
        /// </summary>
        [Parameter(ParameterSetName = LabelSet, Mandatory = true)]
        [Parameter(ParameterSetName = StoppedSet)]
        [KeyValueTransformation]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>Remove every container that is not running: created, exited or dead (docker container prune).</summary>
        [Parameter(ParameterSetName = StoppedSet, Mandatory = true)]
        public SwitchParameter Stopped { get; set; }

        /// <summary>
        /// Kill running containers and remove them (docker rm -f; the API's force). A container that does not exist,
        /// or is gone before it is removed, is then no error (the engine's ContainerNotFound goes to Verbose), as
        /// docker rm -f. With -Label or -Stopped, also removes without asking for confirmation.
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Also remove the container's anonymous volumes (docker rm -v; the API's v). Named volumes are kept.</summary>
        [Parameter]
        public SwitchParameter Volumes { get; set; }

        /// <summary>
        /// Write each container removed (a Container, as it was just before: read with docker inspect for -Name and
        /// -Id, as listed for -Label and -Stopped), so a test can assert what went. Nothing for a container not removed.
        /// </summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string Action => "Remove";

        private bool Bulk => ParameterSetName == LabelSet || ParameterSetName == StoppedSet;

        protected override void ProcessRecord()
        {
            if (!Bulk)
            {
                base.ProcessRecord();
                return;
            }

            Run(async () =>
            {
                var filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);
                if (Label is not null)
                {
                    filters["label"] = Label.Distinct(StringComparer.Ordinal).ToDictionary(l => l, _ => true, StringComparer.Ordinal);
                }

                if (Stopped)
                {
                    filters["status"] = new Dictionary<string, bool>(StringComparer.Ordinal) { ["created"] = true, ["exited"] = true, ["dead"] = true };
                }

                DockerEndpoint? endpoint = null;
                IList<ContainerListResponse> found = await RequestAsync(RequestLimit.Default, (e, token) =>
                {
                    endpoint = e.Endpoint;
                    return e.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, token);
                });
                string what = Stopped
                    ? (Label is null ? "stopped containers" : $"stopped containers with label {string.Join(", ", Label)}")
                    : $"containers with label {string.Join(", ", Label!)}";
                WriteVerbose($"{found.Count} {what}.");
                foreach (ContainerListResponse c in found)
                {
                    string name = (c.Names ?? new List<string>()).Select(n => n.TrimStart('/')).FirstOrDefault(n => n.IndexOf('/') < 0)
                        ?? c.ID.Substring(0, Math.Min(12, c.ID.Length));
                    await Targets.OneAsync(c.ID, name, Action, async (id, shown) =>
                    {
                        if (ContinueBulk($"Remove the container '{shown}' ({c.State}, {c.Image})?", $"Remove {what}"))
                        {
                            await RemoveAsync(id, shown, PassThru ? ModelMapper.ToContainer(c, endpoint!) : null);
                        }
                    });
                }
            }, (object?)Label ?? "stopped");
        }

        private protected override async Task ActAsync(string container, string shown)
        {
            Container? before = PassThru ? await Targets.TryReadBackAsync(container) : null;
            await RemoveAsync(container, shown, before);
        }

        /// <summary>docker rm [-f] [-v] of one container; writes <paramref name="before"/> once it is gone (-PassThru).</summary>
        private async Task RemoveAsync(string container, string shown, Container? before)
        {
            var parameters = new ContainerRemoveParameters();
            if (Force)
            {
                parameters.Force = true;
            }

            if (Volumes)
            {
                parameters.RemoveVolumes = true;
            }

            try
            {
                await RequestAsync(RequestLimit.Default, async (e, token) =>
                {
                    await e.Client.Containers.RemoveContainerAsync(container, parameters, token);
                    return true;
                });
            }
            catch (Exception e) when (Force && ErrorMapper.Unwrap(e) is DockerApiException { StatusCode: System.Net.HttpStatusCode.NotFound })
            {
                WriteVerbose($"No container '{shown}': nothing to remove (-Force).");
                return;
            }

            if (before is not null)
            {
                WriteObject(before);
            }
        }
    }
}
