<#
.SYNOPSIS
    PSDocker benchmarks (build.ps1 Bench). Prints one table.
.DESCRIPTION
    First the issue-12 rows (transport and start-up; tests/bench/TransportBench.ps1 says the method): contenders
    interleaved round by round in this one process, each warmed up with at least 150 calls over at least 3 s, then
    Rounds rounds, median with min/max/N; the floor is a bare pooled .NET HttpClient sending the cmdlet's request.
      Tls        Get-Container -All over TCP+TLS (client certificate), a fresh empty TLS engine. Target: <= 2x the floor.
      Unix       the same over the unix socket of swarm-lab node 7, empty. Target: <= floor + 0.5 ms. With the profile:
                 the library's own call, Get-DockerContext, an empty compiled cmdlet and an empty scriptblock, same rounds.
      UnixMany   the same at 50 and 300 containers on node 7. Target: <= 1.15x the floor.
      Import     Import-Module PSDocker in StartupRuns fresh pwsh processes (Stopwatch inside), beside a trivial module's
                 import (PowerShell's own share). Target: <= 0.25 s.
      FirstCall  the first Get-Container -All in a fresh pwsh, beside .NET's first HTTP request there. Target: <= 150 ms.
    -Only picks row groups: those names, Issue12 (all five), Other (every row below). Without -Only, everything runs.
    Row 1-2: a warm Get-Container -All call versus spawning `docker ps -a`, both timed in this same pwsh
    run, median of many calls, with the engine's own containers and with 50 more made for the run.
    Target: PSDocker at least 20x faster than spawning the CLI.
    Pull and push rows: Invoke-ImagePull / Invoke-ImagePush of a multi-layer image (LAYERS layers of LAYERMB MB of
    random data on the test image) from and to the loopback registry, against docker pull / docker push, taking
    turns in the same run. The local image is removed before each pull; each push sends an image with fresh
    layers, so every push really uploads. Medians. Target: within 5% of the CLI (the engine does the work).
    Build row: a 20,000-file / 300 MB build context sent by Invoke-ImageBuild vs the legacy-builder docker build.
    Target: no slower than the CLI.
    Exec row: Invoke-ContainerCommand c -Command true vs spawning docker exec c true, medians. Target: 5x faster.
    Copy rows: Copy-ContainerItem of one CopyMB MB file into a running container and back out, against docker cp,
    taking turns, medians of CopyRuns. Target: no slower than the CLI (within 5%).
    Log row: a LOGLINES-line container log read by Get-ContainerLog and by docker logs piped into pwsh, each in a
    fresh child pwsh, lines/s and the child's peak memory; the floor is the same request read whole by a bare HTTP
    client in-process. Target: twice the CLI's throughput, flat memory.
    Network, volume and disk-usage rows: Get-ContainerNetwork, Get-ContainerVolume and Get-DockerDiskUsage against the
    CLI's listing in JSON converted in this pwsh, contenders taking turns, medians. Target: no slower.
    Events row: the engine's events of the last 10 minutes (it keeps the last 256 or so) read by Get-DockerEvent
    -Since 10m and by docker events --since 10m --until NOW piped into pwsh, taking turns, medians of 5.
    Engine-bound; target: no slower than the CLI.
    Readiness rows: time from starting a busybox httpd container to its first HTTP answer, by Start-Container -Detach +
    Wait-Container -HttpPath (default 100 ms interval) and by `docker run -d` + a bash curl retry loop (0.1 s sleeps),
    each timed from its own start, taking turns, medians; the floor is the container's own start-up (the engine's
    StartedAt after the call began). Target: ready within 100 ms of the start-up. Then the cost of one probe attempt:
    Wait-Container -HttpPath on a ready container (inspect, one HTTP probe, read-back) vs one curl spawn (what each
    attempt of the bash loop costs), floor a raw in-process HttpClient GET.
    Several-engines row: Get-Container -All over three engines (the lab engine, the TLS test engine, swarm lab node 5) in
    one call vs the three calls one after another (in the CLI column); the floor is the slowest engine asked alone.
    Contenders take turns, medians. Target: the one call at most 1.3x the slowest engine alone.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $CmdletCalls = 300,
    [int] $CliCalls = 40,
    [int] $ExtraContainers = 50,
    [int] $TransferRuns = 5,
    [int] $LayerMB = 20,
    [int] $Layers = 4,
    # Copy-ContainerItem rows: one file of CopyMB MB copied in and out, CopyRuns times each way.
    [int] $CopyMB = 500,
    [int] $CopyRuns = 3,
    [int] $LogLines = 1000000,
    [int] $LogRuns = 3,
    # Row groups to run (see the description), several as -Only Tls,Unix (also under -File); all of them when not given.
    [string[]] $Only = @(),
    # Issue-12 rows: interleaved rounds per contender (Rounds; ManyRounds at 300 containers), fresh processes per contender.
    [int] $Rounds = 300,
    [int] $ManyRounds = 100,
    [int] $StartupRuns = 15
)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path

