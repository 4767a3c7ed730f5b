#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks PSDocker.
.DESCRIPTION
    Build  compiles both targets (net8.0 for PowerShell 7.4+, netstandard2.0 for Windows PowerShell 5.1)
           and lays the module out in out/PSDocker exactly as it installs.
    Test   brings up the test lab (engine, loopback registry, busybox image), builds, then runs the xunit
           tests and every Pester test in a child pwsh against out/PSDocker. Exits non-zero on any failure.
    Demo   brings up the lab, builds, and runs tools/Demo.ps1: build, push, pull and run an app image, and more.
    Bench  brings up the lab, builds, and prints the benchmark table.
    Docs   checks that every exported cmdlet has its page in docs/.
    Clean  removes out/ and the projects' bin/obj folders.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    # One or more tasks, run in order: ./build.ps1 Build Docs (or Build,Docs).
    [Parameter(Position = 0, ValueFromRemainingArguments)]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Run only the Pester files whose names match (Test task).
    [string] $TestFilter = '*'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'PSDocker'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-ChildPwsh {
    # Runs this same pwsh (the executable, or `dotnet pwsh.dll` under the dotnet tool) in a new process.
    param([string[]] $Arguments)
    $exe = [System.Environment]::ProcessPath
    [string[]] $pre = if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
    & $exe @pre -NoProfile -NonInteractive @Arguments
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))
    return $props.Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
}

function Start-Lab {
    if ($IsLinux) {
        Invoke-Native bash @((Join-Path $root 'tools/lab.sh'), 'up')
    }
    elseif (-not (Get-Command docker -ErrorAction SilentlyContinue)) {
        Write-Warning 'No docker CLI on PATH: the tests that cross-check with it will fail.'
    }
}

function Get-PortableRid {
    # linux-x64, win-arm64, ...: the platform ReadyToRun code is made for (a distribution's own RID would name no package).
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    return "$os-$(([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture).ToString().ToLowerInvariant())"
}

function Invoke-Build {
    $version = Get-ModuleVersion
    $stage = Join-Path $out 'stage'
    foreach ($tfm in 'net8.0', 'net10.0', 'netstandard2.0') {
        [string[]] $publish = 'publish', (Join-Path $root 'src/PSDocker/PSDocker.csproj'), '-c', $Configuration,
            '-f', $tfm, '-o', (Join-Path $stage $tfm), '--nologo', '-v', 'q', '-p:GenerateDocumentationFile=true'
        if ($tfm -eq 'net10.0') {
            # ReadyToRun: native code for this machine's platform beside the IL (other platforms JIT the IL as before),
            # for PSDocker and the libraries it ships; the SDK fetches the crossgen2 package that fits from the registry.
            $publish += '-r', (Get-PortableRid), '--self-contained', 'false', '-p:PublishReadyToRun=true'
        }
        Invoke-Native dotnet $publish
    }
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/PSDocker.LoadContext/PSDocker.LoadContext.csproj'), '-c', $Configuration,
        '-o', (Join-Path $stage 'loadcontext'), '--nologo', '-v', 'q')

    if (Test-Path $moduleOut) { Remove-Item -Recurse -Force $moduleOut }
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $moduleOut 'bin')
    foreach ($tfm in 'net8.0', 'net10.0', 'netstandard2.0') {
        $dest = Join-Path $moduleOut "bin/$tfm"
        $null = New-Item -ItemType Directory -Force -Path $dest
        Get-ChildItem (Join-Path $stage $tfm) -File |
            Where-Object { $_.Extension -in '.dll', '.pdb', '.xml' -and $_.Name -notlike 'System.Management.Automation*' } |
            Copy-Item -Destination $dest
    }
    foreach ($tfm in 'net8.0', 'net10.0') {
        Copy-Item (Join-Path $stage 'loadcontext/PSDocker.LoadContext.dll') (Join-Path $moduleOut "bin/$tfm")
    }

    $moduleSrc = Join-Path $root 'src/PSDocker/Module'
    Copy-Item (Join-Path $moduleSrc '*') $moduleOut
    $manifest = Get-Content -Raw (Join-Path $root 'PSDocker.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    Set-Content -Path (Join-Path $moduleOut 'PSDocker.psd1') -Value $manifest -NoNewline

    # Get-Help: MAML made from docs/ (PowerShell 7 finds it in en-US/ beside the manifest; the second
    # copy is for Windows PowerShell 5.1, which imports the netstandard2.0 assembly by path).
    $help = Join-Path $moduleOut 'en-US/PSDocker.dll-Help.xml'
    $null = New-Item -ItemType Directory -Force -Path (Split-Path $help)
    & (Join-Path $root 'tools/New-MamlHelp.ps1') -DocsPath (Join-Path $root 'docs') -OutputPath $help | Out-Null
    $desktopHelp = Join-Path $moduleOut 'bin/netstandard2.0/en-US'
    $null = New-Item -ItemType Directory -Force -Path $desktopHelp
    Copy-Item $help $desktopHelp
    foreach ($about in Get-ChildItem (Join-Path $root 'docs') -Filter 'about_*.md' -File) {
        & (Join-Path $root 'tools/ConvertTo-AboutHelp.ps1') -Path $about.FullName -OutputPath (Join-Path $moduleOut "en-US/$($about.BaseName).help.txt")
    }
    Write-Host "Built PSDocker $version -> $moduleOut"
}

