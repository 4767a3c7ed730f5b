# The engine client's time limit, re-negotiation and API-version pin. An engine that hangs after it
# was reached, or that changes under a tunnel, cannot be made from the lab's engine: a loopback stand-in
# plays it and records the paths it is asked for. DOCKER_API_VERSION is tested against the real engine
# and cross-checked with the docker CLI.
BeforeAll {
    . $PSScriptRoot/Common.ps1

    . $PSScriptRoot/StandIn.ps1

    function script:Start-EngineStandIn {
        # Answers like an engine of API version $Versions[0] for the first $SwitchAfter requests, then like
        # one of $Versions[1]: /version with that version, a versioned path above it with the engine's 400
        # "client version X is too new", anything else with '[]'. The request numbered $HangAt (from 0) gets
        # no answer: then, after $Requests requests, it holds on until Stop-StandIn. Outputs each path.
        param([string[]] $Versions, [int] $SwitchAfter = [int]::MaxValue, [int] $HangAt = -1, [int] $Requests)
        $state = @{ Versions = $Versions; SwitchAfter = $SwitchAfter; HangAt = $HangAt }
        Start-StandIn -Requests $Requests -State $state -HoldSeconds $(if ($HangAt -ge 0) { 120 } else { 0 }) -Respond {
            param($request, $i, $state)
            if ($i -eq $state.HangAt) { return $null }
            $path = $request.Url.AbsolutePath
            $api = if ($i -lt $state.SwitchAfter) { $state.Versions[0] } else { $state.Versions[-1] }
            $tooNew = $path -match '^/v(\d+\.\d+)/' -and [version]$Matches[1] -gt [version]$api
            if ($tooNew) {
                @{ Status = 400; Body = @{ message = "client version $($Matches[1]) is too new. Maximum supported API version is $api" } | ConvertTo-Json }
            }
            elseif ($path -match '^(/v[0-9.]+)?/version$') {
                @{ Body = @{ Version = '20.10.0'; ApiVersion = $api; MinAPIVersion = '1.12'; Os = 'linux'; Arch = 'amd64' } | ConvertTo-Json }
            }
            else { @{ Body = '[]' } }
        }
    }

    # A loopback port nothing listens on: a call that got as far as connecting would fail with EngineUnreachable.
    $script:NoEngine = 'tcp://127.0.0.1:9'
    $script:SavedEnv = @{ PSDOCKER_REQUEST_TIMEOUT = $env:PSDOCKER_REQUEST_TIMEOUT; DOCKER_API_VERSION = $env:DOCKER_API_VERSION }
}

AfterAll {
    $env:PSDOCKER_REQUEST_TIMEOUT = $script:SavedEnv.PSDOCKER_REQUEST_TIMEOUT
    $env:DOCKER_API_VERSION = $script:SavedEnv.DOCKER_API_VERSION
    Remove-AllTestObject
}

Describe 'Request time limit' {
    AfterEach { $env:PSDOCKER_REQUEST_TIMEOUT = $null }

    It 'gives EngineNotResponding, naming the engine and the seconds, when an engine that answered /version stops answering; the next call connects again' {
        $env:PSDOCKER_REQUEST_TIMEOUT = '2'
        $engine = Start-EngineStandIn -Versions '1.41' -HangAt 1 -Requests 4

        $err = { Get-Container -HostAddress $engine.Address } | Should -Throw -ErrorId 'EngineNotResponding,PSDocker.Commands.GetContainerCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception.Message | Should -BeLike "The Docker engine at '$($engine.Address)' did not answer within 2 seconds.*PSDOCKER_REQUEST_TIMEOUT*"
        $err.TargetObject.Address | Should -Be ([uri]$engine.Address)

        Get-Container -HostAddress $engine.Address | Should -BeNullOrEmpty
        $paths = @(Stop-StandIn $engine)
        $paths | Should -Be @('/version', '/v1.41/containers/json', '/version', '/v1.41/containers/json')
    }

    It 'takes $PSDockerRequestTimeout from the caller''s scope before the environment variable' {
        $env:PSDOCKER_REQUEST_TIMEOUT = '600'
        $PSDockerRequestTimeout = 1
        $engine = Start-EngineStandIn -Versions '1.41' -HangAt 1 -Requests 2

        $err = { Get-DockerInfo -HostAddress $engine.Address } | Should -Throw -ErrorId 'EngineNotResponding,PSDocker.Commands.GetDockerInfoCommand' -PassThru
        $err.Exception.Message | Should -BeLike '*within 1 seconds*'
        @(Stop-StandIn $engine) | Should -Be @('/version', '/v1.41/info')
    }

    It 'with 0 (no limit) still stops at once and silently on Ctrl+C' {
        $engine = Start-EngineStandIn -Versions '1.41' -HangAt 1 -Requests 2
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("`$env:PSDOCKER_REQUEST_TIMEOUT = '0'; Import-Module '$env:PSDOCKER_MODULE'; Get-Container -HostAddress '$($engine.Address)'")
            $async = $ps.BeginInvoke()
            # Wait until the stand-in holds the request, then press Ctrl+C.
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            while ($engine.Job.Output.Count -lt 2 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $engine.Job.Output.Count | Should -Be 2
            $ps.InvocationStateInfo.State | Should -Be 'Running'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error.Count | Should -Be 0
        }
        finally { $ps.Dispose() }
        @(Stop-StandIn $engine) | Should -Be @('/version', '/v1.41/containers/json')
    }

    It 'refuses a bad PSDOCKER_REQUEST_TIMEOUT, naming it and the value, before connecting' -TestCases @(
        @{ Value = 'abc' }, @{ Value = '-5' }, @{ Value = '1.5' }
    ) {
        $env:PSDOCKER_REQUEST_TIMEOUT = $Value
        $err = { Get-Container -HostAddress $script:NoEngine } | Should -Throw -ErrorId 'InvalidRequestTimeout,PSDocker.Commands.GetContainerCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "PSDOCKER_REQUEST_TIMEOUT is '$Value'*"
    }

    It 'refuses a bad $PSDockerRequestTimeout, naming it and the value' {
        $PSDockerRequestTimeout = 'soon'
        $err = { Get-DockerVersion -HostAddress $script:NoEngine } | Should -Throw -ErrorId 'InvalidRequestTimeout,PSDocker.Commands.GetDockerVersionCommand' -PassThru
        $err.Exception.Message | Should -BeLike "`$PSDockerRequestTimeout is 'soon'*"
    }
}

