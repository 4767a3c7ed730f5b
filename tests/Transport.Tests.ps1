# The transport under the cmdlets (issue 12): connections kept alive and reused, reconnecting after an engine or
# proxy restart, many runspaces sharing one pool without leaking sockets, and proxies and the client library's
# native-HTTP switch kept away from the engines. Real engines only: the lab engine (unix socket), the TLS test engine
# (tests/TlsEngine.ps1), swarm lab node 8 (a unix engine of this file's own, restarted here), and loopback forwarders
# (tests/Forwarder.ps1) that count the connections a client really opens. The streams (exec, attach, follow-logs)
# over every engine kind are in Transport.Streams.Tests.ps1.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/TlsEngine.ps1
    . $PSScriptRoot/SwarmLab.ps1
    . $PSScriptRoot/Forwarder.ps1

    $script:local = 'unix:///var/run/docker.sock'
    $script:tls = Start-TlsEngine
    # The client certificates, kept apart from the engine's folder.
    $script:certs = Join-Path $TestDrive 'certs'
    Copy-Item -Recurse $tls.GoodCerts $certs
    $script:tlsCli = @('-H', $tls.Address, '--tlsverify', '--tlscacert', "$certs/ca.pem", '--tlscert', "$certs/cert.pem", '--tlskey', "$certs/key.pem")
    & docker save $TestImage | & docker @tlsCli load -q | Out-Null
    # The process's first TLS handshake (and its JIT) done here, so no test meets it.
    Initialize-EngineClient @{ HostAddress = $tls.Address; TlsCertPath = $certs }
    $script:node = Start-SwarmLabNode 8

    # Forwarders made by a test, stopped at the end.
    $script:forwarders = [System.Collections.Generic.List[object]]::new()
    function script:New-TestForwarder {
        $f = Start-Forwarder @args
        $forwarders.Add($f)
        $f
    }

    # Sockets of this process that are connected to the engine listening on the unix socket $Path: the engine's
    # accepted sockets carry the path as their local address and name our socket as their peer.
    function script:Get-UnixEngineSocketCount([string] $Path) {
        $mine = [System.Collections.Generic.HashSet[string]]::new()
        $rows = @(& ss -xpH | ForEach-Object { , (-split $_) })
        foreach ($f in $rows) { if ($f.Count -ge 9 -and ($f[8..($f.Count - 1)] -join ' ') -match "pid=$PID,") { $null = $mine.Add($f[5]) } }
        @($rows | Where-Object { $_.Count -ge 8 -and $_[4] -eq $Path -and $mine.Contains($_[7]) }).Count
    }

    # Established TCP connections of this process to 127.0.0.1:$Port (the peer's port, not a listener's own), over
    # IPv4 or from a dual-mode IPv6 socket ([::ffff:127.0.0.1]:PORT).
    function script:Get-TcpEngineSocketCount([int] $Port) {
        @(& ss -tnpH state established | Where-Object {
                $f = -split $_
                $f.Count -ge 5 -and $f[3] -match "^(\[::ffff:)?127\.0\.0\.1\]?:$Port`$" -and $_ -match "pid=$PID,"
            }).Count
    }

    # $Runspaces runspaces of one pool (each imports the module), each making $Calls calls to one engine, all at once.
    # Returns one row per runspace: Ok (calls that succeeded) and Errors (the others, with their error ids).
    function script:Invoke-InRunspacePool([string] $HostAddress, [string] $CertPath, [int] $Runspaces, [int] $Calls) {
        $iss = [initialsessionstate]::CreateDefault2()
        $iss.ImportPSModule($env:PSDOCKER_MODULE)
        $pool = [runspacefactory]::CreateRunspacePool(1, $Runspaces, $iss, $Host)
        $pool.Open()
        try {
            $started = foreach ($i in 1..$Runspaces) {
                $ps = [powershell]::Create()
                $ps.RunspacePool = $pool
                $null = $ps.AddScript({
                        param($address, $certPath, $calls)
                        $target = @{ HostAddress = $address; ErrorAction = 'Stop' }
                        if ($certPath) { $target.TlsCertPath = $certPath }
                        $ok = 0
                        $errors = [System.Collections.Generic.List[string]]::new()
                        for ($k = 0; $k -lt $calls; $k++) {
                            try {
                                if ($k % 2) { $null = Get-Container -All @target }
                                elseif (-not (Get-DockerVersion @target).Version) { throw 'no version' }
                                $ok++
                            }
                            catch { $errors.Add("$($_.FullyQualifiedErrorId): $_") }
                        }
                        [pscustomobject]@{ Ok = $ok; Errors = $errors.ToArray() }
                    }).AddArgument($HostAddress).AddArgument($CertPath).AddArgument($Calls)
                [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
            }
            foreach ($s in $started) {
                if (-not $s.Handle.AsyncWaitHandle.WaitOne([timespan]::FromMinutes(3))) {
                    $s.PowerShell.Stop()
                    [pscustomobject]@{ Ok = 0; Errors = @('the runspace did not finish within 3 minutes') }
                }
                else { $s.PowerShell.EndInvoke($s.Handle) }
                $s.PowerShell.Dispose()
            }
        }
        finally { $pool.Dispose() }
    }
}

