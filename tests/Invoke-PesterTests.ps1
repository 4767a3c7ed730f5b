<#
.SYNOPSIS
    Runs every Pester test against a built PSDocker (called by build.ps1 Test in a child pwsh,
    because a loaded binary module cannot be unloaded).
.DESCRIPTION
    The test files are independent, so they run in several worker processes at once (-Workers, or
    PSDOCKER_TEST_WORKERS; 3 by default): most of a test's time is spent waiting for the engine. Each
    worker gets its own test prefix (PSDOCKER_TEST_PREFIX + worker number), so the objects one worker
    makes and cleans up are never another's. A worker's output is printed whole when it ends, and the
    counts of all workers are added up in the summary.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $Filter = '*',
    [int] $Workers = $(if ($env:PSDOCKER_TEST_WORKERS) { [int]$env:PSDOCKER_TEST_WORKERS } else { 3 }),
    # Internal: the files one worker runs, separated by the path separator (set by the parent run).
    [string] $FileList,
    # A worker still running after this many minutes is stopped, and the file it was in counts as failed.
    [double] $WorkerMinutes = $(if ($env:PSDOCKER_TEST_WORKER_MINUTES) { [double]$env:PSDOCKER_TEST_WORKER_MINUTES } else { 25 })
)
$ErrorActionPreference = 'Stop'

if (-not $env:PSDOCKER_PESTER -or -not (Test-Path $env:PSDOCKER_PESTER)) {
    throw 'PSDOCKER_PESTER must point at Pester 6.2.0 (build.ps1 Test sets it up).'
}

$env:PSDOCKER_MODULE = (Resolve-Path $ModulePath).Path
$File = if ($FileList) { $FileList -split [regex]::Escape([string][System.IO.Path]::PathSeparator) } else { @() }

if (-not $File) {
    # The worked examples in docs/examples run too, so they never rot.
    $examples = Join-Path (Split-Path -Parent $PSScriptRoot) 'docs/examples'
    $files = @(Get-ChildItem -Path (@($PSScriptRoot) + @(Get-Item $examples -ErrorAction SilentlyContinue)) -Filter '*.Tests.ps1' -Recurse |
            Where-Object Name -Like "$Filter*")
    if (-not $files) { throw "No Pester test file matches '$Filter'." }
    $Workers = [math]::Max(1, [math]::Min($Workers, $files.Count))
}

