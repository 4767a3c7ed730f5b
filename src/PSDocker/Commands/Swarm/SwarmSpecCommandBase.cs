using System;
using System.Management.Automation;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// The base of Initialize-DockerSwarm and Update-DockerSwarm: the swarm spec values both set (task history, node
    /// certificate expiry, dispatcher heartbeat), their check before anything is sent, and how they go into a spec (only
    /// those given: the others stay as the engine has them).
    /// </summary>
    public abstract class SwarmSpecCommandBase : DockerCmdlet
    {
        /// <summary>How many finished tasks to keep per service slot (--task-history-limit; Spec.Orchestration.TaskHistoryRetentionLimit); 5 by default.</summary>
        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long TaskHistoryLimit { get; set; }

        /// <summary>
        /// How long node certificates are valid (--cert-expiry; Spec.CAConfig.NodeCertExpiry): a TimeSpan, a duration as
        /// docker writes it ('2160h', '90m') or a number of seconds. 90 days by default. Not more than zero is InvalidDurationSpec.
        /// </summary>
        [Parameter]
        [SecondsTransformation(nameof(CertExpiry))]
        public TimeSpan CertExpiry { get; set; }

        /// <summary>
        /// How often nodes report to the managers (--dispatcher-heartbeat; Spec.Dispatcher.HeartbeatPeriod): a TimeSpan, a
        /// duration ('5s') or seconds. 5 seconds by default. Not more than zero is InvalidDurationSpec.
        /// </summary>
        [Parameter]
        [SecondsTransformation(nameof(DispatcherHeartbeat))]
        public TimeSpan DispatcherHeartbeat { get; set; }

        protected override string ErrorNoun => "Swarm";

        /// <summary>True when the parameter was given.</summary>
        private protected bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        /// <summary>Checks the durations given (more than zero), as a terminating InvalidDurationSpec before anything is sent.</summary>
        private protected void CheckSpecInput()
        {
            CheckInput(CertExpiry, () => SwarmState.CheckPositive(Given(nameof(CertExpiry)) ? CertExpiry : null, nameof(CertExpiry)));
            CheckInput(DispatcherHeartbeat, () => SwarmState.CheckPositive(Given(nameof(DispatcherHeartbeat)) ? DispatcherHeartbeat : null, nameof(DispatcherHeartbeat)));
        }

        /// <summary>Puts the values given into <paramref name="spec"/>, leaving the others as they are.</summary>
        private protected void ApplySpec(Spec spec)
        {
            if (Given(nameof(TaskHistoryLimit)))
            {
                (spec.Orchestration ??= new OrchestrationConfig()).TaskHistoryRetentionLimit = TaskHistoryLimit;
            }

            if (Given(nameof(CertExpiry)))
            {
                (spec.CAConfig ??= new CAConfig()).NodeCertExpiry = CertExpiry;
            }

            if (Given(nameof(DispatcherHeartbeat)))
            {
                (spec.Dispatcher ??= new DispatcherConfig()).HeartbeatPeriod = DispatcherHeartbeat;
            }
        }
    }
}
