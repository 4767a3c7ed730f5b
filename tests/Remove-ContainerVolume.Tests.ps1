# Remove-ContainerVolume (docker volume rm, docker volume prune) against the real engine. Every prune is scoped with a
# label only the volumes of one test carry: other test workers share the engine.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    function Test-DockerVolume([string] $Name) {
        & docker volume inspect $Name *> $null
        $LASTEXITCODE -eq 0
    }
    function New-DockerVolume([string[]] $Label, [string] $Name) {
        $labelArgs = @(foreach ($l in $Label) { if ($l) { '--label'; $l } })
        if ($Name) { Invoke-Docker volume create @labelArgs $Name } else { Invoke-Docker volume create @labelArgs }
    }
    $script:Suite = New-TestName 'rmvol'
}

AfterAll {
    Remove-AllTestObject
    $vols = & docker volume ls -q --filter "label=psdocker.suite=$Suite"
    if ($vols) { & docker volume rm -f $vols *> $null }
}

Describe 'Remove-ContainerVolume by name' {
    It 'removes a volume by name, writing nothing' {
        $name = New-TestName 'rv'
        New-DockerVolume -Name $name | Out-Null
        Remove-ContainerVolume $name | Should -BeNullOrEmpty
        Test-DockerVolume $name | Should -BeFalse
    }

    It 'returns what it removed with -PassThru' {
        $name = New-TestName 'rv-pass'
        New-DockerVolume -Name $name -Label 'k=v' | Out-Null
        $gone = Remove-ContainerVolume $name -PassThru
        $gone | Should -BeOfType ([PSDocker.ContainerVolume])
        $gone.Name | Should -Be $name
        $gone.Labels['k'] | Should -Be 'v'
        Test-DockerVolume $name | Should -BeFalse
    }

    It 'takes names by value and ContainerVolume objects by property name from the pipeline' {
        $a = New-TestName 'rv-pipe'
        $b = New-TestName 'rv-pipe'
        New-DockerVolume -Name $a | Out-Null
        New-DockerVolume -Name $b | Out-Null
        $a | Remove-ContainerVolume
        Get-ContainerVolume $b | Remove-ContainerVolume
        Test-DockerVolume $a | Should -BeFalse
        Test-DockerVolume $b | Should -BeFalse
    }

    It 'changes nothing with -WhatIf' {
        $name = New-TestName 'rv-whatif'
        New-DockerVolume -Name $name | Out-Null
        Remove-ContainerVolume $name -WhatIf
        Test-DockerVolume $name | Should -BeTrue
    }

    It 'refuses wildcards before anything is sent' {
        { Remove-ContainerVolume "$($TestPrefix)*" } | Should -Throw -ErrorId 'InvalidVolumeName,PSDocker.Commands.RemoveContainerVolumeCommand' -ExpectedMessage '*Get-ContainerVolume*'
    }

    It 'writes VolumeNotFound for a missing volume and goes on; -Force makes it no error, as docker volume rm -f' {
        $missing = New-TestName 'rv-missing'
        $name = New-TestName 'rv-next'
        New-DockerVolume -Name $name | Out-Null
        Remove-ContainerVolume $missing, $name -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'VolumeNotFound,PSDocker.Commands.RemoveContainerVolumeCommand'
        $errs[0].TargetObject | Should -Be $missing
        Test-DockerVolume $name | Should -BeFalse
        Remove-ContainerVolume $missing -Force -ErrorVariable errs2
        $errs2 | Should -HaveCount 0
        & docker volume rm -f $missing | Out-Null
        $LASTEXITCODE | Should -Be 0 -Because 'the docker CLI agrees'
    }

    It 'refuses a volume in use with VolumeInUse naming the containers, with or without -Force, as docker volume rm -f' {
        $name = New-TestName 'rv-inuse'
        New-DockerVolume -Name $name | Out-Null
        $running = New-TestName 'rv-running'
        $stopped = New-TestName 'rv-stopped'
        Invoke-Docker run -d --name $running -v "${name}:/d" $TestImage sleep 600 | Out-Null
        Invoke-Docker create --name $stopped -v "${name}:/d" $TestImage true | Out-Null
        try {
            Remove-ContainerVolume $name -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs | Should -HaveCount 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'VolumeInUse,PSDocker.Commands.RemoveContainerVolumeCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
            $errs[0].TargetObject | Should -Be $name
            $errs[0].Exception.Message | Should -Match ([regex]::Escape($running))
            $errs[0].Exception.Message | Should -Match ([regex]::Escape($stopped))
            Test-DockerVolume $name | Should -BeTrue

            Remove-ContainerVolume $name -Force -ErrorVariable errs2 -ErrorAction SilentlyContinue
            $errs2[0].FullyQualifiedErrorId | Should -Be 'VolumeInUse,PSDocker.Commands.RemoveContainerVolumeCommand'
            Test-DockerVolume $name | Should -BeTrue
            & docker volume rm -f $name *> $null
            $LASTEXITCODE | Should -Not -Be 0 -Because 'docker volume rm -f refuses it too'
            Test-DockerVolume $name | Should -BeTrue
        }
        finally {
            Remove-TestContainer $running, $stopped
        }
        Remove-ContainerVolume $name
        Test-DockerVolume $name | Should -BeFalse
    }
}

