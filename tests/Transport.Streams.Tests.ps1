# Exec, attach and follow-logs over every engine kind the transport serves (issue 12): the lab engine's unix socket,
# plain tcp (a loopback forwarder in front of that socket, tests/Forwarder.ps1) and TCP+TLS (the TLS test engine,
# tests/TlsEngine.ps1). Exec and attach ride on hijacked connections, follow-logs on a long streamed response; each is
# checked for its output, its exit code and, for exec, a real half-close of standard input (the command answers only
# after its input ended). Commands that wait for input run under `timeout 30`, so a lost end of input fails the test
# instead of hanging it. Cross-checked with the docker CLI.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/TlsEngine.ps1
    . $PSScriptRoot/Forwarder.ps1

    $script:Suite = New-TestName 'streams'      # a label value on every container this file makes on the lab engine
    $script:tls = Start-TlsEngine
    $script:certs = Join-Path $TestDrive 'certs'
    Copy-Item -Recurse $tls.GoodCerts $certs
    $tlsCli = @('-H', $tls.Address, '--tlsverify', '--tlscacert', "$certs/ca.pem", '--tlscert', "$certs/cert.pem", '--tlskey', "$certs/key.pem")
    & docker save $TestImage | & docker @tlsCli load -q | Out-Null
    # The process's first TLS handshake (and its JIT) done here, so no test meets it.
    Initialize-EngineClient @{ HostAddress = $tls.Address; TlsCertPath = $certs }
    $script:forwarder = Start-Forwarder -UnixSocket /var/run/docker.sock

    # Each kind: the cmdlets' engine parameters, the docker CLI's, and a running container of its own.
    $script:engines = @{
        unix = @{ Target = @{ HostAddress = 'unix:///var/run/docker.sock' }; Cli = @() }
        tcp  = @{ Target = @{ HostAddress = $forwarder.Address }; Cli = @() }
        tls  = @{ Target = @{ HostAddress = $tls.Address; TlsCertPath = $certs }; Cli = $tlsCli }
    }
    foreach ($kind in $engines.Keys) {
        $e = $engines[$kind]
        $e.Box = New-TestName "box$kind"
        $cli = $e.Cli
        Invoke-Docker @cli run -d --name $e.Box --network none -l "psdocker.suite=$Suite" $TestImage sh -c 'trap "exit 0" TERM; sleep 600 & wait' | Out-Null
    }
}

AfterAll {
    Stop-Forwarder $forwarder
    $ids = & docker ps -aq --filter "label=psdocker.suite=$Suite"
    if ($ids) { & docker rm -f -v $ids *> $null }
    Stop-TlsEngine $tls
}

