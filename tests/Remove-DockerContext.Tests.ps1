BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/DockerContexts.ps1

    # TLS material for contexts that are only written and removed, never connected to.
    $script:pem = Join-Path ([System.IO.Path]::GetTempPath()) ('psdxpem-' + [guid]::NewGuid().ToString('n').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $pem
    & openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$pem/key.pem" -subj '/CN=psdx' -days 2 -out "$pem/cert.pem" 2>$null
    Copy-Item "$pem/cert.pem" "$pem/ca.pem"
    function script:New-CliContext([string] $Name, [string] $Config) {
        $cfgArgs = if ($Config) { @('--config', $Config) } else { @() }
        Invoke-Docker @cfgArgs context create $Name --description 'to remove' `
            --docker "host=tcp://127.0.0.1:23760,ca=$pem/ca.pem,cert=$pem/cert.pem,key=$pem/key.pem" | Out-Null
    }
}

AfterAll {
    Remove-Item -Recurse -Force $pem -ErrorAction SilentlyContinue
}

Describe 'Remove-DockerContext' {
    BeforeEach {
        $script:cfg = Enter-TestDockerConfig
        $script:other = New-TestConfigFolder
        $script:ctxName = New-TestName 'rm'
        $script:keep = New-TestName 'keep'
    }
    AfterEach { Exit-TestDockerConfig $cfg, $other }

    It 'leaves the store exactly as docker context rm does' {
        foreach ($dir in $cfg, $other) {
            New-CliContext $ctxName $dir
            New-CliContext $keep $dir
        }
        Get-StoreTree $cfg | Should -Be (Get-StoreTree $other)

        Remove-DockerContext $ctxName
        Invoke-Docker --config $other context rm $ctxName | Out-Null

        Get-StoreTree $cfg | Should -Be (Get-StoreTree $other)
        Get-StoreTree $cfg | Should -Not -Contain "drwx------ contexts/tls/$(Get-ContextId $ctxName)"
        Get-StoreTree $cfg | Should -Contain "drwx------ contexts/tls/$(Get-ContextId $keep)"
        @(Invoke-Docker context ls --format '{{.Name}}') | Should -Be @('default', $keep)
    }

    It 'removes a context New-DockerContext made, so docker no longer knows it' {
        New-DockerContext $ctxName -HostAddress tcp://127.0.0.1:23760 -TlsCertPath $pem | Out-Null
        Remove-DockerContext $ctxName
        & docker context inspect $ctxName 2>$null | Out-Null
        $LASTEXITCODE | Should -Not -Be 0
        Get-StoreTree $cfg | Should -Be @('drwxr-xr-x contexts/meta', 'drwx------ contexts/tls')
    }

    It 'takes contexts piped from Get-DockerContext, and names by value' {
        New-CliContext $ctxName
        New-CliContext $keep
        Get-DockerContext $ctxName | Remove-DockerContext
        (Get-DockerContext).Name | Should -Not -Contain $ctxName
        $keep | Remove-DockerContext
        @(Get-DockerContext).Name | Should -Be @('default')
    }

    It 'reports a missing context as ContextNotFound and still removes the others' {
        New-CliContext $ctxName
        Remove-DockerContext "$ctxName-none", $ctxName -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ContextNotFound,PSDocker.Commands.RemoveDockerContextCommand'
        $err[0].TargetObject | Should -Be "$ctxName-none"
        (Get-DockerContext).Name | Should -Not -Contain $ctxName
    }

    It 'says nothing about a missing context with -Force, as docker context rm -f' {
        Remove-DockerContext "$ctxName-none" -Force -ErrorVariable err
        $err | Should -BeNullOrEmpty
        & docker context rm -f "$ctxName-none" 2>$null | Out-Null
        $LASTEXITCODE | Should -Be 0
    }

    It 'refuses the current context of the config file unless -Force, which also resets it as docker context rm -f does' {
        foreach ($dir in $cfg, $other) { New-CliContext $ctxName $dir }
        Invoke-Docker --config $other context use $ctxName | Out-Null
        Copy-Item "$other/config.json" "$cfg/config.json"

        { Remove-DockerContext $ctxName -ErrorAction Stop } | Should -Throw -ErrorId 'ContextInUse,PSDocker.Commands.RemoveDockerContextCommand'
        (Invoke-Docker context show) | Should -Be $ctxName
        & docker --config $other context rm $ctxName 2>$null | Out-Null
        $LASTEXITCODE | Should -Not -Be 0

        Remove-DockerContext $ctxName -Force
        Invoke-Docker --config $other context rm -f $ctxName | Out-Null
        Get-StoreTree $cfg | Should -Be (Get-StoreTree $other)
        (Get-Content -Raw "$cfg/config.json" | ConvertFrom-Json -AsHashtable).Keys | Should -Not -Contain 'currentContext'
        (Invoke-Docker context show) | Should -Be 'default'
    }

    It 'refuses the context DOCKER_CONTEXT names unless -Force, as docker does' {
        New-CliContext $ctxName
        $env:DOCKER_CONTEXT = $ctxName
        Remove-DockerContext $ctxName -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ContextInUse,PSDocker.Commands.RemoveDockerContextCommand'
        & docker context rm $ctxName 2>$null | Out-Null
        $LASTEXITCODE | Should -Not -Be 0
        (Get-DockerContext $ctxName).Name | Should -Be $ctxName
    }

    It 'refuses the session default unless -Force, which also forgets it' {
        New-DockerContext $ctxName unix:///var/run/docker.sock | Out-Null
        Use-DockerContext $ctxName
        Remove-DockerContext $ctxName -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ContextInUse,PSDocker.Commands.RemoveDockerContextCommand'
        Remove-DockerContext $ctxName -Force
        @(Get-DockerContext | Where-Object SessionDefault).Count | Should -Be 0
        (Get-DockerVersion).Endpoint.Source | Should -Not -Be 'Session'
    }

    It 'refuses "default" and names docker refuses, before removing anything' {
        New-CliContext $ctxName
        { Remove-DockerContext $ctxName, 'default' } | Should -Throw -ErrorId 'InvalidContextName,PSDocker.Commands.RemoveDockerContextCommand'
        { Remove-DockerContext $ctxName, '../x' } | Should -Throw -ErrorId 'InvalidContextName,PSDocker.Commands.RemoveDockerContextCommand'
        (Get-DockerContext $ctxName).Name | Should -Be $ctxName
    }

    It 'removes nothing with -WhatIf' {
        New-CliContext $ctxName
        $before = Get-StoreTree $cfg
        Remove-DockerContext $ctxName -WhatIf
        Get-StoreTree $cfg | Should -Be $before
    }
}
