# Invoke-ContainerCommand: docker exec against the real engine, cross-checked with the docker CLI.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Suite = New-TestName 'exec'      # a label value that marks every container this file makes
    $script:Box = New-TestName 'box'
    Invoke-Docker run -d --name $Box -l "psdocker.suite=$Suite" $TestImage sh -c 'trap "exit 0" TERM; sleep 600 & wait' | Out-Null
}

AfterAll {
    $ids = & docker ps -aq --filter "label=psdocker.suite=$Suite"
    if ($ids) { & docker rm -f $ids *> $null }
}

Describe 'Invoke-ContainerCommand (docker exec)' {
    It 'returns the exit code, with standard output and standard error kept apart, as docker exec gives them' {
        $command = 'echo out; echo err >&2; echo two; exit 3'
        $r = Invoke-ContainerCommand $Box -Command sh, -c, $command
        $LASTEXITCODE | Should -Be 3                      # as after a native command
        $r | Should -BeOfType ([PSDocker.ExecResult])
        $r.ExitCode | Should -Be 3
        $r.Output | Should -Be @('out', 'two')
        $r.Error | Should -Be @('err')
        $r.Container | Should -Be $Box
        $r.ContainerId | Should -Be (Invoke-Docker inspect -f '{{.Id}}' $Box).Trim()
        $r.ExecId | Should -Match '^[0-9a-f]{64}$'
        $r.Command | Should -Be @('sh', '-c', $command)
        $r.Duration | Should -BeOfType ([timespan])
        $r.Endpoint | Should -Not -BeNullOrEmpty

        # The same command through docker exec: same lines on the same streams, same exit code.
        $cliOut = & docker exec $Box sh -c $command 2>$null
        $cliCode = $LASTEXITCODE
        $cliErr = & docker exec $Box sh -c $command 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$_" }
        $cliCode | Should -Be $r.ExitCode
        $cliOut | Should -Be $r.Output
        $cliErr | Should -Be $r.Error
    }

    It 'gives the engine''s exit code and message for a command the container cannot run, as docker exec does' {
        $r = Invoke-ContainerCommand $Box -Command nosuchcommand
        $cliOut = & docker exec $Box nosuchcommand 2>$null
        $cliCode = $LASTEXITCODE
        $cliCode | Should -BeIn 126, 127
        $r.ExitCode | Should -Be $cliCode
        $r.Output | Should -Be $cliOut
        $r.Output -join "`n" | Should -Match 'nosuchcommand'
        # A shell that does not find it: 127, as with docker exec.
        (Invoke-ContainerCommand $Box -Command sh, -c, nosuchcommand).ExitCode | Should -Be 127
    }

    It 'writes piped strings to standard input as UTF-8 lines ending in "\n"' {
        ('hello' | Invoke-ContainerCommand $Box -Command tr, a-z, A-Z).Output | Should -Be 'HELLO'
        $r = 'a', 'b', '', "$([char]0xE9)" | Invoke-ContainerCommand $Box -Command od, -An, -tx1
        (-split ($r.Output -join ' ')) -join ' ' | Should -Be '61 0a 62 0a 0a c3 a9 0a'
        # The same bytes docker exec -i sends for the same lines.
        $cli = "a`nb`n`n$([char]0xE9)" | & docker exec -i $Box od -An -tx1     # pwsh adds the last "\n" itself
        (-split ($cli -join ' ')) -join ' ' | Should -Be '61 0a 62 0a 0a c3 a9 0a'
    }

    It 'writes a byte[], single piped bytes and a stream as they are, with nothing added' {
        $bytes = [byte[]](0, 255, 10, 13, 65)
        $expected = '00 ff 0a 0d 41'
        (-split ((, $bytes | Invoke-ContainerCommand $Box -Command od, -An, -tx1).Output -join ' ')) -join ' ' | Should -Be $expected
        (-split (($bytes | Invoke-ContainerCommand $Box -Command od, -An, -tx1).Output -join ' ')) -join ' ' | Should -Be $expected
        $stream = [System.IO.MemoryStream]::new($bytes)
        (-split (($stream | Invoke-ContainerCommand $Box -Command od, -An, -tx1).Output -join ' ')) -join ' ' | Should -Be $expected
    }

    It 'streams a big standard input through in pieces (5 MB of bytes, checked by md5sum)' {
        $bytes = [byte[]]::new(5MB)
        [System.Random]::new(11).NextBytes($bytes)
        $md5 = [System.Security.Cryptography.MD5]::Create()
        $hash = -join ($md5.ComputeHash($bytes) | ForEach-Object { $_.ToString('x2') })
        $r = , $bytes | Invoke-ContainerCommand $Box -Command md5sum
        $r.ExitCode | Should -Be 0
        ($r.Output -split '\s+')[0] | Should -Be $hash
    }

    It 'starts the command at the first input item and writes each item as it arrives (a slow producer)' {
        $script:times = @{}
        $out = & {
            'first'
            Start-Sleep -Milliseconds 4000      # the command has echoed 'first' by now, even on a loaded machine; it goes out with the next item
            'second'
            $script:times.LastProduced = [datetime]::UtcNow
            'last'
        } | Invoke-ContainerCommand $Box -Stream -Command cat | ForEach-Object {
            if (-not $script:times.ContainsKey('FirstOutput')) { $script:times.FirstOutput = [datetime]::UtcNow }
            $_
        }
        $out | Should -Be 'first', 'second', 'last'
        $script:times.FirstOutput | Should -BeLessThan $script:times.LastProduced
    }

    It 'reports a piped stream that fails while read as ContainerInputFailed, and writes the rest of the input' {
        # Not gzip data: reading it raises InvalidDataException.
        $bad = [System.IO.Compression.GZipStream]::new([System.IO.MemoryStream]::new([byte[]](1..64)), [System.IO.Compression.CompressionMode]::Decompress)
        $r = 'before', $bad, 'after' | Invoke-ContainerCommand $Box -Command cat -ErrorVariable failed -ErrorAction SilentlyContinue
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Be 'before', 'after'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'ContainerInputFailed,PSDocker.Commands.InvokeContainerCommandCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ReadError'
        $failed[0].TargetObject | Should -Be $bad
        $failed[0].Exception.InnerException | Should -BeOfType ([System.IO.InvalidDataException])
    }

    It 'pipes 1M lines through with memory well under the input size (child pwsh)' {
        $lines = 1000000
        $line = 'x' * 99                              # 100 bytes a line with "\n": 100 MB of input
        $script = Join-Path ([System.IO.Path]::GetTempPath()) ((New-TestName 'memin') + '.ps1')
        Set-Content -Path $script -Value @'
param($Module, $Name, $Lines, $Line)
Import-Module $Module
$null = 'warm' | Invoke-ContainerCommand $Name -Command cat     # warm: the module, the client, the JIT
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
$p = [Diagnostics.Process]::GetCurrentProcess()
$before = $p.WorkingSet64
$r = & { for ($i = 0; $i -lt $Lines; $i++) { $Line } } | Invoke-ContainerCommand $Name -Command wc, -l
$p.Refresh()
[pscustomobject]@{ Count = "$($r.Output)".Trim(); ExitCode = $r.ExitCode; PeakGrowth = $p.PeakWorkingSet64 - $before } | ConvertTo-Json -Compress
'@
        try {
            $command = @(Get-PwshCommand)
            $pre = @($command | Select-Object -Skip 1)
            $json = & $command[0] @pre -NoProfile -NonInteractive -File $script $env:PSDOCKER_MODULE $Box $lines $line
            $m = $json | Select-Object -Last 1 | ConvertFrom-Json
        }
        finally { Remove-Item -LiteralPath $script -ErrorAction Ignore }
        $m.ExitCode | Should -Be 0
        $m.Count | Should -Be '1000000'
        $m.PeakGrowth | Should -BeLessThan ($lines * ($line.Length + 1) / 3)    # held whole, it would be several times the input
    }

    It 'gives a command no standard input without pipeline input, as docker exec without -i' {
        # cat would wait for ever on an open standard input.
        $r = Invoke-ContainerCommand $Box -Command cat
        $r.ExitCode | Should -Be 0
        $r.Output | Should -BeNullOrEmpty
    }

    It 'runs as -User in -WorkingDirectory with -Environment, as docker exec -u -w -e' {
        $r = Invoke-ContainerCommand $Box -User 1000:1001 -WorkingDirectory /etc -Environment @{ GREETING = 'hi there' }, 'MODE=x=y' `
            -Command sh, -c, 'id -u; id -g; pwd; echo "$GREETING|$MODE"'
        $r.Output | Should -Be @('1000', '1001', '/etc', 'hi there|x=y')
        $cli = & docker exec -u 1000:1001 -w /etc -e 'GREETING=hi there' -e MODE=x=y $Box sh -c 'id -u; id -g; pwd; echo "$GREETING|$MODE"'
        $cli | Should -Be $r.Output
        (Invoke-ContainerCommand $Box -Command id, -u).Output | Should -Be '0'
    }

    It 'acts on a Container object''s own engine, given positionally' {
        $web = Get-Container $Box -HostAddress unix:///var/run/docker.sock
        $old = $env:DOCKER_HOST
        try {
            # The session's default engine is now one that does not exist: only the object's Endpoint can work.
            $env:DOCKER_HOST = 'unix:///nonexistent/psdx-docker.sock'
            $r = Invoke-ContainerCommand $web -Command hostname
        }
        finally { $env:DOCKER_HOST = $old }
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Be (Invoke-Docker exec $Box hostname)
        $r.Container | Should -Be $Box
    }

    It 'with -Stream writes output lines as they are printed and standard error to the error stream, and sets $LASTEXITCODE' {
        $stamps = Invoke-ContainerCommand $Box -Stream -Command sh, -c, 'echo first; echo oops >&2; sleep 2; echo second; exit 4' `
            -ErrorVariable errs -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{ Line = $_; At = [datetime]::UtcNow } }
        $code = $LASTEXITCODE
        $stamps.Line | Should -Be @('first', 'second')
        $stamps[0].Line | Should -BeOfType ([string])
        ($stamps[1].At - $stamps[0].At).TotalSeconds | Should -BeGreaterThan 1.5
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ContainerStandardError,PSDocker.Commands.InvokeContainerCommandCommand'
        $errs[0].Exception.Message | Should -Be 'oops'
        $code | Should -Be 4
    }

    It 'raises a non-zero exit code as ContainerCommandFailed with -ThrowOnError, with and without -Stream' {
        $err = { Invoke-ContainerCommand $Box -Command sh, -c, 'echo partial; echo bad >&2; exit 5' -ThrowOnError } |
            Should -Throw -ErrorId 'ContainerCommandFailed,PSDocker.Commands.InvokeContainerCommandCommand' -PassThru
        $err.Exception | Should -BeOfType ([PSDocker.ContainerCommandException])
        $err.Exception.ExitCode | Should -Be 5
        $err.Exception.Result.Output | Should -Be 'partial'
        $err.Exception.Message | Should -Match 'bad'
        $lines = [System.Collections.Generic.List[string]]::new()
        $err = { Invoke-ContainerCommand $Box -Stream -ThrowOnError -Command sh, -c, 'echo one; exit 6' | ForEach-Object { $lines.Add($_) } } |
            Should -Throw -ErrorId 'ContainerCommandFailed,PSDocker.Commands.InvokeContainerCommandCommand' -PassThru
        $err.Exception.ExitCode | Should -Be 6
        $lines | Should -Be @('one')
        { Invoke-ContainerCommand $Box -Command true -ThrowOnError } | Should -Not -Throw
    }

    It 'starts a command in the background with -Detach, returning nothing (the ExecResult with -PassThru)' {
        $file = '/' + (New-TestName 'detach')
        $out = Invoke-ContainerCommand $Box -Detach -Command sh, -c, "sleep 1; touch $file"
        $out | Should -BeNullOrEmpty
        $p = Invoke-ContainerCommand $Box -Detach -PassThru -Command sleep, 5
        $p | Should -BeOfType ([PSDocker.ExecResult])
        $p.ExitCode | Should -BeNullOrEmpty
        $p.ExecId | Should -Match '^[0-9a-f]{64}$'
        (Invoke-Docker inspect -f '{{.ExecIDs}}' $Box) | Should -Match $p.ExecId
        $deadline = [datetime]::UtcNow.AddSeconds(15)
        do { Start-Sleep -Milliseconds 200; & docker exec $Box test -e $file } until ($LASTEXITCODE -eq 0 -or [datetime]::UtcNow -gt $deadline)
        $LASTEXITCODE | Should -Be 0
    }

    It 'refuses a not-running container with ContainerNotRunning, and a missing one with ContainerNotFound' {
        $stopped = New-TestName 'stopped'
        Invoke-Docker create --name $stopped -l "psdocker.suite=$Suite" $TestImage true | Out-Null
        $cli = & docker exec $stopped true 2>&1 | Out-String
        $err = { Invoke-ContainerCommand $stopped -Command true } |
            Should -Throw -ErrorId 'ContainerNotRunning,PSDocker.Commands.InvokeContainerCommandCommand' -PassThru
        $err.Exception.Message | Should -Match 'Container [0-9a-f]+ is not running'
        $cli | Should -Match ([regex]::Escape($err.Exception.Message))
        $err.TargetObject | Should -Be $stopped
        $missing = New-TestName 'missing'
        { Invoke-ContainerCommand $missing -Command true } |
            Should -Throw -ErrorId 'ContainerNotFound,PSDocker.Commands.InvokeContainerCommandCommand'
        # A string no container can be named passes the check and is the engine's ContainerNotFound, as the help says.
        { Invoke-ContainerCommand 'no/such' -Command true } |
            Should -Throw -ErrorId 'ContainerNotFound,PSDocker.Commands.InvokeContainerCommandCommand'
    }

    It 'refuses bad input before anything is sent, naming the parameter and the value' {
        $err = { Invoke-ContainerCommand 'web*' -Command true } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.InvokeContainerCommandCommand' -PassThru
        $err.Exception.Message | Should -Match "-Container 'web\*'"
        $err = { Invoke-ContainerCommand $Box -Command ' ', x } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.InvokeContainerCommandCommand' -PassThru
        $err.Exception.Message | Should -Match '-Command'
        $err = { Invoke-ContainerCommand $Box -Command true -Environment '=x' } | Should -Throw -ErrorId 'InvalidEnvironmentSpec,PSDocker.Commands.InvokeContainerCommandCommand' -PassThru
        $err.Exception.Message | Should -Match "'=x'"
        $err = { 'input' | Invoke-ContainerCommand $Box -Detach -Command cat } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.InvokeContainerCommandCommand' -PassThru
        $err.Exception.Message | Should -Match '-Detach'
        $file = '/' + (New-TestName 'whatif')
        Invoke-ContainerCommand $Box -Command touch, $file -WhatIf | Should -BeNullOrEmpty
        & docker exec $Box test -e $file
        $LASTEXITCODE | Should -Be 1
        Invoke-ContainerCommand $Box -Command touch, $file | Out-Null       # the same command without -WhatIf does make it
        & docker exec $Box test -e $file
        $LASTEXITCODE | Should -Be 0
    }

    It 'returns at once on Ctrl+C during a long command' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Invoke-ContainerCommand '$Box' -Stream -Command sh, -c, 'echo ready; sleep 600'")
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $null = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while ($output.Count -eq 0 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $output[0] | Should -Be 'ready'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2    # a behaviour bound: Stop returns at once
            $ps.Streams.Error | Should -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
    }

    It 'captures 50 MB of output without the process growing past 3x the output (child pwsh)' {
        $size = 50MB
        $script = Join-Path ([System.IO.Path]::GetTempPath()) ((New-TestName 'mem') + '.ps1')
        Set-Content -Path $script -Value @'
param($Module, $Name, $Size)
Import-Module $Module
$null = Invoke-ContainerCommand $Name -Command true     # warm: the module, the client, the JIT
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
$p = [Diagnostics.Process]::GetCurrentProcess()
$before = $p.WorkingSet64
$managedBefore = [GC]::GetTotalMemory($true)
$r = Invoke-ContainerCommand $Name -Command sh, -c, ('line=$(head -c 999 /dev/zero | tr "\0" a); yes "$line" | head -c ' + $Size)
$managed = [GC]::GetTotalMemory($true) - $managedBefore
$p.Refresh()
$chars = 0; foreach ($l in $r.Output) { $chars += $l.Length }
[pscustomobject]@{ Lines = $r.Output.Count; Chars = $chars; ExitCode = $r.ExitCode; Managed = $managed; PeakGrowth = $p.PeakWorkingSet64 - $before } | ConvertTo-Json -Compress
'@
        try {
            $command = @(Get-PwshCommand)
            $pre = @($command | Select-Object -Skip 1)
            $json = & $command[0] @pre -NoProfile -NonInteractive -File $script $env:PSDOCKER_MODULE $Box $size
            $m = $json | Select-Object -Last 1 | ConvertFrom-Json
        }
        finally { Remove-Item -LiteralPath $script -ErrorAction Ignore }
        $m.ExitCode | Should -Be 0
        # 1,000-byte lines (999 'a' and "\n"): every character arrived, on the lines it was printed on.
        $m.Lines | Should -Be ([math]::Ceiling($size / 1000))
        $m.Chars | Should -Be ($size - [math]::Floor($size / 1000))
        $m.Managed | Should -BeLessThan (3 * $size)
        $m.PeakGrowth | Should -BeLessThan (3 * $size)
    }
}
