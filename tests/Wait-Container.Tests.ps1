# Wait-Container's readiness conditions against the real engine: each condition met, never met (ContainerWaitTimeout with
# the condition, the last probe and the log tail), and a container that dies while waited for (ContainerExited, fast).
# Timing is asserted loosely only: the machine is shared and slow.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Cmd = 'PSDocker.Commands.WaitContainerCommand'

    # A web server with a page, a log line and a file; published on a random loopback port.
    $script:WebScript = 'echo booting; sleep 1; mkdir -p /www; echo hello-ready > /www/index.html; echo listening; touch /www/ready; exec httpd -f -p 8080 -h /www'

    function script:New-Web([string] $Suffix, [string] $Script = $WebScript, [string[]] $DockerArgs = @()) {
        $name = New-TestName $Suffix
        Invoke-Docker run -d --name $name -p 127.0.0.1::8080 @DockerArgs $TestImage sh -c $Script | Out-Null
        $name
    }

    # One server that is up, shared by the "met" and "never met" tests.
    $script:Web = New-Web 'web'
    $deadline = [datetime]::UtcNow.AddSeconds(30)
    # Ready as the docker CLI sees it (not through the cmdlet under test).
    do { Start-Sleep -Milliseconds 200; & docker exec $Web test -e /www/ready 2>$null } while ($LASTEXITCODE -ne 0 -and [datetime]::UtcNow -lt $deadline)
    $script:WebUrl = 'http://' + ((Invoke-Docker port $Web 8080) | Select-Object -First 1) + '/'
}

AfterAll {
    Remove-AllTestObject
}

