# The volume cmdlets against a newer engine (API 1.54), played on loopback: the lab's engine speaks 1.41, where the
# prune has no "all" filter and /system/df has its older shape. Nothing here touches the lab. The stand-in of
# StandIn.ps1 is an HttpListener, which refuses the client's body-less POST (411): this one reads HTTP itself.
BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Start-RawStandIn([int] $Requests, [hashtable] $State, [scriptblock] $Respond) {
        # One request per connection (answered with Connection: close); requests carry no body here.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $job = Start-ThreadJob -ArgumentList $listener, $Respond.ToString(), $Requests, $State -ScriptBlock {
            param($listener, $respondText, $requests, $state)
            $respond = [scriptblock]::Create($respondText)
            try {
                for ($i = 0; $i -lt $requests; $i++) {
                    # Waits up to 20 s for the next request, in slices, so that Receive-RawStandIn -NoWait ends it at once.
                    $accept = $listener.AcceptTcpClientAsync()
                    $waited = 0
                    while (-not $accept.Wait(200) -and -not $state.Stop -and ($waited += 200) -lt 20000) { }
                    if (-not $accept.IsCompleted) { break }
                    $client = $accept.Result
                    try {
                        $stream = $client.GetStream()
                        $reader = [System.IO.StreamReader]::new($stream, [System.Text.Encoding]::ASCII, $false, 1024, $true)
                        $first = $reader.ReadLine()
                        while ($reader.ReadLine()) { }
                        $parts = $first -split " "; $method = $parts[0]; $target = $parts[1]
                        $url = [uri]::new("http://127.0.0.1$target")
                        $answer = & $respond $method $url $state
                        $body = [System.Text.Encoding]::UTF8.GetBytes([string]$answer.Body)
                        $status = if ($answer.Status) { $answer.Status } else { 200 }
                        $head = "HTTP/1.1 $status X`r`nContent-Type: application/json`r`nContent-Length: $($body.Length)`r`nConnection: close`r`n`r`n"
                        $bytes = [System.Text.Encoding]::ASCII.GetBytes($head) + $body
                        $stream.Write($bytes, 0, $bytes.Length)
                        $stream.Flush()
                    }
                    finally { $client.Dispose() }
                }
            }
            finally { $listener.Stop() }
        }
        [pscustomobject]@{ Port = $port; Address = "tcp://127.0.0.1:$port"; Job = $job; State = $State }
    }

    function Receive-RawStandIn($StandIn, [switch] $NoWait) {
        if ($NoWait) { $StandIn.State.Stop = $true }
        Wait-Job $StandIn.Job -Timeout 30 | Out-Null
        Stop-Job $StandIn.Job
        Remove-Job $StandIn.Job -Force -ErrorAction SilentlyContinue
    }
    $script:Hex = '57534c7c7d82e6d2b31cad186dafb63797e6534fe4b978cd2550771a38e130a8'

    function Start-VolumeStandIn([int] $Requests) {
        # Answers /version as API 1.54, and GET /volumes, POST /volumes/prune and GET /system/df with fixed bodies;
        # every request's method, path and decoded query go to $state.Seen.
        $state = @{ Seen = [System.Collections.Concurrent.ConcurrentQueue[string]]::new(); Hex = $Hex }
        $engine = Start-RawStandIn -Requests $Requests -State $state -Respond {
            param($method, $url, $state)
            $path = $url.AbsolutePath
            $state.Seen.Enqueue("$method $path $([uri]::UnescapeDataString($url.Query))")
            if ($path -match '^(/v[0-9.]+)?/version$') {
                @{ Body = @{ Version = '29.0.0'; ApiVersion = '1.54'; MinAPIVersion = '1.44'; Os = 'linux'; Arch = 'amd64' } | ConvertTo-Json }
            }
            elseif ($path -match '/volumes/prune$') {
                @{ Body = @{ VolumesDeleted = @($state.Hex); SpaceReclaimed = 123456 } | ConvertTo-Json }
            }
            elseif ($method -eq 'DELETE' -and $path -match '/volumes/data$') { @{ Status = 204 } }
            elseif ($path -match '/volumes/data$') {
                @{ Body = @{ Name = 'data'; Driver = 'local'; Scope = 'local'; Mountpoint = '/var/lib/docker/volumes/data/_data' } | ConvertTo-Json }
            }
            elseif ($path -match '/volumes$') {
                @{ Body = @{ Volumes = @(
                            @{ Name = $state.Hex; Driver = 'local'; Scope = 'local'; Mountpoint = "/var/lib/docker/volumes/$($state.Hex)/_data"; Labels = @{ 'com.docker.volume.anonymous' = '' } },
                            @{ Name = 'data'; Driver = 'local'; Scope = 'local'; Mountpoint = '/var/lib/docker/volumes/data/_data'; CreatedAt = '2026-11-30T04:46:42Z' })
                        Warnings = @() } | ConvertTo-Json -Depth 5 }
            }
            elseif ($path -match '/system/df$') {
                @{ Body = @{ VolumeUsage = @{ ActiveCount = 1; TotalCount = 1; TotalSize = 4096; Reclaimable = 0
                            Items = @(@{ Name = 'data'; Driver = 'local'; Scope = 'local'; Mountpoint = '/var/lib/docker/volumes/data/_data'; UsageData = @{ Size = 4096; RefCount = 2 } }) } } | ConvertTo-Json -Depth 6 }
            }
            else { @{ Status = 404; Body = '{"message":"not played"}' } }
        }
        $engine | Add-Member -NotePropertyName Seen -NotePropertyValue $state.Seen -PassThru
    }
}