Describe 'Streams over <Kind>' -ForEach @{ Kind = 'unix' }, @{ Kind = 'tcp' }, @{ Kind = 'tls' } {
    BeforeEach {
        $target = $engines[$Kind].Target
        $cli = $engines[$Kind].Cli
        $box = $engines[$Kind].Box
    }

    It 'exec: standard input is half-closed, the answer after it arrives, and the exit code comes back' {
        $r = 'alpha', 'beta' | Invoke-ContainerCommand $box @target -Command timeout, 30, sh, -c, 'wc -c; exit 3'
        $r.ExitCode | Should -Be 3
        $r.Output.Trim() | Should -Be '11'
        # docker exec -i sends the same input and gets the same count.
        ("alpha`nbeta" | & docker @cli exec -i $box wc -c).Trim() | Should -Be '11'

        # Output written after the end of input still comes through: the read side stayed open.
        $r = 'alpha', 'beta' | Invoke-ContainerCommand $box @target -Command timeout, 30, sh, -c, 'cat; echo after-eof'
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Be @('alpha', 'beta', 'after-eof')

        # Without input, standard output and standard error stay apart.
        $r = Invoke-ContainerCommand $box @target -Command sh, -c, 'echo out; echo err >&2; exit 4'
        $r.ExitCode | Should -Be 4
        $r.Output | Should -Be 'out'
        $r.Error | Should -Be 'err'
    }

    It 'attach: a foreground Start-Container -Image streams its lines, then its exit code; -AutoRemove leaves nothing' {
        $name = New-TestName "fg$Kind"
        $lines = [System.Collections.Generic.List[string]]::new()
        $err = $null
        try {
            Start-Container -Image $TestImage -Name $name -Network none -Label @{ 'psdocker.suite' = $Suite } -AutoRemove @target `
                -Command sh, -c, 'echo one; echo two >&2; echo three; exit 3' -ErrorAction SilentlyContinue -ErrorVariable stderr |
                ForEach-Object { $lines.Add($_) }
        }
        catch { $err = $_ }
        $lines | Should -Be @('one', 'three')
        @($stderr | Where-Object FullyQualifiedErrorId -Like 'ContainerStandardError,*' | ForEach-Object { "$_" }) | Should -Be 'two'
        $err.FullyQualifiedErrorId | Should -Be 'ContainerExitedWithError,PSDocker.Commands.StartContainerCommand'
        $err.Exception.ExitCode | Should -Be 3
        & docker @cli ps -aq --filter "name=^$name`$" | Should -BeNullOrEmpty
    }

    It 'follow-logs: Get-ContainerLog -Follow gives each line as it is written and ends when the container exits' {
        $name = New-TestName "log$Kind"
        # The second line is written only once the first was read here (or after 30 s, as 'late').
        $script_ = 'echo first; i=0; while [ ! -e /go ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; ' +
        'if [ -e /go ]; then echo second; else echo late; fi'
        Invoke-Docker @cli run -d --name $name --network none -l "psdocker.suite=$Suite" $TestImage sh -c $script_ | Out-Null
        $cliArgs = $cli
        $lines = Get-ContainerLog $name -Follow -Raw @target | ForEach-Object {
            $_
            if ($_ -eq 'first') { Invoke-Docker @cliArgs exec $name touch /go | Out-Null }
        }
        $lines | Should -Be @('first', 'second')
        (Invoke-Docker @cli inspect -f '{{.State.Running}}' $name).Trim() | Should -Be 'false'
        (Invoke-Docker @cli logs $name) | Should -Be @('first', 'second')
    }
}

Describe 'Hijacked streams with DOCKER_DOTNET_NATIVE_HTTP_ENABLED=1' {
    BeforeAll { $script:savedNative = $env:DOCKER_DOTNET_NATIVE_HTTP_ENABLED }
    AfterAll { $env:DOCKER_DOTNET_NATIVE_HTTP_ENABLED = $savedNative }

    It 'still half-closes standard input over plain tcp and TLS (the native transport''s close would cut the output)' {
        $env:DOCKER_DOTNET_NATIVE_HTTP_ENABLED = '1'
        $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$env:PSDOCKER_MODULE'; " +
        "foreach (`$k in 'tcp', 'tls') { " +
        "  `$t = if (`$k -eq 'tls') { @{ HostAddress = '$($tls.Address)'; TlsCertPath = '$certs' } } else { @{ HostAddress = '$($forwarder.Address)' } }; " +
        "  try { `$null = Get-DockerVersion @t } catch { if (`"`$_`" -notlike '*did not answer within*') { throw }; `$null = Get-DockerVersion @t }; " +
        "  `$b = if (`$k -eq 'tls') { '$($engines.tls.Box)' } else { '$($engines.tcp.Box)' }; " +
        "  `$r = 'alpha', 'beta' | Invoke-ContainerCommand `$b @t -Command timeout, 30, sh, -c, 'cat; echo after-eof; exit 3'; " +
        "  `"`$k=`$(`$r.Output -join ',');code=`$(`$r.ExitCode)`" }"
        $r = Invoke-ChildPwsh $script
        $r.Output | Should -Match '(?m)^tcp=alpha,beta,after-eof;code=3\s*$'
        $r.Output | Should -Match '(?m)^tls=alpha,beta,after-eof;code=3\s*$'
        $r.ExitCode | Should -Be 0
    }
}
