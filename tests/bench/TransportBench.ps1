# Issue 12's measures (transport and start-up), dot-sourced by Invoke-Benchmark.ps1. Method, for every row: the
# contenders run in ONE process, interleaved round by round (the order rotating each round), each warmed up first with
# at least $WarmCalls calls over at least $WarmSeconds seconds (tiered JIT), then $Rounds rounds; median, min, max, N.
# The floor is a bare pooled .NET HttpClient sending the cmdlet's request (BenchFloor.cs), timed inside .NET.
# Start-up rows run fresh child processes instead, the contenders taking turns.
# Needs: $ModulePath, $image, $prefix (the caller's), Get-Median, tests/TlsEngine.ps1, tests/SwarmLab.ps1.

$script:BenchFloorSource = Join-Path $PSScriptRoot 'BenchFloor.cs'
$script:Issue12Api = '1.41'
$script:ListPath = "/v$script:Issue12Api/containers/json?all=1"
$script:BenchNode = 7   # the swarm-lab node the bench owns

# Compiled once to a DLL: loaded here, and by the fresh child processes of the start-up rows.
$script:BenchFloorDll = Join-Path ([System.IO.Path]::GetTempPath()) "psdbench-floor-$PID.dll"
if (-not ('PSDockerBenchClient' -as [type])) {
    Add-Type -Path $script:BenchFloorSource -OutputAssembly $script:BenchFloorDll -OutputType Library
    Add-Type -Path $script:BenchFloorDll
    Import-Module -Assembly ([PSDockerBenchClient].Assembly)   # Invoke-BenchNothing, the profile's empty cmdlet
}

function Get-Spread([double[]] $Values) {
    $m = $Values | Measure-Object -Minimum -Maximum
    [pscustomobject]@{ Median = (Get-Median $Values); Min = $m.Minimum; Max = $m.Maximum; N = $Values.Count }
}

function Format-Spread($S, [string] $Format = 'N2') {
    "{0:$Format} ({1:$Format}-{2:$Format}, N={3})" -f $S.Median, $S.Min, $S.Max, $S.N
}

<#
    Runs contenders interleaved. $Contenders: ordered name -> scriptblock. A scriptblock whose name is in $SelfTimed
    returns its own time in ms (the floor, timed inside .NET); the others are timed here around `& $call`.
    Warm-up: every contender at least $WarmCalls calls AND at least $WarmSeconds seconds of its own calls, taking turns.
    Gives name -> spread (median/min/max/N, ms).
#>
function Measure-Interleaved {
    param(
        [System.Collections.Specialized.OrderedDictionary] $Contenders,
        [string[]] $SelfTimed = @(),
        [int] $Rounds = 300,
        [int] $WarmCalls = 150,
        [double] $WarmSeconds = 3
    )
    $names = @($Contenders.Keys)
    $watch = [System.Diagnostics.Stopwatch]::new()
    $spent = @{}; $calls = @{}
    foreach ($n in $names) { $spent[$n] = 0.0; $calls[$n] = 0 }
    do {
        $cold = @($names | Where-Object { $calls[$_] -lt $WarmCalls -or $spent[$_] -lt $WarmSeconds * 1000 })
        foreach ($n in $cold) {
            $watch.Restart(); $null = & $Contenders[$n]; $watch.Stop()
            $spent[$n] += $watch.Elapsed.TotalMilliseconds; $calls[$n]++
        }
    } while ($cold.Count)

    $times = @{}
    foreach ($n in $names) { $times[$n] = [double[]]::new($Rounds) }
    for ($r = 0; $r -lt $Rounds; $r++) {
        for ($k = 0; $k -lt $names.Count; $k++) {
            $n = $names[($k + $r) % $names.Count]
            if ($n -in $SelfTimed) {
                $times[$n][$r] = & $Contenders[$n]
            }
            else {
                $watch.Restart(); $null = & $Contenders[$n]; $watch.Stop()
                $times[$n][$r] = $watch.Elapsed.TotalMilliseconds
            }
        }
    }
    $result = [ordered]@{}
    foreach ($n in $names) { $result[$n] = Get-Spread $times[$n] }
    $result
}

function Get-LoadText { '{0:N2}' -f [double]((Get-Content /proc/loadavg) -split ' ')[0] }