$image = 'psdocker/busybox:latest'
$prefix = 'psdbench-'

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { return $sorted[[int][math]::Floor($n / 2)] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

function Measure-Call([scriptblock] $Call, [int] $Count) {
    $watch = [System.Diagnostics.Stopwatch]::new()
    $times = [double[]]::new($Count)
    for ($i = 0; $i -lt $Count; $i++) {
        $watch.Restart()
        $null = & $Call
        $watch.Stop()
        $times[$i] = $watch.Elapsed.TotalMilliseconds
    }
    Get-Median $times
}

# The engine's own time for the same request, measured in-process with a bare HTTP client over the
# socket: no client library, no mapping, no pipeline. No client can list faster than this floor.
Add-Type -TypeDefinition @'
using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
public static class PSDockerBenchFloor
{
    private static HttpClient s_client;
    public static void Open(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (ctx, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        s_client = new HttpClient(handler) { BaseAddress = new Uri("http://docker/") };
    }
    public static int ListAll(string apiVersion) =>
        s_client.GetByteArrayAsync("v" + apiVersion + "/containers/json?all=1").GetAwaiter().GetResult().Length;
}
'@
$api = (Get-DockerVersion).NegotiatedApiVersion
$socketOk = $IsLinux -and (Test-Path /var/run/docker.sock) -and ((Get-DockerVersion).Endpoint.ToString() -eq 'unix:///var/run/docker.sock')
if ($socketOk) { [PSDockerBenchFloor]::Open('/var/run/docker.sock') }

function Measure-Scenario([string] $Name) {
    # Warm both: the module's client and connection, the CLI's binary in the page cache.
    1..10 | ForEach-Object { $null = Get-Container -All }
    1..3 | ForEach-Object { $null = & docker ps -a }
    $count = @(Get-Container -All).Count
    $cli = @(& docker ps -aq).Count
    if ($count -ne $cli) { throw "Get-Container -All found $count containers, docker ps -a $cli." }

    $ours = Measure-Call { Get-Container -All } $CmdletCalls
    $theirs = Measure-Call { & docker ps -a } $CliCalls
    $floor = if ($socketOk) {
        1..10 | ForEach-Object { $null = [PSDockerBenchFloor]::ListAll($api) }
        [math]::Round((Measure-Call { [PSDockerBenchFloor]::ListAll($api) } $CmdletCalls), 2)
    } else { 'n/a' }
    $speedup = $theirs / $ours
    [pscustomobject]@{
        Benchmark        = $Name
        Containers       = $count
        'PSDocker (ms)'  = [math]::Round($ours, 2)
        'docker CLI (ms)' = [math]::Round($theirs, 2)
        'Engine floor (ms)' = $floor
        Speedup          = '{0:N1}x' -f $speedup
        Target           = '>= 20x'
        Met              = if ($speedup -ge 20) { 'yes' } else { 'NO' }
    }
}

function Write-BenchTable {
    $rows | Format-Table -AutoSize -Property Benchmark, Containers, 'PSDocker (ms)', 'docker CLI (ms)', 'Engine floor (ms)', Speedup, Target, Met |
        Out-String -Width 200 | Write-Host
    # The issue-12 rows' spread (median (min-max, N)) and the load they ran under.
    foreach ($row in $rows | Where-Object { $_.PSObject.Properties['Detail'] }) { Write-Host "$($row.Benchmark.Trim()): $($row.Detail)" }
    Write-Host "Engine: $((Get-DockerVersion).Version) (API $api); $CmdletCalls cmdlet calls and $CliCalls CLI spawns per row; medians."
    Write-Host 'Engine floor: the same list request sent in-process with a bare HTTP client; no client can be faster than it.'
}

$rows = [System.Collections.Generic.List[object]]::new()
$issue12 = 'Tls', 'Unix', 'UnixMany', 'Import', 'FirstCall'
$Only = @($Only -split ',' | ForEach-Object Trim | Where-Object { $_ })
foreach ($g in $Only) {
    if ($g -notin $issue12 + 'Issue12', 'Other') { throw "-Only: unknown row group '$g'. Groups: $(($issue12 + 'Issue12', 'Other') -join ', ')." }
}
$groups = if ($Only.Count) { @($Only | ForEach-Object { if ($_ -eq 'Issue12') { $issue12 } else { $_ } }) } else { $issue12 + 'Other' }
if ($groups | Where-Object { $_ -in $issue12 }) {
    . (Join-Path $PSScriptRoot 'TransportBench.ps1')
    foreach ($row in Invoke-TransportBench $groups -Rounds $Rounds -ManyRounds $ManyRounds -StartupRuns $StartupRuns) { $rows.Add($row) }
}
if ('Other' -notin $groups) {
    Write-BenchTable
    return
}

try {
    $rows.Add((Measure-Scenario 'Get-Container -All vs docker ps -a (median per call)'))

    $names = 1..$ExtraContainers | ForEach-Object { '{0}{1:d3}' -f $prefix, $_ }
    foreach ($n in $names) {
        & docker create --name $n -l psdocker.bench=1 -p "127.0.0.1::8080" $image sleep 1 | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "docker create $n failed" }
    }
    $rows.Add((Measure-Scenario "Get-Container -All vs docker ps -a, +$ExtraContainers containers"))

    # Finding containers by id, as `docker inspect ID` does: one id, and every id piped from docker ps -q.
    $ids = @(& docker ps -aq --filter 'label=psdocker.bench=1')
    $one = $ids[0]
    $found = @(Get-Container $one)
    if ($found.Count -ne 1) { throw "Get-Container $one found $($found.Count) containers." }
    if (@($ids | Get-Container).Count -ne $ids.Count) { throw 'docker ps -q | Get-Container lost containers.' }
    1..10 | ForEach-Object { $null = Get-Container $one; $null = & docker inspect $one }
    $oneOurs = Measure-Call { Get-Container $one } $CmdletCalls
    $oneTheirs = Measure-Call { & docker inspect $one } $CliCalls
    $rows.Add([pscustomobject]@{
        Benchmark = 'Get-Container ID vs docker inspect ID'; Containers = $count = @(& docker ps -aq).Count
        'PSDocker (ms)' = [math]::Round($oneOurs, 2); 'docker CLI (ms)' = [math]::Round($oneTheirs, 2); 'Engine floor (ms)' = 'n/a'
        Speedup = '{0:N1}x' -f ($oneTheirs / $oneOurs); Target = '> 1x'; Met = if ($oneTheirs -gt $oneOurs) { 'yes' } else { 'NO' }
    })
    $allOurs = Measure-Call { $ids | Get-Container } ([math]::Max(10, [int]($CmdletCalls / 20)))
    $allTheirs = Measure-Call { & docker inspect $ids } ([math]::Max(5, [int]($CliCalls / 4)))
    $rows.Add([pscustomobject]@{
        Benchmark = "docker ps -q | Get-Container ($($ids.Count) ids) vs docker inspect of them"; Containers = $count
        'PSDocker (ms)' = [math]::Round($allOurs, 2); 'docker CLI (ms)' = [math]::Round($allTheirs, 2); 'Engine floor (ms)' = 'n/a'
        Speedup = '{0:N1}x' -f ($allTheirs / $allOurs); Target = '> 1x'; Met = if ($allTheirs -gt $allOurs) { 'yes' } else { 'NO' }
    })

    # A container's whole life, 50 times: run detached, stop at once, remove; through the cmdlets and through
    # docker processes (docker run -d, docker rm -f), same engine, same run.
    $lifeCount = 50
    $cmd = @('sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait')
    1..3 | ForEach-Object {   # warm both paths
        Start-Container -Image $image -Detach -Label @{ 'psdocker.bench' = '1' } -Command $cmd | Stop-Container -Timeout 0 -PassThru | Remove-Container
        $id = & docker run -d -l psdocker.bench=1 $image @cmd; & docker rm -f $id | Out-Null
    }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    for ($i = 0; $i -lt $lifeCount; $i++) {
        Start-Container -Image $image -Detach -Label @{ 'psdocker.bench' = '1' } -Command $cmd | Stop-Container -Timeout 0 -PassThru | Remove-Container
    }
    $lifeOurs = $watch.Elapsed.TotalMilliseconds
    $watch.Restart()
    for ($i = 0; $i -lt $lifeCount; $i++) {
        $id = & docker run -d -l psdocker.bench=1 $image @cmd
        & docker rm -f $id | Out-Null
    }
    $lifeTheirs = $watch.Elapsed.TotalMilliseconds
    if (@(& docker ps -aq --filter 'label=psdocker.bench=1' --filter 'status=running').Count -ne 0) { throw 'A benchmark container was left running.' }
    $rows.Add([pscustomobject]@{
        Benchmark = "run -d, stop, rm x$lifeCount (total): Start|Stop|Remove-Container vs docker run -d, rm -f"
        Containers = $lifeCount
        'PSDocker (ms)' = [math]::Round($lifeOurs, 0); 'docker CLI (ms)' = [math]::Round($lifeTheirs, 0); 'Engine floor (ms)' = 'n/a'
        Speedup = '{0:N1}x' -f ($lifeTheirs / $lifeOurs); Target = '>= 3x'; Met = if ($lifeTheirs / $lifeOurs -ge 3) { 'yes' } else { 'NO' }
    })

    # Build-context upload: 20,000 files / 300 MB sent by Invoke-ImageBuild and by `DOCKER_BUILDKIT=0 docker build`
    # (the legacy builder both speak to), same context, same run, alternating, median of 3. The Dockerfile does
    # little (one LABEL), so the time is the upload and the engine's unpacking of it. Target: no slower than the CLI.
    $buildCtx = Join-Path ([System.IO.Path]::GetTempPath()) ($prefix + 'ctx-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $buildTags = @("${prefix}build-ours:1", "${prefix}build-cli:1")
    try {
        New-Item -ItemType Directory -Path $buildCtx | Out-Null
        [System.IO.File]::WriteAllText((Join-Path $buildCtx 'Dockerfile'), "FROM $image`nLABEL psdocker.bench=1`n")
        $chunk = [byte[]]::new(15360)
        [System.Random]::new(7).NextBytes($chunk)
        for ($d = 0; $d -lt 100; $d++) {
            $dir = Join-Path $buildCtx ('d{0:d3}' -f $d)
            $null = [System.IO.Directory]::CreateDirectory($dir)
            for ($f = 0; $f -lt 200; $f++) { [System.IO.File]::WriteAllBytes((Join-Path $dir ('f{0:d3}.bin' -f $f)), $chunk) }
        }
        $buildOurs = [System.Collections.Generic.List[double]]::new()
        $buildTheirs = [System.Collections.Generic.List[double]]::new()
        $env:DOCKER_BUILDKIT = '0'
        for ($i = 0; $i -lt 3; $i++) {
            $watch.Restart()
            $null = Invoke-ImageBuild $buildCtx -Tag $buildTags[0]
            $buildOurs.Add($watch.Elapsed.TotalMilliseconds)
            $watch.Restart()
            $null = & docker build -q -t $buildTags[1] $buildCtx
            if ($LASTEXITCODE -ne 0) { throw 'docker build of the bench context failed.' }
            $buildTheirs.Add($watch.Elapsed.TotalMilliseconds)
        }
        $bOurs = Get-Median $buildOurs.ToArray(); $bTheirs = Get-Median $buildTheirs.ToArray()
        $rows.Add([pscustomobject]@{
            Benchmark = 'build context 20,000 files / 300 MB: Invoke-ImageBuild vs DOCKER_BUILDKIT=0 docker build'
            Containers = 0
            'PSDocker (ms)' = [math]::Round($bOurs, 0); 'docker CLI (ms)' = [math]::Round($bTheirs, 0); 'Engine floor (ms)' = 'n/a'
            Speedup = '{0:N2}x' -f ($bTheirs / $bOurs); Target = '>= 1x'; Met = if ($bTheirs -ge $bOurs) { 'yes' } else { 'NO' }
        })
    }
    finally {
        Remove-Item Env:DOCKER_BUILDKIT -ErrorAction SilentlyContinue
        foreach ($t in $buildTags) { & docker rmi -f $t *> $null }
        if (Test-Path -LiteralPath $buildCtx) { Remove-Item -LiteralPath $buildCtx -Recurse -Force }
    }
}
finally {
    $ids = & docker ps -aq --filter 'label=psdocker.bench=1'
    if ($ids) { & docker rm -f $ids | Out-Null }
}

# Pull and push of a multi-layer image through the loopback registry: the engine moves the bytes either way, so
# the two should take the same time; the rows show what the progress writer and the client add.
$registry = '127.0.0.1:5000'
$buildDir = Join-Path ([System.IO.Path]::GetTempPath()) "${prefix}ctx"
function New-BenchImage([string] $Reference) {
    # Fresh random layers each time: a push of it uploads every byte (nothing the registry already has).
    New-Item -ItemType Directory -Force $buildDir | Out-Null
    $lines = @("FROM $image") + (1..$Layers | ForEach-Object { "RUN dd if=/dev/urandom of=/layer$_.bin bs=1048576 count=$LayerMB 2>/dev/null" })
    Set-Content -Path (Join-Path $buildDir 'Dockerfile') -Value $lines
    $env:DOCKER_BUILDKIT = '0'
    & docker build -q --no-cache -t $Reference $buildDir 2>$null | Out-Null
    Remove-Item Env:DOCKER_BUILDKIT
    if ($LASTEXITCODE -ne 0) { throw "docker build $Reference failed" }
}
function Measure-Once([scriptblock] $Call) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $null = & $Call
    $watch.Elapsed.TotalMilliseconds
}
function Add-TransferRow([string] $Name, [double[]] $Ours, [double[]] $Theirs) {
    $o = Get-Median $Ours; $t = Get-Median $Theirs
    $rows.Add([pscustomobject]@{
        Benchmark = $Name; Containers = 'n/a'
        'PSDocker (ms)' = [math]::Round($o, 0); 'docker CLI (ms)' = [math]::Round($t, 0); 'Engine floor (ms)' = 'n/a'
        Speedup = '{0:N2}x' -f ($t / $o); Target = 'within 5%'; Met = if ($o -le $t * 1.05) { 'yes' } else { 'NO' }
    })
}
$benchRepo = "$registry/${prefix}layers"
$made = [System.Collections.Generic.List[string]]::new()
try {
    # Push: a new image (new layers) for every push, ours and docker's taking turns.
    $pushOurs = @(); $pushTheirs = @()
    for ($i = 0; $i -lt $TransferRuns; $i++) {
        # Each goes first in turn, so neither always meets a busier engine.
        foreach ($who in @(if ($i % 2) { 'docker', 'ours' } else { 'ours', 'docker' })) {
            $ref = "${benchRepo}:push-$who-$i-" + [guid]::NewGuid().ToString('n').Substring(0, 6)
            $made.Add($ref)
            New-BenchImage $ref
            if ($who -eq 'ours') { $pushOurs += Measure-Once { Invoke-ImagePush $ref } }
            else { $pushTheirs += Measure-Once { & docker push $ref; if ($LASTEXITCODE -ne 0) { throw "docker push $ref failed" } } }
        }
    }
    Add-TransferRow "push $Layers x $LayerMB MB new layers: Invoke-ImagePush vs docker push (median of $TransferRuns)" $pushOurs $pushTheirs

    # Pull: one image in the registry, removed locally before every pull.
    $pullRef = $made[0]
    $pullOurs = @(); $pullTheirs = @()
    foreach ($r in $made) { if ($r -ne $pullRef) { & docker rmi $r | Out-Null } }
    # Warm both paths first (the module's first pull pays for loading and JIT), untimed.
    & docker rmi $pullRef | Out-Null; $null = Invoke-ImagePull $pullRef
    & docker rmi $pullRef | Out-Null; & docker pull $pullRef | Out-Null
    for ($i = 0; $i -lt $TransferRuns; $i++) {
        foreach ($who in @(if ($i % 2) { 'docker', 'ours' } else { 'ours', 'docker' })) {
            & docker rmi $pullRef | Out-Null
            if ($who -eq 'ours') { $pullOurs += Measure-Once { Invoke-ImagePull $pullRef } }
            else { $pullTheirs += Measure-Once { & docker pull $pullRef; if ($LASTEXITCODE -ne 0) { throw "docker pull $pullRef failed" } } }
        }
    }
    Add-TransferRow "pull $Layers x $LayerMB MB layers: Invoke-ImagePull vs docker pull (median of $TransferRuns)" $pullOurs $pullTheirs
}
finally {
    foreach ($r in $made) { & docker rmi -f $r *> $null }
    Remove-Item -Recurse -Force $buildDir -ErrorAction Ignore
}

# Exec round trip: Invoke-ContainerCommand c -Command true (create, start attached, read to the end, exit code) against
# spawning `docker exec c true`, in one running container, same run, medians. Target: 5x faster than the CLI.
function Measure-ExecRoundTrip([int] $OurCalls, [int] $CliCallCount) {
    $name = "${prefix}exec-" + [guid]::NewGuid().ToString('n').Substring(0, 8)
    & docker run -d --name $name -l psdocker.bench=1 $image sh -c 'trap "exit 0" TERM; sleep 600 & wait' | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "docker run $name failed" }
    try {
        1..10 | ForEach-Object { $null = Invoke-ContainerCommand $name -Command true }
        1..3 | ForEach-Object { & docker exec $name true }
        $check = Invoke-ContainerCommand $name -Command sh, -c, 'echo ok; exit 3'
        if ($check.ExitCode -ne 3 -or $check.Output[0] -ne 'ok') { throw 'Invoke-ContainerCommand gave a wrong result.' }
        # Taking turns, call by call, so a busier moment of the engine falls on both alike.
        $watch = [System.Diagnostics.Stopwatch]::new()
        $oursTimes = [System.Collections.Generic.List[double]]::new()
        $theirsTimes = [System.Collections.Generic.List[double]]::new()
        for ($i = 0; $i -lt [math]::Max($OurCalls, $CliCallCount); $i++) {
            if ($i -lt $OurCalls) {
                $watch.Restart(); $null = Invoke-ContainerCommand $name -Command true; $oursTimes.Add($watch.Elapsed.TotalMilliseconds)
            }
            if ($i -lt $CliCallCount) {
                $watch.Restart(); & docker exec $name true; $theirsTimes.Add($watch.Elapsed.TotalMilliseconds)
            }
        }
        $ours = Get-Median $oursTimes.ToArray()
        $theirs = Get-Median $theirsTimes.ToArray()
        # The engine's own share: from the attached start to the end of the output (the cmdlet's debug timings), the
        # time runc takes to run `true` in the container. No client can make an exec faster than that.
        $floors = 1..[math]::Min(20, $OurCalls) | ForEach-Object {
            $debug = & { $DebugPreference = 'Continue'; Invoke-ContainerCommand $name -Command true 5>&1 } | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
            if ("$debug" -match 'started ([\d.]+) ms, output ended ([\d.]+) ms') { [double]$Matches[2] - [double]$Matches[1] }
        }
        $floor = if ($floors) { [math]::Round((Get-Median @($floors)), 2) } else { 'n/a' }
        [pscustomobject]@{
            Benchmark = 'exec round trip: Invoke-ContainerCommand c -Command true vs docker exec c true (median per call)'
            Containers = 1
            'PSDocker (ms)' = [math]::Round($ours, 2); 'docker CLI (ms)' = [math]::Round($theirs, 2); 'Engine floor (ms)' = $floor
            Speedup = '{0:N1}x' -f ($theirs / $ours); Target = '>= 5x'; Met = if ($theirs / $ours -ge 5) { 'yes' } else { 'NO' }
        }
    }
    finally { & docker rm -f $name *> $null }
}
$rows.Add((Measure-ExecRoundTrip ([math]::Max(20, [int]($CmdletCalls / 3))) $CliCalls))
# Copy rows: Copy-ContainerItem vs docker cp, one big file each way, each side going first in turn.
function Measure-Copy {
    $box = "${prefix}copy-" + [guid]::NewGuid().ToString('n').Substring(0, 6)
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) $box
    $null = New-Item -ItemType Directory -Path $dir
    try {
        & docker run -d --name $box $image sleep 3600 | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "docker run $box failed" }
        $file = Join-Path $dir 'big.bin'
        & sh -c "head -c $($CopyMB * 1000000) /dev/urandom > '$file'"
        # Warm both paths (the module's first copy pays for loading and JIT), untimed.
        Copy-ContainerItem $file "${box}:/warm.bin"; & docker cp "${box}:/warm.bin" (Join-Path $dir 'warm.bin') | Out-Null
        $inOurs = @(); $inTheirs = @(); $outOurs = @(); $outTheirs = @()
        for ($i = 0; $i -lt $CopyRuns; $i++) {
            foreach ($who in @(if ($i % 2) { 'docker', 'ours' } else { 'ours', 'docker' })) {
                & docker exec $box rm -f /in.bin
                if ($who -eq 'ours') { $inOurs += Measure-Once { Copy-ContainerItem $file "${box}:/in.bin" } }
                else { $inTheirs += Measure-Once { & docker cp $file "${box}:/in.bin"; if ($LASTEXITCODE -ne 0) { throw 'docker cp in failed' } } }
            }
            foreach ($who in @(if ($i % 2) { 'docker', 'ours' } else { 'ours', 'docker' })) {
                $out = Join-Path $dir 'out.bin'
                Remove-Item $out -ErrorAction Ignore
                if ($who -eq 'ours') { $outOurs += Measure-Once { Copy-ContainerItem "${box}:/in.bin" $out } }
                else { $outTheirs += Measure-Once { & docker cp "${box}:/in.bin" $out; if ($LASTEXITCODE -ne 0) { throw 'docker cp out failed' } } }
            }
        }
        foreach ($row in @(
                @{ Name = "copy $CopyMB MB file into a container: Copy-ContainerItem vs docker cp (median of $CopyRuns)"; Ours = $inOurs; Theirs = $inTheirs }
                @{ Name = "copy $CopyMB MB file out of a container: Copy-ContainerItem vs docker cp (median of $CopyRuns)"; Ours = $outOurs; Theirs = $outTheirs })) {
            $o = Get-Median $row.Ours; $t = Get-Median $row.Theirs
            $rows.Add([pscustomobject]@{
                Benchmark = $row.Name; Containers = 'n/a'
                'PSDocker (ms)' = [math]::Round($o, 0); 'docker CLI (ms)' = [math]::Round($t, 0); 'Engine floor (ms)' = 'n/a'
                Speedup = '{0:N2}x' -f ($t / $o); Target = 'no slower'; Met = if ($o -le $t * 1.05) { 'yes' } else { 'NO' }
            })
        }
    }
    finally {
        & docker rm -f $box *> $null
        Remove-Item -Recurse -Force $dir -ErrorAction Ignore
    }
}
Measure-Copy
# Log throughput: a container's $LogLines-line log read by Get-ContainerLog and by `docker logs` piped into pwsh, each
# in a fresh child pwsh (so each process's peak memory is its own), both written to Out-Null, taking turns, median of
# $LogRuns. Lines/s from the child's own stopwatch; peak = the child's peak working set. Target: twice the CLI's
# throughput, and memory that stays flat (peak within 100 MB of an idle pwsh with the module loaded).
function Measure-LogRead([string] $Container, [string] $Who) {
    $exe = [System.Environment]::ProcessPath
    [string[]] $pre = if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
    $read = if ($Who -eq 'ours') { "Get-ContainerLog '$Container' | Out-Null" } else { "docker logs '$Container' 2>&1 | Out-Null" }
    $child = @"
Import-Module '$((Resolve-Path $ModulePath).Path)'
`$null = Get-ContainerLog '$Container' -Tail 1; `$null = docker logs --tail 1 '$Container' 2>&1
`$me = Get-Process -Id `$PID; `$idle = `$me.WorkingSet64
`$w = [System.Diagnostics.Stopwatch]::StartNew()
$read
`$s = `$w.Elapsed.TotalSeconds; `$me.Refresh()
"RESULT `$s `$(`$me.PeakWorkingSet64) `$idle"
"@
    $out = & $exe @pre -NoProfile -NonInteractive -Command $child 2>&1
    $line = @($out | Where-Object { "$_" -like 'RESULT *' })
    if (-not $line) { throw "The $Who log read failed: $($out -join "`n")" }
    $null, $seconds, $peak, $idle = "$($line[0])" -split ' '
    [pscustomobject]@{ Seconds = [double]$seconds; PeakMB = [long]$peak / 1MB; IdleMB = [long]$idle / 1MB }
}
# The floor: the same logs request read whole in-process by a bare HTTP client over the socket (64 KiB reads, no frames
# parsed, no lines made): no client can read the log faster than the engine sends it.
if ($socketOk) {
    Add-Type -TypeDefinition @'
using System;
using System.Net.Http;
using System.Net.Sockets;
public static class PSDockerBenchLogFloor
{
    public static long Read(string socketPath, string path)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (ctx, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://docker/") };
        using var stream = client.GetStreamAsync(path).GetAwaiter().GetResult();
        var buffer = new byte[65536];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) { total += n; }
        return total;
    }
}
'@
}
$logName = "${prefix}log-" + [guid]::NewGuid().ToString('n').Substring(0, 8)
try {
    & docker run --name $logName -l psdocker.bench=1 $image awk "BEGIN { for (i = 0; i < $LogLines; i++) printf `"%07d INFO request served in 12 ms: GET /api/items?page=3 200`\n`", i }" > $null
    if ($LASTEXITCODE -ne 0) { throw 'docker run of the log container failed.' }
    $logOurs = [System.Collections.Generic.List[object]]::new(); $logTheirs = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $LogRuns; $i++) {
        foreach ($who in @(if ($i % 2) { 'docker', 'ours' } else { 'ours', 'docker' })) {
            if ($who -eq 'ours') { $logOurs.Add((Measure-LogRead $logName 'ours')) } else { $logTheirs.Add((Measure-LogRead $logName 'docker')) }
        }
    }
    $logFloor = if ($socketOk) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $null = [PSDockerBenchLogFloor]::Read('/var/run/docker.sock', "v$api/containers/$logName/logs?stdout=1&stderr=1&timestamps=1")
        '{0:N0}/s' -f ($LogLines / $watch.Elapsed.TotalSeconds)
    } else { 'n/a' }
    $oursRate = $LogLines / (Get-Median ([double[]]$logOurs.Seconds)); $theirsRate = $LogLines / (Get-Median ([double[]]$logTheirs.Seconds))
    $oursPeak = ($logOurs.PeakMB | Measure-Object -Maximum).Maximum; $theirsPeak = ($logTheirs.PeakMB | Measure-Object -Maximum).Maximum
    $oursGrowth = $oursPeak - ($logOurs.IdleMB | Measure-Object -Minimum).Minimum
    $rows.Add([pscustomobject]@{
        Benchmark = "log of $LogLines lines, lines/s (peak MB): Get-ContainerLog vs docker logs | pwsh (median of $LogRuns)"
        Containers = 1
        'PSDocker (ms)' = ('{0:N0}/s ({1:N0} MB)' -f $oursRate, $oursPeak); 'docker CLI (ms)' = ('{0:N0}/s ({1:N0} MB)' -f $theirsRate, $theirsPeak)
        'Engine floor (ms)' = $logFloor
        Speedup = '{0:N2}x' -f ($oursRate / $theirsRate); Target = '>= 2x, flat'
        Met = if ($oursRate -ge 2 * $theirsRate -and $oursGrowth -lt 100) { 'yes' } else { 'NO' }
    })
}
finally { & docker rm -f $logName *> $null }

