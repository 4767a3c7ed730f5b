# Loads PSDocker's compiled cmdlets.
# PowerShell 7: PSDocker.dll and its dependencies live in their own AssemblyLoadContext, so another
# module that loaded a different Docker.DotNet or Microsoft.Extensions.Logging.Abstractions neither
# breaks PSDocker nor is broken by it.
# Windows PowerShell 5.1: the netstandard2.0 build, with an AssemblyResolve handler for version skew.
# Every script that uses PSDocker pays for this file, so it stays lean: no cmdlet of another module runs while it
# imports (Add-Type, Select-Object or Write-Warning load Microsoft.PowerShell.Utility first), Import-Module is found
# by its type (Get-Command -Module analyses modules), few .NET calls are made from script (each new call site is
# compiled), and the per-cmdlet loop and the Pester check are compiled code (ModuleImport).

# Import-Module itself, whatever function or alias of that name the session has.
$importModule = $ExecutionContext.InvokeCommand.GetCmdletByTypeName([Microsoft.PowerShell.Commands.ImportModuleCommand])

if ($PSEdition -eq 'Core') {
    # .NET 10 and later (PowerShell 7.6+) get the ReadyToRun build, .NET 8 and 9 the net8.0 one.
    $binDir = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $(if ([System.Environment]::Version.Major -ge 10) { 'net10.0' } else { 'net8.0' }))
    # Once per process: a second import (Import-Module -Force, Remove-Module then Import-Module) finds it loaded.
    if (-not ('PSDocker.LoadContext.ModuleLoadContext' -as [type])) {
        $null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($binDir, 'PSDocker.LoadContext.dll'))
    }
    $mainAssembly = [PSDocker.LoadContext.ModuleLoadContext]::Initialize()
    # On a second import of the same assembly PowerShell reuses its cached binary module and does not hand its
    # cmdlets to this module's scope again: ModuleImport adds them to this module's exports.
    $innerModule = & $importModule -Assembly $mainAssembly -PassThru -Global:$false
}
else {
    $binDir = [System.IO.Path]::Combine($PSScriptRoot, 'bin', 'netstandard2.0')
    $mainAssembly = (& $importModule -Name ([System.IO.Path]::Combine($binDir, 'PSDocker.dll')) -PassThru).ImplementingAssembly
    $innerModule = $null
}

# Pester Should operators: -BeRunning, -BeHealthy, -HaveExitCode. Pester is not a dependency: they are added when
# Pester is loaded, now (Pester imported first, as in a test file that imports PSDocker) or, when Pester comes
# later or is imported again (Import-Module Pester -Force), by the first PSDocker cmdlet run after it (see
# ShouldOperatorRegistration). The verdict and the message are PSDocker.ContainerAssertion's; this is the glue that
# reads the container fresh and its log tail.
function Test-ContainerAssertion {
    param([string] $Operator, $ActualValue, [bool] $Negate, [string] $Because, $ExpectedValue)
    $target = [PSDocker.ContainerAssertion]::GetTarget($Operator, $ActualValue)
    $current = $null
    $log = @()
    $lookupError = $null
    if ($target) {
        $found = if ($target.Endpoint) {
            PSDocker\Get-Container -Id $target.Id -Endpoint $target.Endpoint -ErrorAction SilentlyContinue -ErrorVariable lookup
        }
        else {
            PSDocker\Get-Container -Name $target.Id -ErrorAction SilentlyContinue -ErrorVariable lookup
        }
        $current = @($found)[0]
        if ($lookup) { $lookupError = $lookup[0].Exception.Message }
        if ($current) {
            $log = @(PSDocker\Get-ContainerLog -Id $current.Id -Endpoint $current.Endpoint -Tail ([PSDocker.ContainerAssertion]::LogTailLines) -ErrorAction SilentlyContinue)
        }
    }
    [PSDocker.ContainerAssertion]::Evaluate($Operator, $ActualValue, $target, $current, $log, $Negate, $Because, $ExpectedValue, $lookupError)
}

# Registers the operators with the Pester module loaded now, unless it is $RegisteredWith (the one they were registered
# with last); returns that Pester module, or $null when Pester is not loaded.
$registerShouldOperators = {
    param($RegisteredWith)
    $pester = Get-Module -Name Pester | Where-Object { $_.ExportedFunctions.ContainsKey('Add-ShouldOperator') } | Select-Object -First 1
    if (-not $pester) { return $null }
    if ([object]::ReferenceEquals($pester, $RegisteredWith)) { return $pester }
    $operators = [ordered]@{
        BeRunning    = {
            param($ActualValue, [switch] $Negate, [string] $Because, $CallerSessionState)
            Test-ContainerAssertion -Operator BeRunning -ActualValue $ActualValue -Negate $Negate.IsPresent -Because $Because
        }
        BeHealthy    = {
            param($ActualValue, [switch] $Negate, [string] $Because, $CallerSessionState)
            Test-ContainerAssertion -Operator BeHealthy -ActualValue $ActualValue -Negate $Negate.IsPresent -Because $Because
        }
        HaveExitCode = {
            param($ActualValue, $ExpectedValue, [switch] $Negate, [string] $Because, $CallerSessionState)
            Test-ContainerAssertion -Operator HaveExitCode -ActualValue $ActualValue -Negate $Negate.IsPresent -Because $Because -ExpectedValue $ExpectedValue
        }
    }
    # Registered once per Pester module: a second import of PSDocker (Import-Module -Force) finds them there. Pester
    # refuses a second operator of the same name. Import-Module Pester -Force makes a new Pester module, without them.
    $known = @(& $pester.ExportedFunctions['Get-ShouldOperator'] | ForEach-Object Name)
    foreach ($name in $operators.Keys) {
        if ($known -notcontains $name) {
            & $pester.ExportedFunctions['Add-ShouldOperator'] -Name $name -Test $operators[$name]
        }
    }
    return $pester
}

# Registers the operators now when Pester is loaded, and keeps the script for the first cmdlet run after Pester comes.
$registrationWarning = $mainAssembly.GetType('PSDocker.ModuleImport', $true).GetMethod(
    'Complete', [System.Reflection.BindingFlags]'Static, NonPublic').Invoke(
    $null, @($ExecutionContext.SessionState.Module, $innerModule, $registerShouldOperators))
if ($registrationWarning) {
    Write-Warning $registrationWarning
}
