# Get-ContainerLog (docker logs) against the real engine, cross-checked with `docker logs` and `docker logs -t`.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Suite = New-TestName 'logs'       # a label value that marks every container this file makes

    function script:New-LogContainer([string] $Suffix, [string] $Script, [switch] $Tty, [switch] $Wait) {
        $name = New-TestName $Suffix
        [string[]] $run = @('run', '-d') + $(if ($Tty) { @('--tty') } else { @() }) + @('--name', $name, '-l', "psdocker.suite=$Suite", $TestImage, 'sh', '-c', $Script)
        $null = & docker @run
        if ($LASTEXITCODE -ne 0) { throw "docker run $name failed" }
        if ($Wait) { Invoke-Docker wait $name | Out-Null }
        $name
    }

    function script:Get-DockerLog([string[]] $Arguments, [switch] $StdErr) {
        # docker logs' own lines of one stream (stdout, or with -StdErr stderr), as pwsh reads a native command.
        if ($StdErr) {
            $file = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
            & docker logs @Arguments 2> $file > $null
            @(Get-Content -LiteralPath $file -Encoding utf8)
        }
        else { @(& docker logs @Arguments 2> $null) }
    }

    # One container with both streams, a non-ASCII line, CRLF and a line without a final newline, already exited.
    $script:Mixed = New-LogContainer 'mixed' 'echo one; echo "two  spaced"; echo oops >&2; printf "h\303\251llo \342\202\254\n"; printf "crlf\r\n"; echo err2 >&2; printf last' -Wait
    # Lines a second apart, for -Since and -Until.
    $script:Slow = New-LogContainer 'slow' 'for i in 1 2 3 4 5; do echo "line $i"; sleep 1; done' -Wait
}

AfterAll {
    $ids = & docker ps -aq --filter "label=psdocker.suite=$Suite"
    if ($ids) { & docker rm -f $ids *> $null }
}

