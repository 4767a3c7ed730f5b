using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PSDocker.LoadContext
{
    /// <summary>
    /// The AssemblyLoadContext that holds PSDocker.dll and every dependency shipped beside it
    /// (Docker.DotNet, Microsoft.Extensions.Logging.Abstractions, ...). PowerShell itself,
    /// System.Management.Automation and the runtime stay shared with the default context.
    /// </summary>
    public sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private const string MainAssemblyName = "PSDocker";
        private static readonly object s_lock = new object();
        private static ModuleLoadContext? s_instance;
        private static Assembly? s_main;

        private readonly string _directory;

        private ModuleLoadContext(string directory)
            : base("PSDocker", isCollectible: false)
        {
            _directory = directory;
        }

        /// <summary>
        /// Creates the context once per process and returns the module's main assembly loaded in it.
        /// Calling it again (Import-Module -Force, Remove/Import) returns the same assembly.
        /// </summary>
        public static Assembly Initialize()
        {
            lock (s_lock)
            {
                if (s_main is not null)
                {
                    return s_main;
                }

                string directory = Path.GetDirectoryName(typeof(ModuleLoadContext).Assembly.Location)!;
                s_instance = new ModuleLoadContext(directory);
                s_main = s_instance.LoadFromAssemblyName(new AssemblyName(MainAssemblyName));
                return s_main;
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Assemblies PowerShell must share with us are never shipped beside the module; anything
            // that is shipped here is ours and is loaded privately, whatever version the default
            // context already has.
            if (assemblyName.Name is null || assemblyName.Name == typeof(ModuleLoadContext).Assembly.GetName().Name)
            {
                return null;
            }

            string candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
