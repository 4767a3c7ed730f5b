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
