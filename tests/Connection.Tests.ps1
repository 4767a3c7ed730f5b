BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/TlsEngine.ps1

    $script:tls = Start-TlsEngine
    $goodCerts = $tls.GoodCerts
    function script:Invoke-TlsDocker {
        Invoke-Docker -H $tls.Address --tlsverify --tlscacert "$goodCerts/ca.pem" --tlscert "$goodCerts/cert.pem" --tlskey "$goodCerts/key.pem" @args
    }

    # A container that exists only on the TLS engine: proves which engine a call reached.
    & docker save $TestImage | & docker -H $tls.Address --tlsverify --tlscacert "$goodCerts/ca.pem" --tlscert "$goodCerts/cert.pem" --tlskey "$goodCerts/key.pem" load -q | Out-Null
    $script:tlsOnly = New-TestName 'tlsonly'
    Invoke-TlsDocker create --name $tlsOnly --network none $TestImage true | Out-Null

    # A docker config folder of our own with two contexts, as the docker CLI writes them.
    $script:configDir = Join-Path $tls.Dir 'dockerconfig'
    $null = New-Item -ItemType Directory -Path $configDir
    function script:New-ContextFolder([string] $Name, [string] $HostAddress, [string] $CertFolder) {
        $sha = [System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($Name))
        $id = [System.Convert]::ToHexString($sha).ToLowerInvariant()
        $meta = Join-Path $configDir "contexts/meta/$id"
        $null = New-Item -ItemType Directory -Path $meta -Force
        @{ Name = $Name; Metadata = @{ Description = "test context $Name" }; Endpoints = @{ docker = @{ Host = $HostAddress; SkipTLSVerify = $false } } } |
            ConvertTo-Json -Depth 5 | Set-Content (Join-Path $meta 'meta.json')
        if ($CertFolder) {
            $tlsDir = Join-Path $configDir "contexts/tls/$id/docker"
            $null = New-Item -ItemType Directory -Path $tlsDir -Force
            Copy-Item "$CertFolder/*.pem" $tlsDir
        }
    }
    New-ContextFolder 'psdt-tls' $tls.Address $goodCerts
    New-ContextFolder 'psdt-local' 'unix:///var/run/docker.sock' $null

    $script:savedEnv = @{}
    foreach ($name in 'DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS') {
        $savedEnv[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    function script:Reset-DockerEnvironment {
        foreach ($k in $savedEnv.Keys) { [Environment]::SetEnvironmentVariable($k, $savedEnv[$k]) }
        Use-DockerContext -Reset
    }
}

AfterAll {
    Reset-DockerEnvironment
    Stop-TlsEngine $tls
}

Describe 'Connection' {
    AfterEach { Reset-DockerEnvironment }

    Context 'an engine that cannot be reached' {
        It 'gives one terminating EngineUnreachable naming the endpoint for a missing socket' {
            $err = { Get-Container -HostAddress unix:///run/psdt-no-such.sock } | Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetContainerCommand' -PassThru
            $err.Exception.Message | Should -Match ([regex]::Escape('unix:///run/psdt-no-such.sock'))
            $err.Exception.Message | Should -Match 'there is no socket at /run/psdt-no-such.sock'
            $err.CategoryInfo.Category | Should -Be 'ConnectionError'
            $err.TargetObject | Should -BeOfType ([PSDocker.DockerEndpoint])
        }

        It 'gives EngineUnreachable for a refused tcp port' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
            { Get-DockerVersion -HostAddress "tcp://127.0.0.1:$port" } | Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetDockerVersionCommand'
        }

        It 'gives EngineUnreachable, not a hang, when the engine never answers' {
            # Accepts connections (the kernel completes the handshake) but never replies.
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            try {
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $err = { Get-Container -HostAddress "tcp://127.0.0.1:$($listener.LocalEndpoint.Port)" } |
                    Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetContainerCommand' -PassThru
                $watch.Stop()
                $err.Exception.Message | Should -Match 'did not answer within 5 seconds'
                # A behaviour bound (the 5 s connect timeout works), not a speed target.
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
            }
            finally { $listener.Stop() }
        }

        It 'stops at once on Ctrl+C (StopProcessing), with no error record for the stop' {
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Get-Container -HostAddress tcp://127.0.0.1:$($listener.LocalEndpoint.Port)")
                $async = $ps.BeginInvoke()
                Start-Sleep -Milliseconds 1500     # the module loads and the call is waiting on the silent engine
                $ps.InvocationStateInfo.State | Should -Be 'Running'
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Stop()
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                # Well before the 5 s connect timeout would have ended the call by itself.
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
                $ps.Streams.Error | Should -BeNullOrEmpty
            }
            finally { $ps.Dispose(); $listener.Stop() }
        }

        It 'rejects an address it cannot use with InvalidHostAddress' {
            $err = { Get-Container -HostAddress 'ssh://me@example' } | Should -Throw -ErrorId 'InvalidHostAddress,PSDocker.Commands.GetContainerCommand' -PassThru
            $err.Exception.Message | Should -Match 'ssh://'
            { Get-Container -HostAddress 'tcp://127.0.0.1:99999' } | Should -Throw -ErrorId 'InvalidHostAddress,PSDocker.Commands.GetContainerCommand'
        }

        It 'refuses -HostAddress and -Context together' {
            { Get-Container -HostAddress unix:///var/run/docker.sock -Context default } |
                Should -Throw -ErrorId 'ConflictingEndpointParameters,PSDocker.Commands.GetContainerCommand'
        }
    }

    Context 'TLS over tcp' {
        It 'reaches a TLS engine with the right client certificates' {
            $v = Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $tls.GoodCerts
            $v.Version | Should -Be (Invoke-TlsDocker version -f '{{.Server.Version}}').Trim()
            $v.Endpoint.UseTls | Should -BeTrue
            $v.Endpoint.Tls.Verify | Should -BeTrue
        }

        It 'is refused by the engine with a client certificate from another CA' {
            $err = { Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $tls.WrongClientCert } |
                Should -Throw -ErrorId 'EngineTlsFailed,PSDocker.Commands.GetDockerVersionCommand' -PassThru
            $err.CategoryInfo.Category | Should -Be 'SecurityError'
        }

        It 'refuses an engine whose certificate does not chain to ca.pem' {
            $err = { Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $tls.WrongCa } |
                Should -Throw -ErrorId 'EngineTlsFailed,PSDocker.Commands.GetDockerVersionCommand' -PassThru
            $err.Exception.Message | Should -Match ([regex]::Escape($tls.Address))
        }

        It 'says TLS is needed when none is given' {
            { Get-DockerVersion -HostAddress $tls.Address } | Should -Throw -ErrorId 'EngineTlsRequired,PSDocker.Commands.GetDockerVersionCommand'
        }

        It 'reports a missing certificate folder before connecting' {
            { Get-DockerVersion -HostAddress $tls.Address -TlsCertPath (Join-Path $tls.Dir 'nothing-here') } |
                Should -Throw -ErrorId 'TlsCertificateNotFound,PSDocker.Commands.GetDockerVersionCommand'
        }

        It 'reaches it with the netstandard2.0 build too (the Windows PowerShell 5.1 code path for PEM files)' {
            $desktopDll = Join-Path (Split-Path $env:PSDOCKER_MODULE) 'bin/netstandard2.0/PSDocker.dll'
            $r = Invoke-ChildPwsh "Import-Module '$desktopDll'; (Get-DockerVersion -HostAddress $($tls.Address) -TlsCertPath '$($tls.GoodCerts)').Version"
            $r.ExitCode | Should -Be 0 -Because $r.Output
            $r.Output.Trim() | Should -Be (Invoke-TlsDocker version -f '{{.Server.Version}}').Trim()
        }

        It 'reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH' {
            $env:DOCKER_HOST = $tls.Address
            $env:DOCKER_TLS_VERIFY = '1'
            $env:DOCKER_CERT_PATH = $tls.GoodCerts
            $c = Get-Container -All -Name $tlsOnly
            $c.Name | Should -Be $tlsOnly
            $c.Endpoint.Source | Should -Be 'DOCKER_HOST'
            $c.Endpoint.ToString() | Should -Be $tls.Address
        }
    }

    Context 'TLS without verifying the engine' {
        It 'encrypts without checking the engine''s certificate with DOCKER_TLS' {
            $env:DOCKER_HOST = $tls.Address
            $env:DOCKER_TLS = '1'
            $env:DOCKER_CERT_PATH = $tls.WrongCa      # its ca.pem would fail verification; DOCKER_TLS does not verify
            $v = Get-DockerVersion
            $v.Endpoint.Tls.Verify | Should -BeFalse
            $v.Version | Should -Not -BeNullOrEmpty
        }

        It 'still verifies with DOCKER_TLS_VERIFY and the same folder' {
            $env:DOCKER_HOST = $tls.Address
            $env:DOCKER_TLS_VERIFY = '1'
            $env:DOCKER_CERT_PATH = $tls.WrongCa
            { Get-DockerVersion } | Should -Throw -ErrorId 'EngineTlsFailed,PSDocker.Commands.GetDockerVersionCommand'
        }
    }

    Context 'contexts and the session default' {
        BeforeEach { $env:DOCKER_CONFIG = $configDir }

        It 'lists the default context and those in the docker config folder' {
            $contexts = Get-DockerContext
            $contexts.Name | Should -Be @('default', 'psdt-local', 'psdt-tls')
            ($contexts | Where-Object Name -EQ 'psdt-tls').HostAddress | Should -Be $tls.Address
            ($contexts | Where-Object Name -EQ 'psdt-tls').UseTls | Should -BeTrue
            ($contexts | Where-Object Current).Name | Should -Be 'default'
        }

        It 'reaches the engine of -Context, TLS material included' {
            $c = Get-Container -Context psdt-tls -All -Name $tlsOnly
            $c.Name | Should -Be $tlsOnly
            $c.Endpoint.ContextName | Should -Be 'psdt-tls'
            $c.Endpoint.Source | Should -Be 'Context'
        }

        It 'sends piped objects back to the engine they came from' {
            $again = Get-Container -Context psdt-tls -All -Name $tlsOnly | Get-Container
            $again.Name | Should -Be $tlsOnly
            $again.Endpoint.ToString() | Should -Be $tls.Address
            # ... and the default engine has no such container.
            Get-Container -Name $tlsOnly -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'uses DOCKER_CONTEXT when no parameter names an engine' {
            $env:DOCKER_CONTEXT = 'psdt-tls'
            (Get-DockerVersion).Endpoint.Source | Should -Be 'DOCKER_CONTEXT'
            (Get-Container -All -Name $tlsOnly).Name | Should -Be $tlsOnly
        }

        It 'uses currentContext of config.json after DOCKER_CONTEXT' {
            '{ "currentContext": "psdt-tls" }' | Set-Content (Join-Path $configDir 'config.json')
            try {
                $v = Get-DockerVersion
                $v.Endpoint.Source | Should -Be 'ConfigFile'
                $v.Endpoint.ToString() | Should -Be $tls.Address
                (Get-DockerContext | Where-Object Current).Name | Should -Be 'psdt-tls'
            }
            finally { Remove-Item (Join-Path $configDir 'config.json') }
        }

        It 'prefers DOCKER_HOST over DOCKER_CONTEXT, as the docker CLI does' {
            $env:DOCKER_CONTEXT = 'psdt-tls'
            $env:DOCKER_HOST = 'unix:///var/run/docker.sock'
            (Get-DockerVersion).Endpoint.Source | Should -Be 'DOCKER_HOST'
        }

        It 'gives ContextNotFound for an unknown context' {
            { Get-Container -Context psdt-nope } | Should -Throw -ErrorId 'ContextNotFound,PSDocker.Commands.GetContainerCommand'
        }

        It 'makes a context the session default with Use-DockerContext, and -Reset forgets it' {
            $env:DOCKER_HOST = 'unix:///run/psdt-no-such.sock'   # the session default must win over this
            Use-DockerContext psdt-tls
            $c = Get-Container -All -Name $tlsOnly
            $c.Endpoint.Source | Should -Be 'Session'
            (Get-DockerContext | Where-Object SessionDefault).Name | Should -Be 'psdt-tls'
            # An explicit parameter still wins over the session default.
            (Get-DockerVersion -HostAddress unix:///var/run/docker.sock).Endpoint.Source | Should -Be 'HostAddress'
            Use-DockerContext -Reset
            { Get-Container } | Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetContainerCommand'
        }

        It 'takes a context piped from Get-DockerContext' {
            Get-DockerContext psdt-tls | Use-DockerContext
            (Get-Container -All -Name $tlsOnly).Endpoint.ContextName | Should -Be 'psdt-tls'
        }

        It 'takes the engine of any other piped PSDocker object' {
            Get-Container -Context psdt-tls -All -Name $tlsOnly | Use-DockerContext
            $v = Get-DockerVersion
            $v.Endpoint.Source | Should -Be 'Session'
            $v.Endpoint.ToString() | Should -Be $tls.Address
        }

        It 'lists contexts even when DOCKER_HOST is malformed' {
            $env:DOCKER_HOST = 'ssh://nowhere'
            (Get-DockerContext).Name | Should -Contain 'psdt-tls'
            { Get-DockerVersion } | Should -Throw -ErrorId 'InvalidHostAddress,PSDocker.Commands.GetDockerVersionCommand'
        }

        It 'changes nothing with -WhatIf' {
            Use-DockerContext psdt-tls -WhatIf
            (Get-DockerVersion).Endpoint.Source | Should -Be 'Default'
        }

        It 'returns the endpoint with -PassThru' {
            $e = Use-DockerContext -HostAddress $tls.Address -TlsCertPath $tls.GoodCerts -PassThru
            $e | Should -BeOfType ([PSDocker.DockerEndpoint])
            $e.Source | Should -Be 'Session'
            (Get-Container -All -Name $tlsOnly).Endpoint.ToString() | Should -Be $tls.Address
        }
    }
}

Describe 'An engine that goes away' {
    # Runs last in this file: it stops the TLS engine.
    It 'gives EngineUnreachable after the engine that answered before has stopped' {
        (Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $tls.GoodCerts).Version | Should -Not -BeNullOrEmpty
        & kill -TERM $tls.Process.Id
        $tls.Process.WaitForExit(30000) | Should -BeTrue
        $err = { Get-Container -HostAddress $tls.Address -TlsCertPath $tls.GoodCerts } |
            Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetContainerCommand' -PassThru
        $err.Exception.Message | Should -Match ([regex]::Escape($tls.Address))
        # The cached client was dropped: the next call connects afresh and fails the same way.
        { Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $tls.GoodCerts } |
            Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetDockerVersionCommand'
    }
}

Describe 'Get-DockerVersion and Get-DockerInfo' {
    It 'agree with docker version' {
        $v = Get-DockerVersion
        $v | Should -BeOfType ([PSDocker.DockerVersion])
        $v.Version | Should -Be (Invoke-Docker version -f '{{.Server.Version}}').Trim()
        $v.ApiVersion | Should -Be (Invoke-Docker version -f '{{.Server.APIVersion}}').Trim()
        $v.MinApiVersion | Should -Be (Invoke-Docker version -f '{{.Server.MinAPIVersion}}').Trim()
        [version]$v.NegotiatedApiVersion | Should -BeLessOrEqual ([version]$v.ApiVersion)
        [version]$v.NegotiatedApiVersion | Should -BeLessOrEqual ([version]'1.54')
        $v.Endpoint.ToString() | Should -Be 'unix:///var/run/docker.sock'
    }

    It 'agrees with docker info' {
        $i = Get-DockerInfo
        $i | Should -BeOfType ([PSDocker.DockerInfo])
        $cli = Invoke-Docker info --format '{{json .}}' | ConvertFrom-Json
        $i.Id | Should -Be $cli.ID
        $i.Name | Should -Be $cli.Name
        $i.ServerVersion | Should -Be $cli.ServerVersion
        $i.StorageDriver | Should -Be $cli.Driver
        $i.CpuCount | Should -Be $cli.NCPU
        $i.MemoryTotal | Should -Be $cli.MemTotal
        $i.SwarmState | Should -Be $cli.Swarm.LocalNodeState
        $i.Containers | Should -Be ([int](Invoke-Docker info -f '{{.Containers}}'))
    }

    It 'show as tables' {
        (Get-DockerVersion | Format-Table | Out-String -Width 200) | Should -Match 'NegotiatedApi'
        (Get-DockerInfo | Format-Table | Out-String -Width 200) | Should -Match 'ServerVersion'
    }
}