Describe 'Wait-Container readiness: met' {
    It 'waits for -HttpPath until the server answers, and returns the container read back' {
        $name = New-Web 'http'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $c = Wait-Container $name -HttpPath / -Port 8080 -Timeout 00:00:30
        $watch.Stop()
        $c | Should -BeOfType ([PSDocker.Container])
        $c.Id | Should -Be (Invoke-Docker inspect -f '{{.Id}}' $name).Trim()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20 -Because 'a met wait returns well before its timeout'
        # Cross-check: the server answers the host right away, as docker port names it.
        $url = 'http://' + ((Invoke-Docker port $name 8080) | Select-Object -First 1) + '/'
        (Invoke-WebRequest $url -UseBasicParsing).Content | Should -Match 'hello-ready'
    }

    It 'takes -StatusCode, -BodyPattern, -Method and -Header' {
        $c = Wait-Container $Web -HttpPath /missing -Port 8080 -StatusCode 200, 404 -Method GET -Header @{ 'X-Test' = 'yes' } -Timeout 10
        $c.Name | Should -Be $Web
        (Wait-Container $Web -HttpPath /index.html -Port 8080 -BodyPattern 'hello-r.ady' -Timeout 10).Name | Should -Be $Web
    }

    It 'waits for -TcpPort, -Running, -LogPattern (with -Occurrences), -Command and -FileExists together' {
        $name = New-Web 'all'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $c = Get-Container $name | Wait-Container -Running -TcpPort 8080 -LogPattern '^(booting|listening)$' -Occurrences 2 -Command test, -e, /www/index.html -FileExists /www/ready -Timeout 30
        $watch.Stop()
        $c.Name | Should -Be $name
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        # What the conditions said holds, as the docker CLI sees it.
        @(Invoke-Docker logs $name) | Should -Contain 'listening'
        Invoke-Docker exec $name test -e /www/ready | Out-Null
        (Invoke-Docker inspect -f '{{.State.Status}}' $name).Trim() | Should -Be 'running'
    }

    It 'chains: the container it returns pipes on, and several piped containers each come back' {
        $other = New-Web 'chain'
        $out = @(Get-Container $Web, $other | Wait-Container -Running -Timeout 10)
        $out.Name | Should -Be @($Web, $other)
        (Wait-Container $Web -TcpPort 8080 | Get-ContainerPort -Port 8080).HostPort | Should -Be ([int](((Invoke-Docker port $Web 8080) | Select-Object -First 1) -split ':')[-1])
    }

    It 'follows the log of a container started after the wait began (-LogPattern on a created container)' {
        $name = New-TestName 'later'
        Invoke-Docker create --name $name $TestImage sh -c 'echo up-now; exec sleep 600' | Out-Null
        $job = Start-ThreadJob { Start-Sleep -Seconds 2; & docker start $using:name *> $null }
        try {
            (Wait-Container $name -LogPattern '^up-now$' -Timeout 30).Name | Should -Be $name
            @(Invoke-Docker logs $name) | Should -Be @('up-now')
        }
        finally { $job | Wait-Job | Remove-Job }
    }

    It 'counts -LogPattern lines of the current run only, after a restart' {
        # The first run says 'ready' at once; a restarted run only after 3 s (a marker file left by the first run decides).
        $name = New-TestName 'restart'
        Invoke-Docker run -d --name $name $TestImage sh -c 'if [ -e /ran ]; then sleep 3; else touch /ran; fi; echo ready; exec sleep 600' | Out-Null
        $deadline = [datetime]::UtcNow.AddSeconds(30)
        while (@(Invoke-Docker logs $name) -notcontains 'ready' -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        Invoke-Docker restart -t 0 $name | Out-Null
        (Wait-Container $name -LogPattern '^ready$' -Timeout 30).Name | Should -Be $name
        # Returned only once the new run said it: the log now has the line of both runs.
        @(Invoke-Docker logs $name | Where-Object { $_ -eq 'ready' }).Count | Should -Be 2
    }

    It 'waits on through a restart the engine makes by the restart policy' {
        # The first run fails after 1 s; --restart always starts it again, and that run is ready.
        $name = New-TestName 'policy'
        Invoke-Docker run -d --name $name --restart always $TestImage sh -c 'if [ -e /ran ]; then echo second-run; exec sleep 600; else touch /ran; sleep 1; exit 3; fi' | Out-Null
        (Wait-Container $name -LogPattern '^second-run$' -Timeout 30).Name | Should -Be $name
        [int](Invoke-Docker inspect -f '{{.RestartCount}}' $name).Trim() | Should -BeGreaterOrEqual 1
        Invoke-Docker update --restart no $name | Out-Null
    }

    It 'takes -Timeout and -Interval as seconds, durations or TimeSpans' {
        (Wait-Container $Web -Running -Timeout 5 -Interval 0.2).Name | Should -Be $Web
        (Wait-Container $Web -Running -Timeout 5s -Interval 250ms).Name | Should -Be $Web
        (Wait-Container $Web -Running -Timeout ([timespan]::FromSeconds(5)) -Interval 00:00:00.5).Name | Should -Be $Web
    }
}

Describe 'Wait-Container readiness: never met' {
    It 'gives ContainerWaitTimeout for <Label>, naming the condition, its last probe and the log tail' -ForEach @(
        @{ Label = '-HttpPath'; Splat = @{ HttpPath = '/missing'; Port = 8080 }; Condition = 'HTTP GET /missing on port 8080 answers 200-399'; Probe = 'answered 404' }
        @{ Label = '-BodyPattern'; Splat = @{ HttpPath = '/'; Port = 8080; BodyPattern = 'never-there' }; Condition = "matching 'never-there'"; Probe = 'body does not match' }
        @{ Label = '-LogPattern'; Splat = @{ LogPattern = 'listening'; Occurrences = 2 }; Condition = "the log has 2 lines matching 'listening'"; Probe = 'seen 1 of 2 times' }
        @{ Label = '-Command'; Splat = @{ Command = 'sh', '-c', 'echo not-yet >&2; exit 3' }; Condition = 'exits 0'; Probe = 'exited 3: not-yet' }
        @{ Label = '-FileExists'; Splat = @{ FileExists = '/tmp/never' }; Condition = "'/tmp/never' exists"; Probe = "'/tmp/never' does not exist" }
        @{ Label = '-UseTls on a plain HTTP server'; Splat = @{ HttpPath = '/'; Port = 8080; UseTls = $true; SkipCertificateCheck = $true }; Condition = 'HTTP GET / on port 8080'; Probe = 'https://127.0.0.1:' }
    ) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $err = { Wait-Container $Web @Splat -Timeout 1.5 -Interval 0.2 } | Should -Throw -ErrorId "ContainerWaitTimeout,$Cmd" -PassThru
        $watch.Stop()
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $m = $err.Exception.Message
        $m | Should -Match ([regex]::Escape($Web))
        $m | Should -Match ([regex]::Escape($Condition))
        $m | Should -Match ([regex]::Escape($Probe))
        $m | Should -Match 'State: running'
        $m | Should -Match 'booting' -Because 'the last lines of the log are in the message'
        $err.Exception.LastResult | Should -Match ([regex]::Escape($Probe))
        $err.Exception.LogTail | Should -Contain 'listening'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'it gives up at its timeout, not much later'
    }

    It 'gives ContainerWaitTimeout for -TcpPort when nothing listens behind the published port (the proxy accepts and closes)' {
        $name = New-TestName 'deaf'
        Invoke-Docker run -d --name $name -p 127.0.0.1::8080 $TestImage sh -c 'echo deaf; exec sleep 600' | Out-Null
        $err = { Wait-Container $name -TcpPort 8080 -Timeout 1.5 } | Should -Throw -ErrorId "ContainerWaitTimeout,$Cmd" -PassThru
        $err.Exception.Message | Should -Match 'port 8080/tcp accepts connections'
        $err.Exception.Message | Should -Match 'refused|closed it at once|reset'
        $err.Exception.Message | Should -Match 'deaf'
    }

    It 'gives ContainerPortNotPublished at once for a port the running container does not publish' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $err = { Wait-Container $Web -TcpPort 9999 -Timeout 30 } | Should -Throw -ErrorId "ContainerPortNotPublished,$Cmd" -PassThru
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        $err.Exception.Message | Should -Match '9999/tcp'
        $err.Exception.Message | Should -Match '8080/tcp'
    }

    It 'waits at most 60 seconds by default with conditions, and says what it waits for' {
        $verbose = @(Wait-Container $Web -Running -TcpPort 8080 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        ($verbose.Message -join "`n") | Should -Match ([regex]::Escape("Waiting up to 60 s for '$Web', every 100 ms, until the container is running; and port 8080/tcp accepts connections"))
    }

    It 'tells a container that was never started in the timeout message' {
        $name = New-TestName 'created'
        Invoke-Docker create --name $name $TestImage sleep 600 | Out-Null
        $err = { Wait-Container $name -Running -Timeout 0.5 } | Should -Throw -ErrorId "ContainerWaitTimeout,$Cmd" -PassThru
        $err.Exception.Message | Should -Match 'created \(not started\)'
        $err.Exception.Message | Should -Match 'Its log is empty'
    }
}

