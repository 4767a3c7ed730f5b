# PSDocker's Pester operators (Should -BeRunning, -BeHealthy, -HaveExitCode) against real containers made with the
# docker CLI: pass and fail, the failure messages (state, exit code, health, log tail), -Not, and both import orders.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Suite = New-TestName 'should'    # a label value that marks every container this file makes

    function script:New-SuiteContainer([string] $Suffix, [string[]] $DockerArgs, [string] $Script) {
        $name = New-TestName $Suffix
        Invoke-Docker run -d --name $name --label "psdocker.suite=$Suite" @DockerArgs $TestImage sh -c $Script | Out-Null
        $name
    }
    function script:Wait-DockerState([string] $Name, [string] $Format, [string] $Value) {
        # Until docker inspect reports $Value (no fixed sleep; a loose bound for a loaded machine).
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Invoke-Docker inspect -f $Format $Name) -ne $Value) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "$Name did not reach $Format = $Value" }
            Start-Sleep -Milliseconds 200
        }
    }
    function script:Get-ShouldFailure([scriptblock] $Assertion) {
        # The message of the Should failure $Assertion raises (and it must raise one).
        $err = $Assertion | Should -Throw -PassThru
        $err.Exception.Message
    }

    # Running, printing a line; exited with code 3 after 25 lines; healthy and unhealthy health checks.
    $script:Running = New-SuiteContainer 'run' @() 'echo ready-line; sleep 600'
    $script:Exited = New-SuiteContainer 'exit' @() 'for i in $(seq 1 25); do echo line$i; done; exit 3'
    $script:Healthy = New-SuiteContainer 'ok' @('--health-cmd', 'true', '--health-interval', '1s') 'sleep 600'
    $script:Sick = New-SuiteContainer 'sick' @('--health-cmd', 'echo probe-says-no; exit 1', '--health-interval', '1s', '--health-retries', '2') 'echo sick-app; sleep 600'
    Wait-DockerState $Exited '{{.State.Status}}' 'exited'
    Wait-DockerState $Healthy '{{.State.Health.Status}}' 'healthy'
    Wait-DockerState $Sick '{{.State.Health.Status}}' 'unhealthy'
}

AfterAll {
    $ids = & docker ps -aq --filter "label=psdocker.suite=$Suite"
    if ($ids) { & docker rm -f -v $ids *> $null }
}

Describe 'Should -BeRunning' {
    It 'passes for a running container given as an object, a name or an id; -Not passes for an exited one' {
        $c = Get-Container $Running
        $c | Should -BeRunning
        $Running | Should -BeRunning
        $c.Id.Substring(0, 12) | Should -BeRunning
        $Exited | Should -Not -BeRunning
    }

    It 'fails for an exited container with its state, exit code and the last 20 lines of its log' {
        $message = Get-ShouldFailure { $Exited | Should -BeRunning -Because 'the suite needs it' }
        $message | Should -BeLike "Expected container '$Exited' (*) to be running, because the suite needs it, but it is exited with code 3*"
        $message | Should -Match 'State: exited; Status: Exited \(3\)'
        $message | Should -Match 'ExitCode: 3'
        $message | Should -Match 'Last 20 log lines:'
        $message | Should -Match '(?m)^\s+line25\s*$'
        $message | Should -Match '(?m)^\s+line6\s*$'
        $message | Should -Not -Match '(?m)^\s+line5\s*$'        # only the tail
        ($message -split "`n" | Where-Object { $_ -match '^\s+line\d+\s*$' }).Count | Should -Be 20
        (Invoke-Docker inspect -f '{{.State.ExitCode}}' $Exited) | Should -Be '3'
    }

    It 'reads the container again: an object taken while it ran fails once docker has stopped it' {
        $name = New-SuiteContainer 'stale' @() 'sleep 600'
        $stale = Get-Container $name
        $stale | Should -BeRunning
        Invoke-Docker stop -t 0 $name | Out-Null
        $stale.State | Should -Be 'Running'                 # the object itself is stale
        $message = Get-ShouldFailure { $stale | Should -BeRunning }
        $message | Should -Match "but it is exited with code 137"
        $stale | Should -Not -BeRunning
    }

    It 'with -Not, fails for a running container and says it runs, with its log' {
        $message = Get-ShouldFailure { $Running | Should -Not -BeRunning }
        $message | Should -BeLike "Expected container '$Running' (*) to not be running, but it is running (Up *"
        $message | Should -Match 'State: running'
        $message | Should -Match '(?m)^\s+ready-line\s*$'
    }

    It 'fails for a container that does not exist, in both forms, naming it' {
        $missing = New-TestName 'missing'
        (Get-ShouldFailure { $missing | Should -BeRunning }) | Should -BeLike "Expected container '$missing' to be running, but it was not found: *$missing*"
        $notMessage = Get-ShouldFailure { $missing | Should -Not -BeRunning }
        $notMessage | Should -BeLike "*to not be running, but it was not found*"
        $notMessage | Should -Match ([regex]::Escape("to assert that it is gone: Get-Container '$missing' -ErrorAction Ignore | Should -BeNullOrEmpty"))
    }

    It 'fails for a value that is not a container, and refuses wildcards' {
        (Get-ShouldFailure { 42 | Should -BeRunning }) | Should -BeLike 'Expected a Container, or a container name or id to be running, but got an Int32 (42).'
        (Get-ShouldFailure { $null | Should -BeRunning }) | Should -BeLike '*but got $null.'
        (Get-ShouldFailure { "$TestPrefix*" | Should -BeRunning }) | Should -BeLike '*has wildcard characters*'
    }
}

