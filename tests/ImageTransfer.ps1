# Shared set-up for the pull and push tests: images of this run's own in the loopback registries, a port nothing
# listens on, and a way to capture the progress records a command writes. Dot-source it after Common.ps1.

$script:Registry = '127.0.0.1:5000'
$script:AuthRegistry = '127.0.0.1:5001'
# The lab's login registry user (tools/lab.sh): a fixed test password of the lab, not a secret.
$script:AuthUser = 'psdocker'
$script:AuthPassword = 'psdocker-lab-password'

function Get-ClosedPort {
    # A loopback port nothing listens on: taken from the system, then released.
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $l.Start(); $p = $l.LocalEndpoint.Port; $l.Stop(); $p
}

function Test-AuthRegistry {
    # True when the lab's login registry answers 401 to an anonymous client.
    try { $r = Invoke-WebRequest "http://$script:AuthRegistry/v2/" -SkipHttpErrorCheck -TimeoutSec 3 } catch { return $false }
    $r.StatusCode -eq 401
}

function New-RegistryTag([string] $Suffix, [string] $Registry = $script:Registry) {
    # Tags the test image as REGISTRY/PREFIX-SUFFIX-xxxx:1.0, pushes it with docker and removes the local tag:
    # the registry has it, the engine does not.
    $repo = "$Registry/" + (New-TestName $Suffix)
    $ref = "${repo}:1.0"
    Invoke-Docker tag $script:TestImage $ref | Out-Null
    Invoke-Docker push $ref | Out-Null
    Invoke-Docker rmi $ref | Out-Null
    $ref
}

function New-LayeredImage([string] $Reference, [int] $LayerMB = 1, [int] $Layers = 2) {
    # Builds REFERENCE FROM the test image with LAYERS more layers of LAYERMB MB of random data each (legacy
    # builder), so a pull or push has several layers of some size to show.
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) (New-TestName 'ctx')
    New-Item -ItemType Directory $dir | Out-Null
    try {
        $lines = @("FROM $script:TestImage")
        for ($i = 1; $i -le $Layers; $i++) {
            $lines += "RUN dd if=/dev/urandom of=/layer$i.bin bs=1048576 count=$LayerMB 2>/dev/null"
        }
        $lines += "LABEL psdocker.test=$script:TestPrefix"
        Set-Content -Path (Join-Path $dir 'Dockerfile') -Value $lines
        $env:DOCKER_BUILDKIT = '0'
        Invoke-Docker build -q -t $Reference $dir | Out-Null
    }
    finally {
        Remove-Item Env:DOCKER_BUILDKIT -ErrorAction Ignore
        Remove-Item -Recurse -Force $dir
    }
}

function Remove-TestImage([string[]] $Reference) {
    foreach ($r in $Reference) { & docker rmi -f $r *> $null }
}

function Invoke-Captured([scriptblock] $Script, [object[]] $ArgumentList = @()) {
    # Runs SCRIPT in a runspace of its own in this process with progress on, and returns its output, errors and
    # progress records (the PowerShell API's Streams.Progress), as a host would receive them.
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; `$ProgressPreference = 'Continue'; `$VerbosePreference = 'Continue'; `$ErrorActionPreference = 'Continue'").AddStatement()
        $null = $ps.AddScript($Script.ToString())
        foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
        $output = $ps.Invoke()
        [pscustomobject]@{
            Output   = @($output)
            Errors   = @($ps.Streams.Error)
            Progress = @($ps.Streams.Progress)
            Verbose  = @($ps.Streams.Verbose | ForEach-Object Message)
        }
    }
    finally { $ps.Dispose() }
}
