# Get-ContainerStatistic (docker stats) against the real engine, cross-checked with docker stats --no-stream.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:a = New-TestName 'stat-a'
    $script:b = New-TestName 'stat-b'
    $script:stopped = New-TestName 'stat-stop'
    # Short stop times: busybox sleep as PID 1 ignores SIGTERM.
    Invoke-Docker run -d --name $a --memory 64m $TestImage sh -c 'trap "exit 0" TERM; sleep 600 & wait' | Out-Null
    Invoke-Docker run -d --name $b $TestImage sh -c 'trap "exit 0" TERM; sleep 600 & wait' | Out-Null
    & docker run --name $stopped $TestImage true *> $null
    $script:madeAt = [datetime]::UtcNow.AddSeconds(-60).ToString('o')

    function script:Assert-StillThere([string[]] $Name) {
        # A container made in BeforeAll that is gone explains every failure after it: say what the engine saw happen to it.
        foreach ($n in $Name) {
            & docker inspect --format '{{.State.Status}}' $n *> $null
            if ($LASTEXITCODE -ne 0) {
                $seen = & docker events --since $madeAt --until ([datetime]::UtcNow.ToString('o')) --filter "container=$n" --format '{{.Time}} {{.Action}}' 2>&1
                $all = & docker ps -a --format '{{.Names}} {{.Status}}' 2>&1
                throw "$n, made in BeforeAll, is gone. Its events: $($seen -join '; '). Containers now: $($all -join '; ')"
            }
        }
    }

    function script:ConvertFrom-DockerSize([string] $Text) {
        # "1.125MiB", "23.54GiB", "736B", "4.1kB" -> bytes (binary units for *iB, decimal otherwise, as docker prints them).
        if ($Text -notmatch '^([\d.]+)([A-Za-z]+)$') { throw "not a size: $Text" }
        $units = @{ B = 1; kB = 1e3; MB = 1e6; GB = 1e9; TB = 1e12; KiB = 1KB; MiB = 1MB; GiB = 1GB; TiB = 1TB }
        [double]$Matches[1] * $units[$Matches[2]]
    }

    function script:Get-CliStats([string[]] $Name) {
        Invoke-Docker stats --no-stream --format '{{json .}}' @Name | ForEach-Object { $_ | ConvertFrom-Json }
    }
}

AfterAll {
    Remove-TestContainer $a, $b, $stopped
}

