# Shared set-up for the Pester tests: dot-source it in BeforeAll.
# The tests talk to the real engine brought up by tools/lab.sh; nothing here mocks it.

$ErrorActionPreference = 'Stop'

if (-not $env:PSDOCKER_MODULE) {
    throw 'PSDOCKER_MODULE is not set: run the tests with ./build.ps1 Test.'
}
Import-Module $env:PSDOCKER_MODULE -Force

# The image every test runs: built locally from busybox-static by tools/lab.sh.
$script:TestImage = 'psdocker/busybox:latest'
# Every object a test makes is named with this prefix so clean-up can find it. Two test runs on
# one engine (two work trees) keep out of each other's way with different prefixes.
$script:TestPrefix = if ($env:PSDOCKER_TEST_PREFIX) { $env:PSDOCKER_TEST_PREFIX } else { 'psdt-' }

function Invoke-Docker {
    # Runs the docker CLI, throwing with its output when it fails.
    $output = & docker @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "docker $($args -join ' ') failed: $output" }
    $output
}

function New-TestName([string] $Suffix) {
    "$script:TestPrefix$Suffix-" + [guid]::NewGuid().ToString('n').Substring(0, 8)
}

function Remove-TestContainer([string[]] $Name) {
    # -v: with its anonymous volumes, so test runs leave none behind on the engine.
    foreach ($n in $Name) { & docker rm -f -v $n *> $null }
}

function Remove-AllTestObject {
    $ids = & docker ps -aq --filter "name=^$script:TestPrefix"
    if ($ids) { & docker rm -f -v $ids *> $null }
    $vols = & docker volume ls -q --filter "name=^$script:TestPrefix"
    if ($vols) { & docker volume rm -f $vols *> $null }
}

function Get-PwshCommand {
    # The command line that starts this same pwsh: the executable, or `dotnet pwsh.dll` under the dotnet tool.
    $exe = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { return @($exe, (Join-Path $PSHOME 'pwsh.dll')) }
    return @($exe)
}

function Invoke-ChildPwsh([string] $Script) {
    # Runs a script in a fresh pwsh process (a binary module cannot be unloaded) and returns its output.
    $command = @(Get-PwshCommand)
    $pre = @($command | Select-Object -Skip 1)
    $output = & $command[0] @pre -NoProfile -NonInteractive -Command $Script 2>&1
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
}