Describe 'Wait-Container readiness: the container dies' {
    It 'gives ContainerExited fast, with the exit code and log tail, while waiting for <Label>' -ForEach @(
        @{ Label = '-HttpPath'; Splat = @{ HttpPath = '/'; Port = 8080 } }
        @{ Label = '-TcpPort'; Splat = @{ TcpPort = 8080 } }
        @{ Label = '-LogPattern'; Splat = @{ LogPattern = 'never' } }
        @{ Label = '-Command'; Splat = @{ Command = 'false' } }
        @{ Label = '-FileExists'; Splat = @{ FileExists = '/never' } }
        @{ Label = '-Healthy'; Splat = @{ Healthy = $true }; DockerArgs = @('--health-cmd', 'exit 1', '--health-interval', '1h') }
    ) {
        $name = New-TestName 'dies'
        $extra = if ($DockerArgs) { $DockerArgs } else { @() }
        Invoke-Docker run -d --name $name -p 127.0.0.1::8080 @extra $TestImage sh -c 'echo going-down; sleep 1; exit 7' | Out-Null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $err = { Wait-Container $name @Splat -Timeout 30 } | Should -Throw -ErrorId "ContainerExited,$Cmd" -PassThru
        $watch.Stop()
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
        $err.Exception.ExitCode | Should -Be 7
        $err.Exception.Message | Should -Match 'exited with code 7'
        $err.Exception.Message | Should -Match 'going-down'
        (Invoke-Docker inspect -f '{{.State.ExitCode}}' $name).Trim() | Should -Be '7'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 8 -Because 'it fails within a couple of seconds of the exit (1 s), never at the 30 s timeout'
    }

    It 'gives ContainerExited at once for a container that has already stopped' {
        $name = New-TestName 'stopped'
        & docker run --name $name $TestImage sh -c 'echo done; exit 4' *> $null
        $LASTEXITCODE | Should -Be 4
        $err = { Wait-Container $name -Running -Timeout 30 } | Should -Throw -ErrorId "ContainerExited,$Cmd" -PassThru
        $err.Exception.ExitCode | Should -Be 4
        $err.Exception.LogTail | Should -Be @('done')
        $err.Exception.Message | Should -BeLike '*while waiting until*running*' -Because 'the message says what was waited for even before any probe ran'
    }
}

