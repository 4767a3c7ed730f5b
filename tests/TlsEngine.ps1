# Starts a second, TLS-only Docker engine on tcp://127.0.0.1:PORT beside the lab engine, with
# certificates made here by openssl: one CA for the engine and the good client, another CA for the
# "wrong" client certificate and the "wrong" CA bundle. Loopback only. Linux, as root.

function New-TestCertificate {
    param([string] $Dir, [string] $Name, [string] $CaName, [string] $Subject, [string] $Extensions)
    $key = Join-Path $Dir "$Name-key.pem"
    $csr = Join-Path $Dir "$Name.csr"
    $ext = Join-Path $Dir "$Name.ext"
    Set-Content -Path $ext -Value $Extensions
    & openssl req -new -newkey rsa:2048 -nodes -keyout $key -subj $Subject -out $csr 2>$null
    & openssl x509 -req -in $csr -CA (Join-Path $Dir "$CaName.pem") -CAkey (Join-Path $Dir "$CaName-key.pem") `
        -CAcreateserial -days 2 -out (Join-Path $Dir "$Name-cert.pem") -extfile $ext 2>$null
    if ($LASTEXITCODE -ne 0) { throw "openssl could not sign $Name" }
}

function New-TestCa([string] $Dir, [string] $Name) {
    & openssl req -x509 -new -newkey rsa:2048 -nodes -keyout (Join-Path $Dir "$Name-key.pem") `
        -subj "/CN=PSDocker test $Name" -days 2 -out (Join-Path $Dir "$Name.pem") 2>$null
    if ($LASTEXITCODE -ne 0) { throw "openssl could not make the CA $Name" }
}

function New-ClientFolder([string] $Dir, [string] $Name, [string] $Ca, [string] $Cert, [string] $Key) {
    $folder = Join-Path $Dir $Name
    $null = New-Item -ItemType Directory -Path $folder -Force
    Copy-Item $Ca (Join-Path $folder 'ca.pem')
    Copy-Item $Cert (Join-Path $folder 'cert.pem')
    Copy-Item $Key (Join-Path $folder 'key.pem')
    $folder
}

