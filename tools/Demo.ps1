<#
.SYNOPSIS
    PSDocker's main job, shown against the local engine (run by build.ps1 Demo in a child pwsh).
.DESCRIPTION
    What a new user most wants to see working, through the cmdlets only: the engine; an app image built
    from a folder with a build arg, pushed to the loopback registry, removed and pulled back with
    progress; that image run detached on a host port the engine picks, waited for until it answers HTTP,
    and reached at the address Get-ContainerPort -Single gives; a foreground run's
    output and caught exit code; inside the running container: a command's exit code and output, a file
    copied in, its changes, processes and statistics, and a snapshot committed as an image; a user network on which
    a second container reaches the app by name, and a volume whose data outlives its container; the engine's
    events for the demo and its disk usage; then everything removed by label.
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$width = [math]::Max(80, $Host.UI.RawUI.WindowSize.Width)
function Show([string] $Command) { Write-Host "> $Command" -ForegroundColor Cyan }
function Out-Width { $input | Out-String -Width $width | Write-Host }

Show 'Get-DockerVersion'
Get-DockerVersion | Format-Table -AutoSize | Out-Width
Show 'Get-DockerContext'
Get-DockerContext | Out-Width

# An app: a page whose text comes from a build arg, served by busybox httpd on port 80.
$app = Join-Path ([System.IO.Path]::GetTempPath()) ('psdocker-demo-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
$null = New-Item -ItemType Directory -Path $app
Set-Content -Path (Join-Path $app 'Dockerfile') -Value @'
FROM psdocker/busybox:latest
ARG VERSION=0
RUN mkdir -p /www && echo "hello from app $VERSION" > /www/index.html
EXPOSE 80
CMD ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait"]
'@
$image = '127.0.0.1:5000/psdocker-demo/app:1.0'
$snapshotRepo = '127.0.0.1:5000/psdocker-demo/snapshot'
$network = 'psdocker-demo-net'
$volume = 'psdocker-demo-data'
$started = [datetime]::UtcNow
try {
    Show "Invoke-ImageBuild -Path $app -Tag $image -BuildArg @{ VERSION = '1.0' }"
    Invoke-ImageBuild -Path $app -Tag $image -BuildArg @{ VERSION = '1.0' } | Out-Width
    Show "Invoke-ImagePush $image"
    Invoke-ImagePush $image | Out-Width
    Show "Remove-Image $image; Invoke-ImagePull $image   # a progress bar per layer"
    Remove-Image $image -Confirm:$false
    Invoke-ImagePull $image | Out-Width
    Show "Get-ImageHistory $image"
    Get-ImageHistory $image | Out-Width

    # docker run -d -p 80: the engine picks a free host port; wait until the server really answers, then ask where it is.
    Show "Start-Container -Image $image -Name psdocker-demo-web -Detach -Publish 80 -Label @{ demo = 'psdocker' }"
    Start-Container -Image $image -Name psdocker-demo-web -Detach -Publish 80 -Label @{ demo = 'psdocker' } | Out-Width
    Show 'Wait-Container psdocker-demo-web -HttpPath / -Port 80 -Timeout 00:00:30   # ready, not just started'
    Wait-Container psdocker-demo-web -HttpPath / -Port 80 -Timeout 00:00:30 | Out-Width
    Show 'Get-ContainerPort psdocker-demo-web 80'
    Get-ContainerPort psdocker-demo-web 80 | Out-Width
    Show '$url = "http://$(Get-ContainerPort psdocker-demo-web 80 -Single)/"; (Invoke-WebRequest $url).Content'
    $url = "http://$(Get-ContainerPort psdocker-demo-web 80 -Single)/"
    Write-Host $url
    Write-Host (Invoke-WebRequest $url -TimeoutSec 5).Content.Trim() '(the build arg, served through the published port)'

    # Inside the running container: a command's exit code and its two output streams, kept apart; piped input as stdin.
    Show "Invoke-ContainerCommand psdocker-demo-web -Command sh,-c,'cat /www/index.html; echo oops >&2; exit 3'"
    $r = Invoke-ContainerCommand psdocker-demo-web -Command sh, -c, 'cat /www/index.html; echo oops >&2; exit 3'
    Write-Host "ExitCode $($r.ExitCode); Output '$($r.Output -join '|')'; Error '$($r.Error -join '|')'"
    Show "'hello' | Invoke-ContainerCommand psdocker-demo-web -Command tr,a-z,A-Z"
    ('hello' | Invoke-ContainerCommand psdocker-demo-web -Command tr, a-z, A-Z).Output | Write-Host

    # A page copied in (docker cp), served at once; what changed in the container; a snapshot of it as an image.
    Set-Content -Path (Join-Path $app 'news.html') -Value 'copied in with Copy-ContainerItem'
    Show "Copy-ContainerItem $(Join-Path $app 'news.html') psdocker-demo-web:/www/news.html"
    Copy-ContainerItem (Join-Path $app 'news.html') psdocker-demo-web:/www/news.html
    Write-Host ((Invoke-WebRequest "${url}news.html" -TimeoutSec 5).Content.Trim())
    Show 'Get-ContainerChange psdocker-demo-web'
    Get-ContainerChange psdocker-demo-web | Out-Width
    Show 'Get-ContainerProcess psdocker-demo-web; Get-ContainerStatistic psdocker-demo-web'
    Get-ContainerProcess psdocker-demo-web | Out-Width
    Get-ContainerStatistic psdocker-demo-web | Out-Width
    Show "Invoke-ContainerCommit psdocker-demo-web -Repository $snapshotRepo -Tag v1 -Message 'with news'"
    Invoke-ContainerCommit psdocker-demo-web -Repository $snapshotRepo -Tag v1 -Message 'with news' | Out-Width

    Show "try { Start-Container -Image psdocker/busybox -AutoRemove -Command sh,-c,'echo one; echo two; exit 3' } catch [PSDocker.ContainerExitedException] { ... }"
    try { Start-Container -Image psdocker/busybox -AutoRemove -Command sh, -c, 'echo one; echo two; exit 3' | Write-Host }
    catch [PSDocker.ContainerExitedException] { Write-Host "exit code $($_.Exception.ExitCode), caught as $($_.FullyQualifiedErrorId)" }

    # A user network: a second container reaches the app by its name; a named volume keeps data across containers.
    Show "New-ContainerNetwork $network -Subnet 10.231.0.0/24 -Label @{ demo = 'psdocker' }; Connect-ContainerNetwork -Network $network -Container psdocker-demo-web"
    New-ContainerNetwork $network -Subnet 10.231.0.0/24 -Label @{ demo = 'psdocker' } | Out-Width
    Connect-ContainerNetwork -Network $network -Container psdocker-demo-web
    Show "Start-Container -Image psdocker/busybox -Network $network -AutoRemove -Command wget,-qO-,http://psdocker-demo-web/"
    Start-Container -Image psdocker/busybox -Network $network -AutoRemove -Label @{ demo = 'psdocker' } -Command wget, -qO-, http://psdocker-demo-web/ | Write-Host
    Show "Get-ContainerNetwork $network | Select-Object -ExpandProperty Containers"
    Get-ContainerNetwork $network | Select-Object -ExpandProperty Containers | Out-Width
    Show "New-ContainerVolume $volume; two containers, one after the other, mount it at /data"
    New-ContainerVolume $volume -Label @{ demo = 'psdocker' } | Out-Width
    Start-Container -Image psdocker/busybox -AutoRemove -Volume "${volume}:/data" -Label @{ demo = 'psdocker' } -Command sh, -c, 'echo kept in a volume > /data/note'
    Start-Container -Image psdocker/busybox -AutoRemove -Volume "${volume}:/data" -Label @{ demo = 'psdocker' } -Command cat, /data/note | Write-Host
    Show "Get-DockerEvent -Since '$($started.ToString('o'))' -Label demo=psdocker -Type container -Action start, die"
    Get-DockerEvent -Since $started -Label demo=psdocker -Type container -Action start, die | Out-Width
    Show 'Get-DockerDiskUsage'
    Get-DockerDiskUsage | Out-Width

    Show 'Get-Container -All'
    Get-Container -All | Out-Width
    Show 'Get-Image -Reference 127.0.0.1:5000/*'
    Get-Image -Reference '127.0.0.1:5000/*' | Out-Width
    Show 'Remove-Container -Label demo=psdocker -Force -PassThru; Remove-ContainerNetwork -Label demo=psdocker; Remove-ContainerVolume -Label demo=psdocker; Remove-Image ...'
    Remove-Container -Label demo=psdocker -Force -PassThru | Out-Width
}
finally {
    Remove-Container -Label demo=psdocker -Force -ErrorAction SilentlyContinue
    Remove-ContainerNetwork -Label demo=psdocker -Confirm:$false -ErrorAction SilentlyContinue
    Remove-ContainerVolume -Label demo=psdocker -Confirm:$false -ErrorAction SilentlyContinue
    Get-Image -Reference $image, "${snapshotRepo}:v1" -ErrorAction SilentlyContinue | Remove-Image -Force -Confirm:$false
    Remove-Item -Recurse -Force $app -ErrorAction SilentlyContinue
}
Write-Host "left behind: $(@(Get-Container -All -Label demo=psdocker).Count) containers, $(@(Get-ContainerNetwork -Label demo=psdocker).Count) networks, $(@(Get-ContainerVolume -Label demo=psdocker).Count) volumes, $(@(Get-Image -Reference $image, "${snapshotRepo}:v1" -ErrorAction SilentlyContinue).Count) images"