if (-not $File -and $Workers -gt 1) {
    # Deal the files out largest first to the worker with the least so far: file size stands in for run time.
    $groups = @(for ($i = 0; $i -lt $Workers; $i++) { , [System.Collections.Generic.List[string]]::new() })
    $load = [long[]]::new($Workers)
    foreach ($f in $files | Sort-Object Length -Descending) {
        $k = 0
        for ($j = 1; $j -lt $Workers; $j++) { if ($load[$j] -lt $load[$k]) { $k = $j } }
        $groups[$k].Add($f.FullName)
        $load[$k] += $f.Length
    }

    $exe = [System.Environment]::ProcessPath
    [string[]] $pre = if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
    $basePrefix = if ($env:PSDOCKER_TEST_PREFIX) { $env:PSDOCKER_TEST_PREFIX.TrimEnd('-') } else { 'psdt' }
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ("psdocker-pester-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $work

    function Start-Worker([string] $Name, [string] $Prefix, [string[]] $Files) {
        $summary = Join-Path $work "summary-$Name.json"
        $env:PSDOCKER_TEST_PREFIX = $Prefix
        $psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
        foreach ($a in @($pre) + @('-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-ModulePath', $env:PSDOCKER_MODULE,
                '-SummaryPath', $summary, '-Workers', '1',
                '-FileList', ($Files -join [System.IO.Path]::PathSeparator))) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        # Read both streams as they come (a full pipe would stall the worker); printed when it ends.
        $stdout = $p.StandardOutput.ReadToEndAsync()
        $stderr = $p.StandardError.ReadToEndAsync()
        [pscustomobject]@{ Name = $Name; Process = $p; Stdout = $stdout; Stderr = $stderr; Summary = $summary; Files = $Files; Prefix = $Prefix; TimedOut = $false }
    }

    # Waits for the workers, prints each one's output whole as it ends, and adds up their counts.
    function Receive-Worker([object[]] $Started) {
        $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; Failures = [System.Collections.Generic.List[object]]::new()
            FailedFiles = [System.Collections.Generic.List[string]]::new(); NotRun = [System.Collections.Generic.List[string]]::new() }
        $pending = [System.Collections.Generic.List[object]]::new([object[]]@($Started))
        $deadline = [datetime]::UtcNow.AddMinutes($WorkerMinutes)
        while ($pending.Count -gt 0) {
            $done = @($pending | Where-Object { $_.Process.HasExited })
            if (-not $done -and [datetime]::UtcNow -gt $deadline) {
                # A test that never ends (a wait with no limit) would hold the whole run until CI gives up: stop
                # the worker, name the file it was in, and run the files it never reached.
                foreach ($w in $pending) { $w.Process.Kill($true); $w.TimedOut = $true }
                $done = @($pending)
            }
            if (-not $done) { Start-Sleep -Milliseconds 200; continue }
            foreach ($w in $done) {
                $w.Process.WaitForExit()
                $names = ($w.Files | ForEach-Object { Split-Path -Leaf $_ }) -join ', '
                Write-Host "`n== worker $($w.Name) (prefix $($w.Prefix)): $names" -ForegroundColor Cyan
                $outText = $w.Stdout.GetAwaiter().GetResult()
                Write-Host $outText
                $errText = $w.Stderr.GetAwaiter().GetResult()
                if ($errText.Trim()) { Write-Host $errText -ForegroundColor Red }
                $failedBefore = $totals.Failed
                if ($w.TimedOut) {
                    $begun = @([regex]::Matches($outText, "Running tests from '([^']+)'") | ForEach-Object { $_.Groups[1].Value })
                    $hung = if ($begun) { $begun[-1] } else { $w.Files[0] }
                    $totals.Failed += 1
                    $totals.Passed += [regex]::Matches($outText, '(?m)^\s*\[\+\] ').Count
                    $totals.Failures.Add([pscustomobject]@{ Name = "worker stopped after $WorkerMinutes minutes: a test in this file did not end"; File = (Split-Path -Leaf $hung); Message = 'the last test it started is the one after the last one printed above' })
                    if (-not $totals.FailedFiles.Contains($hung)) { $totals.FailedFiles.Add($hung) }
                    foreach ($x in $w.Files) { if ($x -notin $begun -and $x -ne $hung) { $totals.NotRun.Add($x) } }
                }
                elseif (Test-Path $w.Summary) {
                    $s = Get-Content -Raw $w.Summary | ConvertFrom-Json
                    $totals.Passed += [int]$s.Passed; $totals.Failed += [int]$s.Failed; $totals.Skipped += [int]$s.Skipped
                    if ($w.Process.ExitCode -ne 0 -and [int]$s.Failed -eq 0) { $totals.Failed += 1 }
                    foreach ($f in @($s.Failures)) {
                        if (-not $f) { continue }
                        $totals.Failures.Add($f)
                        $path = @($w.Files | Where-Object { (Split-Path -Leaf $_) -eq $f.File })
                        if (-not $f.File -or -not $path) { $path = $w.Files }
                        foreach ($x in $path) { if (-not $totals.FailedFiles.Contains($x)) { $totals.FailedFiles.Add($x) } }
                    }
                }
                else {
                    Write-Host "worker $($w.Name) ended (exit code $($w.Process.ExitCode)) without a summary" -ForegroundColor Red
                    $totals.Failed += 1
                }
                if ($totals.Failed -gt $failedBefore -and $totals.Failures.Count -eq 0) {
                    foreach ($x in $w.Files) { if (-not $totals.FailedFiles.Contains($x)) { $totals.FailedFiles.Add($x) } }
                }
                $null = $pending.Remove($w)
            }
        }
        $totals
    }

    function Write-Failure($List, [string] $Title) {
        # Repeated at the end, where a long log is read first.
        Write-Host "`n== $Title" -ForegroundColor Red
        foreach ($f in $List) {
            Write-Host "[-] $($f.Name)  ($($f.File))" -ForegroundColor Red
            Write-Host ("    " + (($f.Message -split "`n" | Select-Object -First 6) -join "`n    "))
        }
    }

    $started = for ($k = 0; $k -lt $Workers; $k++) { Start-Worker -Name ($k + 1) -Prefix "$basePrefix$($k + 1)-" -Files $groups[$k] }
    $totals = Receive-Worker $started

    # A file with a failure runs once more, alone, so a test that fails only when the machine is loaded
    # shows as such. Both runs are printed; the failures of the first run are listed either way.
    $retried = $null
    if ($totals.NotRun.Count -gt 0) {
        # The files a stopped worker never reached run now; they count like any other.
        Write-Host "`n== running the $($totals.NotRun.Count) file(s) the stopped worker never reached" -ForegroundColor Cyan
        $rest = Receive-Worker @(Start-Worker -Name 'rest' -Prefix "$($basePrefix)s-" -Files $totals.NotRun)
        $totals.Passed += $rest.Passed; $totals.Failed += $rest.Failed; $totals.Skipped += $rest.Skipped
        foreach ($f in $rest.Failures) { $totals.Failures.Add($f) }
        foreach ($x in $rest.FailedFiles) { if (-not $totals.FailedFiles.Contains($x)) { $totals.FailedFiles.Add($x) } }
    }
    if ($totals.Failed -gt 0 -and $totals.FailedFiles.Count -gt 0 -and $totals.FailedFiles.Count -le 3) {
        Write-Failure $totals.Failures "$($totals.Failures.Count) failed in the first run; running $($totals.FailedFiles.Count) file(s) again alone"
        $retried = Receive-Worker @(Start-Worker -Name 'rerun' -Prefix "$($basePrefix)r-" -Files $totals.FailedFiles)
    }
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    $result = [ordered]@{ Passed = $totals.Passed; Failed = $totals.Failed; Skipped = $totals.Skipped }
    if ($retried) {
        if ($retried.Failed -eq 0) {
            Write-Failure $totals.Failures "FLAKY: $($totals.Failures.Count) test(s) failed in the first run and passed when their file ran again alone:"
            $result.Failed = 0
            $result.Passed += $totals.Failures.Count
            $result.Flaky = $totals.Failures.Count
        }
        else {
            Write-Failure $retried.Failures "$($retried.Failed) failed again when their file ran alone:"
            $result.Failed = $retried.Failed
        }
    }
    elseif ($totals.Failures.Count -gt 0 -or $totals.Failed -gt 0) {
        Write-Failure $totals.Failures "$($totals.Failed) failed:"
    }
    $result | ConvertTo-Json | Set-Content -Path $SummaryPath
    if ($result.Failed -gt 0) { exit 1 }
    exit 0
}

