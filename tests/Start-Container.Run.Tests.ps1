# Start-Container -Image: docker run, detached and in the foreground, against the real engine and the loopback
# registry's image, cross-checked with docker inspect and with HTTP to the published port.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:RegistryImage = '127.0.0.1:5000/psdocker/busybox'
    $script:Suite = New-TestName 'run'       # a label value that marks every container this file makes
    function script:Get-FreePort {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $l.Start(); $p = $l.LocalEndpoint.Port; $l.Stop(); $p
    }
}

AfterAll {
    $ids = & docker ps -aq --filter "label=psdocker.suite=$Suite"
    if ($ids) { & docker rm -f $ids *> $null }
}

Describe 'Start-Container -Image (docker run)' {
    It 'runs detached with a published port, env and labels; the port answers HTTP and Get-ContainerPort finds it' {
        $name = New-TestName 'web'
        $port = Get-FreePort
        $web = Start-Container -Image $RegistryImage -Name $name -Detach -Publish "127.0.0.1:${port}:8080" `
            -Command httpd, -f, -p, 8080, -h, / -Environment @{ MODE = 'test' } -Label @{ team = 'ops'; 'psdocker.suite' = $Suite }
        $web | Should -BeOfType ([PSDocker.Container])
        $web.Name | Should -Be $name
        $web.State | Should -Be 'Running'

        $response = Invoke-WebRequest "http://127.0.0.1:$port/" -SkipHttpErrorCheck -TimeoutSec 10
        $response.StatusCode | Should -BeGreaterThan 0       # busybox httpd answered through the published port

        $binding = Get-ContainerPort $name 8080
        $binding.HostIP | Should -Be '127.0.0.1'
        $binding.HostPort | Should -Be $port

        $inspect = Invoke-Docker inspect $name | ConvertFrom-Json
        $inspect.Config.Env | Should -Contain 'MODE=test'
        $inspect.Config.Labels.team | Should -Be 'ops'
        $inspect.Config.Cmd | Should -Be @('httpd', '-f', '-p', '8080', '-h', '/')

        $web.IsInspected | Should -BeTrue                      # what was just made, in full
        $web.Environment | Should -Contain 'MODE=test'
        $stopped = Get-Container -Label "psdocker.suite=$Suite" -Name $name | Stop-Container -Timeout 0 -PassThru
        $stopped.IsInspected | Should -BeTrue                  # -PassThru shows the change just made
        $stopped.State | Should -Be 'Exited'
        $stopped.ExitCode | Should -Be ([int](Invoke-Docker inspect -f '{{.State.ExitCode}}' $name))
        $stopped | Remove-Container
        & docker ps -aq --filter "name=^$name`$" | Should -BeNullOrEmpty
    }

    It 'streams output lines to the pipeline in order, then a catchable ContainerExitedWithError with ExitCode 3; -AutoRemove leaves nothing' {
        $name = New-TestName 'fg'
        $lines = [System.Collections.Generic.List[string]]::new()
        $err = $null
        try {
            Start-Container -Image $TestImage -Name $name -Label @{ 'psdocker.suite' = $Suite } -AutoRemove `
                -Command sh, -c, 'echo one; echo two; exit 3' | ForEach-Object { $lines.Add($_) }
        }
        catch { $err = $_ }
        $lines | Should -Be @('one', 'two')
        $err.FullyQualifiedErrorId | Should -Be 'ContainerExitedWithError,PSDocker.Commands.StartContainerCommand'
        $err.Exception | Should -BeOfType ([PSDocker.ContainerExitedException])
        $err.Exception.ExitCode | Should -Be 3
        # The engine removed it (HostConfig.AutoRemove): nothing left, and no client-side delete was needed.
        & docker ps -aq --filter "name=^$name`$" | Should -BeNullOrEmpty
    }

    It 'writes each line as it is printed, before the container exits' {
        $stamps = Start-Container -Image $TestImage -Label @{ 'psdocker.suite' = $Suite } -AutoRemove `
            -Command sh, -c, 'echo first; sleep 2; echo second' | ForEach-Object { [pscustomobject]@{ Line = $_; At = [datetime]::UtcNow } }
        $stamps.Line | Should -Be @('first', 'second')
        # A behaviour bound, not a speed target: the first line came out while the container still slept.
        ($stamps[1].At - $stamps[0].At).TotalSeconds | Should -BeGreaterThan 1.5
    }

    It 'sends standard error to the error stream as ContainerStandardError, standard output to the pipeline' {
        $out = Start-Container -Image $TestImage -Label @{ 'psdocker.suite' = $Suite } -AutoRemove `
            -Command sh, -c, 'echo out; echo err >&2' -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -Be 'out'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Match '^ContainerStandardError'
        $errs[0].Exception.Message | Should -Be 'err'
    }

    It 'stops at once on Ctrl+C during a foreground run, leaving the container running as docker run leaves it' {
        $name = New-TestName 'ctrlc'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Start-Container -Image '$TestImage' -Name '$name' -Label @{ 'psdocker.suite' = '$Suite' } -Command sh, -c, 'echo ready; sleep 600'")
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while ($output.Count -eq 0 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $output[0] | Should -Be 'ready'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2    # a behaviour bound: Stop returns at once
            $ps.Streams.Error | Should -BeNullOrEmpty
            (Invoke-Docker inspect -f '{{.State.Running}}' $name).Trim() | Should -Be 'true'
        }
        finally { $ps.Dispose(); Remove-TestContainer $name }
    }

    It 'changes nothing with -WhatIf' {
        $name = New-TestName 'whatif'
        Start-Container -Image $TestImage -Name $name -Detach -WhatIf
        & docker ps -aq --filter "name=^$name`$" | Should -BeNullOrEmpty
    }

    It 'refuses a bad spec before anything is sent, naming the parameter and the value, and makes nothing' {
        $name = New-TestName 'bad'
        $err = { Start-Container -Image $TestImage -Name $name -Detach -Publish 'abc' } |
            Should -Throw -ErrorId 'InvalidPublishSpec,PSDocker.Commands.StartContainerCommand' -PassThru
        $err.Exception.Message | Should -Match "'abc'"
        & docker ps -aq --filter "name=^$name`$" | Should -BeNullOrEmpty
    }

    It 'starts an existing container by name as docker start, still' {
        $name = New-TestName 'existing'
        Invoke-Docker create --name $name -l "psdocker.suite=$Suite" $TestImage sh -c 'trap "exit 0" TERM; sleep 600 & wait' | Out-Null
        Start-Container $name
        (Invoke-Docker inspect -f '{{.State.Running}}' $name).Trim() | Should -Be 'true'
    }
}