# One row: floor vs PSDocker, Target text and the verdict.
function New-Issue12Row([string] $Name, [int] $Containers, $Floor, $Ours, [string] $Target, [bool] $Met, [string] $Ratio, [string] $Load) {
    [pscustomobject]@{
        Benchmark           = $Name
        Detail              = "floor $(Format-Spread $Floor) ms, PSDocker $(Format-Spread $Ours) ms; load $Load"
        Containers          = $Containers
        'PSDocker (ms)'     = [math]::Round($Ours.Median, 2)
        'docker CLI (ms)'   = 'n/a'
        'Engine floor (ms)' = [math]::Round($Floor.Median, 2)
        Speedup             = $Ratio
        Target              = $Target
        Met                 = if ($Met) { 'yes' } else { 'NO' }
    }
}

# The library's own call, no cmdlet: the cached DockerClient of an endpoint (taken from the module by reflection, after a
# Get-Container call made it) listing all containers. For the profile only; $null when the module's internals moved.
function Get-LibraryListCall([string] $HostAddress) {
    try {
        $asm = (Get-Command Get-Container).ImplementingType.Assembly
        $cache = $asm.GetType('PSDocker.EngineClientCache', $true)
        $field = $cache.GetField('s_clients', [System.Reflection.BindingFlags]'Static, NonPublic')
        $u = [uri]$HostAddress
        $entry = @($field.GetValue($null).GetEnumerator() | Where-Object { $_.Key -like "*$($u.Authority)$($u.AbsolutePath)*" })[0]
        $connection = $entry.Value.Value.Result
        $client = $connection.GetType().GetProperty('Client', [System.Reflection.BindingFlags]'Instance, NonPublic, Public').GetValue($connection)
        $paramsType = $client.GetType().Assembly.GetType('Docker.DotNet.Models.ContainersListParameters', $true)
        $parameters = [System.Activator]::CreateInstance($paramsType)
        $parameters.All = $true
        $containers = $client.Containers
        $none = [System.Threading.CancellationToken]::None
        { $containers.ListContainersAsync($parameters, $none).GetAwaiter().GetResult() }.GetNewClosure()
    }
    catch {
        Write-Warning "No library-only contender for the profile: $_"
        $null
    }
}

# The profile's rows: each contender beside floor and PSDocker, measured in the same rounds.
function New-ProfileRows($R, [int] $Containers) {
    foreach ($k in @($R.Keys | Where-Object { $_ -notin 'floor', 'PSDocker' })) {
        [pscustomobject]@{
            Benchmark = "  profile, same rounds: $k"; Detail = "$(Format-Spread $R[$k] 'N3') ms"; Containers = $Containers
            'PSDocker (ms)' = [math]::Round($R[$k].Median, 3); 'docker CLI (ms)' = 'n/a'; 'Engine floor (ms)' = [math]::Round($R.floor.Median, 2)
            Speedup = '{0:N1}% of PSDocker' -f (100 * $R[$k].Median / $R.PSDocker.Median); Target = '-'; Met = '-'
        }
    }
}

function Assert-SameList([string] $What, [int] $Ours, [string] $FloorJson) {
    $theirs = @($FloorJson | ConvertFrom-Json).Count
    if ($Ours -ne $theirs) { throw "$What`: Get-Container -All found $Ours containers, the floor's request $theirs." }
}

