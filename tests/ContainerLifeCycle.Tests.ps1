# The life-cycle cmdlets on existing containers, against the real engine; every change read back with docker inspect.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    Remove-AllTestObject

    # Busybox sleep as PID 1 ignores SIGTERM: this one exits 0 on it, so stops are quick without -Timeout 0.
    $script:Idle = @('sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait')
    # Starting a container is the slow part of these tests: the plain running ones are started together
    # up front, and each test takes its own from this pool.
    $script:pool = [System.Collections.Generic.Queue[string]]::new()
    $poolNames = 1..26 | ForEach-Object { New-TestName 'run' }
    foreach ($n in $poolNames) { Invoke-Docker create --name $n $TestImage @Idle | Out-Null }
    $poolNames | ForEach-Object -ThrottleLimit 13 -Parallel { & docker start $_ *> $null }
    foreach ($n in $poolNames) { $pool.Enqueue($n) }
    function script:New-Running([string] $Suffix, [string[]] $DockerArgs = @()) {
        if (-not $DockerArgs -and $pool.Count -gt 0) {
            $name = $pool.Dequeue()
            if ((Invoke-Docker inspect -f '{{.State.Status}}' $name).Trim() -eq 'running') { return $name }
        }
        $name = New-TestName $Suffix
        Invoke-Docker run -d --name $name @DockerArgs $TestImage @Idle | Out-Null
        $name
    }
    function script:New-Created([string] $Suffix, [string[]] $DockerArgs = @()) {
        $name = New-TestName $Suffix
        Invoke-Docker create --name $name @DockerArgs $TestImage @Idle | Out-Null
        $name
    }
    function script:Get-DockerState([string] $Name) { (Invoke-Docker inspect -f '{{.State.Status}}' $Name).Trim() }
    function script:Test-DockerContainer([string] $Name) { & docker inspect $Name *> $null; $LASTEXITCODE -eq 0 }
}

AfterAll {
    Remove-AllTestObject
}

