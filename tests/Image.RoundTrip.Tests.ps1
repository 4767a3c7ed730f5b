# The image round trips a user runs, end to end and through the cmdlets only, each step cross-checked with
# the docker CLI: build with build args, push, remove, pull, run with a published port; log in to the
# registry that requires it and push and pull there; save and load.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Registry = '127.0.0.1:5000'
    $script:AuthRegistry = '127.0.0.1:5001'
    $script:Repo = "$Registry/$(New-TestName 'app')"
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) (New-TestName 'roundtrip')
    $null = New-Item -ItemType Directory -Path (Join-Path $Work 'app')
    # A small web app: the build arg ends up in the served page.
    Set-Content -Path (Join-Path $Work 'app/Dockerfile') -Value @"
FROM $TestImage
ARG VERSION=0
RUN mkdir -p /www && echo "app `$VERSION" > /www/index.html
EXPOSE 80
CMD ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait"]
"@
    $script:Config = Join-Path $Work 'docker-config'
    $null = New-Item -ItemType Directory -Path $Config
    function script:Get-FreePort {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $l.Start(); $p = $l.LocalEndpoint.Port; $l.Stop(); $p
    }
}

AfterAll {
    $ids = & docker ps -aq --filter "label=psdocker.roundtrip=$Repo"
    if ($ids) { & docker rm -f $ids *> $null }
    $images = & docker images --format '{{.Repository}}:{{.Tag}}' | Where-Object { $_ -like "$Repo*" -or $_ -like "$AuthRegistry/$TestPrefix*" }
    if ($images) { & docker rmi -f $images *> $null }
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'build, push, remove, pull, run (the issue''s own script)' {
    It 'builds with a build arg, pushes, removes, pulls back and serves the page on a published port' {
        Push-Location $Work
        try {
            $built = Invoke-ImageBuild -Path ./app -Tag "${Repo}:1.0" -BuildArg @{ VERSION = '1.0' }
        }
        finally { Pop-Location }
        $built | Should -BeOfType ([PSDocker.Image])
        $built.RepoTags | Should -Contain "${Repo}:1.0"
        $built.Id | Should -Be (Invoke-Docker image inspect -f '{{.Id}}' "${Repo}:1.0").Trim()

        $pushed = Invoke-ImagePush "${Repo}:1.0"
        $pushed | Should -Not -BeNullOrEmpty
        $digest = (Invoke-Docker image inspect -f '{{range .RepoDigests}}{{.}} {{end}}' "${Repo}:1.0").Trim()
        $digest | Should -Match ([regex]::Escape("$Repo@sha256:"))

        Remove-Image "${Repo}:1.0" -Confirm:$false
        & docker image inspect "${Repo}:1.0" *> $null
        $LASTEXITCODE | Should -Not -Be 0 -Because 'Remove-Image removed the only tag'

        $pulled = Invoke-ImagePull "${Repo}:1.0"
        $pulled | Should -BeOfType ([PSDocker.Image])
        $pulled.Id | Should -Be $built.Id -Because 'the registry gave back the image that was pushed'
        $pulled.RepoDigests | Should -Contain $digest

        $port = Get-FreePort
        $web = Start-Container -Image "${Repo}:1.0" -Detach -Publish "127.0.0.1:${port}:80" -Label @{ 'psdocker.roundtrip' = $Repo }
        $web.State | Should -Be 'Running'
        $page = $null
        foreach ($i in 1..20) {
            try { $page = (Invoke-WebRequest "http://127.0.0.1:$port/" -TimeoutSec 5).Content; break } catch { Start-Sleep -Milliseconds 250 }
        }
        $page | Should -Match 'app 1\.0' -Because 'the build arg reached the image'
    }

    It 'pushes and pulls with the docker CLI on the other side' {
        # docker pull reads what Invoke-ImagePush put in the registry, and the other way round.
        $tag = "${Repo}:cli"
        Invoke-Docker tag $TestImage $tag | Out-Null
        Invoke-ImagePush $tag | Out-Null
        Invoke-Docker rmi $tag | Out-Null
        Invoke-Docker pull -q $tag | Out-Null
        (Invoke-Docker image inspect -f '{{.Id}}' $tag).Trim() | Should -Be (Invoke-Docker image inspect -f '{{.Id}}' $TestImage).Trim()

        $tag2 = "${Repo}:cli2"
        Invoke-Docker tag $TestImage $tag2 | Out-Null
        Invoke-Docker push -q $tag2 | Out-Null
        Invoke-Docker rmi $tag2 | Out-Null
        (Invoke-ImagePull $tag2).RepoTags | Should -Contain $tag2
    }
}

Describe 'a registry that requires a login' {
    BeforeEach { $env:DOCKER_CONFIG = $Config }
    AfterEach { Remove-Item Env:DOCKER_CONFIG -ErrorAction SilentlyContinue }

    It 'refuses a push before the login, then pushes and pulls after Connect-ContainerRegistry' {
        $tag = "$AuthRegistry/$(New-TestName 'private'):1.0"
        Invoke-Docker tag $TestImage $tag | Out-Null
        { Invoke-ImagePush $tag -ErrorAction Stop } | Should -Throw -ErrorId 'RegistryAuthenticationFailed*'

        $secret = ConvertTo-SecureString 'psdocker-lab-password' -AsPlainText -Force
        Connect-ContainerRegistry $AuthRegistry -Credential ([pscredential]::new('psdocker', $secret)) -Confirm:$false | Out-Null
        Invoke-ImagePush $tag | Should -Not -BeNullOrEmpty
        Invoke-Docker rmi $tag | Out-Null
        # The docker CLI finds the same stored login (DOCKER_CONFIG is inherited).
        Invoke-Docker pull -q $tag | Out-Null
        Invoke-Docker rmi $tag | Out-Null
        (Invoke-ImagePull $tag).RepoTags | Should -Contain $tag
    }
}

Describe 'save and load' {
    It 'exports what Get-Image selects to one archive and imports it back, as docker save and load' {
        $a = "${Repo}:save-a"; $b = "${Repo}:save-b"
        Invoke-Docker tag $TestImage $a | Out-Null
        Invoke-Docker tag $TestImage $b | Out-Null
        $archive = Join-Path $Work 'images.tar'
        Get-Image -Reference "${Repo}:save-*" | Export-Image -Path $archive
        (Get-Item $archive).Length | Should -BeGreaterThan 1MB
        # docker load reads our archive: both tags come back.
        Invoke-Docker rmi $a $b | Out-Null
        $loaded = Invoke-Docker load -i $archive
        ($loaded -join "`n") | Should -Match ([regex]::Escape($a))
        ($loaded -join "`n") | Should -Match ([regex]::Escape($b))
        # And Import-Image reads docker save's.
        $cliArchive = Join-Path $Work 'cli.tar'
        Invoke-Docker save -o $cliArchive $a | Out-Null
        Invoke-Docker rmi $a $b | Out-Null
        $images = @(Import-Image -Path $cliArchive)
        $images.RepoTags | Should -Contain $a
        (Invoke-Docker image inspect -f '{{.Id}}' $a).Trim() | Should -Be $images[0].Id
    }
}
