using System;
using System.Management.Automation;
using System.Reflection;

namespace PSDocker
{
    /// <summary>
    /// The end of PSDocker.psm1's import, done in compiled code (called once per import, through reflection, so it
    /// is no public API): hands the binary module's cmdlets to the script module, and registers the Pester operators
    /// when Pester is loaded. Run as script, the same work cost about 60 ms of every import (a reflection call per
    /// cmdlet through PowerShell's method binder, and a Get-Module | Where-Object | Select-Object pipeline, which
    /// also loads Microsoft.PowerShell.Utility, even when Pester is not there).
    /// </summary>
    internal static class ModuleImport
    {
        private static readonly MethodInfo? s_addExportedCmdlet =
            typeof(PSModuleInfo).GetMethod("AddExportedCmdlet", BindingFlags.Instance | BindingFlags.NonPublic);

        /// <summary>
        /// Completes the import of <paramref name="module"/> (PSDocker.psm1's own module). <paramref name="inner"/> is
        /// the binary module it imported (PowerShell 7), or null: on a second import of the same assembly
        /// (Import-Module -Force, Remove-Module then Import-Module) PowerShell reuses its cached binary module and does
        /// not hand its cmdlets to the script module's scope again, so they are added to its exports here.
        /// <paramref name="register"/> is the psm1's operator registration script (see <see cref="ShouldOperatorRegistration"/>):
        /// it is run now only when Pester's assembly is loaded in the process (Pester 5 and later load it at import; without
        /// it there is no Pester module to register with). Returns the warning to show when the registration failed, else null.
        /// </summary>
        internal static string? Complete(object module, object? inner, ScriptBlock register)
        {
            if (Unwrap(inner) is PSModuleInfo binary && Unwrap(module) is PSModuleInfo script && s_addExportedCmdlet is not null)
            {
                foreach (CmdletInfo cmdlet in binary.ExportedCmdlets.Values)
                {
                    s_addExportedCmdlet.Invoke(script, new object[] { cmdlet });
                }
            }

            try
            {
                object? registeredWith = null;
                if (IsPesterLoaded())
                {
                    foreach (PSObject o in register.Invoke(new object?[] { null }))
                    {
                        registeredWith = Unwrap(o) ?? registeredWith;
                    }
                }

                ShouldOperatorRegistration.Track(register, registeredWith);
                return null;
            }
            catch (Exception e)
            {
                Exception shown = e is TargetInvocationException { InnerException: Exception inside } ? inside : e;
                return "PSDocker could not add its Pester operators (Should -BeRunning, -BeHealthy, -HaveExitCode): " + shown.Message;
            }
        }

        /// <summary>Whether an assembly named Pester is loaded in the process (in any load context).</summary>
        internal static bool IsPesterLoaded()
        {
            foreach (Assembly a in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (!a.IsDynamic && a.FullName.StartsWith("Pester,", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;
    }
}