function Get-NuGetPackagesFolder {
    $line = (dotnet nuget locals global-packages --list) | Select-Object -First 1
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Restore-TestTools {
    Invoke-Native dotnet @('restore', (Join-Path $root 'tests/tools/tools.csproj'), '--nologo', '-v', 'q')
    $packages = Get-NuGetPackagesFolder
    $env:PSDOCKER_PESTER = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
    $env:PSDOCKER_NUGET_PACKAGES = $packages
    if (-not (Test-Path $env:PSDOCKER_PESTER)) { throw "Pester 6.2.0 was not restored to $env:PSDOCKER_PESTER" }
}

function Invoke-Test {
    Start-Lab
    Invoke-Build
    Restore-TestTools

    $results = [ordered]@{}
    $flaky = 0
    Write-Host "`n== xunit" -ForegroundColor Cyan
    $trx = Join-Path $out 'xunit'
    & dotnet test (Join-Path $root 'tests/PSDocker.Tests/PSDocker.Tests.csproj') -c $Configuration --nologo `
        --logger 'console;verbosity=normal' --logger "trx;LogFileName=xunit.trx" --results-directory $trx
    $xunitExit = $LASTEXITCODE
    $trxFile = Join-Path $trx 'xunit.trx'
    if (Test-Path $trxFile) {
        $counters = ([xml](Get-Content -Raw $trxFile)).TestRun.ResultSummary.Counters
        $results.xunit = @{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error; Skipped = [int]$counters.notExecuted }
    }
    else {
        $results.xunit = @{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    if ($xunitExit -ne 0 -and $results.xunit.Failed -eq 0) { $results.xunit.Failed = 1 }

    Write-Host "`n== Pester" -ForegroundColor Cyan
    $summary = Join-Path $out 'pester-summary.json'
    if (Test-Path $summary) { Remove-Item $summary }
    $pesterArgs = @('-File', (Join-Path $root 'tests/Invoke-PesterTests.ps1'),
        '-ModulePath', (Join-Path $moduleOut 'PSDocker.psd1'), '-SummaryPath', $summary)
    # pwsh on Unix globs a bare * handed to a native command: pass the filter only when it names files.
    if ($TestFilter -ne '*') { $pesterArgs += @('-Filter', $TestFilter) }
    Invoke-ChildPwsh $pesterArgs
    $pesterExit = $LASTEXITCODE
    if (Test-Path $summary) {
        $p = Get-Content -Raw $summary | ConvertFrom-Json
        $results.pester = @{ Passed = [int]$p.Passed; Failed = [int]$p.Failed; Skipped = [int]$p.Skipped }
        if ($p.PSObject.Properties['Flaky']) { $flaky = [int]$p.Flaky }
    }
    else {
        $results.pester = @{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    if ($pesterExit -ne 0 -and $results.pester.Failed -eq 0) { $results.pester.Failed = 1 }

    $passed = ($results.Values | Measure-Object -Property Passed -Sum).Sum
    $failed = ($results.Values | Measure-Object -Property Failed -Sum).Sum
    $skipped = ($results.Values | Measure-Object -Property Skipped -Sum).Sum
    Write-Host ''
    foreach ($k in $results.Keys) { Write-Host ("{0,-7} {1} passed, {2} failed, {3} skipped" -f $k, $results[$k].Passed, $results[$k].Failed, $results[$k].Skipped) }
    if ($flaky) { Write-Host "pester  $flaky failed in the first run and passed when their file ran again alone (listed above as FLAKY)" -ForegroundColor Yellow }
    # The one closing line CI reads.
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0 -or $skipped -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Start-Lab
    Invoke-Build
    Invoke-ChildPwsh '-File', (Join-Path $root 'tools/Demo.ps1'), '-ModulePath', (Join-Path $moduleOut 'PSDocker.psd1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Bench {
    Start-Lab
    Invoke-Build
    Invoke-ChildPwsh @('-File', (Join-Path $root 'tests/bench/Invoke-Benchmark.ps1'), '-ModulePath', (Join-Path $moduleOut 'PSDocker.psd1'))
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Docs {
    $manifest = Import-PowerShellDataFile (Join-Path $root 'PSDocker.psd1')
    $missing = foreach ($cmd in $manifest.CmdletsToExport) {
        if (-not (Test-Path (Join-Path $root "docs/$cmd.md"))) { $cmd }
    }
    if ($missing) { throw "docs/ has no page for: $($missing -join ', ')" }
    # The pages must also make valid help: generate it once to a scratch folder.
    $probeDir = Join-Path ([System.IO.Path]::GetTempPath()) "PSDocker-help-$PID"
    try {
        $null = New-Item -ItemType Directory -Force -Path $probeDir
        & (Join-Path $root 'tools/New-MamlHelp.ps1') -DocsPath (Join-Path $root 'docs') -OutputPath (Join-Path $probeDir 'PSDocker.dll-Help.xml') | Out-Null
    }
    finally { Remove-Item -Recurse -Force $probeDir -ErrorAction SilentlyContinue }
    Write-Host "docs/: a page for each of the $($manifest.CmdletsToExport.Count) cmdlets."
}

$tasks = @($Task -split ',' | ForEach-Object Trim | Where-Object { $_ })
$known = 'Build', 'Test', 'Demo', 'Bench', 'Docs', 'Clean'
foreach ($t in $tasks) {
    if ($t -notin $known) { throw "Unknown task '$t'. Tasks: $($known -join ', ')." }
}

foreach ($t in $tasks) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Docs' { Invoke-Docs }
        'Clean' {
            foreach ($dir in @($out) + (Get-ChildItem -Path (Join-Path $root 'src'), (Join-Path $root 'tests') -Recurse -Directory -Include bin, obj).FullName) {
                if ($dir -and (Test-Path $dir)) { Remove-Item -Recurse -Force $dir }
            }
        }
    }
}
