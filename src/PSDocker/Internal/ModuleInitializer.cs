#if !NET
using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace PSDocker
{
    /// <summary>
    /// Windows PowerShell 5.1 has no AssemblyLoadContext: when a dependency asks for another version of
    /// an assembly shipped beside PSDocker.dll (what a binding redirect would fix), load the shipped one.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private static readonly string s_directory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
        private static bool s_registered;

        public void OnImport()
        {
            if (s_registered)
            {
                return;
            }

            s_registered = true;
            AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            string name = new AssemblyName(args.Name).Name ?? "";
            string candidate = Path.Combine(s_directory, name + ".dll");
            if (!File.Exists(candidate))
            {
                return null;
            }

            foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (!loaded.IsDynamic && string.Equals(loaded.Location, candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return loaded;
                }
            }

            return Assembly.LoadFrom(candidate);
        }
    }
}
#endif
