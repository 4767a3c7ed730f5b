# Get-ContainerProcess (docker top) against the real engine, cross-checked with docker top.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:web = New-TestName 'top'
    $script:stopped = New-TestName 'top-stop'
    Invoke-Docker run -d --name $web $TestImage sh -c 'trap "exit 0" TERM; sleep 600 & sleep 700 & wait' | Out-Null
    & docker create --name $stopped $TestImage true *> $null

    function script:Get-CliTop([string] $Name, [string[]] $PsArgs) {
        # docker top's rows, split on runs of spaces into at most as many fields as there are titles.
        $lines = @(Invoke-Docker top $Name @PsArgs)
        $titles = @($lines[0] -split '\s+' | Where-Object { $_ })
        foreach ($line in $lines | Select-Object -Skip 1) {
            $fields = $line.Trim() -split '\s+', $titles.Count
            $row = [ordered]@{}
            for ($i = 0; $i -lt $titles.Count; $i++) { $row[$titles[$i]] = $fields[$i] }
            [pscustomobject]$row
        }
    }
}

AfterAll {
    Remove-TestContainer $web, $stopped
}

Describe 'Get-ContainerProcess' {
    It 'lists the processes docker top lists, with PID, PPID, UID and Command typed' {
        $mine = @(Get-ContainerProcess $web)
        $cli = @(Get-CliTop $web)
        $mine | Should -HaveCount $cli.Count
        $mine.Count | Should -Be 3 -Because 'sh and two sleeps run in the container'
        $mine[0] | Should -BeOfType ([PSDocker.ContainerProcess])
        for ($i = 0; $i -lt $cli.Count; $i++) {
            $mine[$i].PID | Should -BeOfType ([int])
            "$($mine[$i].PID)" | Should -Be $cli[$i].PID
            "$($mine[$i].PPID)" | Should -Be $cli[$i].PPID
            $mine[$i].UID | Should -Be $cli[$i].UID
            $mine[$i].Command | Should -Be $cli[$i].CMD
            $mine[$i].Container | Should -Be $web
        }
        $mine.Command | Should -Contain 'sleep 600'
        # The sleeps are children of the shell.
        ($mine | Where-Object Command -eq 'sleep 700').PPID | Should -Be ($mine | Where-Object Command -like 'sh *').PID
    }

    It 'keeps every column by title, in ps order, and adds each other title as a property' {
        $p = @(Get-ContainerProcess $web)[0]
        @($p.Columns.Keys) | Should -Be @((Invoke-Docker top $web)[0] -split '\s+' | Where-Object { $_ })
        $p.STIME | Should -Be $p.Columns['STIME']
        $p.TTY | Should -Be '?'
        $p.CMD | Should -Be $p.Command
    }

    It 'passes -PsArgument to ps as docker top passes its ps options' {
        $mine = @(Get-ContainerProcess $web -PsArgument '-o', 'pid,comm')
        $cli = @(Get-CliTop $web '-o', 'pid,comm')
        @($mine[0].Columns.Keys) | Should -Be @('PID', 'COMMAND')
        $mine.PID | Should -Be @($cli.PID | ForEach-Object { [int]$_ })
        $mine.Command | Should -Be @($cli.COMMAND)
        $mine[0].PPID | Should -BeNullOrEmpty
        $mine[0].UID | Should -BeNullOrEmpty
        # One string with spaces is the same options.
        @(Get-ContainerProcess $web -PsArgument '-o pid,comm').PID | Should -Be $mine.PID
    }

    It 'takes -Container as well as -Name, and objects that name their container in a Container property' {
        @(Get-ContainerProcess -Container $web).Count | Should -Be 3
        $result = Invoke-ContainerCommand -Name $web -Command true
        @($result | Get-ContainerProcess).Count | Should -Be 3 -Because 'an ExecResult names its container in Container'
        @(Get-ContainerStatistic -Container $web).Container | Should -Be $web
    }

    It 'shows the columns ps gave with -PsArgument, as docker top does, not the default table' {
        $rows = @(Get-ContainerProcess $web -PsArgument '-o pid,rss,comm')
        $rows[0].PSObject.TypeNames[0] | Should -Be 'PSDocker.ContainerProcess#PsArgument'
        $rows[0] | Should -BeOfType ([PSDocker.ContainerProcess])
        $text = ($rows | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
        @($text[0] -split '\s+' | Where-Object { $_ }) | Should -Be @('PID', 'RSS', 'COMMAND')
        ($rows | Out-String -Width 80) | Should -Match ([regex]::Escape("$($rows[0].RSS)"))
    }

    It 'takes containers piped by value and by property name' {
        @($web | Get-ContainerProcess).Count | Should -Be 3
        @(Get-Container $web | Get-ContainerProcess).Count | Should -Be 3
        $id = Invoke-Docker inspect -f '{{.Id}}' $web
        @(Get-ContainerProcess -Id $id.Substring(0, 12)).Count | Should -Be 3
    }

    It 'writes ContainerNotRunning for a stopped container and ContainerNotFound for a missing one' {
        $missing = New-TestName 'top-gone'
        $out = @(Get-ContainerProcess $stopped, $missing, $web -ErrorAction SilentlyContinue -ErrorVariable errs)
        $out | Should -HaveCount 3
        $errs | Should -HaveCount 2
        $errs[0].FullyQualifiedErrorId | Should -Be 'ContainerNotRunning,PSDocker.Commands.GetContainerProcessCommand'
        $errs[0].TargetObject | Should -Be $stopped
        $errs[1].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.GetContainerProcessCommand'
        $errs[1].TargetObject | Should -Be $missing
    }
}
