# One call over several engines (-Context a, b / -HostAddress x, y) against three real engines: the lab engine, the TLS
# test engine (tests/TlsEngine.ps1) and swarm lab node 5 (its own dockerd in its own network namespace). Each engine
# gets containers of this file's own names; every listing is narrowed to them. Cross-checked with the docker CLI.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/TlsEngine.ps1
    . $PSScriptRoot/SwarmLab.ps1
    . $PSScriptRoot/DockerContexts.ps1

    $script:tls = Start-TlsEngine
    $script:node = Start-SwarmLabNode 5
    $script:local = 'unix:///var/run/docker.sock'
    # The client certificates, kept apart: the last test stops the TLS engine, which takes its folder with it.
    $script:certs = Join-Path $TestDrive 'certs'
    Copy-Item -Recurse $tls.GoodCerts $certs
    # The docker CLI's arguments for each engine, by address.
    $script:cli = @{
        $local          = @()
        $tls.Address    = @('-H', $tls.Address, '--tlsverify', '--tlscacert', "$certs/ca.pem", '--tlscert', "$certs/cert.pem", '--tlskey', "$certs/key.pem")
        $node.HostAddress = @('-H', $node.HostAddress)
    }
    function script:Invoke-EngineDocker([string] $Engine) { $a = $cli[$Engine]; Invoke-Docker @a @args }
    & docker save $TestImage | & docker @($cli[$tls.Address]) load -q | Out-Null

    # Two created containers on each engine (nothing runs), all under one name stem only this file uses.
    $script:stem = New-TestName 'fan'
    $script:made = [ordered]@{}
    $script:engines = @($local, $tls.Address, $node.HostAddress)
    foreach ($engine in $engines) {
        $made[$engine] = @(1, 2 | ForEach-Object {
                $name = "$stem-$([array]::IndexOf($engines, $engine))$_"
                (Invoke-EngineDocker $engine create --name $name --network none $TestImage true | Select-Object -Last 1).Trim()
            })
    }
    $script:pattern = "$stem-*"
}

AfterAll {
    foreach ($engine in $made.Keys) {
        if ($engine -ne $tls.Address -or -not $tls.Process.HasExited) {
            $a = $cli[$engine]
            & docker @a rm -f $made[$engine] *> $null
        }
    }
    Stop-TlsEngine $tls
    Reset-SwarmLabNode 5
}