AfterAll {
    Stop-Forwarder $forwarders
    Stop-TlsEngine $tls
    Reset-SwarmLabNode 8
}

Describe 'Connection reuse' {
    It 'over TLS, 20 calls make one connection (counted on a forwarder in front of the TLS engine)' {
        $f = New-TestForwarder -Port $tls.Port
        $expected = (Invoke-Docker @tlsCli version -f '{{.Server.Version}}').Trim()
        $made = New-TestName 'reuse'
        Invoke-Docker @tlsCli create --name $made --network none $TestImage true | Out-Null
        for ($i = 0; $i -lt 10; $i++) {
            # The TLS handshake goes end to end through the forwarder: the engine's certificate names 127.0.0.1.
            (Get-DockerVersion -HostAddress $f.Address -TlsCertPath $certs).Version | Should -Be $expected
            @(Get-Container -All -HostAddress $f.Address -TlsCertPath $certs).Name | Should -Contain $made
        }
        # One connection: the version negotiation and all 20 calls, one after another, on the same kept-alive connection.
        $f.Accepted | Should -Be 1 -Because 'every call after the first reuses the pooled connection (and the negotiation runs on it too)'
        # It stays open for the next call.
        $f.Open | Should -Be 1
    }

    It 'over plain tcp (a forwarder in front of the lab engine''s unix socket), 20 calls make one connection' {
        $f = New-TestForwarder -UnixSocket /var/run/docker.sock
        $expected = (Invoke-Docker version -f '{{.Server.Version}}').Trim()
        for ($i = 0; $i -lt 10; $i++) {
            (Get-DockerVersion -HostAddress $f.Address).Version | Should -Be $expected
            $null = Get-Container -All -HostAddress $f.Address
        }
        $f.Accepted | Should -Be 1 -Because 'every call after the first reuses the pooled connection (and the negotiation runs on it too)'
        $f.Open | Should -Be 1
    }
}

Describe 'Reconnecting' {
    It 'reaches the TLS engine again after it was restarted between two calls, for reads and for a create' {
        (Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $certs).Version | Should -Not -BeNullOrEmpty
        $null = Get-Container -All -HostAddress $tls.Address -TlsCertPath $certs
        Restart-TlsEngine $tls
        # The connection kept from before the restart is dead: the next calls connect again, with no error.
        $expected = (Invoke-Docker @tlsCli version -f '{{.Server.Version}}').Trim()
        (Get-DockerVersion -HostAddress $tls.Address -TlsCertPath $certs).Version | Should -Be $expected
        $name = New-TestName 'afterrestart'
        $made = New-Container -Image $TestImage -Name $name -Network none -Command true -HostAddress $tls.Address -TlsCertPath $certs
        (Invoke-Docker @tlsCli inspect -f '{{.Id}}' $name).Trim() | Should -Be $made.Id
        @(Get-Container -All -HostAddress $tls.Address -TlsCertPath $certs).Name | Should -Contain $name
    }

    It 'reaches a unix-socket engine again after it was restarted between two calls (swarm lab node 8)' {
        (Get-DockerVersion -HostAddress $node.HostAddress).Version | Should -Not -BeNullOrEmpty
        $null = Get-Container -All -HostAddress $node.HostAddress
        Restart-SwarmLabNode 8
        $expected = (Invoke-NodeDocker 8 version -f '{{.Server.Version}}').Trim()
        (Get-DockerVersion -HostAddress $node.HostAddress).Version | Should -Be $expected
        $name = New-TestName 'afterrestart'
        $made = New-Container -Image $TestImage -Name $name -Network none -Command true -HostAddress $node.HostAddress
        (Invoke-NodeDocker 8 inspect -f '{{.Id}}' $name).Trim() | Should -Be $made.Id
        @(Get-Container -All -HostAddress $node.HostAddress).Name | Should -Contain $name
    }

    It 'connects again when a proxy closes every connection between two calls (TLS and plain tcp forwarders)' {
        $tlsFwd = New-TestForwarder -Port $tls.Port
        $tcpFwd = New-TestForwarder -UnixSocket /var/run/docker.sock
        foreach ($case in @(@{ F = $tlsFwd; Cert = @{ TlsCertPath = $certs } }, @{ F = $tcpFwd; Cert = @{} })) {
            $f = $case.F; $cert = $case.Cert
            $first = (Get-DockerVersion -HostAddress $f.Address @cert).Version
            $null = $f.CloseAll()
            (Get-DockerVersion -HostAddress $f.Address @cert).Version | Should -Be $first
            $null = $f.CloseAll()
            $null = Get-Container -All -HostAddress $f.Address @cert
            $f.Accepted | Should -BeGreaterThan 1 -Because 'each call after a close needs a new connection'
        }
    }

    It 'resends a read once when a kept-alive connection is closed as the request arrives (TLS and plain tcp forwarders)' {
        $tlsFwd = New-TestForwarder -Port $tls.Port
        $tcpFwd = New-TestForwarder -UnixSocket /var/run/docker.sock
        foreach ($case in @(@{ F = $tlsFwd; Cert = @{ TlsCertPath = $certs } }, @{ F = $tcpFwd; Cert = @{} })) {
            $f = $case.F; $cert = $case.Cert
            $first = (Get-DockerVersion -HostAddress $f.Address @cert).Version
            # The kept connection looks alive, but the proxy drops it when the next request comes: a stale socket.
            $f.DropOnNextRequest() | Should -BeGreaterThan 0 -Because 'the connection of the first call is kept for the next'
            (Get-DockerVersion -HostAddress $f.Address @cert).Version | Should -Be $first
            $f.Dropped | Should -Be 1
            $f.DropOnNextRequest() | Should -BeGreaterThan 0
            $null = Get-Container -All -HostAddress $f.Address @cert
            $f.Dropped | Should -Be 2
        }
    }
}