Describe 'Should -BeHealthy' {
    It 'passes for a healthy container; -Not passes for an unhealthy one and for one without a health check' {
        $Healthy | Should -BeHealthy
        Get-Container $Healthy | Should -BeHealthy
        $Sick | Should -Not -BeHealthy
        $Running | Should -Not -BeHealthy
    }

    It 'fails for an unhealthy container with its health, failing streak, last probe output and log' {
        $message = Get-ShouldFailure { $Sick | Should -BeHealthy }
        $message | Should -BeLike "Expected container '$Sick' (*) to be healthy, but its health is unhealthy (failing streak *"
        $message | Should -Match 'Health: unhealthy; FailingStreak: [1-9]'
        $message | Should -Match 'Last health probe: exit code 1: probe-says-no'
        $message | Should -Match '(?m)^\s+sick-app\s*$'
        (Invoke-Docker inspect -f '{{.State.Health.Status}}' $Sick) | Should -Be 'unhealthy'
    }

    It 'fails for a container without a health check, and for one that is not running' {
        (Get-ShouldFailure { $Running | Should -BeHealthy }) | Should -BeLike '*but it has no health check*'
        (Get-ShouldFailure { $Exited | Should -BeHealthy }) | Should -BeLike '*to be healthy, but it is exited with code 3*'
    }

    It 'with -Not, fails for a healthy container' {
        $message = Get-ShouldFailure { $Healthy | Should -Not -BeHealthy }
        $message | Should -BeLike "Expected container '$Healthy' (*) to not be healthy, but its health is healthy*"
        $message | Should -Match 'Health: healthy; FailingStreak: 0'
    }
}