Describe 'Remove-ContainerVolume -Label' {
    It 'removes every volume with the label, and only those, returning them with -PassThru' {
        $label = "psdocker.test=$(New-TestName 'rvl')"
        $a = New-TestName 'rvl-a'
        $b = New-TestName 'rvl-b'
        $other = New-TestName 'rvl-other'
        New-DockerVolume -Name $a -Label $label | Out-Null
        New-DockerVolume -Name $b -Label $label | Out-Null
        New-DockerVolume -Name $other | Out-Null
        $key, $value = $label -split '=', 2
        $gone = Remove-ContainerVolume -Label @{ $key = $value } -Force -PassThru
        ($gone.Name | Sort-Object) | Should -Be (@($a, $b) | Sort-Object)
        Test-DockerVolume $a | Should -BeFalse
        Test-DockerVolume $b | Should -BeFalse
        Test-DockerVolume $other | Should -BeTrue
    }

    It 'changes nothing with -WhatIf' {
        $label = "psdocker.test=$(New-TestName 'rvl-whatif')"
        $a = New-TestName 'rvl-w'
        New-DockerVolume -Name $a -Label $label | Out-Null
        Remove-ContainerVolume -Label $label -WhatIf
        Test-DockerVolume $a | Should -BeTrue
    }
}

Describe 'Remove-ContainerVolume -Unused (docker volume prune)' {
    BeforeEach {
        # Each test's own label: the only thing its prune can touch.
        $script:label = "psdocker.suite=$Suite-$(New-TestName 'p')"
        $script:named = New-TestName 'prune-named'
        $script:inUse = New-TestName 'prune-used'
        New-DockerVolume -Name $named -Label $label | Out-Null
        New-DockerVolume -Name $inUse -Label $label | Out-Null
        $script:anonymous = New-DockerVolume -Label $label
        $script:user = New-TestName 'prune-user'
        Invoke-Docker create --name $user -v "${inUse}:/d" $TestImage true | Out-Null
    }

    AfterEach {
        Remove-TestContainer $user
    }

    It 'prunes only unused anonymous volumes by default, as docker volume prune (CLI 23+)' {
        $anonymous | Should -Match '^[0-9a-f]{64}$'
        $result = Remove-ContainerVolume -Unused -Label $label -Force
        $result | Should -BeOfType ([PSDocker.VolumePruneResult])
        $result.Deleted | Should -Be @($anonymous)
        Test-DockerVolume $anonymous | Should -BeFalse
        Test-DockerVolume $named | Should -BeTrue
        Test-DockerVolume $inUse | Should -BeTrue
    }

    It 'prunes named unused volumes too with -All, reporting the space freed in bytes' {
        # Data in the named volume, written by a container that is gone before the prune.
        Invoke-Docker run --rm -v "${named}:/d" $TestImage sh -c 'head -c 200000 /dev/zero > /d/blob' | Out-Null
        $result = Remove-ContainerVolume -Unused -All -Label $label -Force
        ($result.Deleted | Sort-Object) | Should -Be (@($named, $anonymous) | Sort-Object)
        $result.SpaceReclaimed | Should -BeGreaterOrEqual 200000
        $result.SpaceReclaimedText | Should -Match '^\d+(\.\d+)?[kMG]?B$'
        Test-DockerVolume $named | Should -BeFalse
        Test-DockerVolume $inUse | Should -BeTrue -Because 'a stopped container still uses it'
    }

    It 'changes nothing with -WhatIf' {
        Remove-ContainerVolume -Unused -All -Label $label -WhatIf | Should -BeNullOrEmpty
        Test-DockerVolume $named | Should -BeTrue
        Test-DockerVolume $anonymous | Should -BeTrue
    }
}