function Start-TlsEngine {
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('psdtls-' + [guid]::NewGuid().ToString('n').Substring(0, 6))
    $null = New-Item -ItemType Directory -Path $dir
    New-TestCa $dir 'ca'
    New-TestCa $dir 'otherca'
    New-TestCertificate $dir 'server' 'ca' '/CN=127.0.0.1' "subjectAltName=IP:127.0.0.1,DNS:localhost`nextendedKeyUsage=serverAuth"
    New-TestCertificate $dir 'client' 'ca' '/CN=psdocker-client' 'extendedKeyUsage=clientAuth'
    New-TestCertificate $dir 'stranger' 'otherca' '/CN=psdocker-stranger' 'extendedKeyUsage=clientAuth'

    # For the TLS stand-in: a server certificate under an intermediate CA, and one meant only for clients.
    New-TestCertificate $dir 'inter' 'ca' '/CN=PSDocker test intermediate' "basicConstraints=critical,CA:TRUE`nkeyUsage=critical,keyCertSign,cRLSign"
    Copy-Item "$dir/inter-cert.pem" "$dir/inter.pem"
    New-TestCertificate $dir 'leafi' 'inter' '/CN=127.0.0.1' "subjectAltName=IP:127.0.0.1,DNS:localhost`nextendedKeyUsage=serverAuth"
    New-TestCertificate $dir 'clientonly' 'ca' '/CN=127.0.0.1' "subjectAltName=IP:127.0.0.1,DNS:localhost`nextendedKeyUsage=clientAuth"

    $good = New-ClientFolder $dir 'good' "$dir/ca.pem" "$dir/client-cert.pem" "$dir/client-key.pem"
    # A client certificate the engine's CA never signed: the engine must refuse it.
    $wrongCert = New-ClientFolder $dir 'wrongcert' "$dir/ca.pem" "$dir/stranger-cert.pem" "$dir/stranger-key.pem"
    # A CA bundle the engine's certificate does not chain to: the client must refuse the engine.
    $wrongCa = New-ClientFolder $dir 'wrongca' "$dir/otherca.pem" "$dir/client-cert.pem" "$dir/client-key.pem"

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()

    # Its own bridge: `--bridge none` would make dockerd delete the lab engine's docker0.
    # Bridges left by a run that was killed go first (they hold the same address).
    # Names and the subnet follow the test prefix (PSDOCKER_TEST_PREFIX), so two test runs can each have one.
    $tag = ($script:TestPrefix -replace '[^a-z0-9]', '')
    if ($tag.Length -gt 6) { $tag = $tag.Substring(0, 6) }
    $subnet = 100 + ([System.Text.Encoding]::ASCII.GetBytes($tag) | Measure-Object -Sum).Sum % 150
    foreach ($stale in (& ip -o link show type bridge) -replace '^\d+:\s*([^:@]+).*$', '$1' | Where-Object { $_ -like "$tag*" }) {
        & ip link delete $stale 2>$null
    }
    $bridge = $tag + $port
    & ip link add name $bridge type bridge 2>$null
    & ip addr add "172.31.$subnet.1/24" dev $bridge 2>$null
    & ip link set $bridge up 2>$null
    if ($LASTEXITCODE -ne 0) { throw "could not make the bridge $bridge for the TLS engine" }

    $log = Join-Path $dir 'dockerd.log'
    $dockerdArgs = @(
        '--data-root', "$dir/data", '--exec-root', "$dir/exec", '--pidfile', "$dir/dockerd.pid",
        '-H', "tcp://127.0.0.1:$port",
        '--tlsverify', '--tlscacert', "$dir/ca.pem", '--tlscert', "$dir/server-cert.pem", '--tlskey', "$dir/server-key.pem",
        '--bridge', $bridge, '--iptables=false', '--ip-masq=false', '--ip-forward=false'
    )
    $process = Start-Process -FilePath dockerd -ArgumentList $dockerdArgs -RedirectStandardError $log -RedirectStandardOutput "$log.out" -PassThru

    $deadline = [datetime]::UtcNow.AddSeconds(60)
    do {
        Start-Sleep -Milliseconds 250
        $ping = & curl -fs --max-time 2 --cacert "$good/ca.pem" --cert "$good/cert.pem" --key "$good/key.pem" "https://127.0.0.1:$port/_ping" 2>$null
    } until ($ping -eq 'OK' -or $process.HasExited -or [datetime]::UtcNow -gt $deadline)
    if ($ping -ne 'OK') {
        $tail = Get-Content $log -Tail 20 -ErrorAction SilentlyContinue | Out-String
        Stop-TlsEngine ([pscustomobject]@{ Process = $process; Dir = $dir; Bridge = $bridge })
        throw "The TLS engine did not come up on port ${port}: $tail"
    }

    [pscustomobject]@{
        Address        = "tcp://127.0.0.1:$port"
        Port           = $port
        Dir            = $dir
        GoodCerts      = $good
        IntermediateLeaf = @{ Cert = "$dir/leafi-cert.pem"; Key = "$dir/leafi-key.pem"; Chain = "$dir/inter.pem" }
        ClientOnlyServer = @{ Cert = "$dir/clientonly-cert.pem"; Key = "$dir/clientonly-key.pem" }
        WrongClientCert = $wrongCert
        WrongCa        = $wrongCa
        Process        = $process
        Bridge         = $bridge
    }
}

