# Get-Container by exact name or id carries what docker inspect knows; a listing stays one request.
# Containers are made with the docker CLI and read back field by field against docker inspect.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/StandIn.ps1

    $script:opts = New-TestName 'insp-opts'
    $script:priv = New-TestName 'insp-priv'
    $script:exit3 = New-TestName 'insp-exit3'
    $script:made = New-TestName 'insp-made'
    $script:sick = New-TestName 'insp-sick'
    $script:secret = 'psdi-' + [guid]::NewGuid().ToString('n')

    Invoke-Docker run -d --name $opts -e MODE=test -e "TOKEN=$secret" --entrypoint sh -w /tmp -u 1000:1000 -h insp-host `
        --restart on-failure:3 -m 64m --memory-reservation 32m --cpus 1.5 --cpu-shares 512 --read-only --stop-timeout 7 `
        --stop-signal SIGINT --cap-add NET_ADMIN --cap-drop MKNOD -t -i -P --expose 8080 `
        --health-cmd 'echo probe-ok' --health-interval 10s $TestImage -c 'sleep 600' | Out-Null
    # Created only: this lab's engine runs inside a container that cannot start privileged ones.
    Invoke-Docker create --name $priv --privileged --restart always $TestImage sleep 600 | Out-Null
    & docker run --name $exit3 $TestImage sh -c 'exit 3' *> $null   # exits 3 on purpose
    Invoke-Docker create --rm --name $made $TestImage true | Out-Null
    Invoke-Docker run -d --name $sick --health-cmd 'echo sick; exit 1' --health-interval 5s --health-retries 1 `
        $TestImage sleep 600 | Out-Null

    function script:Wait-Health([string] $Name, [string] $Status) {
        # Until the engine has run the health check enough to report $Status (no fixed sleep).
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while ((Invoke-Docker inspect -f '{{.State.Health.Status}}' $Name) -ne $Status) {
            if ([datetime]::UtcNow -gt $deadline) { throw "$Name did not become $Status" }
            Start-Sleep -Milliseconds 200
        }
    }
    Wait-Health $opts 'healthy'
    Wait-Health $sick 'unhealthy'

    function script:Get-Inspected([string] $Name) {
        # Get-Container and docker inspect of the same moment: read again while a health probe moved on between.
        for ($try = 0; $try -lt 10; $try++) {
            $before = Invoke-Docker inspect $Name | Out-String
            $c = Get-Container $Name
            $after = Invoke-Docker inspect $Name | Out-String
            if ($before -eq $after) { break }
        }
        [pscustomobject]@{ Container = $c; Json = ($after | ConvertFrom-Json -DateKind String)[0] }
    }

    function script:Get-List($Value) {
        # A JSON list as an array; null (docker's "none") as an empty one.
        if ($null -eq $Value) { return , @() }
        , @($Value)
    }

    function script:ConvertTo-Utc7([string] $Text) {
        # An engine timestamp as a UTC string with seven fractional digits (a DateTime's precision), or null for "never".
        if ($Text -like '0001-01-01T*') { return $null }
        $m = [regex]::Match($Text, '^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$')
        $m.Success | Should -BeTrue -Because "'$Text' is in UTC, as the engine writes it"
        $m.Groups[1].Value + '.' + ($m.Groups[2].Value + '0000000').Substring(0, 7)
    }

    function script:Assert-SameAsInspect($Container, $Json) {
        $c = $Container; $j = $Json
        $c.IsInspected | Should -BeTrue
        $c.Id | Should -Be $j.Id
        # State
        $c.ExitCode | Should -Be $j.State.ExitCode
        $c.Error | Should -Be $j.State.Error
        $c.RestartCount | Should -Be $j.RestartCount
        $c.OOMKilled | Should -Be $j.State.OOMKilled
        $c.Pid | Should -Be $j.State.Pid
        $(if ($c.StartedAt) { $c.StartedAt.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffffff') }) | Should -Be (ConvertTo-Utc7 $j.State.StartedAt)
        $(if ($c.FinishedAt) { $c.FinishedAt.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffffff') }) | Should -Be (ConvertTo-Utc7 $j.State.FinishedAt)
        if ($c.StartedAt) { $c.StartedAt.Kind | Should -Be $c.Created.Kind -Because 'times are all local, as Created' }
        # Config
        $sep = [char]0
        ($c.Environment -join $sep) | Should -BeExactly ((Get-List $j.Config.Env) -join $sep)
        $c.Environment.Count | Should -Be (Get-List $j.Config.Env).Count
        ($c.Entrypoint -join $sep) | Should -BeExactly ((Get-List $j.Config.Entrypoint) -join $sep)
        $c.Entrypoint.Count | Should -Be (Get-List $j.Config.Entrypoint).Count
        ($c.Cmd -join $sep) | Should -BeExactly ((Get-List $j.Config.Cmd) -join $sep)
        $c.Cmd.Count | Should -Be (Get-List $j.Config.Cmd).Count
        ($c.CommandLine -join $sep) | Should -BeExactly ((@($j.Path) + (Get-List $j.Args)) -join $sep)
        $c.WorkingDirectory | Should -BeExactly $j.Config.WorkingDir
        $c.User | Should -BeExactly $j.Config.User
        $c.Hostname | Should -BeExactly $j.Config.Hostname
        $c.Domainname | Should -BeExactly $j.Config.Domainname
        $c.Tty | Should -Be $j.Config.Tty
        $c.Interactive | Should -Be $j.Config.OpenStdin
        $c.StopSignal | Should -Be "$($j.Config.StopSignal)"
        $c.StopTimeout | Should -Be $j.Config.StopTimeout
        $c.Platform | Should -Be $j.Platform
        # HostConfig
        $c.RestartPolicy.Name | Should -Be $j.HostConfig.RestartPolicy.Name
        $c.RestartPolicy.MaximumRetryCount | Should -Be $j.HostConfig.RestartPolicy.MaximumRetryCount
        $c.Memory | Should -Be $j.HostConfig.Memory
        $c.MemoryReservation | Should -Be $j.HostConfig.MemoryReservation
        $c.MemorySwap | Should -Be $j.HostConfig.MemorySwap
        $c.NanoCpus | Should -Be $j.HostConfig.NanoCpus
        $c.Cpus | Should -Be ([decimal]$j.HostConfig.NanoCpus / 1e9)
        $c.CpuShares | Should -Be $j.HostConfig.CpuShares
        $c.Privileged | Should -Be $j.HostConfig.Privileged
        $c.ReadOnly | Should -Be $j.HostConfig.ReadonlyRootfs
        $c.AutoRemove | Should -Be $j.HostConfig.AutoRemove
        $c.PublishAll | Should -Be $j.HostConfig.PublishAllPorts
        $c.Isolation | Should -Be $j.HostConfig.Isolation
        ($c.CapAdd -join $sep) | Should -Be ((Get-List $j.HostConfig.CapAdd) -join $sep)
        ($c.CapDrop -join $sep) | Should -Be ((Get-List $j.HostConfig.CapDrop) -join $sep)
        # Health
        if ($null -eq $j.State.Health) {
            $c.HealthState | Should -BeNullOrEmpty
        }
        else {
            $c.HealthState.Status | Should -Be $j.State.Health.Status
            $c.Health | Should -Be $j.State.Health.Status
            $c.HealthState.FailingStreak | Should -Be $j.State.Health.FailingStreak
            $c.HealthState.Log.Count | Should -Be @($j.State.Health.Log).Count
            $last = @($j.State.Health.Log)[-1]
            $c.HealthState.LastOutput | Should -BeExactly $last.Output
            $c.HealthState.LastExitCode | Should -Be $last.ExitCode
            $c.HealthState.LastProbe.Start.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffffff') | Should -Be (ConvertTo-Utc7 $last.Start)
        }
    }
}

AfterAll {
    Remove-TestContainer $opts, $priv, $exit3, $made, $sick
}

Describe 'Get-Container NAME: what docker inspect knows' {
    Context 'field by field against docker inspect' {
        It 'a running container made with many options (<_>)' -ForEach @('opts') {
            $r = Get-Inspected $opts
            Assert-SameAsInspect $r.Container $r.Json
            # and the values those options set, read as typed values
            $c = $r.Container
            $c.Environment | Should -Contain "TOKEN=$secret"
            $c.Environment | Should -Contain 'MODE=test'
            $c.Entrypoint | Should -Be @('sh')
            $c.Cmd | Should -Be @('-c', 'sleep 600')
            $c.CommandLine | Should -Be @('sh', '-c', 'sleep 600')
            $c.Command | Should -Be 'sh -c ''sleep 600''' -Because 'the docker ps string stays as it was'
            $c.WorkingDirectory | Should -Be '/tmp'
            $c.User | Should -Be '1000:1000'
            $c.Hostname | Should -Be 'insp-host'
            "$($c.RestartPolicy)" | Should -Be 'on-failure:3'
            $c.Memory | Should -Be 64MB
            $c.Cpus | Should -Be 1.5
            $c.NanoCpus | Should -Be 1500000000
            $c.ReadOnly | Should -BeTrue
            $c.Privileged | Should -BeFalse
            $c.StopTimeout | Should -Be 7
            $c.Tty | Should -BeTrue
            $c.Interactive | Should -BeTrue
            $c.PublishAll | Should -BeTrue
            $c.StartedAt | Should -BeOfType [datetime]
            $c.FinishedAt | Should -BeNullOrEmpty -Because 'it has not stopped yet'
            $c.Pid | Should -BeGreaterThan 0
            $c.HealthState.Status | Should -Be 'healthy'
            $c.HealthState.LastOutput | Should -Be "probe-ok`n"
            $c.HealthState.LastExitCode | Should -Be 0
        }

        It 'a privileged container with restart policy always (created)' {
            $r = Get-Inspected $priv
            Assert-SameAsInspect $r.Container $r.Json
            $r.Container.Privileged | Should -BeTrue
            $r.Container.RestartPolicy.Name | Should -Be 'always'
            $r.Container.HealthState | Should -BeNullOrEmpty
            $r.Container.Memory | Should -Be 0 -Because 'no limit is 0, as docker inspect says'
        }

        It 'a container that exited with code 3, not killed for memory' {
            $r = Get-Inspected $exit3
            Assert-SameAsInspect $r.Container $r.Json
            $r.Container.ExitCode | Should -Be 3
            $r.Container.OOMKilled | Should -BeFalse
            $r.Container.Pid | Should -Be 0
            # (for a process this short the engine may record the start a moment after the finish: kept as it says)
            $r.Container.FinishedAt | Should -BeOfType [datetime]
            $r.Container.RestartPolicy.Name | Should -Be 'no'
        }

        It 'a created container that never ran, to be removed when it exits (--rm)' {
            $r = Get-Inspected $made
            Assert-SameAsInspect $r.Container $r.Json
            $r.Container.AutoRemove | Should -BeTrue
            $r.Container.StartedAt | Should -BeNullOrEmpty
            $r.Container.FinishedAt | Should -BeNullOrEmpty
            $r.Container.Entrypoint | Should -HaveCount 0
            $null -eq $r.Container.Entrypoint | Should -BeFalse -Because 'inspected: empty, not unknown'
        }

        It 'a container whose health check fails: status, failing streak, last output and exit code' {
            $r = Get-Inspected $sick
            Assert-SameAsInspect $r.Container $r.Json
            $h = $r.Container.HealthState
            $h.Status | Should -Be 'unhealthy'
            $h.FailingStreak | Should -BeGreaterOrEqual 1
            $h.LastOutput | Should -Be "sick`n"
            $h.LastExitCode | Should -Be 1
        }
    }

    Context 'which calls fill the details' {
        It 'a listing leaves them empty and says so' {
            $listed = Get-Container -All | Where-Object Name -EQ $exit3
            $listed | Should -HaveCount 1
            $listed.IsInspected | Should -BeFalse
            $listed.ExitCode | Should -BeNullOrEmpty
            $listed.Environment | Should -BeNullOrEmpty
            $listed.RestartPolicy | Should -BeNullOrEmpty
            $listed.Status | Should -Match '^Exited \(3\)' -Because 'the listing still has docker ps''s columns'
        }

        It 'wildcards, -Label and -Status are listings too' {
            (Get-Container "$exit3*").IsInspected | Should -BeFalse
            (Get-Container -Status exited | Where-Object Name -EQ $exit3).IsInspected | Should -BeFalse
            Invoke-Docker run -d --name "$opts-l" -l "psdi-insp=$opts" $TestImage sleep 600 | Out-Null
            try { (Get-Container -Label "psdi-insp=$opts").IsInspected | Should -BeFalse }
            finally { Remove-TestContainer "$opts-l" }
        }

        It 'a listing piped back to Get-Container is inspected, on its engine' {
            $again = Get-Container -All | Where-Object Name -In $exit3, $priv | Get-Container
            $again | Should -HaveCount 2
            $again.IsInspected | Should -Not -Contain $false
            ($again | Where-Object Name -EQ $exit3).ExitCode | Should -Be 3
        }

        It 'ids from docker ps -q, -Id, an id prefix and a name given with a wildcard for the same container are inspected' {
            $id = (Invoke-Docker inspect -f '{{.Id}}' $exit3).Trim()
            (Invoke-Docker ps -aq --filter "name=^$exit3" | Get-Container).ExitCode | Should -Be 3
            (Get-Container -Id $id).ExitCode | Should -Be 3
            (Get-Container $id.Substring(0, 12)).ExitCode | Should -Be 3
            $both = Get-Container "$exit3*", $exit3
            $both | Should -HaveCount 1
            $both.IsInspected | Should -BeTrue
        }

        It 'returns environment values, and writes none of them to the verbose or debug streams' {
            $records = Get-Container $opts -Verbose -Debug 4>&1 5>&1 6>&1
            $c = $records | Where-Object { $_ -is [PSDocker.Container] }
            $c.Environment | Should -Contain "TOKEN=$secret"
            $text = ($records | Where-Object { $_ -isnot [PSDocker.Container] } | ForEach-Object { "$_" }) -join "`n"
            $text | Should -Not -BeNullOrEmpty -Because 'verbose output was asked for'
            $text | Should -Not -Match $secret
        }
    }

    Context 'requests, seen by a loopback stand-in' {
        BeforeAll {
            function script:Start-ContainerStandIn([int] $Requests) {
                # An engine with one container, "standin-web": /containers/json lists it; /containers/{name or id}/json
                # describes it; anything else is a 404. It answers $Requests requests, then stops listening: one
                # more would fail the cmdlet.
                $id = 'ab' * 32
                $list = ConvertTo-Json -Depth 5 -Compress @(@{ Id = $id; Names = @('/standin-web'); Image = 'busybox'; ImageID = 'sha256:00'
                        Command = 'sleep 600'; Created = 1767225600; State = 'running'; Status = 'Up 1 minute'; Ports = @(); Labels = @{}
                        HostConfig = @{ NetworkMode = 'bridge' }; NetworkSettings = @{ Networks = @{} }; Mounts = @() })
                $inspect = ConvertTo-Json -Depth 5 -Compress @{ Id = $id; Name = '/standin-web'; Path = 'sleep'; Args = @('600')
                    State = @{ Status = 'running'; Running = $true; Pid = 42; ExitCode = 0; StartedAt = '2026-01-01T00:00:01.5Z'; FinishedAt = '0001-01-01T00:00:00Z' }
                    Config = @{ Env = @('A=1'); Cmd = @('sleep', '600'); Hostname = 'web' }
                    HostConfig = @{ RestartPolicy = @{ Name = 'always'; MaximumRetryCount = 0 }; Memory = 1048576 } }
                Start-StandIn -Requests $Requests -State @{ Id = $id; List = $list; Inspect = $inspect } -Respond {
                    param($request, $i, $state)
                    $path = $request.Url.AbsolutePath
                    if ($path -match '^(/v[0-9.]+)?/version$') {
                        @{ Body = @{ Version = '20.10.0'; ApiVersion = '1.41'; MinAPIVersion = '1.12'; Os = 'linux'; Arch = 'amd64' } | ConvertTo-Json }
                    }
                    elseif ($path -match '/containers/json$') { @{ Body = $state.List } }
                    elseif ($path -match '/containers/([^/]+)/json$' -and ($Matches[1] -eq 'standin-web' -or $Matches[1] -eq $state.Id)) { @{ Body = $state.Inspect } }
                    else { @{ Status = 404; Body = '{"message":"No such container"}' } }
                }
            }
        }

        It 'a listing (<Name>) is one request for the list, and nothing inspected' -ForEach @(
            @{ Name = 'no parameters'; Arguments = @{} }
            @{ Name = '-All'; Arguments = @{ All = $true } }
            @{ Name = 'a wildcard'; Arguments = @{ Name = 'standin-*' } }
            @{ Name = '-Label'; Arguments = @{ Label = 'app=web' } }
            @{ Name = '-Status'; Arguments = @{ Status = 'running' } }) {
            $engine = Start-ContainerStandIn -Requests 2   # the version, then the list
            $found = Get-Container -HostAddress $engine.Address @Arguments
            $paths = @(Receive-StandIn $engine)
            $paths | Should -HaveCount 2
            $found.Name | Should -Be 'standin-web'
            $found.IsInspected | Should -BeFalse
            @($paths | Where-Object { $_ -match '/containers/' }) | Should -Be @('/v1.41/containers/json')
        }

        It 'a name is looked up once: the engine''s own lookup is kept for the details, not asked again' {
            # The version, the lookup, the list by the id it gave; a fourth request (inspect again) would find no engine.
            $engine = Start-ContainerStandIn -Requests 3
            $found = Get-Container -HostAddress $engine.Address standin-web
            $paths = @(Receive-StandIn $engine)
            $found.IsInspected | Should -BeTrue
            $found.Environment | Should -Be @('A=1')
            $found.Pid | Should -Be 42
            "$($found.RestartPolicy)" | Should -Be 'always'
            $found.StartedAt.ToUniversalTime() | Should -Be ([datetime]::new(2026, 1, 1, 0, 0, 1, [DateTimeKind]::Utc).AddMilliseconds(500))
            @($paths | Where-Object { $_ -match '/containers/.+/json$' -and $_ -notmatch '/containers/json$' }) | Should -Be @('/v1.41/containers/standin-web/json')
            @($paths | Where-Object { $_ -match '/containers/json$' }) | Should -HaveCount 1
            $paths | Should -HaveCount 3
        }
    }
}