# Events: the same window (the last 10 minutes, up to the moment of the call) read as objects and as the CLI's lines.
function Measure-EventRead([int] $EventRuns = 5) {
    $null = Get-DockerEvent -Since 10m; $null = & docker events --since 10m --until ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds())
    $ours = [System.Collections.Generic.List[double]]::new(); $theirs = [System.Collections.Generic.List[double]]::new()
    $count = 0
    for ($i = 0; $i -lt $EventRuns; $i++) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $count = @(Get-DockerEvent -Since 10m).Count
        $ours.Add($watch.Elapsed.TotalMilliseconds)
        $watch.Restart()
        $null = & docker events --since 10m --until ([DateTimeOffset]::UtcNow.ToUnixTimeSeconds())
        $theirs.Add($watch.Elapsed.TotalMilliseconds)
    }
    $o = Get-Median ([double[]]$ours); $t = Get-Median ([double[]]$theirs)
    [pscustomobject]@{
        Benchmark = "Get-DockerEvent -Since 10m ($count events) vs docker events --since 10m --until now | pwsh (median of $EventRuns)"
        Containers = 0
        'PSDocker (ms)' = [math]::Round($o, 2); 'docker CLI (ms)' = [math]::Round($t, 2)
        'Engine floor (ms)' = 'n/a'
        Speedup = '{0:N2}x' -f ($t / $o); Target = '>= 1x'
        Met = if ($o -le $t) { 'yes' } else { 'NO' }
    }
}
$rows.Add((Measure-EventRead))

