using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Threading;

namespace PSDocker
{
    /// <summary>
    /// Registers PSDocker's Pester operators (Should -BeRunning, -BeHealthy, -HaveExitCode) in a session where Pester was
    /// imported after PSDocker. PSDocker.psm1 registers them at import when Pester is already loaded; otherwise it leaves
    /// its registration script here (<see cref="Defer"/>), and the first PSDocker cmdlet that runs once Pester is loaded
    /// in that runspace runs it (<see cref="RegisterIfPesterLoaded"/>, from DockerCmdlet.Run). A test always runs a
    /// PSDocker cmdlet (Start-Container, Get-Container) before it asserts on a container, so nothing is asked of the
    /// user. Until Pester's assembly is loaded in the process the check is one field read.
    /// </summary>
    internal static class ShouldOperatorRegistration
    {
        /// <summary>
        /// How long a runspace without Pester waits before its next try, when Pester was loaded elsewhere in the process
        /// (another runspace): one look at its modules per second at most, not one per cmdlet.
        /// </summary>
        private static readonly TimeSpan s_retryAfter = TimeSpan.FromSeconds(1);

        /// <summary>Per runspace: the module's registration script, until it has registered the operators, and when to try next.</summary>
        private static readonly ConcurrentDictionary<Guid, Pending> s_pending = new ConcurrentDictionary<Guid, Pending>();
        private static int s_watching;
        private static volatile bool s_pesterLoaded;

        /// <summary>
        /// Called by PSDocker.psm1 (through reflection) when Pester is not loaded at import: keeps
        /// <paramref name="register"/> (bound to the module; returns $true once the operators are registered) for later.
        /// </summary>
        internal static void Defer(ScriptBlock register)
        {
            Runspace? rs = Runspace.DefaultRunspace;
            if (rs is null)
            {
                return;
            }

            s_pending[rs.InstanceId] = new Pending(register);
            if (Interlocked.Exchange(ref s_watching, 1) == 0)
            {
                AppDomain.CurrentDomain.AssemblyLoad += (_, e) =>
                {
                    if (IsPester(e.LoadedAssembly))
                    {
                        s_pesterLoaded = true;
                    }
                };
                foreach (Assembly a in AppDomain.CurrentDomain.GetAssemblies())
                {
                    if (IsPester(a))
                    {
                        s_pesterLoaded = true;
                        break;
                    }
                }
            }
        }

        /// <summary>
        /// Runs this runspace's deferred registration when Pester's assembly is loaded. Returns a warning to show when
        /// the registration failed (another module's operator of the same name, say); it is then not tried again.
        /// </summary>
        internal static string? RegisterIfPesterLoaded()
        {
            if (!s_pesterLoaded || s_pending.IsEmpty)
            {
                return null;
            }

            Runspace? rs = Runspace.DefaultRunspace;
            if (rs is null || !s_pending.TryGetValue(rs.InstanceId, out Pending? pending) || DateTime.UtcNow < pending.NextTry)
            {
                return null;
            }

            try
            {
                pending.NextTry = DateTime.UtcNow + s_retryAfter;
                foreach (PSObject o in pending.Register.Invoke())
                {
                    if (o?.BaseObject is bool done && done)
                    {
                        s_pending.TryRemove(rs.InstanceId, out _);
                    }
                }

                return null;
            }
            catch (Exception e)
            {
                s_pending.TryRemove(rs.InstanceId, out _);
                return "PSDocker could not add its Pester operators (Should -BeRunning, -BeHealthy, -HaveExitCode): " + e.Message;
            }
        }

        private sealed class Pending
        {
            internal Pending(ScriptBlock register) => Register = register;

            internal ScriptBlock Register { get; }

            internal DateTime NextTry { get; set; }
        }

        private static bool IsPester(Assembly a) =>
            !a.IsDynamic && string.Equals(a.GetName().Name, "Pester", StringComparison.OrdinalIgnoreCase);
    }
}
