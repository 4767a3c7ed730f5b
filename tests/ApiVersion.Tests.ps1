# A 29.x engine (API 1.54, refusing clients below 1.44) cannot be run on the lab machine, whose engine
# is 20.10 (API 1.41). These tests check PSDocker's side of the negotiation against a stand-in that
# answers /version like a newer engine and records the paths it is asked for; the real 20.10 engine
# covers the old side in every other test file.
BeforeAll {
    . $PSScriptRoot/Common.ps1

    function script:Start-VersionStandIn([string] $ApiVersion, [string] $MinApiVersion, [int] $Requests) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $job = Start-ThreadJob -ArgumentList $port, $ApiVersion, $MinApiVersion, $Requests -ScriptBlock {
            param($port, $api, $min, $requests)
            $http = [System.Net.HttpListener]::new()
            $http.Prefixes.Add("http://127.0.0.1:$port/")
            $http.Start()
            try {
                for ($i = 0; $i -lt $requests; $i++) {
                    $task = $http.GetContextAsync()
                    if (-not $task.Wait(20000)) { break }
                    $ctx = $task.Result
                    $path = $ctx.Request.Url.AbsolutePath
                    $path
                    $status = 200
                    if ($path -match '^(/v[0-9.]+)?/version$') {
                        $body = @{ Version = '29.0.0'; ApiVersion = $api; MinAPIVersion = $min; Os = 'linux'; Arch = 'amd64' } | ConvertTo-Json
                    }
                    elseif ($path -match '^/v(\d+\.\d+)/' -and [version]$Matches[1] -lt [version]$min) {
                        $status = 400
                        $body = @{ message = "client version $($Matches[1]) is too old. Minimum supported API version is $min" } | ConvertTo-Json
                    }
                    else { $body = '[]' }
                    $bytes = [System.Text.Encoding]::UTF8.GetBytes($body)
                    $ctx.Response.StatusCode = $status
                    $ctx.Response.ContentType = 'application/json'
                    $ctx.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                    $ctx.Response.Close()
                }
            }
            finally { $http.Stop() }
        }
        # Wait until the stand-in listens.
        $deadline = [datetime]::UtcNow.AddSeconds(10)
        do {
            Start-Sleep -Milliseconds 100
            $client = [System.Net.Sockets.TcpClient]::new()
            try { $client.Connect('127.0.0.1', $port); $up = $true } catch { $up = $false } finally { $client.Dispose() }
        } until ($up -or [datetime]::UtcNow -gt $deadline)
        [pscustomobject]@{ Address = "tcp://127.0.0.1:$port"; Job = $job }
    }
}

Describe 'API version negotiation' {
    It 'asks a new engine for /version unversioned, then speaks the library''s newest version (1.54)' {
        $engine = Start-VersionStandIn -ApiVersion '1.54' -MinApiVersion '1.44' -Requests 3
        $v = Get-DockerVersion -HostAddress $engine.Address
        $null = Get-Container -HostAddress $engine.Address
        $paths = @(Receive-Job $engine.Job -Wait -AutoRemoveJob)
        $paths[0] | Should -Be '/version'
        $paths[1] | Should -Be '/v1.54/version'
        $paths[2] | Should -Be '/v1.54/containers/json'
        $v.NegotiatedApiVersion | Should -Be '1.54'
        $v.MinApiVersion | Should -Be '1.44'
    }

    It 'caps the version at 1.54 for an engine newer than the library' {
        $engine = Start-VersionStandIn -ApiVersion '1.60' -MinApiVersion '1.44' -Requests 2
        $null = Get-Container -HostAddress $engine.Address
        $paths = @(Receive-Job $engine.Job -Wait -AutoRemoveJob)
        $paths[1] | Should -Be '/v1.54/containers/json'
    }

    It 'speaks the old engine''s own version to the lab''s 20.10 engine' {
        $v = Get-DockerVersion
        $v.NegotiatedApiVersion | Should -Be $v.ApiVersion
        [version]$v.ApiVersion | Should -BeLessThan ([version]'1.44')
    }
}