# Networks, volumes and disk usage: each listing read as objects and as the CLI's JSON lines converted in this pwsh.
function Measure-EngineList([string] $Name, [scriptblock] $Ours, [scriptblock] $Theirs, [int] $Runs = 15) {
    for ($i = 0; $i -lt 3; $i++) { $null = & $Ours; $null = & $Theirs }
    $o = [System.Collections.Generic.List[double]]::new(); $t = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Runs; $i++) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew(); $null = & $Ours; $o.Add($watch.Elapsed.TotalMilliseconds)
        $watch.Restart(); $null = & $Theirs; $t.Add($watch.Elapsed.TotalMilliseconds)
    }
    $om = Get-Median ([double[]]$o); $tm = Get-Median ([double[]]$t)
    [pscustomobject]@{
        Benchmark = "$Name (median of $Runs)"
        Containers = 0
        'PSDocker (ms)' = [math]::Round($om, 2); 'docker CLI (ms)' = [math]::Round($tm, 2)
        'Engine floor (ms)' = 'n/a'
        Speedup = '{0:N2}x' -f ($tm / $om); Target = '>= 1x'
        Met = if ($om -le $tm) { 'yes' } else { 'NO' }
    }
}
$rows.Add((Measure-EngineList "Get-ContainerNetwork ($(@(Get-ContainerNetwork).Count) networks) vs docker network ls | ConvertFrom-Json" { Get-ContainerNetwork } { docker network ls --format '{{json .}}' | ConvertFrom-Json }))
$rows.Add((Measure-EngineList "Get-ContainerVolume ($(@(Get-ContainerVolume).Count) volumes) vs docker volume ls | ConvertFrom-Json" { Get-ContainerVolume } { docker volume ls --format '{{json .}}' | ConvertFrom-Json }))
$rows.Add((Measure-EngineList 'Get-DockerDiskUsage vs docker system df | ConvertFrom-Json' { Get-DockerDiskUsage } { docker system df --format '{{json .}}' | ConvertFrom-Json }))