Describe 'One call over several engines' {
    It 'returns the containers of all three engines, each tagged with the engine it came from' {
        $rows = @(Get-Container $pattern -HostAddress $engines -TlsCertPath $certs)
        $rows | Should -HaveCount 6
        foreach ($engine in $engines) {
            $mine = @($rows | Where-Object { $_.Endpoint.ToString() -eq $engine })
            # The docker CLI, asked each engine on its own, sees exactly these.
            $cliIds = @(Invoke-EngineDocker $engine ps -a --no-trunc --filter "name=^$stem-" --format '{{.ID}}')
            ($mine.Id | Sort-Object) | Should -Be ($cliIds | Sort-Object)
            ($mine.Id | Sort-Object) | Should -Be ($made[$engine] | Sort-Object)
        }
        $rows | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'PSDocker.Container#Engines' }
        $rows | ForEach-Object { $_ | Should -BeOfType ([PSDocker.Container]) }
        ($rows | Where-Object { $_.Endpoint.ToString() -eq $tls.Address }).Endpoint.UseTls | Should -Be $true, $true
        # Engine (what the ENGINE column shows) filters and groups.
        @($rows | Where-Object Engine -eq $node.HostAddress).Endpoint.ForEach({ $_.ToString() }) | Should -Be $node.HostAddress, $node.HostAddress
        @($rows | Group-Object Engine).Count | Should -Be 3
    }

    It 'writes the engines one after another, in the order they were given' {
        $order = @($node.HostAddress, $local, $tls.Address)
        $rows = @(Get-Container $pattern -HostAddress $order -TlsCertPath $certs)
        $seen = @($rows | ForEach-Object { $_.Endpoint.ToString() })
        $seen | Should -Be @($order | ForEach-Object { $_; $_ })
    }

    It 'looks exactly as before when one engine is given, or the same engine twice' {
        $one = @(Get-Container $pattern -HostAddress $local)
        $one | Should -HaveCount 2
        $one | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'PSDocker.Container' }
        $twice = @(Get-Container $pattern -HostAddress $local, $local)
        ($twice.Id | Sort-Object) | Should -Be ($one.Id | Sort-Object)
        $twice | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'PSDocker.Container' }
    }

    It 'acts on each piped object on its own engine' {
        $rows = @(Get-Container $pattern -HostAddress $engines -TlsCertPath $certs)
        $again = @($rows | Get-Container)
        $again.Id | Should -Be $rows.Id
        ($again | ForEach-Object { $_.Endpoint.ToString() }) | Should -Be ($rows | ForEach-Object { $_.Endpoint.ToString() })
        $again | ForEach-Object { $_.IsInspected | Should -Be $true }
    }

    It 'asks every engine for the other opted-in Get-* cmdlets too' {
        $versions = @(Get-DockerVersion -HostAddress $engines -TlsCertPath $certs)
        ($versions | ForEach-Object { $_.Endpoint.ToString() }) | Should -Be $engines
        $versions | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'PSDocker.DockerVersion#Engines' }
        $images = @(Get-Image $TestImage -HostAddress $engines -TlsCertPath $certs)
        @($images | ForEach-Object { $_.Endpoint.ToString() } | Select-Object -Unique) | Should -Be $engines
        $info = @(Get-DockerInfo -HostAddress $local, $node.HostAddress)
        $info[1].Name | Should -Be (Invoke-EngineDocker $node.HostAddress info --format '{{.Name}}').Trim()
    }

    It 'refuses several engines on a cmdlet that acts on one, and sends nothing' {
        $name = New-TestName 'fan-refused'
        { New-Container -Name $name -Image $TestImage -HostAddress $local, $node.HostAddress -ErrorAction Stop } |
            Should -Throw -ErrorId 'SeveralEnginesNotSupported,PSDocker.Commands.NewContainerCommand'
        foreach ($engine in $local, $node.HostAddress) {
            Invoke-EngineDocker $engine ps -a -q --filter "name=^$name" | Should -BeNullOrEmpty
        }
        $err = { Remove-Container $made[$local][0] -HostAddress $local, $node.HostAddress -Force -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'SeveralEnginesNotSupported,PSDocker.Commands.RemoveContainerCommand'
        $err.Exception.Message | Should -BeLike "*-HostAddress was given 2*$local*$($node.HostAddress)*"
        Invoke-EngineDocker $local inspect -f '{{.Id}}' $made[$local][0] | Should -Be $made[$local][0]
    }
}

