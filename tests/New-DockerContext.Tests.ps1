BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/TlsEngine.ps1
    . $PSScriptRoot/DockerContexts.ps1

    $script:tls = Start-TlsEngine
    $script:certs = $tls.GoodCerts
    # A container on the lab engine, to prove which engine a context reached.
    $script:labContainer = New-TestName 'ctxlab'
    Invoke-Docker create --name $labContainer --network none $TestImage true | Out-Null
    # A first TLS contact from this process (code loaded, handshake) can pass the 5 s first-contact limit on a
    # busy machine: make it here, so the tests measure contexts, not the machine's load.
    foreach ($try in 1..3) {
        try { $null = Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $certs; break } catch { Start-Sleep -Seconds 2 }
    }
}

AfterAll {
    Remove-TestContainer $labContainer
    Stop-TlsEngine $tls
}

Describe 'New-DockerContext' {
    BeforeEach {
        $script:cfg = Enter-TestDockerConfig
        $script:other = New-TestConfigFolder
        $script:name = New-TestName 'ctx'
    }
    AfterEach { Exit-TestDockerConfig $cfg, $other }

    It 'makes a TLS context that docker --context NAME uses, and -Context too' {
        $ctx = New-DockerContext $name -HostAddress $tls.Address -TlsCertPath $certs -Description 'the TLS engine'
        $ctx | Should -BeOfType PSDocker.DockerContext
        $ctx.Name | Should -Be $name
        $ctx.HostAddress | Should -Be $tls.Address
        $ctx.UseTls | Should -BeTrue
        $ctx.TlsVerify | Should -BeTrue

        Invoke-Docker --context $name ps -a --format '{{.Names}}' | Out-Null
        (Invoke-Docker --context $name info --format '{{.DockerRootDir}}') | Should -Be "$($tls.Dir)/data"
        (Invoke-Docker context ls --format '{{.Name}}|{{.DockerEndpoint}}|{{.Description}}') | Should -Contain "$name|$($tls.Address)|the TLS engine"

        $v = Get-DockerVersion -Context $name
        $v.Endpoint.ContextName | Should -Be $name
        $v.Endpoint.UseTls | Should -BeTrue
    }

    It 'writes the very files docker context create writes for the same options (bytes, modes, layout)' {
        New-DockerContext $name -HostAddress $tls.Address -TlsCertPath $certs -Description 'q"<tls> & é' | Out-Null
        Invoke-Docker --config $other context create $name --description 'q"<tls> & é' `
            --docker "host=$($tls.Address),ca=$certs/ca.pem,cert=$certs/cert.pem,key=$certs/key.pem" | Out-Null

        Get-StoreTree $cfg | Should -Be (Get-StoreTree $other)
        $id = Get-ContextId $name
        Get-StoreTree $cfg | Should -Contain "-rw------- contexts/tls/$id/docker/key.pem"
        Get-StoreTree $cfg | Should -Contain "-rw-r--r-- contexts/meta/$id/meta.json"
        Get-StoreTree $cfg | Should -Contain "drwx------ contexts/tls/$id/docker"
        [Convert]::ToHexString((Get-ContextMetaBytes $cfg $name)) | Should -Be ([Convert]::ToHexString((Get-ContextMetaBytes $other $name)))
        foreach ($f in 'ca.pem', 'cert.pem', 'key.pem') {
            (Get-FileHash "$cfg/contexts/tls/$id/docker/$f").Hash | Should -Be (Get-FileHash "$certs/$f").Hash
        }
    }

    It 'writes what docker writes for skip-tls-verify, a socket, and no description' {
        New-DockerContext $name -HostAddress tcp://127.0.0.1:23760 -SkipTlsVerify | Out-Null
        Invoke-Docker --config $other context create $name --docker 'host=tcp://127.0.0.1:23760,skip-tls-verify=true' | Out-Null
        $sock = New-TestName 'ctxsock'
        New-DockerContext $sock unix:///var/run/docker.sock | Out-Null
        Invoke-Docker --config $other context create $sock --docker 'host=unix:///var/run/docker.sock' | Out-Null

        Get-StoreTree $cfg | Should -Be (Get-StoreTree $other)
        foreach ($n in $name, $sock) {
            [Text.Encoding]::UTF8.GetString((Get-ContextMetaBytes $cfg $n)) | Should -Be ([Text.Encoding]::UTF8.GetString((Get-ContextMetaBytes $other $n)))
        }
        (Get-DockerContext $name).TlsVerify | Should -BeFalse
        (Get-DockerContext $name).UseTls | Should -BeTrue
    }

    It 'writes a short address (HOST:PORT) in the full form docker reads' {
        New-DockerContext $name 127.0.0.1:23760 | Out-Null
        (Invoke-Docker context inspect $name --format '{{.Endpoints.docker.Host}}') | Should -Be 'tcp://127.0.0.1:23760'
    }

    It 'copies a context with -From as docker context create --from does, TLS files included' {
        $source = New-TestName 'ctxsrc'
        Invoke-Docker context create $source --description 'source' `
            --docker "host=$($tls.Address),ca=$certs/ca.pem,cert=$certs/cert.pem,key=$certs/key.pem" | Out-Null
        Invoke-Docker --config $other context create $source --description 'source' `
            --docker "host=$($tls.Address),ca=$certs/ca.pem,cert=$certs/cert.pem,key=$certs/key.pem" | Out-Null

        New-DockerContext $name -From $source | Out-Null
        Invoke-Docker --config $other context create $name --from $source | Out-Null

        Get-StoreTree $cfg | Should -Be (Get-StoreTree $other)
        [Text.Encoding]::UTF8.GetString((Get-ContextMetaBytes $cfg $name)) | Should -Be ([Text.Encoding]::UTF8.GetString((Get-ContextMetaBytes $other $name)))
        (Invoke-Docker --context $name info --format '{{.DockerRootDir}}') | Should -Be "$($tls.Dir)/data"
    }

    It 'copies the context in use when given no address, as docker context create NAME does (DOCKER_HOST)' {
        $env:DOCKER_HOST = 'tcp://127.0.0.1:23761'
        New-DockerContext $name | Out-Null
        Invoke-Docker --config $other context create $name | Out-Null
        [Text.Encoding]::UTF8.GetString((Get-ContextMetaBytes $cfg $name)) | Should -Be ([Text.Encoding]::UTF8.GetString((Get-ContextMetaBytes $other $name)))
        (Get-DockerContext $name).Description | Should -Be 'Current DOCKER_HOST based configuration'
    }

    It 'lists and uses a context made by docker context create (socket and TLS)' {
        Invoke-Docker context create $name --description 'made by docker' --docker 'host=unix:///var/run/docker.sock' | Out-Null
        $tlsName = New-TestName 'ctxtls'
        Invoke-Docker context create $tlsName --docker "host=$($tls.Address),ca=$certs/ca.pem,cert=$certs/cert.pem,key=$certs/key.pem" | Out-Null

        $listed = Get-DockerContext $name
        $listed.Description | Should -Be 'made by docker'
        $listed.HostAddress | Should -Be 'unix:///var/run/docker.sock'
        $c = Get-Container -Context $name -All -Name $labContainer
        $c.Name | Should -Be $labContainer
        $c.Endpoint.ContextName | Should -Be $name

        (Get-DockerContext $tlsName).TlsVerify | Should -BeTrue
        (Get-DockerInfo -Context $tlsName).DockerRootDir | Should -Be "$($tls.Dir)/data"
        # The lab engine's container is not on the TLS engine: the context reached the other engine.
        Get-Container -Context $tlsName -All -Name $labContainer -ErrorVariable missing -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.GetContainerCommand'

    }

    It 'refuses a name docker refuses, before writing anything' -TestCases @(
        @{ Bad = 'default' }, @{ Bad = 'a' }, @{ Bad = '_ctx' }, @{ Bad = 'a b' }, @{ Bad = 'ctx/x' }
    ) {
        $e = { New-DockerContext $Bad -HostAddress unix:///var/run/docker.sock } | Should -Throw -ErrorId 'InvalidContextName,PSDocker.Commands.NewDockerContextCommand' -PassThru
        $e.Exception.Message | Should -BeLike "*$Bad*"
        & docker context create $Bad --docker host=unix:///var/run/docker.sock 2>$null
        $LASTEXITCODE | Should -Not -Be 0
        Test-Path (Join-Path $cfg 'contexts') | Should -BeFalse
    }

    It 'accepts the names docker accepts' {
        foreach ($n in "$name.a+b_c-d", "9$name") {
            (New-DockerContext $n unix:///var/run/docker.sock).Name | Should -Be $n
            (Invoke-Docker context inspect $n --format '{{.Name}}') | Should -Be $n
        }
    }

    It 'gives ContextExists for a name docker already has, and leaves it alone' {
        Invoke-Docker context create $name --docker 'host=unix:///var/run/docker.sock' | Out-Null
        $before = Get-StoreTree $cfg
        { New-DockerContext $name -HostAddress $tls.Address -TlsCertPath $certs } | Should -Throw -ErrorId 'ContextExists,PSDocker.Commands.NewDockerContextCommand'
        Get-StoreTree $cfg | Should -Be $before
        (Invoke-Docker context inspect $name --format '{{.Endpoints.docker.Host}}') | Should -Be 'unix:///var/run/docker.sock'
    }

    It 'refuses bad TLS input before writing anything: <Case>' -TestCases @(
        @{ Case = 'missing folder'; Id = 'TlsCertificateNotFound'; Make = { param($d) @{ HostAddress = 'tcp://127.0.0.1:1'; TlsCertPath = "$d/none" } } }
        @{ Case = 'no ca.pem to verify with'; Id = 'TlsCertificateNotFound'; Make = { param($d) $null = New-Item -ItemType Directory "$d/noca"; Copy-Item "$certs/cert.pem", "$certs/key.pem" "$d/noca"; @{ HostAddress = 'tcp://127.0.0.1:1'; TlsCertPath = "$d/noca" } } }
        @{ Case = 'cert.pem without key.pem'; Id = 'TlsCertificateNotFound'; Make = { param($d) $null = New-Item -ItemType Directory "$d/nokey"; Copy-Item "$certs/ca.pem", "$certs/cert.pem" "$d/nokey"; @{ HostAddress = 'tcp://127.0.0.1:1'; TlsCertPath = "$d/nokey" } } }
        @{ Case = 'TLS for a socket'; Id = 'TlsNotSupportedForScheme'; Make = { param($d) @{ HostAddress = 'unix:///var/run/docker.sock'; TlsCertPath = $certs } } }
        @{ Case = 'TLS without an address'; Id = 'HostAddressRequired'; Make = { param($d) @{ SkipTlsVerify = $true } } }
        @{ Case = 'an http address'; Id = 'InvalidHostAddress'; Make = { param($d) @{ HostAddress = 'http://127.0.0.1:2375' } } }
    ) {
        $p = & $Make $other
        { New-DockerContext $name @p } | Should -Throw -ErrorId "$Id,PSDocker.Commands.NewDockerContextCommand"
        Test-Path (Join-Path $cfg 'contexts') | Should -BeFalse
    }

    It 'refuses a tcp:// address with no host (<Bad>), which docker cannot reach through a context' -TestCases @(
        @{ Bad = 'tcp://' }, @{ Bad = 'tcp:///' }, @{ Bad = 'tcp://user@' }
    ) {
        $e = { New-DockerContext $name -HostAddress $Bad } | Should -Throw -ErrorId 'InvalidHostAddress,PSDocker.Commands.NewDockerContextCommand' -PassThru
        $e.Exception.Message | Should -BeLike '*-HostAddress*tcp://HOST:PORT*'
        Test-Path (Join-Path $cfg 'contexts') | Should -BeFalse
        if ($Bad -eq 'tcp://') {
            & docker context create $name --docker "host=$Bad" 2>$null
            $LASTEXITCODE | Should -Not -Be 0
        }
    }

    It 'gives ContextNotFound for -From a context that does not exist' {
        { New-DockerContext $name -From "$name-none" } | Should -Throw -ErrorId 'ContextNotFound,PSDocker.Commands.NewDockerContextCommand'
        Test-Path (Join-Path $cfg 'contexts') | Should -BeFalse
    }

    It 'writes nothing with -WhatIf' {
        New-DockerContext $name -HostAddress $tls.Address -TlsCertPath $certs -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $cfg 'contexts') | Should -BeFalse
    }

    It 'takes -TlsCertPath relative to the current location, and never shows the key' {
        Push-Location (Split-Path $certs)
        try {
            $all = New-DockerContext $name -HostAddress $tls.Address -TlsCertPath (Split-Path -Leaf $certs) -Verbose *>&1 | Out-String
        }
        finally { Pop-Location }
        $keyLine = (Get-Content "$certs/key.pem")[1]
        $all | Should -Not -BeNullOrEmpty
        $all | Should -Not -Match ([regex]::Escape($keyLine))
        (Get-DockerContext $name).TlsVerify | Should -BeTrue
        @(Get-ChildItem -Force (Join-Path $cfg 'contexts')).Name | Sort-Object | Should -Be @('meta', 'tls')
    }
}
