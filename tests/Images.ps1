# Test images for the image cmdlets' tests: dot-source after Common.ps1. Every image is built locally (no base
# image can be pulled) FROM the lab's busybox with the legacy builder, named with the test prefix and labelled
# with it, so the clean-up removes only what these tests made.

# The label every test image carries: its value is the test prefix, so Remove-AllTestImage finds only ours.
$script:ImageOwnerLabel = 'psdocker.test.owner'

function New-TestImage {
    # Builds a small image and returns its id ("sha256:..."). -Tag: the tags to give it (none: it stays dangling);
    # -Label: more "k=v" labels; each build writes a unique file, so each gives a new image with two parents.
    param([string[]] $Tag = @(), [string[]] $Label = @())
    $unique = [guid]::NewGuid().ToString('n')
    $dockerfile = "FROM $script:TestImage`nRUN echo $unique > /build-id`nCMD [""/bin/sh""]`n"
    $buildArgs = @('build', '-q', '--label', "$script:ImageOwnerLabel=$script:TestPrefix")
    foreach ($l in $Label) { $buildArgs += @('--label', $l) }
    foreach ($t in $Tag) { $buildArgs += @('-t', $t) }
    $env:DOCKER_BUILDKIT = '0'
    try {
        $output = $dockerfile | & docker @buildArgs - 2>&1
        if ($LASTEXITCODE -ne 0) { throw "docker build failed: $output" }
    }
    finally { Remove-Item Env:DOCKER_BUILDKIT }
    @($output | Where-Object { "$_" -match '^sha256:[0-9a-f]{64}$' })[-1].ToString()
}

function Get-DockerImageRow {
    # docker images' rows for the arguments given (a filter, a name), as "REPOSITORY:TAG ID" strings: the CLI's own
    # listing, for cross-checks.
    @(Invoke-Docker images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' @args | Where-Object { $_ })
}

function Remove-AllTestImage {
    # Removes every image these tests built (by the owner label), with its tags; never anything else.
    $ids = @(& docker images -aq --no-trunc --filter "label=$script:ImageOwnerLabel=$script:TestPrefix" | Sort-Object -Unique)
    if ($ids) { & docker rmi -f $ids *> $null }
}
