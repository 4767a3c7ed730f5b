using System;
using System.IO;
using System.Management.Automation;

namespace PSDocker
{
    /// <summary>
    /// Makes the paths a user gives (in a parameter or an environment variable) absolute against the current
    /// PowerShell location, not the process's working folder, which PowerShell does not move with Set-Location.
    /// </summary>
    internal static class LocationPaths
    {
        /// <summary>
        /// For code that runs outside a cmdlet but on a pipeline thread (argument completers): resolves relative
        /// paths against the current runspace's file-system location, or the process's working folder when there is none.
        /// </summary>
        internal static Func<string, string> ForCurrentRunspace()
        {
            string? location = null;
            try
            {
                if (System.Management.Automation.Runspaces.Runspace.DefaultRunspace is not null)
                {
                    // A nested pipeline on the current runspace: SessionStateProxy refuses calls while the
                    // completion pipeline runs.
                    using PowerShell ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                    ps.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem");
                    foreach (PathInfo info in ps.Invoke<PathInfo>())
                    {
                        location = info.ProviderPath;
                    }
                }
            }
            catch (Exception e) when (e is InvalidOperationException || e is PSInvalidOperationException || e is NotSupportedException || e is RuntimeException)
            {
            }

            return path => location is null ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(location, path));
        }

        /// <summary>A function that resolves a path the way <paramref name="cmdlet"/>'s provider paths resolve (~ and relative paths included).</summary>
        internal static Func<string, string> For(PSCmdlet cmdlet) => path =>
        {
            try
            {
                ProviderInfo provider;
                string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
                if (provider.Name == "FileSystem")
                {
                    return resolved;
                }
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException ||
                e is NotSupportedException || e is InvalidOperationException || e is PSArgumentException)
            {
            }

            // Standing on a drive that is not a folder (Env:, Cert:): a relative path means the file system's working folder.
            return Path.GetFullPath(path);
        };
    }
}