Describe 'Get-ContainerStatistic' {
    It 'agrees with docker stats --no-stream: memory close, limit, PIDs and I/O as docker prints them' {
        Assert-StillThere $a, $b, $stopped
        $mine = @(Get-ContainerStatistic $a, $b)
        $cli = @(Get-CliStats $a, $b)
        $mine | Should -HaveCount 2
        $mine[0] | Should -BeOfType ([PSDocker.ContainerStatistic])
        for ($i = 0; $i -lt 2; $i++) {
            $m = $mine[$i]; $c = $cli[$i]
            $m.Container | Should -Be $c.Name
            $m.ShortId | Should -Be $c.ID
            $m.ContainerId | Should -Be (Invoke-Docker inspect -f '{{.Id}}' $c.Name)
            "$($m.PIDs)" | Should -Be $c.PIDs
            $usage, $limit = $c.MemUsage -split ' / '
            $m.MemoryText.Split(' / ')[1] | Should -Be $limit -Because 'the limit is the same number, printed the same way'
            [math]::Abs($m.MemoryUsage - (ConvertFrom-DockerSize $usage)) | Should -BeLessOrEqual ([math]::Max(256KB, 0.2 * $m.MemoryUsage)) -Because "memory in use is close to docker's $usage"
            $rx, $tx = $c.NetIO -split ' / '
            [math]::Abs($m.NetworkReceived - (ConvertFrom-DockerSize $rx)) | Should -BeLessOrEqual 2KB
            $m.BlockText | Should -Be $c.BlockIO
            $m.CPUPercent | Should -BeGreaterOrEqual 0
            $m.CPUText | Should -Match '^\d+\.\d\d%$'
            $m.Read.Kind | Should -Be 'Utc'
            [datetime]::UtcNow - $m.Read | Should -BeLessThan ([timespan]::FromMinutes(1))
            $m.Endpoint | Should -Not -BeNullOrEmpty
        }
        $mine[0].MemoryLimit | Should -Be 64MB -Because "$a runs with --memory 64m"
        $mine[0].MemoryPercent | Should -BeGreaterThan 0
        [math]::Abs($mine[0].MemoryPercent - [double]($cli[0].MemPerc.TrimEnd('%'))) | Should -BeLessOrEqual 0.5
    }

    It 'counts the CPU a busy container uses, as docker stats does' {
        $busy = New-TestName 'stat-busy'
        try {
            Invoke-Docker run -d --name $busy $TestImage sh -c 'trap "exit 0" TERM; while :; do :; done & wait' | Out-Null
            Start-Sleep -Milliseconds 500
            $mine = Get-ContainerStatistic $busy
            $cli = [double]((Get-CliStats $busy).CPUPerc.TrimEnd('%'))
            # A shell loop keeps one CPU busy as far as the machine lets it: on a loaded machine that can be well
            # under 100%, so the check is that CPU is counted at all (an idle container shows 0.00%), by both.
            $idle = (Get-ContainerStatistic $b).CPUPercent
            $mine.CPUPercent | Should -BeGreaterThan 2 -Because 'a shell loop keeps a CPU busy'
            $mine.CPUPercent | Should -BeGreaterThan $idle -Because "$b only sleeps"
            $cli | Should -BeGreaterThan 2
            $mine.CPUPercent | Should -BeLessOrEqual 205
        }
        finally { Remove-TestContainer $busy }
    }

    It 'takes containers by id, piped names and piped Container objects' {
        $id = Invoke-Docker inspect -f '{{.Id}}' $a
        (Get-ContainerStatistic -Id $id.Substring(0, 12)).Container | Should -Be $a
        ($b | Get-ContainerStatistic).Container | Should -Be $b
        @(Get-Container $a, $b | Get-ContainerStatistic).Container | Should -Be @($a, $b)
    }

    It 'reads the running containers without -Name, and the stopped ones too with -All' {
        $running = @(Get-ContainerStatistic -ErrorAction SilentlyContinue | Where-Object Container -like "$TestPrefix*stat-*")
        $running.Container | Should -Contain $a
        $running.Container | Should -Contain $b
        $running.Container | Should -Not -Contain $stopped
        # Other test workers make and remove containers while -All reads every container of the engine; once in a
        # full parallel run the stopped container's row was missing, so it is read up to three times (errors shown).
        for ($try = 1; $try -le 3; $try++) {
            $all = @(Get-ContainerStatistic -All -ErrorAction SilentlyContinue -ErrorVariable readErrors | Where-Object Container -eq $stopped)
            if ($all.Count -eq 1) { break }
            Write-Warning "Get-ContainerStatistic -All gave no row for $stopped (try $try): $($readErrors | ForEach-Object { $_.FullyQualifiedErrorId + ': ' + $_.Exception.Message })"
        }
        $all | Should -HaveCount 1
        $all[0].PIDs | Should -Be 0
        $all[0].MemoryUsage | Should -Be 0
    }

    It 'streams samples of every container until the pipeline stops' {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $samples = @(Get-ContainerStatistic $a, $b -Stream | Select-Object -First 6)
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 30
        $samples | Should -HaveCount 6
        ($samples.Container | Select-Object -Unique | Sort-Object) | Should -Be (@($a, $b) | Sort-Object)
        $ofA = @($samples | Where-Object Container -eq $a)
        for ($i = 1; $i -lt $ofA.Count; $i++) { $ofA[$i].Read | Should -BeGreaterThan $ofA[$i - 1].Read }
    }

    It 'ends the stream of a container that stops' {
        $short = New-TestName 'stat-short'
        try {
            Invoke-Docker run -d --name $short $TestImage sleep 3 | Out-Null
            $job = Start-ThreadJob { Import-Module $using:env:PSDOCKER_MODULE; Get-ContainerStatistic $using:short -Stream }
            try {
                $job | Wait-Job -Timeout 30 | Out-Null
                $job.State | Should -Be 'Completed' -Because 'the stream ends when the container stops'
                @($job | Receive-Job).Count | Should -BeGreaterThan 0
            }
            finally { $job | Remove-Job -Force }
        }
        finally { Remove-TestContainer $short }
    }

    It 'writes ContainerNotFound for a missing container and goes on with the rest' {
        $missing = New-TestName 'stat-gone'
        $out = @(Get-ContainerStatistic $missing, $a -ErrorAction SilentlyContinue -ErrorVariable errs)
        $out.Container | Should -Be @($a)
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.GetContainerStatisticCommand'
        $errs[0].TargetObject | Should -Be $missing
    }

    It 'refuses a wildcard name with InvalidArgument' {
        Get-ContainerStatistic 'web*' -ErrorAction SilentlyContinue -ErrorVariable errs | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,PSDocker.Commands.GetContainerStatisticCommand'
    }
}