# Rows 1: Get-Container -All over TCP+TLS (client certificate) on a fresh, empty TLS engine. Target: at most 2x the floor.
function Measure-TlsList([int] $Rounds) {
    $script:TestPrefix = $prefix
    . (Join-Path $PSScriptRoot '../TlsEngine.ps1')
    $tls = $null; $floor = $null
    try {
        $tls = Start-TlsEngine
        $certs = $tls.GoodCerts
        $floor = [PSDockerBenchClient]::ForTls('127.0.0.1', $tls.Port, "$certs/cert.pem", "$certs/key.pem")
        $address = $tls.Address
        Assert-SameList 'TLS engine' @(Get-Container -All -HostAddress $address -TlsCertPath $certs).Count $floor.Get($script:ListPath)
        $load = Get-LoadText
        $contenders = [ordered]@{
            floor    = { $floor.TimedGet($script:ListPath) }
            PSDocker = { Get-Container -All -HostAddress $address -TlsCertPath $certs }
        }
        $library = Get-LibraryListCall $address
        if ($library) { $contenders['library call'] = $library }
        $r = Measure-Interleaved -Rounds $Rounds -SelfTimed floor -Contenders $contenders
        $ratio = $r.PSDocker.Median / $r.floor.Median
        New-Issue12Row 'Get-Container -All over TCP+TLS (client cert.), empty engine' 0 $r.floor $r.PSDocker `
            '<= 2x floor' ($ratio -le 2) ('{0:N2}x floor' -f $ratio) $load
        New-ProfileRows $r 0
    }
    finally {
        if ($floor) { $floor.Dispose() }
        if ($tls) { Stop-TlsEngine $tls }
    }
}

# Rows 2-3 and the profile: Get-Container -All over the unix socket of swarm-lab node 7, with $Count bench containers on
# it (made with the docker CLI, removed at the end). Empty: target the floor + 0.5 ms, with the profile's reference
# contenders beside it; with containers: at most 1.15x the floor.
function Measure-UnixList([int[]] $Counts, [int] $Rounds, [int] $ManyRounds) {
    . (Join-Path $PSScriptRoot '../SwarmLab.ps1')
    $node = Start-SwarmLabNode $script:BenchNode
    $address = $node.HostAddress
    $socket = ([uri]$address).AbsolutePath
    $floor = [PSDockerBenchClient]::ForUnix($socket)
    $made = 0
    try {
        # The node must be empty apart from images (a run that was killed may have left containers).
        if (@(& docker -H $address ps -aq).Count) { Reset-SwarmLabNode $script:BenchNode }
        foreach ($count in $Counts) {
            if ($count -gt $made) {
                $names = ($made + 1)..$count | ForEach-Object { '{0}list{1:d3}' -f $prefix, $_ }
                # Four at a time: 300 CLI spawns one by one take long on two cores.
                $names | & xargs -P 4 -I '{}' docker -H $address create --network none -l psdocker.bench=1 --name '{}' $image true | Out-Null
                if ($LASTEXITCODE -ne 0) { throw "docker create on node $script:BenchNode failed" }
                $made = $count
            }
            Assert-SameList "node $script:BenchNode" @(Get-Container -All -HostAddress $address).Count $floor.Get($script:ListPath)
            $contenders = [ordered]@{
                floor    = { $floor.TimedGet($script:ListPath) }
                PSDocker = { Get-Container -All -HostAddress $address }
            }
            # The profile: where the time over the floor goes (the library's own call, and at 0 containers the cost of
            # PowerShell's cmdlet call: a cmdlet that asks no engine, an empty compiled cmdlet, the timing loop's own).
            $library = Get-LibraryListCall $address
            if ($library) { $contenders['library call'] = $library }
            if ($count -eq 0) {
                $contenders['Get-DockerContext'] = { Get-DockerContext }
                $contenders['empty cmdlet'] = { Invoke-BenchNothing -All }
                $contenders['empty scriptblock'] = { }
            }
            $load = Get-LoadText
            $r = Measure-Interleaved -Rounds $(if ($count -ge 100) { $ManyRounds } else { $Rounds }) -SelfTimed floor -Contenders $contenders
            $ratio = $r.PSDocker.Median / $r.floor.Median
            $over = $r.PSDocker.Median - $r.floor.Median
            if ($count -eq 0) {
                New-Issue12Row 'Get-Container -All over the unix socket (node 7), empty engine' 0 $r.floor $r.PSDocker `
                    '<= floor + 0.5 ms' ($over -le 0.5) ('+{0:N2} ms ({1:N2}x)' -f $over, $ratio) $load
            }
            else {
                New-Issue12Row "Get-Container -All over the unix socket (node 7), $count containers" $count $r.floor $r.PSDocker `
                    '<= 1.15x floor' ($ratio -le 1.15) ('{0:N2}x floor' -f $ratio) $load
            }
            New-ProfileRows $r $count
        }
    }
    finally {
        $floor.Dispose()
        if ($made) {
            & docker -H $address ps -aq --filter label=psdocker.bench=1 | & xargs -r docker -H $address rm -f | Out-Null
        }
    }
}

# Runs a script in a fresh child pwsh (-NoProfile) and gives the number it prints after 'RESULT '.
function Invoke-FreshPwsh([string] $Script) {
    $exe = [System.Environment]::ProcessPath
    [string[]] $pre = if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
    $out = & $exe @pre -NoProfile -NonInteractive -Command $Script 2>&1
    $line = @($out | Where-Object { "$_" -like 'RESULT *' })
    if (-not $line) { throw "A fresh pwsh failed:`n$($out -join "`n")" }
    [double[]] ("$($line[0])".Substring(7) -split ' ')
}

# Runs each kind of fresh child ($Kinds: name -> script) $Runs times, the kinds taking turns (the order rotating), after
# one untimed child of each (the files in the page cache). Gives name -> spread of the ms each child printed.
function Measure-FreshKinds([System.Collections.Specialized.OrderedDictionary] $Kinds, [int] $Runs) {
    $names = @($Kinds.Keys)
    $t = @{}; foreach ($k in $names) { $t[$k] = [System.Collections.Generic.List[double]]::new() }
    foreach ($k in $names) { $null = Invoke-FreshPwsh $Kinds[$k] }
    for ($i = 0; $i -lt $Runs; $i++) {
        for ($j = 0; $j -lt $names.Count; $j++) {
            $k = $names[($i + $j) % $names.Count]
            $t[$k].Add((Invoke-FreshPwsh $Kinds[$k])[0])
        }
    }
    $s = @{}; foreach ($k in $names) { $s[$k] = Get-Spread $t[$k].ToArray() }
    $s
}

# The floor's DLL (and the trivial module around its empty cmdlet), made once for the child processes.
function New-StartupFixture {
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ($prefix + 'startup-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $mod = Join-Path $dir 'BenchTrivial'
    $null = New-Item -ItemType Directory -Force -Path $mod
    $dll = Join-Path $dir 'BenchFloor.dll'
    Copy-Item $script:BenchFloorDll $dll
    Copy-Item $dll $mod
    # Built like PSDocker's module: a manifest, a psm1 that imports the compiled cmdlets, a format file with a table view
    # and a types file. What its import costs is PowerShell's own share of an Import-Module.
    Set-Content (Join-Path $mod 'BenchTrivial.psd1') @"
@{
    RootModule        = 'BenchTrivial.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '6f1c0a52-7a0e-4d0b-9d53-3c5f4d3e2b11'
    FormatsToProcess  = @('BenchTrivial.Format.ps1xml')
    TypesToProcess    = @('BenchTrivial.Types.ps1xml')
    CmdletsToExport   = @('Invoke-BenchNothing')
    FunctionsToExport = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
"@
    Set-Content (Join-Path $mod 'BenchTrivial.psm1') "Import-Module -Assembly ([System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine(`$PSScriptRoot, 'BenchFloor.dll')))"
    Set-Content (Join-Path $mod 'BenchTrivial.Format.ps1xml') @'
<?xml version="1.0" encoding="utf-8"?>
<Configuration><ViewDefinitions><View><Name>BenchTrivial</Name><ViewSelectedBy><TypeName>PSDockerBenchClient</TypeName></ViewSelectedBy>
<TableControl><TableHeaders><TableColumnHeader><Label>Name</Label></TableColumnHeader></TableHeaders>
<TableRowEntries><TableRowEntry><TableColumnItems><TableColumnItem><PropertyName>Name</PropertyName></TableColumnItem></TableColumnItems></TableRowEntry></TableRowEntries>
</TableControl></View></ViewDefinitions></Configuration>
'@
    Set-Content (Join-Path $mod 'BenchTrivial.Types.ps1xml') @'
<?xml version="1.0" encoding="utf-8"?>
<Types><Type><Name>PSDockerBenchClient</Name><Members><ScriptProperty><Name>Name</Name><GetScriptBlock>'floor'</GetScriptBlock></ScriptProperty></Members></Type></Types>
'@
    [pscustomobject]@{ Dir = $dir; Dll = $dll; Trivial = Join-Path $mod 'BenchTrivial.psd1' }
}

# Row 4: Import-Module PSDocker in a fresh pwsh (Stopwatch inside the child), $Runs children; beside it, in other fresh
# children taking turns with them, the trivial module's import (PowerShell's share), and in a third kind of child the
# trivial module first, then PSDocker (PSDocker's own share, PowerShell's import machinery already warm). Target: 0.25 s.
function Measure-Import([int] $Runs, $Fixture) {
    $module = (Resolve-Path $ModulePath).Path
    $kinds = [ordered]@{
        PSDocker = "`$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$module'; 'RESULT ' + `$w.Elapsed.TotalMilliseconds"
        trivial  = "`$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$($Fixture.Trivial)'; 'RESULT ' + `$w.Elapsed.TotalMilliseconds"
        after    = "Import-Module '$($Fixture.Trivial)'; `$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$module'; 'RESULT ' + `$w.Elapsed.TotalMilliseconds"
    }
    $load = Get-LoadText
    $s = Measure-FreshKinds $kinds $Runs
    [pscustomobject]@{
        Benchmark = 'Import-Module PSDocker in a fresh pwsh (in-process); floor: a trivial module'
        Detail = "PSDocker $(Format-Spread $s.PSDocker 'N0') ms; floor = a trivial module (manifest, psm1 importing one compiled cmdlet, " +
            "format and types files) $(Format-Spread $s.trivial 'N0') ms; PSDocker imported after the trivial one $(Format-Spread $s.after 'N0') ms; load $load"
        Containers = 'n/a'
        'PSDocker (ms)' = [math]::Round($s.PSDocker.Median, 0); 'docker CLI (ms)' = 'n/a'; 'Engine floor (ms)' = [math]::Round($s.trivial.Median, 0)
        Speedup = '{0:N2}x floor' -f ($s.PSDocker.Median / $s.trivial.Median); Target = '<= 250 ms'
        Met = if ($s.PSDocker.Median -le 250) { 'yes' } else { 'NO' }
    }
}

# Row 5: the first Get-Container -All in a fresh pwsh (after the import; Stopwatch around the call) against .NET's first
# HTTP request in a fresh pwsh (the floor client over the same unix socket, its DLL loaded before the Stopwatch), both on
# swarm-lab node 7, children taking turns. Target: 150 ms.
function Measure-FirstCall([int] $Runs, $Fixture) {
    . (Join-Path $PSScriptRoot '../SwarmLab.ps1')
    $node = Start-SwarmLabNode $script:BenchNode
    $address = $node.HostAddress
    $socket = ([uri]$address).AbsolutePath
    $module = (Resolve-Path $ModulePath).Path
    $kinds = [ordered]@{
        PSDocker = "Import-Module '$module'; `$w = [Diagnostics.Stopwatch]::StartNew(); `$null = Get-Container -All -HostAddress '$address'; 'RESULT ' + `$w.Elapsed.TotalMilliseconds"
        floor    = "Add-Type -Path '$($Fixture.Dll)'; `$w = [Diagnostics.Stopwatch]::StartNew(); `$c = [PSDockerBenchClient]::ForUnix('$socket'); `$null = `$c.Get('$script:ListPath'); 'RESULT ' + `$w.Elapsed.TotalMilliseconds"
        # The profile: a first PSDocker cmdlet call that asks no engine (the cold cmdlet machinery alone).
        context  = "Import-Module '$module'; `$w = [Diagnostics.Stopwatch]::StartNew(); `$null = Get-DockerContext; 'RESULT ' + `$w.Elapsed.TotalMilliseconds"
    }
    $load = Get-LoadText
    $s = Measure-FreshKinds $kinds $Runs
    [pscustomobject]@{
        Benchmark = "first Get-Container -All in a fresh pwsh (node 7); floor: .NET's first request"
        Detail = "PSDocker $(Format-Spread $s.PSDocker 'N0') ms (after the import); floor = .NET's first HTTP request in a fresh pwsh " +
            "$(Format-Spread $s.floor 'N0') ms; profile: a first Get-DockerContext (no engine asked) $(Format-Spread $s.context 'N0') ms; load $load"
        Containers = 0
        'PSDocker (ms)' = [math]::Round($s.PSDocker.Median, 0); 'docker CLI (ms)' = 'n/a'; 'Engine floor (ms)' = [math]::Round($s.floor.Median, 0)
        Speedup = '{0:N2}x floor' -f ($s.PSDocker.Median / $s.floor.Median); Target = '<= 150 ms'
        Met = if ($s.PSDocker.Median -le 150) { 'yes' } else { 'NO' }
    }
}

<#
    The issue-12 rows, in order, for the groups asked: Tls, Unix (empty, with the profile), UnixMany (50 and 300),
    Import, FirstCall.
#>
function Invoke-TransportBench([string[]] $Groups, [int] $Rounds = 300, [int] $ManyRounds = 60, [int] $StartupRuns = 15) {
    if ('Tls' -in $Groups) { Measure-TlsList $Rounds }
    $counts = @(if ('Unix' -in $Groups) { 0 }) + @(if ('UnixMany' -in $Groups) { 50, 300 })
    if ($counts.Count) { Measure-UnixList $counts $Rounds $ManyRounds }
    if ('Import' -in $Groups -or 'FirstCall' -in $Groups) {
        $fixture = New-StartupFixture
        try {
            if ('Import' -in $Groups) { Measure-Import $StartupRuns $fixture }
            if ('FirstCall' -in $Groups) { Measure-FirstCall $StartupRuns $fixture }
        }
        finally { Remove-Item -Recurse -Force $fixture.Dir -ErrorAction Ignore }
    }
}
