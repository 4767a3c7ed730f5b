# The swarm lab in tests: extra engines ("nodes"), each in its own network namespace with its own address
# 10.250.0.N, that form real multi-node swarms on this one machine (tools/swarm-lab.sh does the work;
# Linux, as root). Node numbers are owned by test files, so files in parallel workers never share a node:
#   1, 2  swarm, nodes, secrets and configs     3, 4  services and tasks     5, 6  several engines at once
# A node has the test image loaded; from a node, the lab registries are 10.250.0.254:5002 (no login) and
# 10.250.0.254:5003 (psdocker / psdocker-lab-password).

$script:SwarmLabScript = Join-Path (Split-Path -Parent $PSScriptRoot) 'tools/swarm-lab.sh'
$script:SwarmLabDir = if ($env:PSDOCKER_LAB_DIR) { $env:PSDOCKER_LAB_DIR } else { '/var/lib/psdocker-lab' }

function Invoke-SwarmLab([string] $Command, [int[]] $Node) {
    $out = & bash $script:SwarmLabScript $Command @($Node | ForEach-Object { "$_" }) 2>&1
    if ($LASTEXITCODE -ne 0) { throw "tools/swarm-lab.sh $Command $($Node -join ' ') failed:`n$($out -join "`n")" }
}

function Get-SwarmLabNode([int[]] $Node) {
    foreach ($n in $Node) {
        [pscustomobject]@{
            Number      = $n
            Address     = "10.250.0.$n"
            Hostname    = "sw$n"
            HostAddress = "unix://$script:SwarmLabDir/sw$n/docker.sock"
        }
    }
}

# Starts the nodes (idempotent) and gives Number, Address, Hostname and HostAddress of each.
function Start-SwarmLabNode([int[]] $Node) {
    Invoke-SwarmLab up $Node
    Get-SwarmLabNode $Node
}

# Makes the nodes leave any swarm and removes their containers.
function Reset-SwarmLabNode([int[]] $Node) { Invoke-SwarmLab reset $Node }

# Stops and starts the nodes' engines, keeping their data (an autolocked swarm is then locked).
function Restart-SwarmLabNode([int[]] $Node) { Invoke-SwarmLab restart $Node }

# Stops the nodes and removes their namespaces and data.
function Stop-SwarmLabNode([int[]] $Node) { Invoke-SwarmLab down $Node }

# docker against one node: Invoke-NodeDocker 1 node ls
function Invoke-NodeDocker {
    param([Parameter(Mandatory, Position = 0)] [int] $Node, [Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & docker -H "unix://$script:SwarmLabDir/sw$Node/docker.sock" @Arguments
}
