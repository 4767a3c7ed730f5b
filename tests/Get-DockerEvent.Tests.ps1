# Get-DockerEvent (docker events) against the real engine, cross-checked with `docker events --format '{{json .}}'`.
# Other test workers make events on the same engine at the same time: every query here is filtered by the names or
# labels of this file's own containers.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Suite = New-TestName 'events'       # a label value that marks every container this file makes

    function script:Get-UnixTime([datetime] $Time) {
        # Unix seconds with nanoseconds, as docker events --since/--until take them.
        [long] $ticks = $Time.ToUniversalTime().Ticks - [datetime]::UnixEpoch.Ticks
        $split = [math]::DivRem($ticks, [long]10000000)
        '{0}.{1:D9}' -f $split[0], ($split[1] * 100)
    }

    function script:Get-CliEvent([datetime] $Since, [datetime] $Until, [string[]] $Filter) {
        # docker events' own events of the window, one object a line of its JSON.
        [string[]] $arguments = @('events', '--since', (Get-UnixTime $Since), '--until', (Get-UnixTime $Until), '--format', '{{json .}}')
        foreach ($f in $Filter) { $arguments += @('--filter', $f) }
        @(Invoke-Docker @arguments | ForEach-Object { $_ | ConvertFrom-Json -AsHashtable })
    }

    function script:New-Life {
        # One container taken through create, start, stop and remove by the docker CLI, in a window of its own.
        # Made afresh for each test: the engine keeps only its last 256 events for -Since, and a busy engine (other
        # test workers, health checks every 100 ms) pushes older ones out within seconds.
        $script:Life = New-TestName 'life'
        $script:LifeStart = [datetime]::UtcNow.AddSeconds(-1)
        Invoke-Docker create --name $Life -l "psdocker.suite=$Suite" $TestImage sh -c 'trap "exit 0" TERM; sleep 600 & wait' | Out-Null
        Invoke-Docker start $Life | Out-Null
        Invoke-Docker stop -t 5 $Life | Out-Null
        Invoke-Docker rm $Life | Out-Null
        # The engine publishes an event just after the call that made it returns: wait a little before closing the window.
        Start-Sleep -Milliseconds 500
        $script:LifeEnd = [datetime]::UtcNow
    }
}

AfterAll {
    Remove-AllTestObject
}

