<#
.SYNOPSIS
    PSDocker benchmarks (build.ps1 Bench). Prints one table.
.DESCRIPTION
    Row 1-2: a warm Get-Container -All call versus spawning `docker ps -a`, both timed in this same pwsh
    run, median of many calls, with the engine's own containers and with 50 more made for the run.
    Target: PSDocker at least 20x faster than spawning the CLI.
    Last row: a 20,000-file / 300 MB build context sent by Invoke-ImageBuild vs the legacy-builder docker build.
    Target: no slower than the CLI.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $CmdletCalls = 300,
    [int] $CliCalls = 40,
    [int] $ExtraContainers = 50
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

$rows = [System.Collections.Generic.List[object]]::new()
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
    $allTheirs = Measure-Call { & docker inspect @ids } ([math]::Max(5, [int]($CliCalls / 4)))
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
    if ($ids) { & docker rm -f @ids | Out-Null }
}

$rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
Write-Host "Engine: $((Get-DockerVersion).Version) (API $api); $CmdletCalls cmdlet calls and $CliCalls CLI spawns per row; medians."
Write-Host 'Engine floor: the same list request sent in-process with a bare HTTP client; no client can be faster than it.'