Describe 'Should -HaveExitCode' {
    It 'checks the exit code of a command run with Invoke-ContainerCommand (ExecResult)' {
        Invoke-ContainerCommand $Running -Command true | Should -HaveExitCode 0
        $failed = Invoke-ContainerCommand $Running -Command sh, -c, 'echo to-out; echo to-err >&2; exit 4'
        $failed | Should -HaveExitCode 4
        $failed | Should -Not -HaveExitCode 0
        $message = Get-ShouldFailure { $failed | Should -HaveExitCode 0 -Because 'the check must pass' }
        $message | Should -BeLike "Expected the command 'sh -c echo to-out; echo to-err >&2; exit 4' in container '$Running' to exit with code 0, because the check must pass, but it exited with code 4.*"
        $message | Should -Match '(?s)Last 1 standard error line:\s+to-err.*Last 1 standard output line:\s+to-out'
        (Get-ShouldFailure { $failed | Should -Not -HaveExitCode 4 }) | Should -BeLike '*to exit with a code other than 4, but it exited with code 4.*'
    }

    It 'checks the exit code of an exited container, read fresh, with its log tail' {
        $Exited | Should -HaveExitCode 3
        Get-Container $Exited | Should -Not -HaveExitCode 0
        $message = Get-ShouldFailure { Get-Container $Exited | Should -HaveExitCode 0 }
        $message | Should -BeLike "Expected container '$Exited' (*) to exit with code 0, but it exited with code 3.*"
        $message | Should -Match '(?m)^\s+line25\s*$'
    }

    It 'fails in both forms for a container that has not exited' {
        (Get-ShouldFailure { $Running | Should -HaveExitCode 0 }) | Should -BeLike '*to exit with code 0, but it has not exited: it is running*'
        (Get-ShouldFailure { $Running | Should -Not -HaveExitCode 0 }) | Should -BeLike '*but it has not exited*'
    }

    It 'needs the code to expect' {
        { $Exited | Should -HaveExitCode } | Should -Throw '*Should -HaveExitCode needs the exit code to expect*'
    }
}

Describe 'Registration of the operators' {
    BeforeAll {
        $script:Pester = $env:PSDOCKER_PESTER
        $script:Probe = @'
$ops = @(Get-ShouldOperator | Where-Object Name -In 'BeRunning', 'BeHealthy', 'HaveExitCode')
"operators=$($ops.Count)"
'@
    }

    It 'adds them at import when Pester is loaded first, once, also through Import-Module -Force' {
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Pester'
Import-Module '$env:PSDOCKER_MODULE'
$Probe
Import-Module '$env:PSDOCKER_MODULE' -Force
$Probe
Remove-Module PSDocker
Import-Module '$env:PSDOCKER_MODULE'
$Probe
'$Running' | Should -BeRunning
'passed'
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        ([regex]::Matches($r.Output, 'operators=3')).Count | Should -Be 3 -Because $r.Output
        $r.Output | Should -Match 'passed'
        $r.Output | Should -Not -Match 'WARNING'
    }

    It 'adds them on the first PSDocker cmdlet run after Pester is imported, when PSDocker came first' {
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:PSDOCKER_MODULE'
Import-Module '$Pester'
$Probe
`$null = Get-Container '$Running'
$Probe
'$Running' | Should -BeRunning
try { '$Exited' | Should -BeRunning } catch { 'failure: ' + `$_.Exception.Message }
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match '(?s)operators=0.*operators=3'
        $r.Output | Should -Match "failure: Expected container '$Exited' \(\w+\) to be running, but it is exited with code 3"
    }

    It 'adds them through Import-Module -Force when PSDocker came first and no cmdlet has run since' {
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:PSDOCKER_MODULE'
Import-Module '$Pester'
$Probe
Import-Module '$env:PSDOCKER_MODULE' -Force
$Probe
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match '(?s)operators=0.*operators=3'
    }

    It 'adds them again when Pester is imported again (Import-Module Pester -Force), on the next PSDocker cmdlet' {
        # A new Pester module has none of the operators. The next PSDocker cmdlet adds them; it looks at most once a
        # second, hence the wait before the second one.
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Pester'
Import-Module '$env:PSDOCKER_MODULE'
Import-Module '$Pester' -Force
$Probe
`$null = Get-Container '$Running'
$Probe
'$Running' | Should -BeRunning
Import-Module '$Pester' -Force
Start-Sleep -Seconds 1.2
`$null = Get-Container '$Running'
$Probe
try { '$Exited' | Should -BeRunning } catch { 'failure: ' + `$_.Exception.Message }
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match '(?s)operators=0.*operators=3.*operators=3'
        $r.Output | Should -Match "failure: Expected container '$Exited' \(\w+\) to be running, but it is exited with code 3"
        $r.Output | Should -Not -Match 'WARNING'
    }

    It 'does not load Pester by itself' {
        $r = Invoke-ChildPwsh @"
Import-Module '$env:PSDOCKER_MODULE'
`$null = Get-Container '$Running'
"pester=`$(@(Get-Module Pester).Count)"
"@
        $r.Output | Should -Match 'pester=0'
    }
}
