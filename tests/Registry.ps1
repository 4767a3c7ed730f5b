# Shared set-up for the registry tests: dot-source it after Common.ps1.
# The lab's registry that requires a login (tools/lab.sh: keep these in sync with it).
$script:AuthRegistry = '127.0.0.1:5001'
$script:AuthRegistryUser = 'psdocker'
$script:AuthRegistryPassword = 'psdocker-lab-password'
$script:AuthRegistryImage = "$script:AuthRegistry/psdocker/busybox:latest"

function New-RegistryCredential([string] $User = $script:AuthRegistryUser, [string] $Password = $script:AuthRegistryPassword) {
    [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
}

function New-TestDockerConfig([string] $Json) {
    # A fresh docker config folder (not yet created on disk unless $Json is given), set as DOCKER_CONFIG
    # for this process and so for every docker CLI it starts.
    $dir = Join-Path ([IO.Path]::GetTempPath()) ("psdocker-cfg-" + [guid]::NewGuid().ToString('n')) | Join-Path -ChildPath 'docker'
    if ($Json) {
        $null = New-Item -ItemType Directory -Path $dir -Force
        Set-Content -Path (Join-Path $dir 'config.json') -Value $Json -NoNewline
    }
    $env:DOCKER_CONFIG = $dir
    $dir
}

function Read-TestDockerConfig {
    Get-Content -Raw (Join-Path $env:DOCKER_CONFIG 'config.json') | ConvertFrom-Json -AsHashtable
}

function Install-FakeCredentialHelper([string] $Name = 'psdtest') {
    # docker-credential-NAME on PATH: a shell script that keeps credentials in a file (one line per server:
    # url TAB user TAB secret) named by PSDTEST_HELPER_STORE, and logs each action (never the secret) to
    # that file's .log. It answers as docker-credential-helpers do.
    $bin = Join-Path ([IO.Path]::GetTempPath()) ("psdocker-helper-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $bin
    $script = @'
#!/bin/bash
store="${PSDTEST_HELPER_STORE:?PSDTEST_HELPER_STORE is not set}"
touch "$store"
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
case "$1" in
  get)
    IFS= read -r url || true
    echo "get $url" >>"$store.log"
    line=$(awk -F'\t' -v u="$url" '$1 == u { print; exit }' "$store")
    if [ -z "$line" ]; then echo "credentials not found in native keychain"; exit 1; fi
    IFS=$'\t' read -r u user secret <<<"$line"
    printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}\n' "$u" "$user" "$secret"
    ;;
  store)
    input=$(cat)
    url=$(printf '%s' "$input" | field ServerURL)
    user=$(printf '%s' "$input" | field Username)
    secret=$(printf '%s' "$input" | field Secret)
    [ -n "$url" ] || { echo "no server URL"; exit 1; }
    echo "store $url $user" >>"$store.log"
    awk -F'\t' -v u="$url" '$1 != u' "$store" >"$store.tmp"; mv "$store.tmp" "$store"
    printf '%s\t%s\t%s\n' "$url" "$user" "$secret" >>"$store"
    ;;
  erase)
    IFS= read -r url || true
    echo "erase $url" >>"$store.log"
    if ! awk -F'\t' -v u="$url" '$1 == u { found = 1 } END { exit !found }' "$store"; then
      echo "credentials not found in native keychain"; exit 1
    fi
    awk -F'\t' -v u="$url" '$1 != u' "$store" >"$store.tmp"; mv "$store.tmp" "$store"
    ;;
  list)
    echo "list" >>"$store.log"
    awk -F'\t' 'BEGIN { printf "{" } { printf "%s\"%s\":\"%s\"", (NR > 1 ? "," : ""), $1, $2 } END { print "}" }' "$store"
    ;;
  *) echo "unknown action $1"; exit 1 ;;
esac
'@
    $path = Join-Path $bin "docker-credential-$Name"
    Set-Content -Path $path -Value $script.Replace("`r`n", "`n") -NoNewline
    & chmod +x $path
    $env:PSDTEST_HELPER_STORE = Join-Path $bin 'store.tsv'
    $env:PATH = $bin + [IO.Path]::PathSeparator + $env:PATH
    [pscustomobject]@{ Bin = $bin; Store = $env:PSDTEST_HELPER_STORE; Log = "$($env:PSDTEST_HELPER_STORE).log" }
}

function Get-FakeHelperEntry([string] $Server) {
    if (-not (Test-Path $env:PSDTEST_HELPER_STORE)) { return $null }
    foreach ($line in Get-Content $env:PSDTEST_HELPER_STORE) {
        $f = $line -split "`t"
        if ($f[0] -eq $Server) { return [pscustomobject]@{ Server = $f[0]; User = $f[1]; Secret = $f[2] } }
    }
    $null
}

function Invoke-DockerPullExitCode([string] $Image) {
    # docker pull through the CLI (which reads DOCKER_CONFIG); its exit code and output.
    $output = & docker pull $Image 2>&1
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
}

function Invoke-DockerLogin([string] $Registry = $script:AuthRegistry, [string] $Password = $script:AuthRegistryPassword) {
    $output = $Password | & docker login -u $script:AuthRegistryUser --password-stdin $Registry 2>&1
    if ($LASTEXITCODE -ne 0) { throw "docker login $Registry failed: $output" }
}

function Get-StoredCredential([string] $Image) {
    # What pull and push will send for an image: RegistryCredentials.For (internal), called through reflection.
    $assembly = [PSDocker.Commands.ConnectContainerRegistryCommand].Assembly
    $referenceType = $assembly.GetType('PSDocker.Specs.ImageReference', $true)
    $flags = [Reflection.BindingFlags]'Static,NonPublic,Public'
    $reference = $referenceType.GetMethod('Parse', $flags).Invoke($null, @($Image, 'Name'))
    $for = $assembly.GetType('PSDocker.RegistryCredentials', $true).GetMethods($flags) |
        Where-Object { $_.Name -eq 'For' -and $_.GetParameters().Count -eq 2 }
    $for.Invoke($null, @($reference, $null))
}

function Invoke-EnginePull([string] $Image, $AuthConfig) {
    # POST /images/create on the lab engine with the AuthConfig as X-Registry-Auth (what Invoke-ImagePull sends);
    # returns the engine's JSON message lines.
    $name, $tag = $Image -split ':(?=[^:/]+$)'
    $headers = @()
    if ($AuthConfig) {
        $json = @{ username = $AuthConfig.Username; password = $AuthConfig.Password; serveraddress = $AuthConfig.ServerAddress } | ConvertTo-Json -Compress
        $encoded = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)).Replace('+', '-').Replace('/', '_')
        $headers = @('-H', "X-Registry-Auth: $encoded")
    }
    & curl -s --unix-socket /var/run/docker.sock -X POST @headers "http://localhost/images/create?fromImage=$([uri]::EscapeDataString($name))&tag=$tag"
}
