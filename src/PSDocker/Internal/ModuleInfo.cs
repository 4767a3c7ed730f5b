using System.Reflection;

namespace PSDocker
{
    internal static class ModuleInfo
    {
        internal static readonly string Version =
            typeof(ModuleInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
            ?? typeof(ModuleInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