Describe 'Volumes on an engine with API 1.42 or later' {
    It 'prunes with the engine''s own prune, without the all filter, for anonymous volumes only' {
        $engine = Start-VolumeStandIn -Requests 3
        $result = Remove-ContainerVolume -Unused -Label suite=web -Force -HostAddress $engine.Address
        Receive-RawStandIn $engine
        $seen = @($engine.Seen)
        $result.Deleted | Should -Be @($Hex)
        $result.SpaceReclaimed | Should -Be 123456
        $result.Endpoint.ToString() | Should -Be $engine.Address
        $prune = @($seen | Where-Object { $_ -like 'POST */volumes/prune*' })
        $prune | Should -HaveCount 1
        $prune[0] | Should -Match '"label":\{"suite=web":true\}'
        $prune[0] | Should -Not -Match '"all"'
        @($seen | Where-Object { $_ -like 'DELETE *' }) | Should -HaveCount 0 -Because 'the engine prunes anonymous volumes itself'
        ($seen | Where-Object { $_ -like 'GET */volumes *' }) | Should -Match '"dangling":\{"true":true\}'
    }

    It 'sends the all filter with -All, as docker volume prune -a' {
        $engine = Start-VolumeStandIn -Requests 3
        $result = Remove-ContainerVolume -Unused -All -Label suite=web -Force -HostAddress $engine.Address
        Receive-RawStandIn $engine
        $result.SpaceReclaimedText | Should -Be '123.5kB' -Because 'docker prints four significant digits there'
        @($engine.Seen | Where-Object { $_ -like 'POST */volumes/prune*' })[0] | Should -Match '"all":\{"true":true\}'
    }

    It 'reads sizes and reference counts from /system/df with -Size, without a warning' {
        $engine = Start-VolumeStandIn -Requests 3
        $v = Get-ContainerVolume data -Size -HostAddress $engine.Address -WarningVariable warned
        Receive-RawStandIn $engine
        $warned | Should -HaveCount 0
        $v.Name | Should -Be 'data'
        $v.Size | Should -Be 4096
        $v.SizeText | Should -Be '4.096kB'
        $v.RefCount | Should -Be 2
        $v.Created.ToUniversalTime() | Should -Be ([datetime]::new(2026, 11, 30, 4, 46, 42, [System.DateTimeKind]::Utc))
        @($engine.Seen | Where-Object { $_ -like 'GET */system/df*' })[0] | Should -Match 'type=volume'
    }

    It 'answers piped names with -Size from one list and one /system/df' {
        $engine = Start-VolumeStandIn -Requests 8
        try {
            $v = 'data', $Hex, 'd*' | Get-ContainerVolume -Size -HostAddress $engine.Address
        }
        finally { Receive-RawStandIn $engine -NoWait }
        $v.Name | Should -Be @('data', $Hex, 'data')
        $v[0].Size | Should -Be 4096
        @($engine.Seen | Where-Object { $_ -like 'GET */volumes *' }) | Should -HaveCount 1 -Because 'the list is read once for the whole call'
        @($engine.Seen | Where-Object { $_ -like 'GET */system/df*' }) | Should -HaveCount 1 -Because 'the disk usage is read once for the whole call'
    }

    It 'acts on the engine a piped volume came from' {
        $engine = Start-VolumeStandIn -Requests 10
        try {
            $v = Get-ContainerVolume data -HostAddress $engine.Address
            $v.Endpoint.ToString() | Should -Be $engine.Address
            $gone = $v | Remove-ContainerVolume -PassThru
        }
        finally { Receive-RawStandIn $engine -NoWait }
        @($engine.Seen | Where-Object { $_ -like 'DELETE */volumes/data*' }) | Should -HaveCount 1 -Because 'the piped object names its own engine, not the lab'
        $gone.Name | Should -Be 'data'
        $gone.Endpoint.ToString() | Should -Be $engine.Address
    }
}
