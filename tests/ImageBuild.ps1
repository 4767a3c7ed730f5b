# Shared helpers of the Invoke-ImageBuild tests: dot-source after Common.ps1.

function New-BuildFolder([string] $Name) {
    # A fresh temp folder for a build context; removed by Remove-BuildFolder.
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ("$script:TestPrefix$Name-" + [guid]::NewGuid().ToString('n').Substring(0, 8))
    New-Item -ItemType Directory -Path $path | Out-Null
    $path
}

function Set-BuildFile([string] $Root, [string] $Path, [string] $Content = 'x') {
    # Writes a file (and its folders) under a context, with "\n" line ends and no BOM.
    $full = Join-Path $Root $Path
    $dir = Split-Path $full -Parent
    if (-not (Test-Path -LiteralPath $dir)) { New-Item -ItemType Directory -Path $dir -Force | Out-Null }
    [System.IO.File]::WriteAllText($full, $Content)
}

function Remove-BuildFolder([string[]] $Path) {
    foreach ($p in $Path) { if ($p -and (Test-Path -LiteralPath $p)) { Remove-Item -LiteralPath $p -Recurse -Force } }
}

function Remove-TestImage([string[]] $Reference) {
    # Removes only the images this run tagged (never prune: other runs share the engine).
    foreach ($r in $Reference) { & docker rmi -f $r *> $null }
}

function Get-ImageFileList([string] $Image, [string] $Folder = '/ctx') {
    # The files a build put in the image, as `find | sort` lists them in a container of it.
    $lines = & docker run --rm $Image sh -c "cd $Folder && find . | sort"
    if ($LASTEXITCODE -ne 0) { throw "docker run $Image failed: $lines" }
    @($lines)
}

function Invoke-LegacyDockerBuild {
    # docker build with the legacy builder (what Invoke-ImageBuild speaks to), throwing with its output on failure.
    $env:DOCKER_BUILDKIT = '0'
    try {
        $output = & docker build -q @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "docker build $($args -join ' ') failed: $output" }
    } finally {
        Remove-Item Env:DOCKER_BUILDKIT -ErrorAction SilentlyContinue
    }
}
