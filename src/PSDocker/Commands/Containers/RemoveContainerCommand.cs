using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes containers, like docker rm and docker container prune.</para>
    /// <para type="description">Removes the named containers. A running container is refused
    /// (ContainerConflict) unless -Force kills it first (docker rm -f). -Label removes every container with the
    /// labels, -Stopped every container that is not running (created, exited or dead), as docker container prune;
    /// these are confirmed as high-impact actions, container by container, unless -Force or -Confirm:$false.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveContainerCommand : ContainerCommandBase
    {
        private const string LabelSet = "Label";
        private const string StoppedSet = "Stopped";


        /// <summary>
        /// Remove every container with these labels: "key" (any value) or "key=value"; a container must have all
        /// of them (docker ps --filter label=...). Running ones need -Force. With -Stopped, only stopped ones.
        /// </summary>
        [Parameter(ParameterSetName = LabelSet, Mandatory = true)]
        [Parameter(ParameterSetName = StoppedSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>Remove every container that is not running: created, exited or dead (docker container prune).</summary>
        [Parameter(ParameterSetName = StoppedSet, Mandatory = true)]
        public SwitchParameter Stopped { get; set; }

        /// <summary>
        /// Kill running containers and remove them (docker rm -f; the API's force). With -Label or -Stopped, also
        /// removes without asking for confirmation.
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Also remove the container's anonymous volumes (docker rm -v; the API's v). Named volumes are kept.</summary>
        [Parameter]
        public SwitchParameter Volumes { get; set; }

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

                IList<ContainerListResponse> found = await RequestAsync(RequestLimit.Default, (e, token) =>
                    e.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, token));
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
                            await ActAsync(id, shown);
                        }
                    });
                }
            }, (object?)Label ?? "stopped");
        }

        private protected override async Task ActAsync(string container, string shown)
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

            await RequestAsync(RequestLimit.Default, async (e, token) =>
            {
                await e.Client.Containers.RemoveContainerAsync(container, parameters, token);
                return true;
            });
        }
    }
}
