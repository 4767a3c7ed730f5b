# Shared by the image tag, history and save/load tests: test images of this run's own, and their clean-up.
# Dot-source after Common.ps1. Everything made here is named with the test prefix; nothing else is touched.

function New-TestImage {
    # Builds a small image FROM the lab's busybox with a label (a new image id of this run's own), optionally with a
    # file of $SizeMB megabytes of zeros; returns its tag.
    param([string] $Suffix, [int] $SizeMB = 0)
    $tag = (New-TestName $Suffix) + ':1'
    $dir = Join-Path ([IO.Path]::GetTempPath()) (New-TestName 'ctx')
    $null = New-Item -ItemType Directory -Path $dir
    $run = if ($SizeMB -gt 0) { "RUN dd if=/dev/zero of=/big bs=1048576 count=$SizeMB 2>/dev/null" } else { '' }
    Set-Content -Path (Join-Path $dir 'Dockerfile') -Value @"
FROM $script:TestImage
LABEL psdocker.test=$script:TestPrefix
RUN echo $tag > /made-by
$run
"@
    $env:DOCKER_BUILDKIT = '0'
    try { Invoke-Docker build -q -t $tag $dir | Out-Null } finally { Remove-Item $dir -Recurse -Force; Remove-Item Env:DOCKER_BUILDKIT }
    $tag
}

function Get-TestImageTag {
    # Every repository:tag on the engine made by this run's prefix (local names and names in the lab registry).
    & docker images --format '{{.Repository}}:{{.Tag}}' |
        Where-Object { $_ -like "$script:TestPrefix*" -or $_ -like "*/$script:TestPrefix*" }
}

function Remove-TestImage {
    # Removes every tag of this run's prefix, and the images they leave untagged (build layers included).
    $tags = @(Get-TestImageTag)
    if ($tags) { & docker rmi -f $tags *> $null }
    $dangling = @(& docker images -q --filter dangling=true --filter "label=psdocker.test=$script:TestPrefix")
    if ($dangling) { & docker rmi -f $dangling *> $null }
}

function Get-ImageId([string] $Reference) {
    (Invoke-Docker image inspect -f '{{.Id}}' $Reference).Trim()
}