# Readiness: from start to the first HTTP answer of a busybox httpd, Wait-Container -HttpPath vs docker run -d + a curl loop.
function Measure-ReadyWait([int] $Runs = 5) {
    $serve = 'mkdir -p /www; echo ok > /www/index.html; exec httpd -f -p 8080 -h /www'
    $bash = @'
start=$(date +%s%N)
id=$(docker run -d -l psdocker.bench=1 -p 127.0.0.1::8080 "$1" sh -c "$2")
hp=$(docker port "$id" 8080 | head -n 1)
until curl -s -o /dev/null "http://$hp/"; do sleep 0.1; done
end=$(date +%s%N)
echo "$(( (end - start) / 1000000 )) $id"
'@
    $ours = [System.Collections.Generic.List[double]]::new(); $theirs = [System.Collections.Generic.List[double]]::new()
    $startup = [System.Collections.Generic.List[double]]::new()
    $made = [System.Collections.Generic.List[string]]::new()
    try {
        for ($i = 0; $i -le $Runs; $i++) {
            $t0 = [DateTime]::UtcNow
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $c = Start-Container -Image $image -Detach -Label psdocker.bench=1 -Publish 127.0.0.1::8080 -Command sh, -c, $serve
            $null = $c | Wait-Container -HttpPath / -Port 8080 -Timeout 30
            $ms = $watch.Elapsed.TotalMilliseconds
            $made.Add($c.Id)
            $started = [DateTime]::Parse((& docker inspect -f '{{.State.StartedAt}}' $c.Id), [cultureinfo]::InvariantCulture, 'AdjustToUniversal')
            $line = (& bash -c $bash bench $image $serve) -split ' '
            $made.Add($line[1])
            if ($i -eq 0) { continue }   # the first of each warms up
            $ours.Add($ms); $theirs.Add([double]$line[0]); $startup.Add(($started - $t0).TotalMilliseconds)
        }
        $o = Get-Median ([double[]]$ours); $t = Get-Median ([double[]]$theirs); $f = Get-Median ([double[]]$startup)
        [pscustomobject]@{
            Benchmark = "start to first HTTP answer: Start-Container + Wait-Container -HttpPath vs docker run -d + curl loop (median of $Runs)"
            Containers = 1
            'PSDocker (ms)' = [math]::Round($o, 1); 'docker CLI (ms)' = [math]::Round($t, 1)
            'Engine floor (ms)' = [math]::Round($f, 1)
            Speedup = '{0:N2}x' -f ($t / $o); Target = '<= start-up + 100 ms'
            Met = if ($o - $f -le 100) { 'yes' } else { 'NO' }
        }

        # One probe attempt, on a container that is ready: the cmdlet's whole call, a curl spawn, a raw GET.
        $hp = (& docker port $made[0] 8080 | Select-Object -First 1)
        $handler = [System.Net.Http.HttpClientHandler]::new(); $handler.UseProxy = $false
        $client = [System.Net.Http.HttpClient]::new($handler); $client.DefaultRequestHeaders.ConnectionClose = $true
        1..5 | ForEach-Object { $null = Wait-Container $made[0] -HttpPath / -Port 8080; $null = & curl -s -o /dev/null "http://$hp/"; $null = $client.GetStringAsync("http://$hp/").GetAwaiter().GetResult() }
        $probe = Measure-Call { Wait-Container $made[0] -HttpPath / -Port 8080 } 50
        $curl = Measure-Call { & curl -s -o /dev/null "http://$hp/" } 20
        $raw = Measure-Call { $client.GetStringAsync("http://$hp/").GetAwaiter().GetResult() } 50
        $client.Dispose()
        [pscustomobject]@{
            Benchmark = 'one readiness attempt: Wait-Container -HttpPath on a ready container (inspect + probe + read-back) vs one curl spawn (median)'
            Containers = 1
            'PSDocker (ms)' = [math]::Round($probe, 2); 'docker CLI (ms)' = [math]::Round($curl, 2)
            'Engine floor (ms)' = [math]::Round($raw, 2)
            Speedup = '{0:N2}x' -f ($curl / $probe); Target = '>= 1x'
            Met = if ($probe -le $curl) { 'yes' } else { 'NO' }
        }
    }
    finally { if ($made.Count) { & docker rm -f $made *> $null } }
}
foreach ($row in Measure-ReadyWait) { $rows.Add($row) }

