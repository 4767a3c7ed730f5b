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

    # A name that resolves to the TLS engine (loopback) but is not on its certificate (127.0.0.1, localhost).
    $script:otherName = 'psdt-engine-' + [guid]::NewGuid().ToString('n').Substring(0, 6) + '.test'
    Add-Content -Path /etc/hosts -Value "127.0.0.1 $otherName"
    $script:otherAddress = "tcp://${otherName}:$($tls.Port)"

    # A stand-in engine at tcp://127.0.0.1:PORT/PREFIX: it strips the prefix, forwards GETs to the lab
    # engine's socket, and records the paths it was asked for.
    . $PSScriptRoot/StandIn.ps1
    function script:Start-PrefixForwarder([string] $Prefix, [int] $Requests) {
        $standIn = Start-StandIn -Requests $Requests -State @{ Prefix = "/$Prefix/" } -Respond {
            param($request, $i, $state)
            $path = $request.Url.PathAndQuery
            if (-not $path.StartsWith($state.Prefix)) { return @{ Status = 404 } }
            $headers = @{ 'Api-Version' = '1.41' }
            if ($request.HttpMethod -eq 'HEAD') { return @{ Headers = $headers } }
            $inner = $path.Substring($state.Prefix.Length - 1)
            @{ Headers = $headers; Body = (& curl -s --unix-socket /var/run/docker.sock "http://localhost$inner") -join "`n" }
        }
        $standIn.Address += "/$Prefix"
        $standIn
    }

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
    Set-Content -Path /etc/hosts -Value (Get-Content /etc/hosts | Where-Object { $_ -notmatch [regex]::Escape($otherName) })
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

        It 'refuses http:// and https:// addresses before sending anything, as docker does' {
            foreach ($address in 'https://127.0.0.1:23760', 'http://127.0.0.1:23760') {
                $err = { Get-Container -HostAddress $address } | Should -Throw -ErrorId 'InvalidHostAddress,PSDocker.Commands.GetContainerCommand' -PassThru
                $err.Exception.Message | Should -Match ([regex]::Escape($address))
                $env:DOCKER_HOST = $address
                { Get-DockerVersion } | Should -Throw -ErrorId 'InvalidHostAddress,PSDocker.Commands.GetDockerVersionCommand'
                $cli = & docker -H $address version 2>&1
                $LASTEXITCODE | Should -Not -Be 0
                "$cli" | Should -Match 'invalid bind address'
                Remove-Item Env:DOCKER_HOST
            }
        }

        It 'says an address that answers HTTP but is not a Docker engine is not one (the lab registry)' {
            $err = { Get-Container -HostAddress tcp://127.0.0.1:5000 } | Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetContainerCommand' -PassThru
            $err.Exception.Message | Should -Match 'not a Docker engine'
            $err.Exception.Message | Should -Match 'HTTP 404'
            $err.Exception.Message | Should -Match 'from -HostAddress'
            { Get-DockerVersion -HostAddress tcp://127.0.0.1:5000 } | Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetDockerVersionCommand'
        }

        It 'names where an unreachable address came from' {
            $env:DOCKER_HOST = 'tcp://127.0.0.1:9'
            $err = { Get-Container } | Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetContainerCommand' -PassThru
            $err.Exception.Message | Should -Match ([regex]::Escape("'tcp://127.0.0.1:9' (from DOCKER_HOST)"))
        }

        It 'refuses a named pipe where there are none (Linux), before connecting' {
            $err = { Get-Container -HostAddress npipe:////./pipe/docker_engine } | Should -Throw -ErrorId 'InvalidHostAddress,PSDocker.Commands.GetContainerCommand' -PassThru
            $err.Exception.Message | Should -Match 'Windows only'
        }

        It 'refuses -HostAddress and -Context together' {
            { Get-Container -HostAddress unix:///var/run/docker.sock -Context default } |
                Should -Throw -ErrorId 'ConflictingEndpointParameters,PSDocker.Commands.GetContainerCommand'
        }
    }

    Context 'TLS over tcp' {
        It 'reaches a TLS engine with the right client certificates' {
            # A second try only when the first contact ran out of time (see the netstandard2.0 case below).
            $v = try { Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $tls.GoodCerts }
            catch { if ("$_" -notlike '*did not answer within*') { throw }; Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $tls.GoodCerts }
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

        It 'refuses an engine whose certificate is not valid for the name it was reached by, as docker does' {
            # The name resolves to the same engine; only the certificate's names differ.
            $err = { Get-DockerVersion -HostAddress $otherAddress -TlsCertPath $tls.GoodCerts } |
                Should -Throw -ErrorId 'EngineTlsFailed,PSDocker.Commands.GetDockerVersionCommand' -PassThru
            $err.CategoryInfo.Category | Should -Be 'SecurityError'
            $err.Exception.Message | Should -Match "not valid for '$([regex]::Escape($otherName))'"
            $err.Exception.Message | Should -Match 'localhost'
            $env:DOCKER_HOST = $otherAddress; $env:DOCKER_TLS_VERIFY = '1'; $env:DOCKER_CERT_PATH = $tls.GoodCerts
            { Get-Container } | Should -Throw -ErrorId 'EngineTlsFailed,PSDocker.Commands.GetContainerCommand'
            Reset-DockerEnvironment
            $cli = & docker -H $otherAddress --tlsverify --tlscacert "$($tls.GoodCerts)/ca.pem" --tlscert "$($tls.GoodCerts)/cert.pem" --tlskey "$($tls.GoodCerts)/key.pem" version 2>&1
            $LASTEXITCODE | Should -Not -Be 0
            "$cli" | Should -Match 'certificate is valid for'
        }

        It 'reaches the same engine by the names its certificate lists (127.0.0.1 and localhost)' {
            foreach ($name in '127.0.0.1', 'localhost') {
                $v = Get-DockerVersion -HostAddress "tcp://${name}:$($tls.Port)" -TlsCertPath $tls.GoodCerts
                $v.Endpoint.Tls.Verify | Should -BeTrue
                $v.Version | Should -Not -BeNullOrEmpty
            }
        }

        It 'skips every check, the name included, with DOCKER_TLS and with a SkipTLSVerify context' {
            $env:DOCKER_HOST = $otherAddress; $env:DOCKER_TLS = '1'; $env:DOCKER_CERT_PATH = $tls.GoodCerts
            (Get-DockerVersion).Endpoint.Tls.Verify | Should -BeFalse
            Reset-DockerEnvironment
            $env:DOCKER_CONFIG = $configDir
            New-ContextFolder 'psdt-skip' $otherAddress $tls.GoodCerts   # a client certificate, but no check of the engine
            $meta = Get-ChildItem -Recurse (Join-Path $configDir 'contexts/meta') -Filter meta.json |
                Where-Object { (Get-Content -Raw $_.FullName) -match 'psdt-skip' }
            $json = Get-Content -Raw $meta.FullName | ConvertFrom-Json
            $json.Endpoints.docker.SkipTLSVerify = $true
            $json | ConvertTo-Json -Depth 5 | Set-Content $meta.FullName
            try {
                $ctx = Get-DockerContext psdt-skip
                $ctx.UseTls | Should -BeTrue
                $ctx.TlsVerify | Should -BeFalse
                $v = Get-DockerVersion -Context psdt-skip
                $v.Endpoint.Tls.Verify | Should -BeFalse
                $v.Version | Should -Not -BeNullOrEmpty
            }
            finally { Remove-Item -Recurse (Split-Path $meta.FullName) }
        }

        It 'says the engine wants a client certificate when none is given' {
            $caOnly = Join-Path $tls.Dir 'caonly'
            $null = New-Item -ItemType Directory -Force $caOnly
            Copy-Item (Join-Path $tls.GoodCerts 'ca.pem') $caOnly
            $err = { Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $caOnly } |
                Should -Throw -ErrorId 'EngineTlsFailed,PSDocker.Commands.GetDockerVersionCommand' -PassThru
            $err.Exception.Message | Should -Match 'requires a client certificate'
        }

        It 'says the engine does not speak TLS on a plain port' {
            $err = { Get-DockerVersion -HostAddress tcp://127.0.0.1:5000 -TlsCertPath $tls.GoodCerts } |
                Should -Throw -ErrorId 'EngineTlsFailed,PSDocker.Commands.GetDockerVersionCommand' -PassThru
            $err.Exception.Message | Should -Match 'does not seem to speak TLS'
        }

        It 'names a TLS file that is not PEM' {
            $badCa = Join-Path $tls.Dir 'badca'
            $null = New-Item -ItemType Directory -Force $badCa
            'not a certificate' | Set-Content (Join-Path $badCa 'ca.pem')
            $err = { Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $badCa } |
                Should -Throw -ErrorId 'TlsCertificateInvalid,PSDocker.Commands.GetDockerVersionCommand' -PassThru
            $err.Exception.Message | Should -Match ([regex]::Escape((Join-Path $badCa 'ca.pem')))
            $err.TargetObject | Should -Be (Join-Path $badCa 'ca.pem')
        }

        It 'accepts an engine whose certificate comes from an intermediate CA it sends, as docker does' {
            $standIn = Start-TlsStandIn -CertFile $tls.IntermediateLeaf.Cert -KeyFile $tls.IntermediateLeaf.Key -ChainFiles $tls.IntermediateLeaf.Chain
            try {
                $v = Get-DockerVersion -HostAddress $standIn.Address -TlsCertPath $tls.GoodCerts
                $v.Version | Should -Be '20.10.0'
                $v.Endpoint.Tls.Verify | Should -BeTrue
            }
            finally { Stop-Job $standIn.Job; Remove-Job $standIn.Job -Force }
            # openssl, given the same ca.pem, accepts the chain the stand-in sends.
            & openssl verify -CAfile (Join-Path $tls.GoodCerts 'ca.pem') -untrusted $tls.IntermediateLeaf.Chain -purpose sslserver $tls.IntermediateLeaf.Cert | Should -Match ': OK'
        }

        It 'refuses an engine certificate meant only for clients (no serverAuth), as docker does' {
            $standIn = Start-TlsStandIn -CertFile $tls.ClientOnlyServer.Cert -KeyFile $tls.ClientOnlyServer.Key -Connections 1
            try {
                $err = { Get-DockerVersion -HostAddress $standIn.Address -TlsCertPath $tls.GoodCerts } |
                    Should -Throw -ErrorId 'EngineTlsFailed,PSDocker.Commands.GetDockerVersionCommand' -PassThru
                $err.Exception.Message | Should -Match 'not meant for a server'
            }
            finally { Stop-Job $standIn.Job; Remove-Job $standIn.Job -Force }
            & openssl verify -CAfile (Join-Path $tls.GoodCerts 'ca.pem') -purpose sslserver $tls.ClientOnlyServer.Cert 2>&1 | Out-String | Should -Match 'unsuitable certificate purpose'
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
            # A second try only when the first contact ran out of time (a busy 2-core machine can take more than its 5 s
            # over the first TLS handshake of a fresh process); any other error fails at once.
            $call = "(Get-DockerVersion -HostAddress $($tls.Address) -TlsCertPath '$($tls.GoodCerts)').Version"
            $r = Invoke-ChildPwsh "Import-Module '$desktopDll'; try { $call } catch { if (`"`$_`" -notlike '*did not answer within*') { throw }; $call }"
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

    Context 'TLS variables and local sockets' {
        It 'lists over the plain socket when DOCKER_TLS_VERIFY and DOCKER_CERT_PATH are left in the environment, as docker does' {
            $env:DOCKER_TLS_VERIFY = '1'; $env:DOCKER_CERT_PATH = $tls.GoodCerts
            # Only this run's containers: other test files make and remove theirs at the same time.
            $expected = @(& docker -H unix:///var/run/docker.sock ps -a --filter "name=^$TestPrefix" --format '{{.ID}}')
            $LASTEXITCODE | Should -Be 0
            $list = @(Get-Container -All -Name "$TestPrefix*" -HostAddress unix:///var/run/docker.sock)
            @($list.ShortId | Sort-Object) | Should -Be @($expected | Sort-Object)
            @($list | Where-Object { $_.Endpoint.UseTls }).Count | Should -Be 0
            $env:DOCKER_HOST = 'unix:///var/run/docker.sock'
            $v = Get-DockerVersion
            $v.Endpoint.Source | Should -Be 'DOCKER_HOST'
            $v.Endpoint.UseTls | Should -BeFalse
            (Get-DockerContext default).UseTls | Should -BeFalse
        }

        It 'keeps the local socket when TLS variables are set without DOCKER_HOST' {
            $env:DOCKER_TLS_VERIFY = '1'; $env:DOCKER_CERT_PATH = $tls.GoodCerts
            $v = Get-DockerVersion
            $v.Endpoint.ToString() | Should -Be 'unix:///var/run/docker.sock'
            $v.Endpoint.UseTls | Should -BeFalse
        }

        It 'refuses -TlsCertPath given for a socket before connecting' {
            $err = { Get-Container -HostAddress unix:///var/run/docker.sock -TlsCertPath $tls.GoodCerts } |
                Should -Throw -ErrorId 'TlsNotSupportedForScheme,PSDocker.Commands.GetContainerCommand' -PassThru
            $err.Exception.Message | Should -Match '-TlsCertPath'
        }
    }

    Context 'paths given relative to the current location' {
        It 'resolves -TlsCertPath, DOCKER_CERT_PATH and DOCKER_CONFIG against the PowerShell location' {
            Push-Location $tls.Dir
            try {
                [System.Environment]::CurrentDirectory | Should -Not -Be $tls.Dir   # Set-Location does not move the process
                (Get-DockerVersion -HostAddress $tls.Address -TlsCertPath ./good).Endpoint.Tls.CaFile | Should -Be (Join-Path $tls.GoodCerts 'ca.pem')
                $env:DOCKER_HOST = $tls.Address; $env:DOCKER_TLS_VERIFY = '1'; $env:DOCKER_CERT_PATH = 'good'
                (Get-Container -All -Name $tlsOnly).Name | Should -Be $tlsOnly
                Reset-DockerEnvironment
                $env:DOCKER_CONFIG = 'dockerconfig'
                (Get-DockerContext).Name | Should -Contain 'psdt-tls'
                (Get-Container -Context psdt-tls -All -Name $tlsOnly).Name | Should -Be $tlsOnly
                # Tab completion reads the same folder.
                $line = 'Get-Container -Context psdt-t'
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'psdt-tls'
                $line = "Get-Container -Context psdt-tls -Name $($tlsOnly.Substring(0, 8))"
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $tlsOnly
            }
            finally { Pop-Location }
        }
    }

    Context 'an address with a base path' {
        It 'sends every request under the path, as the docker client does' {
            $made = New-TestName 'prefixed'
            Invoke-Docker create --name $made --network none $TestImage true | Out-Null
            try {
                # Room for more than the four requests expected: on a busy machine the docker CLI's ping can time out
                # and be sent again, and a stand-in that stopped answering would fail the CLI, not what is tested here.
                $engine = Start-PrefixForwarder -Prefix 'psdt-prefix' -Requests 12
                $list = @(Get-Container -All -HostAddress $engine.Address)
                $cli = @(& docker -H $engine.Address ps -a --format '{{.Names}}' 2>&1)
                $LASTEXITCODE | Should -Be 0 -Because "docker ps through the stand-in said: $cli"
            }
            finally {
                Remove-TestContainer $made
                $seen = @(if ($engine) { Stop-StandIn $engine })
            }
            $list.Name | Should -Contain $made
            ($list | Where-Object Name -EQ $made).Endpoint.ToString() | Should -Be $engine.Address
            $cli | Should -Contain $made
            $seen[0] | Should -Be '/psdt-prefix/version'
            $seen[1] | Should -Match '^/psdt-prefix/v1\.\d+/containers/json$'
            # The docker CLI, pointed at the same address, asks under the same prefix.
            $seen[2..($seen.Count - 1)] | ForEach-Object { $_ | Should -Match '^/psdt-prefix/' }
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
            (Get-DockerContext | Where-Object Current).Name | Should -Be 'default'
        }

        It 'marks default as current when DOCKER_HOST overrides the config file''s context, as docker context ls does' {
            '{ "currentContext": "psdt-tls" }' | Set-Content (Join-Path $configDir 'config.json')
            try {
                $env:DOCKER_HOST = 'unix:///var/run/docker.sock'
                (Get-DockerContext | Where-Object Current).Name | Should -Be 'default'
                (Get-DockerVersion).Endpoint.ToString() | Should -Be 'unix:///var/run/docker.sock'
                $cliCurrent = & docker context ls --format '{{.Name}} {{.Current}}' 2>$null | Where-Object { $_ -match ' true$' }
                $cliCurrent | Should -Be 'default true'
            }
            finally { Remove-Item (Join-Path $configDir 'config.json') }
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
            # Current is what calls use: the session default's context.
            (Get-DockerContext | Where-Object Current).Name | Should -Be 'psdt-tls'
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

        It 'lists contexts even when DOCKER_HOST is malformed, with the problem in Error' {
            $env:DOCKER_HOST = 'ssh://nowhere'
            (Get-DockerContext).Name | Should -Contain 'psdt-tls'
            (Get-DockerContext default).Error | Should -Match 'ssh://'
            (Get-DockerContext psdt-tls).Error | Should -BeNullOrEmpty
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
            # A session default given as an address is no context: none is current.
            @(Get-DockerContext | Where-Object Current).Count | Should -Be 0
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
        # Other test files make and remove containers at the same time (one can come and go between the two
        # docker calls even when their counts match): the counts must agree at one of twenty quiet moments.
        $agreed = $false
        $seen = foreach ($try in 1..20) {
            $before = [int](Invoke-Docker info -f '{{.Containers}}')
            $count = (Get-DockerInfo).Containers
            $after = [int](Invoke-Docker info -f '{{.Containers}}')
            "$before/$count/$after"
            if ($before -eq $after -and $count -eq $before) { $agreed = $true; break }
            Start-Sleep -Milliseconds 200
        }
        $agreed | Should -BeTrue -Because "Get-DockerInfo's count matched docker info's at a quiet moment (docker/ours/docker: $($seen -join ', '))"
    }

    It 'show as tables' {
        (Get-DockerVersion | Format-Table | Out-String -Width 200) | Should -Match 'NegotiatedApi'
        (Get-DockerInfo | Format-Table | Out-String -Width 200) | Should -Match 'ServerVersion'
    }
}
