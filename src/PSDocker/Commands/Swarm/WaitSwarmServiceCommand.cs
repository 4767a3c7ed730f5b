using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits until swarm services have converged: every task they want runs, and any update has completed.</para>
    /// <para type="description">For each service, asks the swarm about once a second until as many tasks run as the
    /// service wants (its replicas, or one per eligible node for a global service; a global service with no task yet is
    /// given 5 seconds to get them), every one of them runs the current
    /// spec (image, environment, forced redeploys), and an update or rollback in progress has completed; then writes the
    /// service (a SwarmService, with its counts). A service that has not converged within -Timeout (60 seconds unless
    /// given) is the terminating error SwarmServiceWaitTimeout (OperationTimeout, as Wait-Container's ContainerWaitTimeout:
    /// a try/catch around the call catches it), naming each task that is not running and why: its state, the engine's error
    /// message and its node, as last seen. The limit holds even when the engine stops answering: each request is cut off at
    /// the time left, and the timeout then reports the state of the last round that was answered. An update
    /// the swarm paused after failures is SwarmServiceUpdatePaused at once, with the engine's message. Ctrl+C stops the
    /// wait at once.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "SwarmService")]
    [OutputType(typeof(SwarmService))]
    public sealed class WaitSwarmServiceCommand : SwarmServiceCommandBase
    {
        /// <summary>The time limit of a wait without -Timeout: 60 seconds.</summary>
        internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

        private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(1);

        /// <summary>How long a global service with no task is given to get its first ones before it counts as converged with none.</summary>
        private static readonly TimeSpan s_globalSettle = TimeSpan.FromSeconds(5);

        /// <summary>The services, by name or id (prefix). Strings bind by value, SwarmService objects by their Name (and their Endpoint). Missing: SwarmServiceNotFound.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Service")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SwarmServiceNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>
        /// How long to wait for each service: a TimeSpan (00:02:00), a number of SECONDS (90), or a duration as docker writes
        /// them (2m, 90s); more than 0; 60 seconds unless given. A value that is not a duration is InvalidDurationSpec.
        /// </summary>
        [Parameter]
        [SecondsTransformation(nameof(Timeout))]
        public TimeSpan Timeout { get; set; }

        private TimeSpan _timeout;

        protected override void BeginProcessing()
        {
            bool given = MyInvocation.BoundParameters.ContainsKey(nameof(Timeout));
            if (given && Timeout <= TimeSpan.Zero)
            {
                CheckInput(Timeout, () => throw SpecException.Refuse(DurationSpec.ErrorId, nameof(Timeout),
                    Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), "give a time span longer than 0 (00:01:00, 60, 60s)."));
            }

            _timeout = given ? Timeout : DefaultTimeout;
        }

        protected override void ProcessRecord()
        {
            foreach (string text in (Name ?? Array.Empty<string>()).Select(n => n.Trim()))
            {
                Run(async () =>
                {
                    EngineConnection engine = await ConnectAsync();
                    var clock = Stopwatch.StartNew();
                    // Every request of the wait is cut off at the time left, so a frozen engine cannot hold it past -Timeout.
                    using var deadline = new CancellationTokenSource(_timeout);
                    using var pause = CancellationTokenSource.CreateLinkedTokenSource(CancelToken, deadline.Token);
                    string name = text;
                    Convergence? last = null;
                    try
                    {
                        while (true)
                        {
                            if (await FindAsync(text, withCounts: true, deadline.Token) is not Docker.DotNet.Models.SwarmService service)
                            {
                                return;
                            }

                            name = service.Spec?.Name ?? text;
                            Convergence state = await CheckAsync(service, deadline.Token);
                            if (state.Converged && state.Desired == 0 && service.Spec?.Mode?.Global is not null && clock.Elapsed < s_globalSettle)
                            {
                                // The orchestrator makes a new global service's tasks a moment after it is made: none yet is no answer.
                                state.Converged = false;
                            }

                            if (state.Converged)
                            {
                                WriteObject(ModelMapper.ToSwarmService(service, engine.Endpoint));
                                return;
                            }

                            if (state.PausedMessage is string paused)
                            {
                                WriteItemError(new PSDockerException(
                                    $"The update of service '{name}' is paused ({service.UpdateStatus?.State}): {paused}. Set-SwarmService -Rollback returns to the previous spec; -Force retries.",
                                    SwarmServiceIdentity.UpdatePausedErrorId, ErrorCategory.InvalidResult, name), name);
                                return;
                            }

                            last = state;
                            TimeSpan left = _timeout - clock.Elapsed;
                            if (left <= TimeSpan.Zero)
                            {
                                throw TimedOut(name, last);
                            }

                            WriteVerbose($"Service '{name}': {state.Describe()}");
                            await Task.Delay(left < s_poll ? left : s_poll, pause.Token);
                        }
                    }
                    catch (Exception e) when (deadline.IsCancellationRequested && !CancelToken.IsCancellationRequested &&
                        ErrorMapper.Unwrap(e) is OperationCanceledException)
                    {
                        throw TimedOut(name, last);
                    }
                }, text);
            }
        }

        /// <summary>
        /// SwarmServiceWaitTimeout (OperationTimeout, terminating) for <paramref name="name"/>, with the state of the last round
        /// the engine answered (<paramref name="last"/>; null when it answered none in time).
        /// </summary>
        private PSDockerException TimedOut(string name, Convergence? last) => new PSDockerException(
            $"Service '{name}' had not converged after {_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s: " +
            (last is null ? "the engine did not answer in time, so its state is not known." : $"last seen: {last.Describe()}"),
            SwarmServiceIdentity.WaitTimeoutErrorId, ErrorCategory.OperationTimeout, name);

        /// <summary>Where the service stands: its tasks meant to run, which of them run the current spec, and its update.</summary>
        private async Task<Convergence> CheckAsync(Docker.DotNet.Models.SwarmService service, CancellationToken cancel)
        {
            var filter = new EngineFilter();
            filter.Add("service", service.ID);
            IList<TaskResponse> all = await RequestAsync(RequestLimit.Default, cancel, (e, token) =>
                e.Client.Tasks.ListAsync(new TasksListParameters { Filters = filter.ToApi() }, token));
            List<TaskResponse> tasks = all.Where(t => t.DesiredState == TaskState.Running).ToList();
            IReadOnlyDictionary<string, string> nodes = await SwarmNodes.HostnamesAsync(this, cancel);
            string name = service.Spec?.Name ?? service.ID;
            // A global service wants a task on each eligible node: those the orchestrator has made (meant to run).
            ulong desired = service.Spec?.Mode?.Replicated?.Replicas ??
                Math.Max(service.ServiceStatus?.DesiredTasks ?? 0, (ulong)tasks.Count);
            TaskSpec? template = service.Spec?.TaskTemplate;
            var result = new Convergence { Desired = desired, UpdateState = service.UpdateStatus?.State ?? "" };
            foreach (TaskResponse t in tasks.OrderBy(t => t.Slot ?? 0))
            {
                bool running = t.Status?.State == TaskState.Running;
                bool current = IsCurrent(t.Spec, template);
                if (running && current)
                {
                    result.Running++;
                    continue;
                }

                string node = string.IsNullOrEmpty(t.NodeID) ? "no node yet" : "on " + (nodes.TryGetValue(t.NodeID!, out string? n) ? n : t.NodeID);
                // A task that failed is replaced by a new one in its slot: the failure says why the slot does not run.
                TaskResponse? ended = all.Where(o => o.ID != t.ID && SameSlot(o, t) &&
                        (!string.IsNullOrEmpty(o.Status?.Err) || o.Status?.State is TaskState.Complete or TaskState.Failed))
                    .OrderByDescending(o => o.Status?.Timestamp ?? DateTime.MinValue).FirstOrDefault();
                string? lastFailure = ended is null ? null
                    : !string.IsNullOrEmpty(ended.Status?.Err) ? ended.Status!.Err
                    : $"the previous task ended: {ModelMapper.StateName(ended.Status?.State)}, exit code {ended.Status?.ContainerStatus?.ExitCode ?? 0}";
                string why = string.Join("; ", new[] { t.Status?.Err, t.Status?.Message, lastFailure is null ? null : "last failure: " + lastFailure }
                    .Where(s => !string.IsNullOrEmpty(s)));
                result.NotRunning.Add($"task {ModelMapper.TaskName(t, name)} ({node}): {ModelMapper.StateName(t.Status?.State)}" +
                    (running && !current ? ", still the previous spec" : "") + (why.Length > 0 ? $" ({why})" : ""));
            }

            string updateState = result.UpdateState;
            // Tasks being shut down (after a scale-down or an update) still count as running until they have stopped.
            result.Stopping = service.ServiceStatus is ServiceStatus status && status.RunningTasks > desired ? status.RunningTasks - desired : 0;
            result.Converged = result.Running == desired && result.NotRunning.Count == 0 && result.Stopping == 0 &&
                (updateState.Length == 0 || updateState == "completed" || updateState == "rollback_completed");
            if (updateState == "paused" || updateState == "rollback_paused")
            {
                result.PausedMessage = service.UpdateStatus?.Message ?? "";
            }

            return result;
        }

        private static bool SameSlot(TaskResponse a, TaskResponse b) =>
            a.Slot is > 0 ? a.Slot == b.Slot : !string.IsNullOrEmpty(a.NodeID) && a.NodeID == b.NodeID;

        /// <summary>True when a task runs what the service's spec says now: the same image, environment and redeploy count.</summary>
        private static bool IsCurrent(TaskSpec? task, TaskSpec? template)
        {
            if (task is null || template is null)
            {
                return true;
            }

            ContainerSpec? a = task.ContainerSpec, b = template.ContainerSpec;
            return task.ForceUpdate == template.ForceUpdate &&
                string.Equals(a?.Image, b?.Image, StringComparison.Ordinal) &&
                (a?.Env ?? new List<string>()).SequenceEqual(b?.Env ?? new List<string>(), StringComparer.Ordinal);
        }

        private sealed class Convergence
        {
            internal ulong Desired { get; set; }

            internal ulong Running { get; set; }

            internal ulong Stopping { get; set; }

            internal string UpdateState { get; set; } = "";

            internal bool Converged { get; set; }

            internal string? PausedMessage { get; set; }

            internal List<string> NotRunning { get; } = new List<string>();

            internal string Describe()
            {
                string tasks = NotRunning.Count == 0 ? "" : " Not running: " + string.Join("; ", NotRunning) + ".";
                string update = UpdateState.Length == 0 || UpdateState == "completed" || UpdateState == "rollback_completed" ? "" : $" Update: {UpdateState}.";
                string missing = Running + (ulong)NotRunning.Count < Desired ? $" {Desired - Running - (ulong)NotRunning.Count} task(s) not yet made." : "";
                string stopping = Stopping > 0 ? $" {Stopping} task(s) still stopping." : "";
                return $"{Running} of {Desired} tasks running the current spec.{tasks}{missing}{stopping}{update}";
            }
        }
    }
}