# One call over several engines: Get-Container -All over three engines (the lab engine, the TLS test engine, swarm lab
# node 5) in one call, against the same three calls one after another and against each engine alone (the slowest of
# them is the floor: one call asks all three at once). Each engine has EngineContainers containers of the bench.
function Measure-SeveralEngines([int] $Runs = 15, [int] $EngineContainers = 10) {
    $script:TestPrefix = $prefix
    . (Join-Path $PSScriptRoot '../TlsEngine.ps1')
    . (Join-Path $PSScriptRoot '../SwarmLab.ps1')
    $tls = $null
    $engines = @()
    try {
        $tls = Start-TlsEngine
        $node = Start-SwarmLabNode 5
        $certs = $tls.GoodCerts
        $tlsCli = @('-H', $tls.Address, '--tlsverify', '--tlscacert', "$certs/ca.pem", '--tlscert', "$certs/cert.pem", '--tlskey', "$certs/key.pem")
        & docker save $image | & docker @tlsCli load -q | Out-Null
        $cli = @(@(), $tlsCli, @('-H', $node.HostAddress))
        $engines = @('unix:///var/run/docker.sock', $tls.Address, $node.HostAddress)
        foreach ($c in $cli) {
            1..$EngineContainers | ForEach-Object { & docker @c create --network none -l psdocker.bench=1 "--name=$prefix$('fan{0:d3}' -f $_)" $image true | Out-Null }
        }
        $one = { Get-Container -All -HostAddress $engines -TlsCertPath $certs }
        $single = @(
            { Get-Container -All -HostAddress 'unix:///var/run/docker.sock' }
            { Get-Container -All -HostAddress $tls.Address -TlsCertPath $certs }
            { Get-Container -All -HostAddress $node.HostAddress }
        )
        $sequence = { foreach ($s in $single) { & $s } }
        $count = @(& $one).Count
        $expected = (@(& $single[0]).Count + @(& $single[1]).Count + @(& $single[2]).Count)
        if ($count -ne $expected) { throw "One call over three engines found $count containers, three calls $expected." }
        for ($i = 0; $i -lt 3; $i++) { $null = & $one; $null = & $sequence }
        $t = @{ One = [System.Collections.Generic.List[double]]::new(); Sequence = [System.Collections.Generic.List[double]]::new()
            E0 = [System.Collections.Generic.List[double]]::new(); E1 = [System.Collections.Generic.List[double]]::new(); E2 = [System.Collections.Generic.List[double]]::new() }
        $watch = [System.Diagnostics.Stopwatch]::new()
        for ($i = 0; $i -lt $Runs; $i++) {
            # Contenders take turns, each run starting one further along.
            $order = @('One', 'Sequence', 'E0', 'E1', 'E2')
            foreach ($who in @(0..4 | ForEach-Object { $order[($_ + $i) % 5] })) {
                $call = switch ($who) { 'One' { $one } 'Sequence' { $sequence } 'E0' { $single[0] } 'E1' { $single[1] } 'E2' { $single[2] } }
                $watch.Restart(); $null = & $call; $watch.Stop()
                $t[$who].Add($watch.Elapsed.TotalMilliseconds)
            }
        }
        $m = @{}; foreach ($k in @($t.Keys)) { $m[$k] = Get-Median ([double[]]$t[$k]) }
        $slowest = ($m.E0, $m.E1, $m.E2 | Measure-Object -Maximum).Maximum
        $range = { param($k) '{0:N1}-{1:N1}' -f ($t[$k] | Measure-Object -Minimum).Minimum, ($t[$k] | Measure-Object -Maximum).Maximum }
        [pscustomobject]@{
            Benchmark = "Get-Container -All over 3 engines (local, TLS, swarm node): one call vs 3 calls in a row; floor: slowest engine alone " +
                "(median of $Runs; min-max ms: one $(& $range 'One'), in a row $(& $range 'Sequence'); alone $('{0:N1}/{1:N1}/{2:N1}' -f $m.E0, $m.E1, $m.E2))"
            Containers = $count
            'PSDocker (ms)' = [math]::Round($m.One, 2); 'docker CLI (ms)' = [math]::Round($m.Sequence, 2)
            'Engine floor (ms)' = [math]::Round($slowest, 2)
            Speedup = '{0:N2}x of slowest' -f ($m.One / $slowest); Target = '<= 1.3x slowest'
            Met = if ($m.One -le 1.3 * $slowest) { 'yes' } else { 'NO' }
        }
    }
    finally {
        if ($tls) { Stop-TlsEngine $tls }
        if ($engines.Count) { & docker ps -aq --filter "name=^$prefix" --filter label=psdocker.bench=1 | ForEach-Object { & docker rm -f $_ *> $null } }
        Reset-SwarmLabNode 5
    }
}
$rows.Add((Measure-SeveralEngines))

Write-BenchTable
