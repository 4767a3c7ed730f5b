# Get-ContainerChange (docker diff) against the real engine, cross-checked with docker diff.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:box = New-TestName 'diff'
    $script:clean = New-TestName 'diff-clean'
    # Adds /added and /etc/conf.d/x (changing /etc), deletes /bin/ls (changing /bin).
    Invoke-Docker run --name $box $TestImage sh -c 'echo hi > /added; mkdir -p /etc/conf.d; echo x > /etc/conf.d/x; rm /bin/ls' | Out-Null
    Invoke-Docker create --name $clean $TestImage true | Out-Null
}

AfterAll {
    Remove-TestContainer $box, $clean
}

Describe 'Get-ContainerChange' {
    It 'lists what docker diff lists, line for line' {
        $mine = @(Get-ContainerChange $box)
        $mine[0] | Should -BeOfType ([PSDocker.ContainerChange])
        # The engine walks the layer in no fixed order (two docker diff calls may differ): compare sorted.
        @($mine | ForEach-Object ToString | Sort-Object) | Should -Be @(Invoke-Docker diff $box | Sort-Object)
        $mine.Count | Should -Be 6
        $mine.Container | Select-Object -Unique | Should -Be $box
        $mine[0].Endpoint | Should -Not -BeNullOrEmpty
    }

    It 'maps the API''s kinds to Added, Changed and Deleted' {
        $mine = @(Get-ContainerChange $box)
        ($mine | Where-Object Path -eq '/added').Kind | Should -Be ([PSDocker.ContainerChangeKind]::Added)
        ($mine | Where-Object Path -eq '/etc/conf.d/x').Kind | Should -Be 'Added'
        ($mine | Where-Object Path -eq '/etc').Kind | Should -Be 'Changed'
        ($mine | Where-Object Path -eq '/bin/ls').Kind | Should -Be 'Deleted'
        ($mine | Where-Object Path -eq '/bin/ls').Symbol | Should -Be 'D'
        $cli = @(Invoke-Docker diff $box)
        $cli | Should -Contain 'A /added'
        $cli | Should -Contain 'C /etc'
        $cli | Should -Contain 'D /bin/ls'
    }

    It 'gives nothing for an unchanged filesystem' {
        Get-ContainerChange $clean | Should -BeNullOrEmpty
        Invoke-Docker diff $clean | Should -BeNullOrEmpty
    }

    It 'takes containers piped by value and by property name' {
        @($box | Get-ContainerChange).Count | Should -Be @(Invoke-Docker diff $box).Count
        @(Get-Container $box | Get-ContainerChange).Count | Should -Be @(Invoke-Docker diff $box).Count
    }

    It 'writes ContainerNotFound for a missing container and goes on' {
        $missing = New-TestName 'diff-gone'
        $out = @(Get-ContainerChange $missing, $box -ErrorAction SilentlyContinue -ErrorVariable errs)
        $out.Count | Should -Be @(Invoke-Docker diff $box).Count
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.GetContainerChangeCommand'
        $errs[0].TargetObject | Should -Be $missing
    }
}
