# A loopback HTTP server that plays an engine where the lab's real one cannot (a newer API version, an
# engine that hangs or changes under a tunnel, one served under a base path). Dot-source it in BeforeAll.
# Loopback only; it answers a bounded number of requests and stops by itself.

function Start-StandIn {
    <#
    .SYNOPSIS
        Starts the stand-in on a free 127.0.0.1 port. For each request it outputs the request's path (its
        job's output, read with Receive-Job or Stop-StandIn), then calls $Respond with the request, its
        number (from 0) and $State; $Respond returns @{ Status = 200; Body = '...'; Headers = @{} } (all
        optional), or $null to leave that request unanswered. After $Requests requests (or 20 s without one)
        it stops, first holding its connections open for $HoldSeconds when asked.
    #>
    param(
        [Parameter(Mandatory)] [scriptblock] $Respond,
        [Parameter(Mandatory)] [int] $Requests,
        [hashtable] $State = @{},
        [int] $HoldSeconds = 0
    )
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $job = Start-ThreadJob -ArgumentList $port, $Respond.ToString(), $Requests, $State, $HoldSeconds -ScriptBlock {
        param($port, $respondText, $requests, $state, $holdSeconds)
        $respond = [scriptblock]::Create($respondText)
        $http = [System.Net.HttpListener]::new()
        $http.Prefixes.Add("http://127.0.0.1:$port/")
        $http.Start()
        try {
            for ($i = 0; $i -lt $requests; $i++) {
                $task = $http.GetContextAsync()
                # Waits in short slices, so Stop-StandIn (which sets $state.Stop) ends it at once.
                $waited = [System.Diagnostics.Stopwatch]::StartNew()
                while (-not $task.Wait(100) -and -not $state.Stop -and $waited.ElapsedMilliseconds -lt 20000) { }
                if (-not $task.IsCompleted) { break }
                $ctx = $task.Result
                $ctx.Request.Url.AbsolutePath
                $answer = & $respond $ctx.Request $i $state
                if ($null -eq $answer) { continue }
                $ctx.Response.StatusCode = if ($answer.Status) { $answer.Status } else { 200 }
                if ($answer.Headers) { foreach ($h in $answer.Headers.Keys) { $ctx.Response.Headers.Add($h, $answer.Headers[$h]) } }
                if ($null -ne $answer.Body) {
                    $bytes = [System.Text.Encoding]::UTF8.GetBytes([string]$answer.Body)
                    $ctx.Response.ContentType = 'application/json'
                    $ctx.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                }
                $ctx.Response.Close()
            }
        }
        finally {
            $held = [System.Diagnostics.Stopwatch]::StartNew()
            while (-not $state.Stop -and $held.Elapsed.TotalSeconds -lt $holdSeconds) { Start-Sleep -Milliseconds 100 }
            $http.Stop()
        }
    }
    # A busy machine can take seconds to start the thread job: wait up to 60 s for the port to answer.
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    do {
        Start-Sleep -Milliseconds 100
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $port); $up = $true } catch { $up = $false } finally { $client.Dispose() }
    } until ($up -or [datetime]::UtcNow -gt $deadline)
    [pscustomobject]@{ Port = $port; Address = "tcp://127.0.0.1:$port"; Job = $job; State = $State }
}

function Receive-StandIn($StandIn) {
    # Waits for a stand-in to end and returns the paths it was asked for. (Receive-Job -AutoRemoveJob can
    # race the job's own clean-up and fail with "Job repository does not contain an item".)
    $paths = Receive-Job $StandIn.Job -Wait
    Remove-Job $StandIn.Job -Force -ErrorAction SilentlyContinue
    $paths
}

function Stop-StandIn($StandIn) {
    # Ends a stand-in (also one that holds a request unanswered) and returns the paths it was asked for.
    $StandIn.State.Stop = $true
    Stop-Job $StandIn.Job
    Receive-StandIn $StandIn
}
