<#
.SYNOPSIS
    Runs every Pester test against a built PSDocker (called by build.ps1 Test in a child pwsh,
    because a loaded binary module cannot be unloaded).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $Filter = '*'
)
$ErrorActionPreference = 'Stop'

if (-not $env:PSDOCKER_PESTER -or -not (Test-Path $env:PSDOCKER_PESTER)) {
    throw 'PSDOCKER_PESTER must point at Pester 6.2.0 (build.ps1 Test sets it up).'
}
Import-Module $env:PSDOCKER_PESTER -MinimumVersion 6.2.0

$env:PSDOCKER_MODULE = (Resolve-Path $ModulePath).Path

$files = Get-ChildItem -Path $PSScriptRoot -Filter '*.Tests.ps1' -Recurse | Where-Object Name -Like "$Filter*"
if (-not $files) { throw "No Pester test file matches '$Filter'." }

$config = New-PesterConfiguration
$config.Run.Path = @($files.FullName)
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Detailed'
$config.Output.StackTraceVerbosity = 'Filtered'
$config.Should.ErrorAction = 'Stop'

$result = Invoke-Pester -Configuration $config

$summary = [ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
}
$summary | ConvertTo-Json | Set-Content -Path $SummaryPath
if ($summary.Failed -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