Describe 'Get-DockerEvent' {
    BeforeEach {
        New-Life
    }

    Context 'past events' {
        It 'gives the same events as docker events for a create/start/stop/remove window' {
            $cli = Get-CliEvent $LifeStart $LifeEnd "container=$Life"
            $events = @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Container $Life)
            $cli.Count | Should -BeGreaterOrEqual 5
            $events | Should -HaveCount $cli.Count
            for ($i = 0; $i -lt $cli.Count; $i++) {
                $e = $events[$i]; $c = $cli[$i]
                $e.Type | Should -Be $c.Type
                $e.Action | Should -Be $c.Action
                $e.ActorId | Should -Be $c.Actor.ID
                $e.TimeNano | Should -Be $c.timeNano
                $e.Scope | Should -Be $c.scope
                ($e.Attributes.Keys | Sort-Object) | Should -Be ($c.Actor.Attributes.Keys | Sort-Object)
                foreach ($k in $c.Actor.Attributes.Keys) { $e.Attributes[$k] | Should -Be $c.Actor.Attributes[$k] }
            }
            $containerActions = @($events | Where-Object Type -EQ container | ForEach-Object Action)
            foreach ($a in 'create', 'start', 'kill', 'die', 'stop', 'destroy') { $containerActions | Should -Contain $a }
        }

        It 'types each event: name, attributes (read-only), time in UTC from the nanoseconds, engine' {
            $e = Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Container $Life -Action create
            $e | Should -HaveCount 1
            $e | Should -BeOfType PSDocker.DockerEvent
            $e.Name | Should -Be $Life
            $e.Attributes['psdocker.suite'] | Should -Be $Suite
            $e.Attributes['image'] | Should -Be $TestImage
            { $e.Attributes['name'] = 'x' } | Should -Throw
            $e.Time.Kind | Should -Be 'Utc'
            $e.Time | Should -Be ([datetime]::UnixEpoch.AddTicks([math]::DivRem([long]$e.TimeNano, [long]100)[0]))
            $e.Time | Should -BeGreaterThan $LifeStart
            $e.Time | Should -BeLessThan $LifeEnd
            $e.Endpoint | Should -Not -BeNullOrEmpty
            $e.Endpoint.ToString() | Should -Be (Get-DockerVersion).Endpoint.ToString()
            $e.TimeText | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$'
            "$e" | Should -BeLike "$($e.TimeText) container create $($e.ActorId) (*name=$Life*)"
        }

        It 'takes -Since and -Until as docker durations and strings' {
            $events = @(Get-DockerEvent -Since '10m' -Until (Get-UnixTime $LifeEnd) -Container $Life)
            @($events | ForEach-Object Action) | Should -Contain 'destroy'
            @(Get-DockerEvent -Since ([timespan]::FromMinutes(10)) -Until $LifeStart.AddSeconds(-5) -Container $Life) | Should -HaveCount 0
        }

        It 'ends without -Until and -Follow, with the events up to the call' {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $events = @(Get-DockerEvent -Since $LifeStart -Container $Life)
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
            @($events | ForEach-Object Action) | Should -Contain 'destroy'
        }

        It 'selects with -Type, -Action (docker event=), -Image and -Label, several values OR''ed' {
            @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Container $Life -Action die, destroy | ForEach-Object Action) | Should -Be @('die', 'destroy')
            $all = @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Container $Life)
            @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Container $Life -Type container, image) | Should -HaveCount $all.Count
            @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Container $Life -Type image) | Should -HaveCount 0
            @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Label "psdocker.suite=$Suite" -Action create | ForEach-Object Name) | Should -Be @($Life)
            @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Label @{ 'psdocker.suite' = $Suite } -Image $TestImage -Action start | ForEach-Object Name) | Should -Be @($Life)
            @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Label "psdocker.suite=$Suite" -Image 'psde-no-such-image' -Action start) | Should -HaveCount 0
        }

        It 'takes -Filter as a hashtable, like docker events --filter, and matches the CLI' {
            $events = @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Filter @{ container = $Life; event = 'create', 'stop'; type = 'container' })
            @($events | ForEach-Object Action) | Should -Be @('create', 'stop')
            $cli = Get-CliEvent $LifeStart $LifeEnd "container=$Life", 'event=create', 'event=stop', 'type=container'
            @($events | ForEach-Object TimeNano) | Should -Be @($cli | ForEach-Object timeNano)
        }
    }

    Context 'engine and completion' {
        It 'reads the engine of a piped object (its Endpoint)' {
            $events = @(Get-DockerVersion | Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Container $Life -Action destroy)
            $events | Should -HaveCount 1
            $events[0].Endpoint.ToString() | Should -Be (Get-DockerVersion).Endpoint.ToString()
        }

        It 'completes -Type and the -Action values of the types given' {
            $line = 'Get-DockerEvent -Type net'
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('network')
            $line = 'Get-DockerEvent -Type container -Action exec_'
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) |
                Should -Be @('exec_create', 'exec_detach', 'exec_die', 'exec_start')
            $line = 'Get-DockerEvent -Type image -Action d'
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('delete')
        }
    }

    Context 'bad input, refused before anything is sent' {
        It 'refuses a -Filter key the engine does not know, naming it' {
            $err = { Get-DockerEvent -Filter @{ contianer = 'x' } } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'InvalidFilter,PSDocker.Commands.GetDockerEventCommand'
            $err.Exception.Message | Should -BeLike "*'contianer'*"
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'refuses a -Filter type that is not an event type' {
            $err = { Get-DockerEvent -Filter @{ type = 'containers' } } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'InvalidFilter,PSDocker.Commands.GetDockerEventCommand'
            $err.Exception.Message | Should -BeLike "*'containers'*"
        }

        It 'refuses a -Since after -Until, and a -Since still to come without -Follow' {
            $err = { Get-DockerEvent -Since $LifeEnd -Until $LifeStart } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'InvalidTimeWindow,PSDocker.Commands.GetDockerEventCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeLike '*-Since*after -Until*'
            $err = { Get-DockerEvent -Since '-5m' } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'InvalidTimeWindow,PSDocker.Commands.GetDockerEventCommand'
            $err.Exception.Message | Should -BeLike "*-Since '-5m'*-Follow*"
        }

        It 'refuses a -Type not in the list, and a -Since that is not a time' {
            { Get-DockerEvent -Type containers } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSDocker.Commands.GetDockerEventCommand'
            $err = { Get-DockerEvent -Since 'yesterday' } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,PSDocker.Commands.GetDockerEventCommand'
            $err.Exception.Message | Should -BeLike "*-Since 'yesterday'*"
        }
    }

    Context '-Follow' {
        It 'streams every event docker events sees, in order, and StopProcessing ends it within a second' {
            $name = New-TestName 'follow'
            $since = [datetime]::UtcNow.AddSeconds(-1)
            $ps = [powershell]::Create()
            try {
                # -Since covers the moments before the stream is open, so no event is missed however slow the start.
                $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Get-DockerEvent -Follow -Since '$(Get-UnixTime $since)' -Container '$name'")
                $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
                $null = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]$null, $out)
                Invoke-Docker run --name $name -l "psdocker.suite=$Suite" $TestImage true | Out-Null
                Invoke-Docker rm $name | Out-Null
                Start-Sleep -Milliseconds 500
                $cli = Get-CliEvent $since ([datetime]::UtcNow) "container=$name"
                $cli.Count | Should -BeGreaterOrEqual 5
                $seen = [System.Collections.Generic.List[psobject]]::new()
                $deadline = [datetime]::UtcNow.AddSeconds(30)
                while ($seen.Count -lt $cli.Count -and [datetime]::UtcNow -lt $deadline) {
                    $seen.AddRange([psobject[]]@($out.ReadAll()))
                    Start-Sleep -Milliseconds 50
                }
                @($seen | ForEach-Object TimeNano) | Should -Be @($cli | ForEach-Object timeNano)
                @($seen | ForEach-Object Action) | Should -Be @($cli | ForEach-Object Action)
                $ps.InvocationStateInfo.State | Should -Be 'Running' -Because '-Follow goes on after the events so far'

                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Stop()
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                $ps.Streams.Error | Should -HaveCount 0
            }
            finally { $ps.Dispose() }
        }

        It 'ends when the pipeline needs no more (Select-Object -First)' {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            # -Until only as a backstop, so a missing event fails the test instead of holding the run.
            $first = @(Get-DockerEvent -Follow -Since $LifeStart -Until ([datetime]::UtcNow.AddSeconds(60)) -Container $Life | Select-Object -First 2)
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
            @($first | ForEach-Object Action) | Should -Be @(Get-DockerEvent -Since $LifeStart -Until $LifeEnd -Container $Life | Select-Object -First 2 | ForEach-Object Action)
        }

        It 'ends by itself at -Until' {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            @(Get-DockerEvent -Follow -Until ([datetime]::UtcNow.AddSeconds(2)) -Container (New-TestName 'none')) | Should -HaveCount 0
            $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 1
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
        }
    }
}
