# A 29.x engine (API 1.54, refusing clients below 1.44) cannot be run on the lab machine, whose engine
# is 20.10 (API 1.41). These tests check PSDocker's side of the negotiation against a stand-in that
# answers /version like a newer engine and records the paths it is asked for; the real 20.10 engine
# covers the old side in every other test file.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/StandIn.ps1

    function script:Start-VersionStandIn([string] $ApiVersion, [string] $MinApiVersion, [int] $Requests) {
        # Answers /version like an engine of $ApiVersion, a versioned path below $MinApiVersion with the
        # engine's 400 "client version X is too old", anything else with '[]'.
        Start-StandIn -Requests $Requests -State @{ Api = $ApiVersion; Min = $MinApiVersion } -Respond {
            param($request, $i, $state)
            $path = $request.Url.AbsolutePath
            if ($path -match '^(/v[0-9.]+)?/version$') {
                @{ Body = @{ Version = '29.0.0'; ApiVersion = $state.Api; MinAPIVersion = $state.Min; Os = 'linux'; Arch = 'amd64' } | ConvertTo-Json }
            }
            elseif ($path -match '^/v(\d+\.\d+)/' -and [version]$Matches[1] -lt [version]$state.Min) {
                @{ Status = 400; Body = @{ message = "client version $($Matches[1]) is too old. Minimum supported API version is $($state.Min)" } | ConvertTo-Json }
            }
            else { @{ Body = '[]' } }
        }
    }
}

Describe 'API version negotiation' {
    It 'asks a new engine for /version unversioned, then speaks the library''s newest version (1.54)' {
        $engine = Start-VersionStandIn -ApiVersion '1.54' -MinApiVersion '1.44' -Requests 3
        $v = Get-DockerVersion -HostAddress $engine.Address
        $null = Get-Container -HostAddress $engine.Address
        $paths = @(Receive-StandIn $engine)
        $paths[0] | Should -Be '/version'
        $paths[1] | Should -Be '/v1.54/version'
        $paths[2] | Should -Be '/v1.54/containers/json'
        $v.NegotiatedApiVersion | Should -Be '1.54'
        $v.MinApiVersion | Should -Be '1.44'
    }

    It 'caps the version at 1.54 for an engine newer than the library' {
        $engine = Start-VersionStandIn -ApiVersion '1.60' -MinApiVersion '1.44' -Requests 2
        $null = Get-Container -HostAddress $engine.Address
        $paths = @(Receive-StandIn $engine)
        $paths[1] | Should -Be '/v1.54/containers/json'
    }

    It 'speaks the old engine''s own version to the lab''s 20.10 engine' {
        $v = Get-DockerVersion
        $v.NegotiatedApiVersion | Should -Be $v.ApiVersion
        [version]$v.ApiVersion | Should -BeLessThan ([version]'1.44')
    }
}
