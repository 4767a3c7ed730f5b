using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Threading;

namespace PSDocker
{
    /// <summary>
    /// Keeps PSDocker's Pester operators (Should -BeRunning, -BeHealthy, -HaveExitCode) registered in each runspace that
    /// imported PSDocker, whichever comes first and however often Pester is imported again. PSDocker.psm1 runs its
    /// registration script at import (it registers when Pester is loaded) and leaves it here (<see cref="Track"/>) with
    /// the Pester module it registered with, if any. A PSDocker cmdlet then asks <see cref="RegisterIfPesterLoaded"/>
    /// (from DockerCmdlet.Run) to run the script again when Pester's module is not the one it registered with: Pester
    /// imported after PSDocker, or imported again (Import-Module Pester -Force makes a new module, with none of the
    /// operators). A test always runs a PSDocker cmdlet (Start-Container, Get-Container) before it asserts on a
    /// container, so nothing is asked of the user. Until Pester's assembly is loaded in the process the check is one
    /// field read; after that, one look at the runspace's modules per second at most, not one per cmdlet.
    /// </summary>
    internal static class ShouldOperatorRegistration
    {
        /// <summary>How long a runspace waits before it looks at its Pester module again.</summary>
        private static readonly TimeSpan s_checkEvery = TimeSpan.FromSeconds(1);

        /// <summary>Per runspace: the module's registration script, the Pester module it registered with, when to look next.</summary>
        private static readonly ConcurrentDictionary<Guid, Tracked> s_tracked = new ConcurrentDictionary<Guid, Tracked>();
        private static int s_watching;
        private static volatile bool s_pesterLoaded;

        /// <summary>
        /// Called by PSDocker.psm1 (through reflection) at each import: keeps <paramref name="register"/> (bound to the
        /// module; given the Pester module it registered with last, it registers the operators with the Pester module
        /// now loaded unless it is that one, and returns the Pester module, or null when Pester is not loaded) and
        /// <paramref name="registeredWith"/>, the Pester module it registered with at import (null when none).
        /// </summary>
        internal static void Track(ScriptBlock register, object? registeredWith)
        {
            Runspace? rs = Runspace.DefaultRunspace;
            if (rs is null)
            {
                return;
            }

            Guid id = rs.InstanceId;
            bool first = !s_tracked.ContainsKey(id);
            s_tracked[id] = new Tracked(register, Unwrap(registeredWith));
            if (first)
            {
                // A closed runspace's entry (its module's script, a Pester module) goes with it: hosts that make many
                // runspaces (ForEach-Object -Parallel, a runspace pool) would otherwise keep them all.
                rs.StateChanged += (_, e) =>
                {
                    if (e.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Broken)
                    {
                        s_tracked.TryRemove(id, out Tracked? _);
                    }
                };
            }

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
        /// Registers the operators again in this runspace when its Pester module is not the one they were registered
        /// with (looked at once a second at most). Returns a warning to show when the registration failed (another
        /// module's operator of the same name, say); that runspace is then not tried again until PSDocker is imported again.
        /// </summary>
        internal static string? RegisterIfPesterLoaded()
        {
            if (!s_pesterLoaded || s_tracked.IsEmpty)
            {
                return null;
            }

            Runspace? rs = Runspace.DefaultRunspace;
            if (rs is null || !s_tracked.TryGetValue(rs.InstanceId, out Tracked? tracked) || DateTime.UtcNow < tracked.NextCheck)
            {
                return null;
            }

            try
            {
                tracked.NextCheck = DateTime.UtcNow + s_checkEvery;
                object? pester = null;
                foreach (PSObject o in tracked.Register.Invoke(tracked.RegisteredWith))
                {
                    pester = Unwrap(o) ?? pester;
                }

                tracked.RegisteredWith = pester;
                return null;
            }
            catch (Exception e)
            {
                s_tracked.TryRemove(rs.InstanceId, out _);
                return "PSDocker could not add its Pester operators (Should -BeRunning, -BeHealthy, -HaveExitCode): " + e.Message;
            }
        }

        /// <summary>Whether the runspace has its registration script here (for tests).</summary>
        internal static bool IsTracked(Guid runspaceId) => s_tracked.ContainsKey(runspaceId);

        private sealed class Tracked
        {
            internal Tracked(ScriptBlock register, object? registeredWith)
            {
                Register = register;
                RegisteredWith = registeredWith;
            }

            internal ScriptBlock Register { get; }

            /// <summary>The Pester module (PSModuleInfo) the operators were last registered with; null when none.</summary>
            internal object? RegisteredWith { get; set; }

            internal DateTime NextCheck { get; set; }
        }

        private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;

        private static bool IsPester(Assembly a) =>
            !a.IsDynamic && string.Equals(a.GetName().Name, "Pester", StringComparison.OrdinalIgnoreCase);
    }
}
