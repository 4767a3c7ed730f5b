# Loads PSDocker's compiled cmdlets.
# PowerShell 7: PSDocker.dll and its dependencies live in their own AssemblyLoadContext, so another
# module that loaded a different Docker.DotNet or Microsoft.Extensions.Logging.Abstractions neither
# breaks PSDocker nor is broken by it.
# Windows PowerShell 5.1: the netstandard2.0 build, with an AssemblyResolve handler for version skew.

$importModule = Get-Command -Name Import-Module -Module Microsoft.PowerShell.Core

if ($PSEdition -eq 'Core') {
    $binDir = [System.IO.Path]::Combine($PSScriptRoot, 'bin', 'net8.0')
    if (-not ('PSDocker.LoadContext.ModuleLoadContext' -as [type])) {
        Add-Type -Path ([System.IO.Path]::Combine($binDir, 'PSDocker.LoadContext.dll'))
    }

    $mainAssembly = [PSDocker.LoadContext.ModuleLoadContext]::Initialize()
    $innerModule = & $importModule -Assembly $mainAssembly -PassThru -Global:$false

    # On a second import of the same assembly (Import-Module -Force, Remove-Module then Import-Module)
    # PowerShell reuses its cached binary module and does not hand its cmdlets to this module's scope
    # again; add them explicitly so every cmdlet stays exported.
    if ($innerModule) {
        $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
            'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
        if ($addExportedCmdlet) {
            foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
                $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
            }
        }
    }
}
else {
    $binDir = [System.IO.Path]::Combine($PSScriptRoot, 'bin', 'netstandard2.0')
    & $importModule -Name ([System.IO.Path]::Combine($binDir, 'PSDocker.dll'))
}