Describe 'Several contexts' {
    BeforeAll {
        $script:configDir = Enter-TestDockerConfig
        $script:tlsContext = New-TestName 'fan-tls'
        $script:nodeContext = New-TestName 'fan-node5'
        New-DockerContext $tlsContext -HostAddress $tls.Address -TlsCertPath $certs | Out-Null
        New-DockerContext $nodeContext -HostAddress $node.HostAddress | Out-Null
    }

    AfterAll { Exit-TestDockerConfig $configDir }

    It 'asks the engine of each context, and each object names its context' {
        $rows = @(Get-Container $pattern -Context default, $tlsContext, $nodeContext)
        $rows | Should -HaveCount 6
        ($rows | ForEach-Object { $_.Endpoint.ContextName }) | Should -Be @('default', 'default', $tlsContext, $tlsContext, $nodeContext, $nodeContext)
        ($rows | Where-Object { $_.Endpoint.ContextName -eq $nodeContext }).Id | Sort-Object | Should -Be ($made[$node.HostAddress] | Sort-Object)
    }

    It 'shows the engine of each row at 80 columns' {
        $table = Get-Container $pattern -Context default, $tlsContext, $nodeContext | Format-Table | Out-String -Width 80
        $lines = @($table -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^CONTAINER ID\s+ENGINE\s+IMAGE\s+STATUS\s+NAMES\s+PORTS'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $table | Should -Not -Match '…'
        # Each row starts with its short id, then its engine's context (wrapped where the column ends).
        foreach ($row in Get-Container $pattern -Context default, $tlsContext, $nodeContext) {
            $line = @($lines | Where-Object { $_ -like "$($row.ShortId) *" })
            $line | Should -HaveCount 1
            $engineStart = ($line[0].Substring(12).Trim() -split '\s+')[0]
            $engineStart.Length | Should -BeGreaterOrEqual 6
            $row.Endpoint.ContextName | Should -BeLike "$engineStart*"
        }
    }

    It 'completes each context of the list' {
        $line = "Get-Container -Context default, $($tlsContext.Substring(0, $tlsContext.Length - 3))"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $tlsContext
        $line = "Get-Container -Context $nodeContext, def"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'default'
    }

    It 'refuses several contexts on a cmdlet that acts on one' {
        { Get-ContainerPort $made[$local][0] -Context default, $nodeContext -ErrorAction Stop } |
            Should -Throw -ErrorId 'SeveralEnginesNotSupported,PSDocker.Commands.GetContainerPortCommand'
    }
}

Describe 'Engines that answer slowly' {
    It 'takes about as long as the slowest engine, not the sum' {
        # Three stand-in engines that each take 1.5 s to answer every request: asked one after another, a listing
        # (the version asked on first contact, then the list) would take at least 3 x 2 x 1.5 = 9 s.
        . $PSScriptRoot/StandIn.ps1
        $slow = @(1..3 | ForEach-Object {
                Start-StandIn -Requests 2 -Respond {
                    param($request, $i, $state)
                    Start-Sleep -Milliseconds 1500
                    if ($request.Url.AbsolutePath -like '*/version') {
                        @{ Body = '{"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}'; Headers = @{ 'Api-Version' = '1.41' } }
                    }
                    else { @{ Body = '[]'; Headers = @{ 'Api-Version' = '1.41' } } }
                }
            })
        try {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $rows = @(Get-Container -All -HostAddress @($slow | ForEach-Object Address) -ErrorVariable failures)
            $watch.Stop()
            $failures | Should -BeNullOrEmpty
            $rows | Should -HaveCount 0
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 6 -Because 'the three engines are asked at the same time'
            foreach ($standIn in $slow) { @(Receive-StandIn $standIn) | Should -Be '/version', '/v1.41/containers/json' }
        }
        finally {
            foreach ($standIn in $slow) { if ($standIn.Job.State -eq 'Running') { $null = Stop-StandIn $standIn } }
        }
    }
}

Describe 'An engine that fails' {
    It 'stops every branch at once on Ctrl+C' {
        # An address that takes the connection and never answers: its branch waits until stopped.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $cache = [PSDocker.DockerEndpoint].Assembly.GetType('PSDocker.EngineClientCache').GetField('ConnectTimeout', [System.Reflection.BindingFlags]'NonPublic,Static')
        $saved = $cache.GetValue($null)
        $ps = [powershell]::Create()
        $handle = $null
        try {
            $cache.SetValue($null, [timespan]::FromSeconds(120))
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:PSDOCKER_MODULE).AddStatement()
            $null = $ps.AddCommand('Get-Container').AddParameter('Name', $pattern).AddParameter('HostAddress', @($local, "tcp://127.0.0.1:$($listener.LocalEndpoint.Port)"))
            $handle = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while ($ps.InvocationStateInfo.State -ne 'Running' -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Seconds 1
            $ps.InvocationStateInfo.State | Should -Be 'Running'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 60
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $cache.SetValue($null, $saved)
            # A batch (two statements) may still be finishing on a pool thread after Stop(): wait for it before Dispose,
            # which would otherwise close the runspace under it (an unhandled error that ends the process).
            if ($handle) { try { $null = $ps.EndInvoke($handle) } catch { } }
            $ps.Dispose()
            $listener.Stop()
        }
    }

    It 'gives one error naming a stopped engine while the others still answer' {
        Stop-TlsEngine $tls
        $rows = @(Get-Container $pattern -HostAddress $engines -TlsCertPath $certs -ErrorVariable failures -ErrorAction SilentlyContinue)
        ($rows | ForEach-Object { $_.Endpoint.ToString() }) | Should -Be $local, $local, $node.HostAddress, $node.HostAddress
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'EngineUnreachable,PSDocker.Commands.GetContainerCommand'
        $failures[0].TargetObject | Should -BeOfType ([PSDocker.DockerEndpoint])
        $failures[0].TargetObject.ToString() | Should -Be $tls.Address
        "$($failures[0])" | Should -BeLike "*$($tls.Address)*"
    }
}