Describe 'Parallel runspaces' {
    # 16 runspaces, each with at most one request in flight, need at most 16 connections to one engine; twice that
    # leaves room for connections closing at that moment and for the few this file's earlier tests keep open.
    # Without pooling, 800 calls would leave up to 800 sockets behind (or none, each closed with its response).
    It 'makes 16 x 50 calls at once over the unix socket, all succeed, and leaves at most 32 sockets to the engine' {
        $before = Get-UnixEngineSocketCount /var/run/docker.sock
        # The count sees a connection of this process: one opened here by hand.
        $probe = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::Unix, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Unspecified)
        try {
            $probe.Connect([System.Net.Sockets.UnixDomainSocketEndPoint]::new('/var/run/docker.sock'))
            Start-Sleep -Milliseconds 200
            # At least the probe (pooled connections of earlier tests may close at this moment: no exact count).
            Get-UnixEngineSocketCount /var/run/docker.sock | Should -BeGreaterOrEqual 1
        }
        finally { $probe.Dispose() }
        $rows = @(Invoke-InRunspacePool -HostAddress $local -Runspaces 16 -Calls 50)
        $after = Get-UnixEngineSocketCount /var/run/docker.sock
        Write-Host "unix socket: sockets of this process to the engine before $before, after $after"
        @($rows.Errors | Where-Object { $_ }) | Should -BeNullOrEmpty
        ($rows.Ok | Measure-Object -Sum).Sum | Should -Be 800
        $after | Should -BeLessOrEqual 32
    }

    It 'makes 16 x 50 calls at once over TLS, all succeed on at most 32 connections, and leaves at most 32 open' {
        # Through a forwarder (TLS end to end), which counts the connections the 800 calls opened.
        $f = New-TestForwarder -Port $tls.Port
        # The first contact through this address made here, once: 16 runspaces starting together would share it, and
        # on a loaded machine that one contact can miss its 5 s limit (about_PSDocker, Connections).
        Initialize-EngineClient @{ HostAddress = $f.Address; TlsCertPath = $certs }
        $before = Get-TcpEngineSocketCount $f.Port
        $probe = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $f.Port)
        try { Get-TcpEngineSocketCount $f.Port | Should -BeGreaterOrEqual 1 }
        finally { $probe.Dispose() }
        $rows = @(Invoke-InRunspacePool -HostAddress $f.Address -CertPath $certs -Runspaces 16 -Calls 50)
        $after = Get-TcpEngineSocketCount $f.Port
        Write-Host "TLS: connections of this process to the engine before $before, after $after; $($f.Accepted) opened for 800 calls"
        @($rows.Errors | Where-Object { $_ }) | Should -BeNullOrEmpty
        ($rows.Ok | Measure-Object -Sum).Sum | Should -Be 800
        $after | Should -BeLessOrEqual 32
        $f.Accepted | Should -BeLessOrEqual 32 -Because 'the runspaces share one pool of kept-alive connections'
    }
}