Describe 'An engine that changes under an endpoint' {
    AfterEach { $env:DOCKER_API_VERSION = $null }

    It 'negotiates again, once, when the engine refuses the version ("client version 1.41 is too new")' {
        # Two requests as 1.41 (first contact, one list), then the tunnel leads to a 1.40 engine.
        $engine = Start-EngineStandIn -Versions '1.41', '1.40' -SwitchAfter 2 -Requests 6
        Get-Container -HostAddress $engine.Address | Should -BeNullOrEmpty
        Get-Container -HostAddress $engine.Address | Should -BeNullOrEmpty
        (Get-DockerVersion -HostAddress $engine.Address).NegotiatedApiVersion | Should -Be '1.40'

        $paths = @(Receive-StandIn $engine)
        $paths | Should -Be @('/version', '/v1.41/containers/json', '/v1.41/containers/json', '/version', '/v1.40/containers/json', '/v1.40/version')
    }

    It 'reports the refusal as InvalidApiVersion naming DOCKER_API_VERSION, without negotiating, when it pins the version' {
        $env:DOCKER_API_VERSION = '1.41'
        $engine = Start-EngineStandIn -Versions '1.40' -Requests 2
        $err = { Get-Container -HostAddress $engine.Address } | Should -Throw -ErrorId 'InvalidApiVersion,PSDocker.Commands.GetContainerCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'DOCKER_API_VERSION pins'
        $err.Exception.Message | Should -Match ([regex]::Escape('client version 1.41 is too new. Maximum supported API version is 1.40'))
        $err.Exception.Message | Should -Match 'speaks API 1.40'
        @(Receive-StandIn $engine) | Should -Be @('/version', '/v1.41/containers/json')
    }
}

Describe 'DOCKER_API_VERSION' {
    AfterEach { $env:DOCKER_API_VERSION = $null }

    It 'pins the version sent and shown, as the docker CLI does, on the real engine' {
        $name = New-TestName 'pin'
        $id = Invoke-Docker create --name $name $script:TestImage sleep 60
        try {
        $env:DOCKER_API_VERSION = '1.40'

        $v = Get-DockerVersion
        $v.NegotiatedApiVersion | Should -Be '1.40'
        $v.NegotiatedApiVersion | Should -Be (Invoke-Docker version --format '{{.Client.APIVersion}}')
        $c = Get-Container -Name $name
        $c.Id | Should -Be $id
        $c.Id | Should -Be (Invoke-Docker ps -a --no-trunc --filter "name=^$name$" --format '{{.ID}}')

        # The same endpoint without the pin has its own, negotiated client.
        $env:DOCKER_API_VERSION = $null
        $unpinned = Get-DockerVersion
        $unpinned.NegotiatedApiVersion | Should -Be $unpinned.ApiVersion
        $unpinned.NegotiatedApiVersion | Should -Be (Invoke-Docker version --format '{{.Client.APIVersion}}')
        $unpinned.NegotiatedApiVersion | Should -Not -Be '1.40'
        }
        finally { Remove-TestContainer $name }
    }

    It 'sends the pinned version in the path' {
        $env:DOCKER_API_VERSION = '1.30'
        $engine = Start-EngineStandIn -Versions '1.41' -Requests 3
        (Get-DockerVersion -HostAddress $engine.Address).NegotiatedApiVersion | Should -Be '1.30'
        $null = Get-Container -HostAddress $engine.Address
        @(Receive-StandIn $engine) | Should -Be @('/version', '/v1.30/version', '/v1.30/containers/json')
    }

    It 'refuses <Value>, naming DOCKER_API_VERSION and the value, before connecting' -TestCases @(
        @{ Value = 'abc' }, @{ Value = '1.99' }, @{ Value = '1.41.0' }, @{ Value = '2.0' }
    ) {
        $env:DOCKER_API_VERSION = $Value
        $err = { Get-Container -HostAddress $script:NoEngine } | Should -Throw -ErrorId 'InvalidApiVersion,PSDocker.Commands.GetContainerCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "DOCKER_API_VERSION is '$Value'*"
    }
}
