# Get-ContainerPort's reachable host:port (ReachableEndpoint, ToString, -Single) and -Publish with the container port only
# (a host port the engine picks), against the real engine, cross-checked with docker port and docker inspect.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:RegistryImage = '127.0.0.1:5000/psdocker/busybox'
    $script:Suite = New-TestName 'ports'      # a label value that marks every container this file makes

    function script:Wait-Http([string] $Url) {
        # The first answer of busybox httpd at $Url (any status), retried for up to 30 s while it starts.
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($true) {
            try { return Invoke-WebRequest $Url -SkipHttpErrorCheck -TimeoutSec 5 }
            catch { if ([DateTime]::UtcNow -gt $deadline) { throw } ; Start-Sleep -Milliseconds 200 }
        }
    }

    function script:Get-DockerPortBinding([string] $Name, [string] $Port) {
        # docker port NAME PORT: the "host:port" lines.
        @(Invoke-Docker port $Name $Port | ForEach-Object { "$_".Trim() } | Where-Object { $_ })
    }

    $script:web = Start-Container -Image $RegistryImage -Name (New-TestName 'web') -Detach -Publish 8080 `
        -Label @{ 'psdocker.suite' = $Suite } -Command httpd, -f, -p, 8080, -h, /
}

AfterAll {
    $ids = & docker ps -aq --filter "label=psdocker.suite=$Suite"
    if ($ids) { & docker rm -f -v $ids *> $null }
}

Describe 'Start-Container -Publish with the container port only' {
    It 'publishes on a host port the engine picks, on the same bindings as docker run -p 8080' {
        $inspect = Invoke-Docker inspect $web.Name | ConvertFrom-Json
        $inspect.HostConfig.PortBindings.'8080/tcp'[0].HostPort | Should -BeNullOrEmpty -Because 'no host port was asked for'
        $inspect.HostConfig.PortBindings.'8080/tcp'[0].HostIp | Should -BeNullOrEmpty

        $docker = New-TestName 'dockerp'
        Invoke-Docker run -d --name $docker -l "psdocker.suite=$Suite" -p 8080 $TestImage sleep 600 | Out-Null
        $theirs = @(Get-DockerPortBinding $docker 8080)
        $ours = @(Get-DockerPortBinding $web.Name 8080)
        $ours.Count | Should -Be $theirs.Count -Because 'the same bindings as docker run -p 8080 (IPv4 and IPv6 twins on this engine)'
        ($ours -replace ':\d+$', '') | Should -Be ($theirs -replace ':\d+$', '')

        $mappings = @(Get-ContainerPort $web 8080)
        $mappings.HostEndpoint | Should -Be $ours
        foreach ($m in $mappings) { $m.HostPort | Should -BeGreaterThan 0 }
    }

    It 'publishes on one address with a host port the engine picks: -Publish 127.0.0.1::8080' {
        $name = New-TestName 'ipport'
        $c = Start-Container -Image $TestImage -Name $name -Detach -Publish '127.0.0.1::8080' -Label @{ 'psdocker.suite' = $Suite } -Command sleep, 600
        $docker = @(Get-DockerPortBinding $name 8080)
        $docker | Should -HaveCount 1
        $docker[0] | Should -Match '^127\.0\.0\.1:\d+$'
        $p = Get-ContainerPort $c 8080 -Single
        $p.HostIP | Should -Be '127.0.0.1'
        $p.ReachableEndpoint | Should -Be $docker[0]
        $p.HostEndpoint | Should -Be $docker[0]
    }

    It 'New-Container -Publish 8080 binds a port the engine picks once the container starts' {
        $name = New-TestName 'newp'
        $c = New-Container -Image $TestImage -Name $name -Publish 8080 -Label @{ 'psdocker.suite' = $Suite } -Command sleep, 600
        $inspect = Invoke-Docker inspect $name | ConvertFrom-Json
        $inspect.HostConfig.PortBindings.'8080/tcp' | Should -HaveCount 1
        $inspect.HostConfig.PortBindings.'8080/tcp'[0].HostPort | Should -BeNullOrEmpty
        Invoke-Docker start $name | Out-Null
        $p = Get-ContainerPort $c 8080 -Single
        $p.HostPort | Should -Be ([int](@(Get-DockerPortBinding $name 8080)[0] -replace '^.*:', ''))
        $p.ToString() | Should -Be "127.0.0.1:$($p.HostPort)"
    }
}

Describe 'Get-ContainerPort host:port' {
    It 'formats as a reachable host:port, so a URL is one string away (the issue''s example)' {
        $url = "http://$(Get-ContainerPort $web 8080 -Single)/"
        $url | Should -Match '^http://127\.0\.0\.1:\d+/$'
        $hostPort = ((Get-DockerPortBinding $web.Name 8080) | Where-Object { $_ -like '0.0.0.0:*' }) -replace '^.*:', ''
        $url | Should -Be "http://127.0.0.1:$hostPort/"
        (Wait-Http $url).StatusCode | Should -BeIn 200, 403, 404 -Because 'busybox httpd answers through the published port'
    }

    It 'takes the container object and the port positionally, by pipeline too, and returns one PortMapping with -Single' {
        $positional = @(Get-ContainerPort $web 8080 -Single)
        $positional | Should -HaveCount 1
        $positional[0] | Should -BeOfType ([PSDocker.PortMapping])
        $piped = @($web | Get-ContainerPort -Port 8080 -Single)
        $piped | Should -HaveCount 1
        $piped[0].ReachableEndpoint | Should -Be $positional[0].ReachableEndpoint
        @(Get-ContainerPort $web -Single)[0].ReachableEndpoint | Should -Be $positional[0].ReachableEndpoint -Because 'one container port published: -Port is not needed'
    }

    It 'keeps the bound address in HostIP and HostEndpoint, and resolves 0.0.0.0 and :: in ReachableEndpoint' {
        $all = @(Get-ContainerPort $web 8080)
        foreach ($m in $all) {
            $expected = switch ($m.HostIP) { '0.0.0.0' { "127.0.0.1:$($m.HostPort)" } '::' { "[::1]:$($m.HostPort)" } default { throw "unexpected $($m.HostIP)" } }
            $m.ReachableEndpoint | Should -Be $expected
            "$m" | Should -Be $expected
        }
        $all.HostEndpoint | Should -Be @(Get-DockerPortBinding $web.Name 8080) -Because 'HostEndpoint stays as docker port prints it'
        $all[0].Endpoint | Should -Not -BeNullOrEmpty
        $all[0].Endpoint.ToString() | Should -Be $web.Endpoint.ToString()
    }

    It 'gives Get-Container''s ports the same ReachableEndpoint' {
        $listed = @((Get-Container $web.Name).Ports | Where-Object ContainerPort -EQ 8080)
        $listed | Should -Not -BeNullOrEmpty
        ($listed.ReachableEndpoint | Sort-Object) | Should -Be (@(Get-ContainerPort $web 8080).ReachableEndpoint | Sort-Object)
        $listed[0].ToString() | Should -Match '^(127\.0\.0\.1|\[::1\]):\d+$'
    }

    It 'writes ContainerPortAmbiguous for -Single without -Port when several container ports are published, naming them' {
        $name = New-TestName 'twoports'
        $c = Start-Container -Image $TestImage -Name $name -Detach -Publish '127.0.0.1::8080', '127.0.0.1::9000/udp' -Label @{ 'psdocker.suite' = $Suite } -Command sleep, 600
        $err = { Get-ContainerPort $c -Single } | Should -Throw -ErrorId 'ContainerPortAmbiguous,PSDocker.Commands.GetContainerPortCommand' -PassThru
        $err.Exception.Message | Should -Match '8080/tcp, 9000/udp'
        $err.Exception.Message | Should -Match ([regex]::Escape($name))
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-ContainerPort $c 9000/udp -Single).ReachableEndpoint | Should -Be @(Get-DockerPortBinding $name 9000/udp)[0]
    }

    It 'writes ContainerPortNotPublished for -Single on a container that publishes nothing, and goes on with the next' {
        $name = New-TestName 'noports'
        Invoke-Docker run -d --name $name -l "psdocker.suite=$Suite" --expose 7000 $TestImage sleep 600 | Out-Null
        $out = @(Get-ContainerPort $name, $web.Name -Single -ErrorAction SilentlyContinue -ErrorVariable err)
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ContainerPortNotPublished,PSDocker.Commands.GetContainerPortCommand'
        $err[0].Exception.Message | Should -Match ([regex]::Escape($name))
        $out | Should -HaveCount 1
        $out[0].ContainerPort | Should -Be 8080
    }
}