Import-Module $env:PSDOCKER_PESTER -MinimumVersion 6.2.0

$config = New-PesterConfiguration
$config.Run.Path = if ($File) { @($File) } else { @($files.FullName) }
$config.Run.PassThru = $true
$config.Run.Exit = $false
$config.Output.Verbosity = 'Detailed'
$config.Output.StackTraceVerbosity = 'Filtered'
# Workers write to a log, not a console: plain text.
if ($File) { $config.Output.RenderMode = 'Plaintext' }
$config.Should.ErrorAction = 'Stop'

$result = Invoke-Pester -Configuration $config

$failures = @(
    foreach ($t in $result.Failed) {
        [ordered]@{ Name = $t.ExpandedPath; File = Split-Path -Leaf $t.ScriptBlock.File; Message = "$($t.ErrorRecord | Select-Object -First 1)" }
    }
    foreach ($b in @($result.FailedBlocks) + @($result.FailedContainers)) {
        if ($b) { [ordered]@{ Name = "$($b.Name)$($b.Item)"; File = ''; Message = "$($b.ErrorRecord | Select-Object -First 1)" } }
    }
)
$summary = [ordered]@{
    Failures = $failures
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
}
$summary | ConvertTo-Json -Depth 4 | Set-Content -Path $SummaryPath
if ($summary.Failed -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
