using System;
using System.Linq;
using System.Management.Automation;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Changes the resource limits and restart policy of containers, like docker update.</para>
    /// <para type="description">Sends only the settings given; the others stay as they are. Each value is checked
    /// before anything is sent. Works on running and stopped containers.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "Container", SupportsShouldProcess = true)]
    [OutputType(typeof(Container))]
    public sealed class SetContainerCommand : DockerCmdlet
    {
        private static readonly string[] s_settings =
        {
            nameof(Memory), nameof(MemoryReservation), nameof(MemorySwap), nameof(Cpus), nameof(CpuShares), nameof(CpusetCpus),
            nameof(CpusetMems), nameof(PidsLimit), nameof(BlkioWeight), nameof(RestartPolicy),
        };

        private ContainerUpdateParameters? _update;

        /// <summary>
        /// Containers by name or id (full, or a prefix only one container has), as docker update takes them; the engine
        /// resolves them. Piped Container objects bind here by their Name, and act on the engine they came from.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The memory limit (HostConfig.Memory; docker update -m): bytes, or docker's units, 1024-based: 512m, 1g. InvalidMemorySpec when bad.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Memory { get; set; }

        /// <summary>The soft memory limit (HostConfig.MemoryReservation; docker update --memory-reservation): as -Memory.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MemoryReservation { get; set; }

        /// <summary>Memory plus swap (HostConfig.MemorySwap; docker update --memory-swap): as -Memory, or -1 for unlimited swap.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MemorySwap { get; set; }

        /// <summary>How many CPUs the container may use (HostConfig.NanoCpus; docker update --cpus): 1.5, 0.25. InvalidCpusSpec when bad.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Cpus { get; set; }

        /// <summary>The relative CPU weight (HostConfig.CpuShares; docker update -c); 1024 is the default weight.</summary>
        [Parameter]
        [ValidateRange(2, long.MaxValue)]
        public long CpuShares { get; set; }

        /// <summary>The CPUs the container may run on (HostConfig.CpusetCpus; docker update --cpuset-cpus): 0-3, 0,1.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CpusetCpus { get; set; }

        /// <summary>The memory nodes the container may use (HostConfig.CpusetMems; docker update --cpuset-mems): 0-3, 0,1.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CpusetMems { get; set; }

        /// <summary>The most processes the container may have (HostConfig.PidsLimit; docker update --pids-limit); -1 for no limit.</summary>
        [Parameter]
        [ValidateRange(-1, long.MaxValue)]
        public long PidsLimit { get; set; }

        /// <summary>The relative block I/O weight, 10 to 1000 (HostConfig.BlkioWeight; docker update --blkio-weight).</summary>
        [Parameter]
        [ValidateRange(10, 1000)]
        public ushort BlkioWeight { get; set; }

        /// <summary>The restart policy (HostConfig.RestartPolicy; docker update --restart): no, always, unless-stopped, on-failure[:N]. InvalidRestartPolicySpec when bad.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RestartPolicy { get; set; }

        /// <summary>Return each changed container, read back from the engine.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "Container";

        private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        protected override void BeginProcessing()
        {
            if (!s_settings.Any(Given))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSDockerException("Give at least one setting to change: -" + string.Join(", -", s_settings) + ".",
                        "NothingToUpdate", ErrorCategory.InvalidArgument, null),
                    "NothingToUpdate", ErrorCategory.InvalidArgument, null));
            }

            try
            {
                _update = BuildUpdateParameters();
            }
            catch (PSDockerException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, ErrorNoun, e.Target));
            }
        }

        protected override void ProcessRecord()
        {
            foreach (string name in Name ?? Array.Empty<string>())
            {
                if (!ShouldProcess(name, "Update container"))
                {
                    continue;
                }

                Run(async () =>
                {
                    try
                    {
                        ContainerUpdateResponse response = await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Containers.UpdateContainerAsync(name, _update!, token));
                        foreach (string warning in response.Warnings ?? Array.Empty<string>())
                        {
                            WriteWarning(warning);
                        }

                        if (PassThru)
                        {
                            if (await new ContainerTargets(this, WriteItemError).TryReadBackAsync(name) is Container changed)
                            {
                                WriteObject(changed);
                            }
                        }
                    }
                    catch (DockerApiException e)
                    {
                        WriteItemError(e, name);
                    }
                }, name);
            }
        }

        private ContainerUpdateParameters BuildUpdateParameters()
        {
            var update = new ContainerUpdateParameters();
            T Parse<T>(string parameter, Func<T> parse) => SpecException.Check(parameter, parse);

            if (Memory is not null)
            {
                update.Memory = Parse(nameof(Memory), () => MemorySpec.Parse(Memory));
            }

            if (MemoryReservation is not null)
            {
                update.MemoryReservation = Parse(nameof(MemoryReservation), () => MemorySpec.Parse(MemoryReservation));
            }

            if (MemorySwap is not null)
            {
                update.MemorySwap = MemorySwap.Trim() == "-1" ? -1 : Parse(nameof(MemorySwap), () => MemorySpec.Parse(MemorySwap));
            }

            if (Cpus is not null)
            {
                update.NanoCPUs = Parse(nameof(Cpus), () => CpusSpec.ParseNanoCpus(Cpus));
            }

            if (Given(nameof(CpuShares)))
            {
                update.CPUShares = CpuShares;
            }

            if (CpusetCpus is not null)
            {
                update.CpusetCpus = CpusetCpus;
            }

            if (CpusetMems is not null)
            {
                update.CpusetMems = CpusetMems;
            }
            if (Given(nameof(PidsLimit)))
            {
                update.PidsLimit = PidsLimit;
            }

            if (Given(nameof(BlkioWeight)))
            {
                update.BlkioWeight = BlkioWeight;
            }

            if (RestartPolicy is not null)
            {
                update.RestartPolicy = Parse(nameof(RestartPolicy), () => RestartPolicySpec.Parse(RestartPolicy));
            }

            return update;
        }
    }
}
