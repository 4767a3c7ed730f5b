using System;
using System.IO;
using System.Management.Automation;

namespace PSDocker
{
    /// <summary>
    /// Makes the paths a user gives (in a parameter or an environment variable) absolute against the current
    /// PowerShell file-system location, not the process's working folder, which PowerShell does not move with
    /// Set-Location. One rule for cmdlets and completers: "~" is the home folder, a rooted path stays as it is,
    /// anything else is taken from the current file-system location (the last folder the user stood in when the
    /// current location is on another drive, such as Env:).
    /// </summary>
    internal static class LocationPaths
    {
        /// <summary>The rule for a cmdlet: its session state's current file-system location.</summary>
        internal static Func<string, string> For(PSCmdlet cmdlet)
        {
            string? location = null;
            try
            {
                location = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            }
            catch (Exception e) when (e is InvalidOperationException || e is PSInvalidOperationException || e is NotSupportedException)
            {
            }

            return path => Resolve(path, location);
        }

        /// <summary>
        /// The rule for code that runs outside a cmdlet but on a pipeline thread (argument completers): the current
        /// runspace's file-system location, read through a nested pipeline (SessionStateProxy refuses calls while
        /// the completion pipeline runs), or the process's working folder when there is none.
        /// </summary>
        internal static Func<string, string> ForCurrentRunspace()
        {
            string? location = null;
            try
            {
                if (System.Management.Automation.Runspaces.Runspace.DefaultRunspace is not null)
                {
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

            return path => Resolve(path, location);
        }

        /// <summary>The rule itself: <paramref name="path"/> made absolute against <paramref name="location"/> (null: the working folder).</summary>
        internal static string Resolve(string path, string? location)
        {
            string p = path.Trim();
            if (p == "~" || p.StartsWith("~/", StringComparison.Ordinal) || p.StartsWith("~\\", StringComparison.Ordinal))
            {
                string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                p = p.Length <= 2 ? home : Path.Combine(home, p.Substring(2));
            }

            if (Path.IsPathRooted(p) || location is null)
            {
                return Path.GetFullPath(p);
            }

            return Path.GetFullPath(Path.Combine(location, p));
        }
    }
}