Describe 'Get-ContainerLog (docker logs)' {
    Context 'lines and order' {
        It 'gives a container''s lines as LogRecords, each stream as docker logs prints it, in the engine''s order' {
            $records = @(Get-ContainerLog $Mixed)
            $records | Should -HaveCount 7
            $records[0] | Should -BeOfType ([PSDocker.LogRecord])
            @($records | Where-Object Stream -EQ StdOut | ForEach-Object Text) | Should -Be (Get-DockerLog $Mixed)
            @($records | Where-Object Stream -EQ StdErr | ForEach-Object Text) | Should -Be (Get-DockerLog $Mixed -StdErr)
            # The engine logs each stream on its own, so only each stream's order is fixed (as docker logs prints them).
            @($records | Where-Object Stream -EQ StdOut | ForEach-Object Text) | Should -Be @('one', 'two  spaced', "h$([char]0xe9)llo $([char]0x20ac)", 'crlf', 'last')
            @($records | Where-Object Stream -EQ StdErr | ForEach-Object Text) | Should -Be @('oops', 'err2')
            $id = Invoke-Docker inspect -f '{{.Id}}' $Mixed
            foreach ($r in $records) {
                $r.Container | Should -Be $Mixed
                $r.ContainerId | Should -Be $id
                $r.Endpoint | Should -Not -BeNullOrEmpty
                $r.Timestamp.Kind | Should -Be 'Utc'
            }
            foreach ($stream in 'StdOut', 'StdErr') {
                $times = @($records | Where-Object Stream -EQ $stream | ForEach-Object Timestamp)
                for ($i = 1; $i -lt $times.Count; $i++) { $times[$i] | Should -BeGreaterOrEqual $times[$i - 1] }
            }
            "$(@($records | Where-Object Stream -EQ StdOut)[0])" | Should -Be 'one'    # a record reads as its line
        }

        It 'gives each line''s engine timestamp: -Raw -Timestamps is docker logs -t, and TimestampText matches it' {
            $ours = @(Get-ContainerLog $Mixed -Raw -Timestamps -StdOut)
            $ours | Should -Be (Get-DockerLog '-t', $Mixed)
            $records = @(Get-ContainerLog $Mixed -StdOut)
            @($records | ForEach-Object { "$($_.TimestampText) $($_.Text)" }) | Should -Be (Get-DockerLog '-t', $Mixed)
            @(Get-ContainerLog $Mixed -Raw -Timestamps -StdErr) | Should -Be (Get-DockerLog '-t', $Mixed -StdErr)
            $first = (Get-DockerLog '-t', $Mixed)[0]
            $records[0].Timestamp | Should -Be ([datetime]::Parse($first.Substring(0, 27) + 'Z', [cultureinfo]::InvariantCulture, 'AdjustToUniversal'))
        }

        It 'with -Raw writes the lines as strings, and -StdOut / -StdErr keep one stream' {
            $raw = @(Get-ContainerLog $Mixed -Raw -StdOut)
            $raw[0] | Should -BeOfType ([string])
            $raw | Should -Be (Get-DockerLog $Mixed)
            @(Get-ContainerLog $Mixed -Raw -StdErr) | Should -Be @('oops', 'err2')
            @(Get-ContainerLog $Mixed -StdOut -StdErr).Count | Should -Be 7
        }

        It 'reads a TTY container''s log (no stream headers, CRLF line ends) as docker logs does' {
            $name = New-LogContainer 'tty' 'echo first; echo second >&2; printf "w\303\266rld\n"; echo "tab	end"' -Tty -Wait
            $records = @(Get-ContainerLog $name)
            @($records.Text) | Should -Be (Get-DockerLog $name)
            @($records.Text) | Should -Be @('first', 'second', "w$([char]0xf6)rld", "tab`tend")
            $records.Stream | Sort-Object -Unique | Should -Be 'StdOut'
            @(Get-ContainerLog $name -Raw -Timestamps) | Should -Be (Get-DockerLog '-t', $name)
            foreach ($r in $records) { $r.Text | Should -Not -Match "[`r`u{1}`u{2}]" }
        }

        It 'gives a 100,000-character line (stored by the engine in 16 KiB pieces) back as ONE record, with and without -Timestamps' {
            $name = New-LogContainer 'long' 'i=0; s=""; while [ $i -lt 2000 ]; do s="${s}abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"; i=$((i+1)); done; echo "$s"; echo err >&2; echo after' -Wait
            $expected = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX' * 2000
            $records = @(Get-ContainerLog $name -StdOut)
            $records | Should -HaveCount 2
            $records[0].Text.Length | Should -Be 100000
            $records[0].Text | Should -BeExactly $expected
            $records[1].Text | Should -Be 'after'
            @(Get-ContainerLog $name -Raw -StdOut) | Should -Be (Get-DockerLog $name)
            $stamped = @(Get-ContainerLog $name -Raw -Timestamps -StdOut)
            $stamped | Should -HaveCount 2
            $stamped[0] | Should -BeExactly "$($records[0].TimestampText) $expected"
            @(Get-ContainerLog $name -StdErr).Text | Should -Be 'err'
        }

        It 'finds containers by piped name, by piped Container object and by -Id; Select-String reads the lines' {
            $id = Invoke-Docker inspect -f '{{.Id}}' $Mixed
            @($Mixed | Get-ContainerLog -StdErr -Raw) | Should -Be @('oops', 'err2')
            @(Get-Container $Mixed | Get-ContainerLog -StdErr -Raw) | Should -Be @('oops', 'err2')
            @(Get-ContainerLog -Id $id.Substring(0, 12) -StdErr -Raw) | Should -Be @('oops', 'err2')
            $hit = @(Get-ContainerLog $Mixed | Select-String 'oops')
            $hit | Should -HaveCount 1
            $hit[0].Line | Should -Be 'oops'
        }

        It 'gives several containers'' logs each in turn, each record naming its container' {
            $records = @(Get-ContainerLog $Slow, $Mixed -StdOut)
            @($records.Container | Select-Object -Unique) | Should -Be @($Slow, $Mixed)
            @($records | Where-Object Container -EQ $Slow).Count | Should -Be 5
        }
    }

    Context 'selection: -Tail, -Since, -Until' {
        It 'takes the last lines with -Tail, as docker logs --tail' {
            @(Get-ContainerLog $Slow -Tail 2 -Raw) | Should -Be (Get-DockerLog '--tail', '2', $Slow)
            @(Get-ContainerLog $Slow -Tail 2 -Raw) | Should -Be @('line 4', 'line 5')
            @(Get-ContainerLog $Slow -Tail 0) | Should -HaveCount 0
            @(Get-ContainerLog $Slow -Tail all -Raw) | Should -Be (Get-DockerLog $Slow)
        }

        It 'takes the lines from -Since and before -Until as docker logs does, from docker''s time text, a DateTime and a duration' {
            $stamps = Get-DockerLog '-t', $Slow
            $third = $stamps[2].Substring(0, $stamps[2].IndexOf(' '))
            @(Get-ContainerLog $Slow -Since $third -Raw) | Should -Be (Get-DockerLog '--since', $third, $Slow)
            @(Get-ContainerLog $Slow -Since $third -Raw) | Should -Be @('line 3', 'line 4', 'line 5')
            @(Get-ContainerLog $Slow -Until $third -Raw) | Should -Be (Get-DockerLog '--until', $third, $Slow)
            # As the engine does: a line logged at -Until itself is in.
            @(Get-ContainerLog $Slow -Until $third -Raw) | Should -Be @('line 1', 'line 2', 'line 3')

            $records = @(Get-ContainerLog $Slow)
            @(Get-ContainerLog $Slow -Since $records[3].Timestamp -Raw) | Should -Be @('line 4', 'line 5')
            @(Get-ContainerLog $Slow -Since $records[1].Timestamp -Until $records[3].Timestamp.AddTicks(1) -Raw) | Should -Be @('line 2', 'line 3', 'line 4')
            @(Get-ContainerLog $Slow -Since 1h -Raw) | Should -Be (Get-DockerLog '--since', '1h', $Slow)
            @(Get-ContainerLog $Slow -Since ([timespan]::FromHours(1))).Count | Should -Be 5
            @(Get-ContainerLog $Slow -Since ([datetime]::UtcNow.AddMinutes(5))) | Should -HaveCount 0
            @(Get-ContainerLog $Slow -Until 1h) | Should -HaveCount 0
            $unix = [DateTimeOffset]::new($records[2].Timestamp).ToUnixTimeSeconds()
            @(Get-ContainerLog $Slow -Since "$unix" -Raw) | Should -Be (Get-DockerLog '--since', "$unix", $Slow)
        }
    }

    Context '-Follow' {
        It 'streams new lines until Ctrl+C, and StopProcessing ends it within a second' {
            $name = New-LogContainer 'follow' 'trap "exit 0" TERM; i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.2; done'
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Get-ContainerLog '$name' -Follow -Raw")
                $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
                $null = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]$null, $out)
                $deadline = [datetime]::UtcNow.AddSeconds(30)
                while ($out.Count -lt 5 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                $out.Count | Should -BeGreaterOrEqual 5 -Because 'new lines arrive while the container runs'
                $out[0] | Should -Be 'tick 0'
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Stop()
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                $ps.Streams.Error | Should -HaveCount 0
            }
            finally { $ps.Dispose() }
            (Invoke-Docker inspect -f '{{.State.Running}}' $name) | Should -Be 'true' -Because 'stopping the follow leaves the container alone'
            Remove-TestContainer $name
        }

        It 'ends by itself when the container stops, with every line' {
            $name = New-LogContainer 'ends' 'echo a; sleep 2; echo b; echo c >&2'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $records = @(Get-ContainerLog $name -Follow)
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
            @($records | Where-Object Stream -EQ StdOut | ForEach-Object Text) | Should -Be @('a', 'b')
            @($records | Where-Object Stream -EQ StdErr | ForEach-Object Text) | Should -Be @('c')
            (Invoke-Docker inspect -f '{{.State.Running}}' $name) | Should -Be 'false'
        }

        It 'follows several containers at once, merging their lines as they come, each naming its container' {
            $a = New-LogContainer 'fa' 'sleep 2; echo a1; sleep 6; echo a2'
            $b = New-LogContainer 'fb' 'echo b1; sleep 4; echo b2'
            $records = @($a, $b | Get-ContainerLog -Follow)
            @($records | Where-Object Container -EQ $a | ForEach-Object Text) | Should -Be @('a1', 'a2')
            @($records | Where-Object Container -EQ $b | ForEach-Object Text) | Should -Be @('b1', 'b2')
            # Merged as they came, not one container after the other: in the order they were logged. Lines of two
            # containers logged within a second of each other (a busy machine can start b that much later) may
            # arrive either way round; lines further apart must arrive in time order.
            for ($i = 1; $i -lt $records.Count; $i++) {
                for ($j = 0; $j -lt $i; $j++) {
                    ($records[$j].Timestamp - $records[$i].Timestamp).TotalSeconds | Should -BeLessThan 1 -Because "$($records[$j].Text) came before $($records[$i].Text)"
                }
            }
            $texts = @($records.Text)
            $texts.IndexOf('a1') | Should -BeLessThan $texts.IndexOf('b2')
            $texts.IndexOf('b1') | Should -BeLessThan $texts.IndexOf('a2')
        }

        It 'closes the logs it opened when a later input fails with a terminating error (no socket left, measured in a child process)' {
            $name = New-LogContainer 'leak' 'trap "exit 0" TERM; while true; do echo tick; sleep 1; done'
            $missing = New-TestName 'missing'
            # Sockets counted at once, without a GC: a stream left open is closed only by a finalizer, if ever.
            $script = @"
Import-Module '$env:PSDOCKER_MODULE'
function Get-SocketCount { @(Get-ChildItem /proc/self/fd | Where-Object { `$_.LinkTarget -like 'socket:*' }).Count }
`$null = Get-ContainerLog '$name' -Tail 1
`$before = Get-SocketCount
`$ids = foreach (`$i in 1..3) {
    try { Get-ContainerLog '$name', '$missing' -Follow -ErrorAction Stop; 'NoError' } catch { `$_.FullyQualifiedErrorId }
    try { '$name', '$missing' | Get-ContainerLog -Follow -ErrorAction Stop; 'NoError' } catch { `$_.FullyQualifiedErrorId }
}
"RESULT `$before `$(Get-SocketCount) `$(@(`$ids | Sort-Object -Unique) -join ' ')"
"@
            $result = Invoke-ChildPwsh $script
            Remove-TestContainer $name
            $result.ExitCode | Should -Be 0 -Because $result.Output
            $line = ($result.Output -split "`r?`n" | Where-Object { $_ -like 'RESULT *' })
            $line | Should -Not -BeNullOrEmpty -Because $result.Output
            $null, $before, $after, $ids = $line -split ' ', 4
            $ids | Should -Be 'ContainerNotFound,PSDocker.Commands.GetContainerLogCommand'
            [int]$after | Should -BeLessOrEqual ([int]$before) -Because 'each followed log is closed when the failed pipeline ends'
        }
    }

    Context 'memory' {
        It 'streams a 200,000-line log with flat memory (measured in a child process)' {
            $name = New-LogContainer 'big' 'awk ''BEGIN { for (i = 0; i < 200000; i++) printf "%06d %s\n", i, "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdef" }''' -Wait
            $script = @"
Import-Module '$env:PSDOCKER_MODULE'
`$null = Get-ContainerLog '$name' -Tail 10
`$base = [GC]::GetTotalMemory(`$true)
`$script:n = 0; `$script:peak = 0; `$script:last = `$null
Get-ContainerLog '$name' | ForEach-Object {
    `$script:n++; `$script:last = `$_.Text
    if (`$script:n % 20000 -eq 0) { `$script:peak = [Math]::Max(`$script:peak, [GC]::GetTotalMemory(`$true) - `$base) }
}
"RESULT `$script:n `$script:peak `$script:last"
"@
            $result = Invoke-ChildPwsh $script
            $result.ExitCode | Should -Be 0 -Because $result.Output
            $line = ($result.Output -split "`r?`n" | Where-Object { $_ -like 'RESULT *' })
            $line | Should -Not -BeNullOrEmpty -Because $result.Output
            $null, $count, $peak, $lastId, $null = $line -split ' '
            [int]$count | Should -Be 200000
            $lastId | Should -Be '199999'
            # 200,000 lines of 100 characters are 40 MB as .NET strings: a reader that kept them would grow by that.
            [long]$peak | Should -BeLessThan 16MB
        }
    }

    Context 'errors' {
        It 'writes ContainerNotFound for a container that does not exist, and goes on with the others' {
            $missing = New-TestName 'missing'
            $out = @(Get-ContainerLog $missing, $Mixed -StdErr -Raw -ErrorVariable errs -ErrorAction SilentlyContinue)
            $out | Should -Be @('oops', 'err2')
            $errs | Should -HaveCount 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.GetContainerLogCommand'
            $errs[0].TargetObject | Should -Be $missing
        }

        It 'refuses a bad -Tail before anything is sent (InvalidArgument naming it)' {
            $err = { Get-ContainerLog $Mixed -Tail 'ten' } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'InvalidArgument,PSDocker.Commands.GetContainerLogCommand'
            $err.Exception.Message | Should -Match "-Tail 'ten'"
            { Get-ContainerLog $Mixed -Tail -1 } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.GetContainerLogCommand'
        }

        It 'refuses a -Since or -Until that is not a time docker takes with InvalidTimestampSpec, naming the parameter and the value' {
            # PowerShell wraps a parameter's transformation error in its own binding error; InvalidTimestampSpec is inside.
            $err = { Get-ContainerLog $Mixed -Since 'yesterday' } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,PSDocker.Commands.GetContainerLogCommand'
            $err.Exception.Message | Should -Match "-Since 'yesterday' is not valid: 'yesterday' is not a time docker takes"
            $err.Exception.InnerException.InnerException | Should -BeOfType ([PSDocker.PSDockerException])
            $err.Exception.InnerException.InnerException.ErrorId | Should -Be 'InvalidTimestampSpec'
            $err = { Get-ContainerLog $Mixed -Until '2024-13-01' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSDocker.Commands.GetContainerLogCommand' -PassThru
            $err.Exception.Message | Should -Match "-Until '2024-13-01' is not valid: .*the date does not exist"
            $err.Exception.InnerException.InnerException.ErrorId | Should -Be 'InvalidTimestampSpec'
        }
    }
}
