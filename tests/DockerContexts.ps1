# Shared by the context tests: each test gets a docker config folder of its own (DOCKER_CONFIG, for the cmdlets
# and the docker CLI alike), so the real ~/.docker/config.json that other test workers use is never written.

$script:ContextEnvNames = 'DOCKER_CONFIG', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS'
$script:SavedContextEnv = @{}
foreach ($envName in $ContextEnvNames) { $SavedContextEnv[$envName] = [Environment]::GetEnvironmentVariable($envName) }

function Enter-TestDockerConfig {
    # A new empty config folder, made the DOCKER_CONFIG of this process (and so of the docker CLI it runs),
    # with every other variable that picks an engine cleared. Returns the folder.
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('psdxcfg-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $dir
    foreach ($envName in $ContextEnvNames) { [Environment]::SetEnvironmentVariable($envName, $null) }
    $env:DOCKER_CONFIG = $dir
    $dir
}

function New-TestConfigFolder {
    # Another empty config folder (for `docker --config DIR`, to compare what both tools write).
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('psdxcfg-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $dir
    $dir
}

function Exit-TestDockerConfig {
    # Restores the variables and forgets the session default; removes the folders the test made.
    param([string[]] $Folder)
    foreach ($envName in $ContextEnvNames) { [Environment]::SetEnvironmentVariable($envName, $SavedContextEnv[$envName]) }
    Use-DockerContext -Reset
    foreach ($f in $Folder) { if ($f) { Remove-Item -Recurse -Force $f -ErrorAction SilentlyContinue } }
}

function Get-ContextId([string] $Name) {
    [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($Name))).ToLowerInvariant()
}

function Get-StoreTree([string] $ConfigDir) {
    # Every folder and file under contexts/, relative, with its Unix mode: what two stores are compared by.
    $root = Join-Path $ConfigDir 'contexts'
    if (-not (Test-Path $root)) { return @() }
    @(Get-ChildItem -Path $root -Recurse -Force | ForEach-Object {
            '{0} {1}' -f $_.UnixMode, [System.IO.Path]::GetRelativePath($ConfigDir, $_.FullName)
        } | Sort-Object { $_.Substring(11) })
}

function Get-ContextMetaBytes([string] $ConfigDir, [string] $Name) {
    [System.IO.File]::ReadAllBytes((Join-Path $ConfigDir "contexts/meta/$(Get-ContextId $Name)/meta.json"))
}