function Start-TlsStandIn {
    <#
    .SYNOPSIS
        A loopback HTTPS server that answers every request with a Docker engine's /version JSON, presenting
        $CertFile (with $KeyFile) and the intermediate certificates in $ChainFiles. For TLS cases a real engine
        cannot show: a certificate under an intermediate CA, one meant only for clients. Serves $Connections
        connections (or stops after 20 s without one).
    #>
    param([string] $CertFile, [string] $KeyFile, [string[]] $ChainFiles = @(), [int] $Connections = 2)
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $job = Start-ThreadJob -ArgumentList $listener, $CertFile, $KeyFile, $ChainFiles, $Connections -ScriptBlock {
        param($listener, $certFile, $keyFile, $chainFiles, $connections)
        $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPemFile($certFile, $keyFile)
        $extra = [System.Security.Cryptography.X509Certificates.X509Certificate2Collection]::new()
        foreach ($f in $chainFiles) { $null = $extra.Add([System.Security.Cryptography.X509Certificates.X509Certificate2]::new($f)) }
        $options = [System.Net.Security.SslServerAuthenticationOptions]::new()
        $options.ServerCertificateContext = [System.Net.Security.SslStreamCertificateContext]::Create($cert, $extra, $true)
        $body = '{"Version":"20.10.0","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}'
        try {
            for ($i = 0; $i -lt $connections; $i++) {
                $accept = $listener.AcceptTcpClientAsync()
                if (-not $accept.Wait(20000)) { break }
                $client = $accept.Result
                try {
                    $client.ReceiveTimeout = 5000
                    $ssl = [System.Net.Security.SslStream]::new($client.GetStream(), $false)
                    # A client that refuses the certificate may leave the handshake hanging: give up on it.
                    if (-not $ssl.AuthenticateAsServerAsync($options).Wait(5000)) { continue }
                    $reader = [System.IO.StreamReader]::new($ssl)
                    while (($line = $reader.ReadLine()) -ne $null -and $line -ne '') { }
                    $bytes = [System.Text.Encoding]::UTF8.GetBytes("HTTP/1.1 200 OK`r`nContent-Type: application/json`r`nContent-Length: $($body.Length)`r`nConnection: close`r`n`r`n$body")
                    $ssl.Write($bytes, 0, $bytes.Length)
                    $ssl.Flush()
                }
                catch { }
                finally { $client.Dispose() }
            }
        }
        finally { $listener.Stop() }
    }
    [pscustomobject]@{ Address = "tcp://127.0.0.1:$port"; Job = $job }
}

function Stop-TlsEngine($Engine) {
    if (-not $Engine) { return }
    if ($Engine.Process -and -not $Engine.Process.HasExited) {
        & kill -TERM $Engine.Process.Id 2>$null
        if (-not $Engine.Process.WaitForExit(20000)) { $Engine.Process.Kill($true) }
    }
    if ($Engine.Bridge) { & ip link delete $Engine.Bridge 2>$null }
    & umount -R "$($Engine.Dir)/exec" 2>$null
    & umount -R "$($Engine.Dir)/data" 2>$null
    Remove-Item -Recurse -Force $Engine.Dir -ErrorAction SilentlyContinue
}

function Restart-TlsEngine($Engine) {
    <#
    .SYNOPSIS
        Stops the TLS engine's dockerd and starts it again with the same command line: the same port, certificates,
        bridge and data root (its images and containers stay). Sets $Engine.Process to the new process.
    #>
    $old = $Engine.Process
    $arguments = @((Get-Content -Raw "/proc/$($old.Id)/cmdline") -split "`0" | Where-Object { $_ } | Select-Object -Skip 1)
    & kill -TERM $old.Id 2>$null
    if (-not $old.WaitForExit(30000)) { $old.Kill($true); $null = $old.WaitForExit(10000) }
    $log = Join-Path $Engine.Dir 'dockerd-restarted.log'
    $Engine.Process = Start-Process -FilePath dockerd -ArgumentList $arguments -RedirectStandardError $log -RedirectStandardOutput "$log.out" -PassThru
    $good = $Engine.GoodCerts
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    do {
        Start-Sleep -Milliseconds 250
        $ping = & curl -fs --max-time 2 --cacert "$good/ca.pem" --cert "$good/cert.pem" --key "$good/key.pem" "https://127.0.0.1:$($Engine.Port)/_ping" 2>$null
    } until ($ping -eq 'OK' -or $Engine.Process.HasExited -or [datetime]::UtcNow -gt $deadline)
    if ($ping -ne 'OK') {
        throw "The TLS engine did not come back on port $($Engine.Port): $(Get-Content $log -Tail 20 -ErrorAction SilentlyContinue | Out-String)"
    }
}

function Initialize-EngineClient([hashtable] $Target) {
    <#
    .SYNOPSIS
        The module's first contact with an engine (Get-DockerVersion @Target), tried a second time only when it ran into
        the module's first-contact limit (5 s): on a loaded 2-core machine the first TLS handshake of a process, with its
        JIT, can take longer. Any other failure is thrown at once. Later calls then find the engine's client ready.
    #>
    try { $null = Get-DockerVersion @Target -ErrorAction Stop }
    catch {
        if ("$_" -notlike '*did not answer within*') { throw }
        $null = Get-DockerVersion @Target -ErrorAction Stop
    }
}