Describe 'The environment does not misroute engine traffic' {
    BeforeAll {
        # Case-sensitive: HTTP_PROXY and http_proxy are two variables here, and each must get its own value back.
        $script:saved = [System.Collections.Generic.Dictionary[string, object]]::new([System.StringComparer]::Ordinal)
        foreach ($n in 'DOCKER_DOTNET_NATIVE_HTTP_ENABLED', 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy') {
            $saved[$n] = [Environment]::GetEnvironmentVariable($n)
        }
        $script:probeForwarder = New-TestForwarder -UnixSocket /var/run/docker.sock
        # A child pwsh that reaches each engine by the pooled leg (version, list) and by the upgrade leg (a foreground
        # run, which attaches), printing one line per probe: "name=value", or "name=error: message".
        function script:Get-ProbeScript {
            $tlsTarget = "-HostAddress $($tls.Address) -TlsCertPath '$certs'"
            $probes = [ordered]@{
                unix       = "(Get-DockerVersion -HostAddress $local).Version"
                tcp        = "(Get-DockerVersion -HostAddress $($probeForwarder.Address)).Version"
                tls        = "(Get-DockerVersion $tlsTarget).Version"
                tlslist    = "@(Get-Container -All $tlsTarget).Count"
                unixattach = "Start-Container -Image $TestImage -Name $(New-TestName 'probe') -Network none -AutoRemove -Command echo, attached -HostAddress $local"
                tlsattach  = "Start-Container -Image $TestImage -Name $(New-TestName 'probe') -Network none -AutoRemove -Command echo, attached $tlsTarget"
            }
            # Each probe is tried a second time only when a loaded machine made it miss the module's 5 s first-contact limit.
            "`$ErrorActionPreference = 'Stop'; Import-Module '$env:PSDOCKER_MODULE'; " +
            "function Probe([string] `$Name, [scriptblock] `$Do) { for (`$i = 0; `$i -lt 2; `$i++) { " +
            "try { return `"`$Name=`" + (& `$Do) } catch { `$e = `$_; if (`"`$e`" -notlike '*did not answer within*') { break } } }; `"`$Name=error: `$e`" }; " +
            (($probes.Keys | ForEach-Object { "Probe $_ { $($probes[$_]) }" }) -join '; ')
        }
        function script:Assert-Probe([string] $Output) {
            $Output | Should -Match "(?m)^unix=$unixVersion\s*$"
            $Output | Should -Match "(?m)^tcp=$unixVersion\s*$"
            $Output | Should -Match "(?m)^tls=$tlsVersion\s*$"
            $Output | Should -Match '(?m)^tlslist=\d+\s*$'
            $Output | Should -Match '(?m)^unixattach=attached\s*$'
            $Output | Should -Match '(?m)^tlsattach=attached\s*$'
        }
        # What the docker CLI sees, asked before any variable here is changed.
        $script:unixVersion = [regex]::Escape((Invoke-Docker version -f '{{.Server.Version}}').Trim())
        $script:tlsVersion = [regex]::Escape((Invoke-Docker @tlsCli version -f '{{.Server.Version}}').Trim())
    }
    AfterEach {
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
    }

    It 'reaches the TLS engine with DOCKER_DOTNET_NATIVE_HTTP_ENABLED=1 (the client library''s native transport switch)' {
        $env:DOCKER_DOTNET_NATIVE_HTTP_ENABLED = '1'
        $r = Invoke-ChildPwsh (Get-ProbeScript)
        Assert-Probe $r.Output
        $r.ExitCode | Should -Be 0
    }

    It 'reaches the unix socket and loopback tcp and TLS engines directly with HTTP_PROXY and HTTPS_PROXY set to a dead proxy' {
        # As the docker CLI does (Go's proxy rules never proxy loopback addresses); a remote tcp engine may still be proxied.
        # A loopback port nobody listens on: a request sent to this proxy would fail at once.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $deadPort = $listener.LocalEndpoint.Port; $listener.Stop()
        foreach ($n in 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy') {
            [Environment]::SetEnvironmentVariable($n, "http://127.0.0.1:$deadPort")
        }
        foreach ($n in 'NO_PROXY', 'no_proxy') { [Environment]::SetEnvironmentVariable($n, $null) }
        $r = Invoke-ChildPwsh (Get-ProbeScript)
        Assert-Probe $r.Output
        $r.ExitCode | Should -Be 0
    }
}
