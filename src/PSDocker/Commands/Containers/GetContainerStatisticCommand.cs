using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets containers' resource use (CPU, memory, network and block I/O, PIDs), like docker stats.</para>
    /// <para type="description">One ContainerStatistic per container, computed from the engine's sample exactly as
    /// docker stats computes its columns (CPU % over the time since the sample before, memory without the inactive page
    /// cache on cgroup v1 and v2, network and block I/O summed, PIDs). Without -Stream, one sample per container, as
    /// docker stats --no-stream (the engine takes two readings a second apart so CPU % is meaningful), for all the
    /// containers at once and written in the order given. With -Stream, one object per container per sample (about
    /// one a second) until Ctrl+C, for all the containers at once; a container that stops ends its stream (one
    /// sample with zeros for a container already stopped).
    /// Without -Name or -Id, the running containers (with -All, every container), as docker stats without
    /// arguments; containers started after the call began are not added. All the containers of one call are on one
    /// engine (ContainersOnSeveralEngines otherwise).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ContainerStatistic", DefaultParameterSetName = ContainerCommandBase.ContainerSet)]
    [OutputType(typeof(ContainerStatistic))]
    public sealed class GetContainerStatisticCommand : DockerCmdlet
    {
        /// <summary>Error id for containers piped from two engines into one call (category InvalidArgument).</summary>
        internal const string SeveralEnginesErrorId = "ContainersOnSeveralEngines";

        private readonly List<string> _names = new List<string>();
        private readonly List<string> _ids = new List<string>();
        private DockerEndpoint? _endpoint;

        /// <summary>
        /// Containers by name or id, as docker stats takes them: the full id, the exact name, or a prefix of the id only
        /// one container has. Piped Container objects bind here by property name (and their Endpoint with them), strings
        /// by value. Without -Name and -Id, the running containers. Also -Container.
        /// </summary>
        [Parameter(ParameterSetName = ContainerCommandBase.ContainerSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Container")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Container ids: the full 64-digit id, or a prefix only one container has. Never matched against names.</summary>
        [Parameter(ParameterSetName = ContainerCommandBase.ContainerIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerIdCompleter))]
        public string[]? Id { get; set; }

        /// <summary>Without -Name or -Id: every container, stopped ones too (docker stats -a; they show zeros).</summary>
        [Parameter(ParameterSetName = ContainerCommandBase.ContainerSet)]
        public SwitchParameter All { get; set; }

        /// <summary>
        /// Keep sampling (about once a second, the engine's interval) and write each sample as it comes, until Ctrl+C or
        /// until every container's stream has ended, a container that stops ending its own (docker stats without --no-stream). The API's stream=true.
        /// </summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        protected override string ErrorNoun => "Container";

        protected override void ProcessRecord()
        {
            if (Endpoint is not null)
            {
                if (_endpoint is not null && _endpoint.ToString() != Endpoint.ToString())
                {
                    object target = (object?)Name ?? Id!;
                    ThrowTerminatingError(new ErrorRecord(new PSDockerException(
                        $"The containers come from two engines ({_endpoint} and {Endpoint}); one Get-ContainerStatistic call reads one engine.",
                        SeveralEnginesErrorId, ErrorCategory.InvalidArgument, target), SeveralEnginesErrorId, ErrorCategory.InvalidArgument, target));
                }

                _endpoint = Endpoint;
            }

            _names.AddRange(Name ?? Array.Empty<string>());
            _ids.AddRange(Id ?? Array.Empty<string>());
        }

        protected override void EndProcessing()
        {
            Endpoint = _endpoint;
            Run(ReadAsync, _names.Count + _ids.Count == 0 ? null : _names.Concat(_ids).ToArray());
        }

        private async Task ReadAsync()
        {
            // Each container: what to send to the engine, and the text the user gave (for errors).
            var targets = new List<(string Identity, string Shown)>();
            if (_names.Count + _ids.Count == 0)
            {
                IList<ContainerListResponse> list = await RequestAsync(RequestLimit.Default, (e, token) =>
                    e.Client.Containers.ListContainersAsync(new ContainersListParameters { All = All.IsPresent }, token));
                targets.AddRange(list.Select(c => (c.ID, c.ID)));
            }
            else
            {
                await new ContainerTargets(this, WriteItemError).ForEachAsync(_names.ToArray(), _ids.ToArray(), "Get statistics", (identity, shown) =>
                {
                    targets.Add((identity, shown));
                    return Task.CompletedTask;
                });
            }

            if (targets.Count == 0)
            {
                return;
            }

            // Connected once here, so the requests sent side by side below share the one connection.
            await ConnectAsync();
            if (Stream)
            {
                await StreamAsync(targets);
            }
            else
            {
                await OneShotAsync(targets);
            }
        }

        /// <summary>One sample of every container, asked for all at once, written in the order given.</summary>
        private async Task OneShotAsync(List<(string Identity, string Shown)> targets)
        {
            var samples = targets.Select(async t =>
            {
                var last = new LastSample();
                DockerEndpoint? endpoint = null;
                await RequestAsync(RequestLimit.Default, async (e, token) =>
                {
                    endpoint = e.Endpoint;
                    await e.Client.Containers.GetContainerStatsAsync(t.Identity, new ContainerStatsParameters { Stream = false }, last, token);
                    return true;
                });
                return last.Value is null ? null : ModelMapper.ToStatistic(last.Value, endpoint!);
            }).ToList();

            for (int i = 0; i < targets.Count; i++)
            {
                try
                {
                    if (await samples[i] is ContainerStatistic stat)
                    {
                        WriteObject(stat);
                    }
                }
                catch (Exception e) when (ContainerTargets.IsItemFailure(e))
                {
                    WriteItemError(ContainerTargets.Refine(e, targets[i].Shown), targets[i].Shown);
                }
            }
        }

        /// <summary>
        /// Every container's stream at once, each sample written as it comes, until all have ended or Ctrl+C. The engine
        /// goes on sending empty samples (no read time) for a container that has stopped: its stream ends there, as
        /// docker stats drops a container that stops (a container stopped from the start shows once, with zeros).
        /// </summary>
        private async Task StreamAsync(List<(string Identity, string Shown)> targets)
        {
            var streams = targets.Select(async t =>
            {
                try
                {
                    await RequestAsync(RequestLimit.None, async (e, token) =>
                    {
                        DockerEndpoint endpoint = e.Endpoint;
                        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(token);
                        bool written = false;
                        bool done = false;
                        // Progress<T> made here posts each sample to the pipeline thread's pump, where it is written.
                        var progress = new Progress<ContainerStatsResponse>(s =>
                        {
                            if (done || CancelToken.IsCancellationRequested || stopped.IsCancellationRequested)
                            {
                                return;
                            }

                            bool empty = s.Read.Year <= 1;
                            if (!empty || !written)
                            {
                                written = true;
                                WriteObject(ModelMapper.ToStatistic(s, endpoint));
                            }

                            if (empty)
                            {
                                stopped.Cancel();
                            }
                        });
                        try
                        {
                            await e.Client.Containers.GetContainerStatsAsync(t.Identity, new ContainerStatsParameters { Stream = true }, progress, stopped.Token);
                        }
                        catch (Exception) when (stopped.IsCancellationRequested && !token.IsCancellationRequested)
                        {
                            // The container stopped: its stream ends here.
                        }
                        finally
                        {
                            // A sample still queued on the pump after this is dropped, never written late.
                            done = true;
                        }

                        return true;
                    });
                }
                catch (Exception e) when (ContainerTargets.IsItemFailure(e))
                {
                    WriteItemError(ContainerTargets.Refine(e, t.Shown), t.Shown);
                }
            }).ToList();
            await Task.WhenAll(streams);
        }

        /// <summary>Keeps the one sample of a stream=false request (reported on the library's thread).</summary>
        private sealed class LastSample : IProgress<ContainerStatsResponse>
        {
            private volatile ContainerStatsResponse? _value;

            internal ContainerStatsResponse? Value => _value;

            public void Report(ContainerStatsResponse value) => _value = value;
        }
    }
}