Describe 'Stop-Container' {
    It 'stops a container by name, and returns it read back with -PassThru' {
        $name = New-Running 'stop'
        $out = Stop-Container $name -PassThru
        Get-DockerState $name | Should -Be 'exited'
        $out | Should -BeOfType ([PSDocker.Container])
        $out.Name | Should -Be $name
        $out.State | Should -Be ([PSDocker.ContainerState]::Exited)
        $out.Endpoint.ToString() | Should -Be 'unix:///var/run/docker.sock'
    }

    It 'returns nothing without -PassThru' {
        $name = New-Running 'stopq'
        Stop-Container $name | Should -BeNullOrEmpty
        Get-DockerState $name | Should -Be 'exited'
    }

    It 'is no error for a container already stopped, as docker stop' {
        $name = New-Created 'stopped'
        & docker stop $name *> $null
        $LASTEXITCODE | Should -Be 0 -Because 'docker stop succeeds on a stopped container'
        Stop-Container $name -ErrorVariable err
        $err | Should -BeNullOrEmpty
        Get-DockerState $name | Should -Be 'created'
    }

    It 'kills with -Timeout 0 a container that ignores SIGTERM' {
        $name = New-TestName 'deaf'
        Invoke-Docker run -d --name $name $TestImage sleep 600 | Out-Null
        Stop-Container $name -Timeout 0
        Get-DockerState $name | Should -Be 'exited'
        (Invoke-Docker inspect -f '{{.State.ExitCode}}' $name).Trim() | Should -Be '137'
    }

    It 'kills with -Kill (SIGKILL) and with -Signal' {
        $killed = New-Running 'kill'
        $termed = New-Running 'term'
        Stop-Container $killed -Kill
        Stop-Container $termed -Signal SIGTERM
        Invoke-Docker wait $termed | Out-Null
        (Invoke-Docker inspect -f '{{.State.ExitCode}}' $killed).Trim() | Should -Be '137'
        (Invoke-Docker inspect -f '{{.State.ExitCode}}' $termed).Trim() | Should -Be '0' -Because 'the trap exits 0 on TERM'
    }

    It 'gives ContainerNotRunning for a kill of a stopped container, as docker kill fails' {
        $name = New-Created 'killstopped'
        & docker kill $name *> $null
        $LASTEXITCODE | Should -Be 1
        { Stop-Container $name -Kill } | Should -Throw -ErrorId 'ContainerNotRunning,PSDocker.Commands.StopContainerCommand'
    }

    It 'refuses -Timeout with -Kill before anything is sent' {
        $name = New-Running 'killtimeout'
        $err = { Stop-Container $name -Kill -Timeout 5 } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.StopContainerCommand' -PassThru
        $err.Exception.Message | Should -Match '-Timeout 5'
        Get-DockerState $name | Should -Be 'running'
    }

    It 'refuses a malformed -Signal naming the value' {
        $err = { Stop-Container nothing -Signal 'bad signal' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSDocker.Commands.StopContainerCommand' -PassThru
        $err.Exception.Message | Should -Match 'bad signal'
    }

    It 'gives ContainerInvalidRequest for a signal the engine does not know' {
        $name = New-Running 'badsig'
        { Stop-Container $name -Signal FOO } | Should -Throw -ErrorId 'ContainerInvalidRequest,PSDocker.Commands.StopContainerCommand'
        Get-DockerState $name | Should -Be 'running'
    }

    It 'writes ContainerNotFound for a missing one and goes on with the rest' {
        $a = New-Running 'pa'
        $b = New-Running 'pb'
        Stop-Container $a, "${TestPrefix}no-such", $b -ErrorAction SilentlyContinue -ErrorVariable err
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.StopContainerCommand'
        $err[0].TargetObject | Should -Be "${TestPrefix}no-such"
        Get-DockerState $a | Should -Be 'exited'
        Get-DockerState $b | Should -Be 'exited'
    }

    It 'changes nothing with -WhatIf' {
        $name = New-Running 'whatif'
        Stop-Container $name -WhatIf
        Get-DockerState $name | Should -Be 'running'
    }

    It 'takes names piped by value, and ids (docker ps -q)' {
        $a = New-Running 'va'
        $b = New-Running 'vb'
        $a | Stop-Container
        (Invoke-Docker ps -q --filter "name=^$b$") | Stop-Container
        Get-DockerState $a | Should -Be 'exited'
        Get-DockerState $b | Should -Be 'exited'
    }

    It 'takes Container objects and objects with Id by property name' {
        $a = New-Running 'oa'
        $b = New-Running 'ob'
        Get-Container $a | Stop-Container
        [pscustomobject]@{ Id = (Invoke-Docker inspect -f '{{.Id}}' $b).Trim().Substring(0, 12) } | Stop-Container
        Get-DockerState $a | Should -Be 'exited'
        Get-DockerState $b | Should -Be 'exited'
    }

    It 'takes -Id, never as a name' {
        $name = New-Running 'byid'
        { Stop-Container -Id $name } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.StopContainerCommand'
        { Stop-Container -Id 'fffffffffff0' } | Should -Throw -ErrorId 'ContainerNotFound,PSDocker.Commands.StopContainerCommand'
        Stop-Container -Id (Invoke-Docker inspect -f '{{.Id}}' $name).Trim()
        Get-DockerState $name | Should -Be 'exited'
    }

    It 'completes container names on Tab' {
        $name = New-Created 'complete'
        $partial = $name.Substring(0, $name.Length - 4)
        $found = (TabExpansion2 -inputScript "Stop-Container $partial" -cursorColumn ("Stop-Container $partial").Length).CompletionMatches
        $found.CompletionText | Should -Contain $name
    }

    It 'refuses wildcards, pointing at Get-Container' {
        $err = { Stop-Container "$TestPrefix*" } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.StopContainerCommand' -PassThru
        $err.Exception.Message | Should -Match 'Get-Container'
    }
}

Describe 'Start-Container (existing containers)' {
    It 'starts a created container and returns it with -PassThru' {
        $name = New-Created 'start'
        $out = Start-Container $name -PassThru
        Get-DockerState $name | Should -Be 'running'
        $out.State | Should -Be ([PSDocker.ContainerState]::Running)
    }

    It 'is no error for a running container, as docker start' {
        $name = New-Running 'startrunning'
        & docker start $name *> $null
        $LASTEXITCODE | Should -Be 0
        Start-Container $name -ErrorVariable err
        $err | Should -BeNullOrEmpty
        Get-DockerState $name | Should -Be 'running'
    }

    It 'starts piped stopped containers (Get-Container | Start-Container)' {
        $a = New-Created 'sa'
        $b = New-Created 'sb'
        Get-Container $a, $b | Start-Container
        Get-DockerState $a | Should -Be 'running'
        Get-DockerState $b | Should -Be 'running'
    }

    It 'changes nothing with -WhatIf' {
        $name = New-Created 'startwhatif'
        Start-Container $name -WhatIf
        Get-DockerState $name | Should -Be 'created'
    }

    It 'gives ContainerNotFound' {
        { Start-Container "${TestPrefix}no-such" } | Should -Throw -ErrorId 'ContainerNotFound,PSDocker.Commands.StartContainerCommand'
    }
}

Describe 'Restart-Container' {
    It 'restarts a running container (a new StartedAt) with -Timeout 0, and returns it with -PassThru' {
        $name = New-Running 'restart'
        $before = (Invoke-Docker inspect -f '{{.State.StartedAt}}' $name).Trim()
        $out = Restart-Container $name -Timeout 0 -PassThru
        (Invoke-Docker inspect -f '{{.State.StartedAt}}' $name).Trim() | Should -Not -Be $before
        Get-DockerState $name | Should -Be 'running'
        $out.Name | Should -Be $name
    }

    It 'starts a stopped container' {
        $name = New-Created 'restartstopped'
        Get-Container $name | Restart-Container
        Get-DockerState $name | Should -Be 'running'
    }
}

Describe 'Suspend-Container and Resume-Container' {
    It 'pauses and unpauses' {
        $name = New-Running 'pause'
        (Suspend-Container $name -PassThru).State | Should -Be ([PSDocker.ContainerState]::Paused)
        (Invoke-Docker inspect -f '{{.State.Paused}}' $name).Trim() | Should -Be 'true'
        Get-Container $name | Resume-Container
        (Invoke-Docker inspect -f '{{.State.Paused}}' $name).Trim() | Should -Be 'false'
        Get-DockerState $name | Should -Be 'running'
    }

    It 'gives ContainerNotRunning for a stopped one and ContainerNotPaused for a running one, as docker fails' {
        $stopped = New-Created 'pausestopped'
        $running = New-Running 'unpauserunning'
        & docker pause $stopped *> $null; $LASTEXITCODE | Should -Be 1
        & docker unpause $running *> $null; $LASTEXITCODE | Should -Be 1
        { Suspend-Container $stopped } | Should -Throw -ErrorId 'ContainerNotRunning,PSDocker.Commands.SuspendContainerCommand'
        { Resume-Container $running } | Should -Throw -ErrorId 'ContainerNotPaused,PSDocker.Commands.ResumeContainerCommand'
    }

    It 'gives ContainerConflict for one already paused' {
        $name = New-Running 'pausetwice'
        Suspend-Container $name
        { Suspend-Container $name } | Should -Throw -ErrorId 'ContainerConflict,PSDocker.Commands.SuspendContainerCommand'
    }

    It 'changes nothing with -WhatIf' {
        $name = New-Running 'pausewhatif'
        Suspend-Container $name -WhatIf
        (Invoke-Docker inspect -f '{{.State.Paused}}' $name).Trim() | Should -Be 'false'
    }
}

Describe 'Rename-Container' {
    It 'renames, keeping the id, and returns it with -PassThru' {
        $name = New-Created 'rename'
        $id = (Invoke-Docker inspect -f '{{.Id}}' $name).Trim()
        $new = New-TestName 'renamed'
        $out = Rename-Container $name $new -PassThru
        (Invoke-Docker inspect -f '{{.Name}}' $id).Trim() | Should -Be "/$new"
        $out.Name | Should -Be $new
        $out.Id | Should -Be $id
    }

    It 'gives ContainerConflict for a name in use' {
        $a = New-Created 'rna'
        $b = New-Created 'rnb'
        { Rename-Container $a $b } | Should -Throw -ErrorId 'ContainerConflict,PSDocker.Commands.RenameContainerCommand'
        Test-DockerContainer $a | Should -BeTrue
    }

    It 'refuses a name docker would refuse, before anything is sent' {
        $name = New-Created 'rnbad'
        $err = { Rename-Container $name 'bad name!' } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.RenameContainerCommand' -PassThru
        $err.Exception.Message | Should -Match 'bad name!'
        Test-DockerContainer $name | Should -BeTrue
    }

    It 'changes nothing with -WhatIf' {
        $name = New-Created 'rnwhatif'
        Rename-Container $name (New-TestName 'never') -WhatIf
        Test-DockerContainer $name | Should -BeTrue
    }
}

Describe 'Remove-Container' {
    It 'removes stopped containers by name' {
        $a = New-Created 'rma'
        $b = New-Created 'rmb'
        Remove-Container $a, $b
        Test-DockerContainer $a | Should -BeFalse
        Test-DockerContainer $b | Should -BeFalse
    }

    It 'refuses a running container with ContainerConflict, and removes it with -Force' {
        $name = New-Running 'rmrun'
        { Remove-Container $name } | Should -Throw -ErrorId 'ContainerConflict,PSDocker.Commands.RemoveContainerCommand'
        Test-DockerContainer $name | Should -BeTrue
        Get-Container $name | Remove-Container -Force
        Test-DockerContainer $name | Should -BeFalse
    }

    It 'removes anonymous volumes with -Volumes, and keeps them without' {
        $with = New-Created 'rmv' @('-v', '/data')
        $without = New-Created 'rmnov' @('-v', '/data')
        $withVolume = (Invoke-Docker inspect -f '{{(index .Mounts 0).Name}}' $with).Trim()
        $withoutVolume = (Invoke-Docker inspect -f '{{(index .Mounts 0).Name}}' $without).Trim()
        Remove-Container $with -Volumes
        Remove-Container $without
        & docker volume inspect $withVolume *> $null; $LASTEXITCODE | Should -Be 1
        & docker volume inspect $withoutVolume *> $null; $LASTEXITCODE | Should -Be 0
        & docker volume rm $withoutVolume *> $null
    }

    It 'changes nothing with -WhatIf' {
        $name = New-Created 'rmwhatif'
        Remove-Container $name -WhatIf
        Test-DockerContainer $name | Should -BeTrue
    }

    It 'removes every container with the labels, running ones too with -Force, unattended' {
        $label = "psdl.suite=$(New-TestName 'suite')"
        $a = New-Running 'lba' @('-l', $label)
        $b = New-Created 'lbb' @('-l', $label)
        $other = New-Created 'lbother'
        Remove-Container -Label $label -Force
        Test-DockerContainer $a | Should -BeFalse
        Test-DockerContainer $b | Should -BeFalse
        Test-DockerContainer $other | Should -BeTrue
    }

    It 'removes only the stopped ones with -Stopped, writing ContainerConflict for none' {
        $label = "psdl.suite=$(New-TestName 'suite')"
        $running = New-Running 'stra' @('-l', $label)
        $created = New-Created 'strb' @('-l', $label)
        $exited = New-Created 'strc' @('-l', $label)
        Invoke-Docker start $exited | Out-Null
        Invoke-Docker stop $exited | Out-Null
        Remove-Container -Stopped -Label $label -Confirm:$false -ErrorVariable err
        $err | Should -BeNullOrEmpty
        Test-DockerContainer $running | Should -BeTrue
        Test-DockerContainer $created | Should -BeFalse
        Test-DockerContainer $exited | Should -BeFalse
    }

    It 'lists each container with -Label -WhatIf and removes none' {
        $label = "psdl.suite=$(New-TestName 'suite')"
        $a = New-Created 'wia' @('-l', $label)
        Remove-Container -Label $label -WhatIf
        Test-DockerContainer $a | Should -BeTrue
    }

    It 'asks before each container of -Label unless -Force' {
        $label = "psdl.suite=$(New-TestName 'suite')"
        $a = New-Created 'ask' @('-l', $label)
        # A runspace without a user to ask: the confirmation cannot be answered, so nothing is removed.
        $ps = [powershell]::Create()
        $null = $ps.AddCommand('Import-Module').AddArgument($env:PSDOCKER_MODULE).AddStatement().AddCommand('Remove-Container').AddParameter('Label', $label)
        $null = $ps.Invoke()
        ($ps.Streams.Error | Out-String) | Should -Match 'user interaction'
        $ps.Dispose()
        Test-DockerContainer $a | Should -BeTrue
        Remove-Container -Label $label -Force
        Test-DockerContainer $a | Should -BeFalse
    }
}

Describe 'Wait-Container' {
    It 'returns the exit code as data' {
        $name = New-TestName 'exit3'
        Invoke-Docker run -d --name $name $TestImage sh -c 'exit 3' | Out-Null
        $code = Wait-Container $name
        $code | Should -BeOfType ([int])
        $code | Should -Be 3
        (Invoke-Docker wait $name).Trim() | Should -Be '3'
    }

    It 'returns one exit code per piped container, in order' {
        $a = New-TestName 'w0'; $b = New-TestName 'w5'
        Invoke-Docker run -d --name $a $TestImage sh -c 'exit 0' | Out-Null
        Invoke-Docker run -d --name $b $TestImage sh -c 'exit 5' | Out-Null
        Get-Container $a, $b | Wait-Container | Should -Be @(0, 5)
    }

    It 'gives ContainerWaitTimeout after -Timeout and leaves the container running' {
        $name = New-Running 'wtimeout'
        $err = { Wait-Container $name -Timeout 1 } | Should -Throw -ErrorId 'ContainerWaitTimeout,PSDocker.Commands.WaitContainerCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception.Message | Should -Match ([regex]::Escape($name))
        Get-DockerState $name | Should -Be 'running'
    }

    It 'stops at once on Ctrl+C (StopProcessing), leaving the container running' {
        $name = New-Running 'wstop'
        $ps = [powershell]::Create()
        $null = $ps.AddCommand('Import-Module').AddArgument($env:PSDOCKER_MODULE).AddStatement().AddCommand('Wait-Container').AddArgument($name)
        $async = $ps.BeginInvoke()
        # Wait until the wait request is with the engine (the pipeline is running and has sent it).
        $deadline = [datetime]::UtcNow.AddSeconds(20)
        while ($ps.InvocationStateInfo.State -ne 'Running' -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Start-Sleep -Milliseconds 500
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $watch.Stop()
        $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
        Get-DockerState $name | Should -Be 'running'
        # A batch (two statements) may still be finishing on a pool thread after Stop(): wait for it before Dispose,
        # which would otherwise close the runspace under it (an unhandled error that ends the process).
        try { $null = $ps.EndInvoke($async) } catch { }
        $ps.Dispose()
    }

    It 'gives ContainerNotFound' {
        { Wait-Container "${TestPrefix}no-such" } | Should -Throw -ErrorId 'ContainerNotFound,PSDocker.Commands.WaitContainerCommand'
    }
}

Describe 'Get-ContainerPort' {
    BeforeAll {
        $script:web = New-Running 'port' @('-p', '127.0.0.1::8080', '-p', '9000/udp', '--expose', '7000')
    }

    It 'lists one PortMapping per binding, IPv4 and IPv6, as docker port does' {
        $ports = Get-ContainerPort $web
        $ports | Should -Not -BeNullOrEmpty
        $ports[0] | Should -BeOfType ([PSDocker.PortMapping])
        $mine = @($ports | ForEach-Object { "$($_.ContainerPort)/$($_.Protocol) -> $($_.HostEndpoint)" })
        $docker = @(Invoke-Docker port $web)
        $mine | Should -Be $docker
        @($ports | Where-Object ContainerPort -EQ 9000).Count | Should -Be 2 -Because 'an unqualified -p publishes on 0.0.0.0 and ::'
        ($ports | Where-Object ContainerPort -EQ 7000) | Should -BeNullOrEmpty -Because 'exposed only, as docker port leaves it out'
    }

    It 'takes the container port as the second positional parameter, as docker port' {
        $p = Get-ContainerPort $web 8080
        $p | Should -HaveCount 1
        $p.HostIP | Should -Be '127.0.0.1'
        $p.HostEndpoint | Should -Be ((Invoke-Docker port $web 8080) | Select-Object -First 1)
        (Get-ContainerPort $web 9000/udp).HostEndpoint | Should -Be @(Invoke-Docker port $web 9000/udp)
    }

    It 'gives ContainerPortNotPublished for a port without bindings, as docker port fails' {
        & docker port $web 8080/udp *> $null
        $LASTEXITCODE | Should -Be 1
        $err = { Get-ContainerPort $web 8080/udp } | Should -Throw -ErrorId 'ContainerPortNotPublished,PSDocker.Commands.GetContainerPortCommand' -PassThru
        $err.Exception.Message | Should -Match '8080/udp'
    }

    It 'refuses a malformed port before anything is sent' {
        $err = { Get-ContainerPort $web 70000 } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.GetContainerPortCommand' -PassThru
        $err.Exception.Message | Should -Match '70000'
    }

    It 'takes piped containers' {
        (Get-Container $web | Get-ContainerPort -Port 8080).HostIP | Should -Be '127.0.0.1'
    }
}

Describe 'Across engines' {
    BeforeAll {
        . $PSScriptRoot/TlsEngine.ps1
        $script:tls = Start-TlsEngine
        $script:tlsArgs = @('-H', $tls.Address, '--tlsverify', '--tlscacert', "$($tls.GoodCerts)/ca.pem", '--tlscert', "$($tls.GoodCerts)/cert.pem", '--tlskey', "$($tls.GoodCerts)/key.pem")
        & docker save $TestImage | & docker @tlsArgs load -q | Out-Null
        # The same name on both engines: only the piped object's Endpoint says which one is meant.
        $script:twin = New-TestName 'twin'
        Invoke-Docker @tlsArgs run -d --name $twin --network none $TestImage @Idle | Out-Null
        Invoke-Docker run -d --name $twin --network none $TestImage @Idle | Out-Null
    }

    AfterAll {
        Stop-TlsEngine $tls
    }

    It 'stops, starts and removes a piped container on the engine it came from, not the default one' {
        $remote = Get-Container -HostAddress $tls.Address -TlsCertPath $tls.GoodCerts $twin
        $remote.Endpoint.ToString() | Should -Be $tls.Address

        $stopped = $remote | Stop-Container -PassThru
        (Invoke-Docker @tlsArgs inspect -f '{{.State.Status}}' $twin).Trim() | Should -Be 'exited'
        Get-DockerState $twin | Should -Be 'running' -Because 'the container of the same name on the default engine is not touched'
        $stopped.Endpoint.ToString() | Should -Be $tls.Address

        $stopped | Start-Container
        (Invoke-Docker @tlsArgs inspect -f '{{.State.Status}}' $twin).Trim() | Should -Be 'running'

        $remote | Remove-Container -Force
        & docker @tlsArgs inspect $twin *> $null
        $LASTEXITCODE | Should -Be 1
        Get-DockerState $twin | Should -Be 'running'
    }
}