Describe 'Wait-Container -Healthy' {
    It 'returns only once the health check passes: starting, then healthy' {
        $name = New-TestName 'health'
        $c = Start-Container -Image $TestImage -Name $name -Detach -HealthCommand 'test -e /ok' -HealthInterval 250ms -HealthRetries 100 `
            -Command sh, -c, 'sleep 2; touch /ok; exec sleep 600'
        (Invoke-Docker inspect -f '{{.State.Health.Status}}' $name).Trim() | Should -Be 'starting'
        $ready = $c | Wait-Container -Healthy -Timeout 30
        (Invoke-Docker inspect -f '{{.State.Health.Status}}' $name).Trim() | Should -Be 'healthy'
        $ready.Health | Should -Be 'healthy'
    }

    It 'gives ContainerUnhealthy once -FailingStreak checks failed in a row' {
        $name = New-TestName 'sick'
        Invoke-Docker run -d --name $name --health-cmd 'echo sick-check; exit 1' --health-interval 200ms --health-retries 2 $TestImage sleep 600 | Out-Null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $err = { Wait-Container $name -Healthy -FailingStreak 2 -Timeout 30 } | Should -Throw -ErrorId "ContainerUnhealthy,$Cmd" -PassThru
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        $err.Exception.Message | Should -Match 'sick-check'
        $err.Exception.Message | Should -Match '-FailingStreak 2'
    }

    It 'waits on an unhealthy container without -FailingStreak, and says so at the timeout' {
        $name = New-TestName 'unwell'
        Invoke-Docker run -d --name $name --health-cmd 'exit 1' --health-interval 200ms --health-retries 1 $TestImage sleep 600 | Out-Null
        $err = { Wait-Container $name -Healthy -Timeout 2 } | Should -Throw -ErrorId "ContainerWaitTimeout,$Cmd" -PassThru
        $err.Exception.Message | Should -Match 'the health check reports healthy'
        $err.Exception.Message | Should -Match 'unhealthy|starting'
    }

    It 'gives ContainerHealthcheckMissing at once for a container without a health check' {
        $err = { Wait-Container $Web -Healthy -Timeout 30 } | Should -Throw -ErrorId "ContainerHealthcheckMissing,$Cmd" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err.Exception.Message | Should -Match 'no health check'
    }
}

Describe 'Wait-Container readiness: input and Ctrl+C' {
    It 'refuses <Label> before anything is sent' -ForEach @(
        @{ Label = '-Port without -HttpPath'; Splat = @{ Port = 8080; Running = $true }; Id = 'InvalidArgument'; Text = '-Port' }
        @{ Label = '-HttpPath without -Port'; Splat = @{ HttpPath = '/' }; Id = 'InvalidArgument'; Text = '-Port' }
        @{ Label = 'a path without /'; Splat = @{ HttpPath = 'health'; Port = 1 }; Id = 'InvalidArgument'; Text = "-HttpPath 'health'" }
        @{ Label = 'a bad -LogPattern'; Splat = @{ LogPattern = '(' }; Id = 'InvalidArgument'; Text = "-LogPattern '\('" }
        @{ Label = '-FailingStreak without -Healthy'; Splat = @{ FailingStreak = 2; Running = $true }; Id = 'InvalidArgument'; Text = '-FailingStreak' }
        @{ Label = '-Interval without a condition'; Splat = @{ Interval = 1 }; Id = 'InvalidArgument'; Text = '-Interval' }
        @{ Label = '-BodyPattern with -Method HEAD'; Splat = @{ HttpPath = '/'; Port = 1; Method = 'HEAD'; BodyPattern = 'ok' }; Id = 'InvalidArgument'; Text = "-BodyPattern 'ok'" }
        @{ Label = '-Timeout 0'; Splat = @{ Timeout = 0; Running = $true }; Id = 'InvalidArgument'; Text = "-Timeout '0' is not valid" }
        @{ Label = 'a -Timeout that is no duration'; Splat = @{ Timeout = 'soon'; Running = $true }; Id = 'ParameterArgumentTransformationError'; Text = "-Timeout 'soon'" }
    ) {
        $err = { Wait-Container "${TestPrefix}no-such" @Splat } | Should -Throw -ErrorId "$Id,$Cmd" -PassThru
        $err.Exception.Message | Should -Match $Text
    }

    It 'never shows a -Header value: <Label>' -ForEach @(
        @{ Label = 'without -HttpPath'; Splat = @{ Running = $true; Header = @{ Authorization = 'Bearer s3cret'; X = '1' } }; Key = 'Authorization' }
        @{ Label = 'a value with a line break'; Splat = @{ HttpPath = '/'; Port = 8080; Header = @{ 'X-Token' = "s3cret`r`nInjected: 1" } }; Key = 'X-Token' }
        @{ Label = 'a content header'; Splat = @{ HttpPath = '/'; Port = 8080; Header = @{ 'Content-Type' = 's3cret/json' } }; Key = 'Content-Type' }
    ) {
        $err = { Wait-Container "${TestPrefix}no-such" @Splat } | Should -Throw -ErrorId "InvalidArgument,$Cmd" -PassThru
        $err.Exception.Message | Should -Match "-Header '[^']*$([regex]::Escape($Key))"
        $err.Exception.Message | Should -Not -Match 's3cret'
        "$($err.TargetObject)" | Should -Not -Match 's3cret'
        ($err | Out-String) | Should -Not -Match 's3cret'
    }

    It 'stops at once on Ctrl+C during a readiness wait' {
        $ps = [powershell]::Create()
        $null = $ps.AddCommand('Import-Module').AddArgument($env:PSDOCKER_MODULE).AddStatement().AddCommand('Wait-Container').AddArgument($Web).AddParameter('FileExists', '/never').AddParameter('Timeout', 60)
        $async = $ps.BeginInvoke()
        $deadline = [datetime]::UtcNow.AddSeconds(20)
        while ($ps.InvocationStateInfo.State -ne 'Running' -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Start-Sleep -Milliseconds 1500
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $watch.Stop()
        $ps.InvocationStateInfo.State | Should -Be 'Stopped' -Because "$($ps.InvocationStateInfo.Reason) $($ps.Streams.Error)"
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
        (Invoke-Docker inspect -f '{{.State.Status}}' $Web).Trim() | Should -Be 'running'
        # A batch (two statements) may still be finishing on a pool thread after Stop(): wait for it before Dispose,
        # which would otherwise close the runspace under it (an unhandled error that ends the process).
        try { $null = $ps.EndInvoke($async) } catch { }
        $ps.Dispose()
    }

    It 'keeps docker wait''s behaviour without conditions: exit codes, -Timeout in seconds' {
        $name = New-TestName 'exit5'
        Invoke-Docker run -d --name $name $TestImage sh -c 'exit 5' | Out-Null
        Wait-Container $name -Timeout 20 | Should -Be 5
        { Wait-Container $Web -Timeout 0.5 } | Should -Throw -ErrorId "ContainerWaitTimeout,$Cmd"
    }
}
