# New-ContainerVolume (docker volume create) against the real engine, cross-checked with docker volume inspect; and
# volumes in use: a named volume and a bind mount keep their data across container re-creation.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    # A label only this file's volumes carry: anonymous volumes have no test-prefixed name to be cleaned up by.
    $script:Suite = New-TestName 'newvol'
    function Remove-SuiteVolume {
        $vols = & docker volume ls -q --filter "label=psdocker.suite=$Suite"
        if ($vols) { & docker volume rm -f $vols *> $null }
    }
    function Get-DockerVolume([string] $Name) { (Invoke-Docker volume inspect $Name) | ConvertFrom-Json }
}

AfterAll {
    Remove-AllTestObject
    Remove-SuiteVolume
}

Describe 'New-ContainerVolume' {
    It 'creates a named volume with a driver, options and labels, as docker volume inspect shows it' {
        $name = New-TestName 'vol'
        $v = New-ContainerVolume $name -Driver local -Option @{ type = 'tmpfs'; device = 'tmpfs'; o = 'size=1m' } -Label @{ 'psdocker.suite' = $Suite; tier = 'db' }
        $v | Should -BeOfType ([PSDocker.ContainerVolume])
        $d = Get-DockerVolume $name
        $v.Name | Should -Be $d.Name
        $v.Driver | Should -Be 'local'
        $v.Driver | Should -Be $d.Driver
        $v.Mountpoint | Should -Be $d.Mountpoint
        $v.Scope | Should -Be $d.Scope
        $v.Created.ToUniversalTime() | Should -Be ([datetime]::Parse($d.CreatedAt, [cultureinfo]::InvariantCulture, 'AdjustToUniversal'))
        $v.Labels['tier'] | Should -Be 'db'
        $d.Labels.tier | Should -Be 'db'
        $d.Labels.'psdocker.suite' | Should -Be $Suite
        $d.Options.type | Should -Be 'tmpfs'
        $d.Options.o | Should -Be 'size=1m'
        $v.Options['device'] | Should -Be $d.Options.device
        $v.IsAnonymous | Should -BeFalse
        $v.Endpoint | Should -Not -BeNullOrEmpty
    }

    It 'takes KEY=VALUE strings and KEY alone for -Option and -Label, as docker volume create -o and --label' {
        $name = New-TestName 'vol-kv'
        $null = New-ContainerVolume $name -Label "psdocker.suite=$Suite", 'flag' -Option 'type=tmpfs', 'device=tmpfs'
        $d = Get-DockerVolume $name
        $d.Labels.flag | Should -Be ''
        $d.Options.type | Should -Be 'tmpfs'
    }

    It 'creates an anonymous volume with a generated name when no name is given' {
        $v = New-ContainerVolume -Label "psdocker.suite=$Suite"
        $v.Name | Should -Match '^[0-9a-f]{64}$'
        $v.IsAnonymous | Should -BeTrue
        (Get-DockerVolume $v.Name).Labels.'psdocker.suite' | Should -Be $Suite
    }

    It 'gives back the existing volume for a name that exists, as docker volume create does' {
        $name = New-TestName 'vol-again'
        Invoke-Docker volume create --label "psdocker.suite=$Suite" --label first=1 $name | Out-Null
        $v = New-ContainerVolume $name
        $v.Name | Should -Be $name
        $v.Labels['first'] | Should -Be '1'
    }

    It 'takes names from the pipeline, by value and by property name' {
        $a = New-TestName 'vol-pipe'
        $b = New-TestName 'vol-pipe'
        $made = @($a | New-ContainerVolume -Label "psdocker.suite=$Suite") + @([pscustomobject]@{ Name = $b } | New-ContainerVolume -Label "psdocker.suite=$Suite")
        $made.Name | Should -Be @($a, $b)
        (Get-DockerVolume $b).Name | Should -Be $b
    }

    It 'creates nothing with -WhatIf' {
        $name = New-TestName 'vol-whatif'
        New-ContainerVolume $name -WhatIf | Should -BeNullOrEmpty
        & docker volume inspect $name *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'refuses a name the local driver does not take, naming it, before anything is sent' -ForEach @(
        @{ Bad = 'bad/name' }, @{ Bad = 'x' }, @{ Bad = '-dash' }) {
        { New-ContainerVolume $Bad } | Should -Throw -ErrorId 'InvalidVolumeName,PSDocker.Commands.NewContainerVolumeCommand' -ExpectedMessage "*'$Bad'*"
        & docker volume inspect $Bad *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'refuses an option or a label with an empty key' {
        $name = New-TestName 'vol-badkv'
        { New-ContainerVolume $name -Option '=1' } | Should -Throw -ErrorId 'InvalidVolumeOptionSpec,PSDocker.Commands.NewContainerVolumeCommand' -ExpectedMessage "*-Option '=1'*"
        { New-ContainerVolume $name -Label '=1' } | Should -Throw -ErrorId 'InvalidLabelSpec,PSDocker.Commands.NewContainerVolumeCommand' -ExpectedMessage "*-Label '=1'*"
        & docker volume inspect $name *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'reports a driver the engine does not have as VolumeDriverNotFound, and an option it refuses as the engine says' {
        $name = New-TestName 'vol-nodrv'
        New-ContainerVolume $name -Driver 'psdocker-no-such-driver' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'VolumeDriverNotFound,PSDocker.Commands.NewContainerVolumeCommand'
        $errs[0].Exception.Message | Should -Match 'psdocker-no-such-driver'
        New-ContainerVolume $name -Option 'bogus=1' -ErrorVariable errs2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs2[0].FullyQualifiedErrorId | Should -Be 'VolumeInvalidRequest,PSDocker.Commands.NewContainerVolumeCommand'
        $errs2[0].Exception.Message | Should -Match 'bogus'
    }
}

Describe 'Data in volumes across container re-creation' {
    It 'keeps what one container wrote in a named volume for the next container' {
        $volume = New-TestName 'data'
        $null = New-ContainerVolume $volume
        $writer = New-TestName 'writer'
        Start-Container -Image $TestImage -Name $writer -Volume "${volume}:/var/lib/data" -Command sh, -c, 'echo kept > /var/lib/data/file' | Should -BeNullOrEmpty
        Remove-Container $writer
        & docker ps -aq --filter "name=^$writer`$" | Should -BeNullOrEmpty
        $reader = New-TestName 'reader'
        Start-Container -Image $TestImage -Name $reader -AutoRemove -Volume "${volume}:/var/lib/data" -Command cat, /var/lib/data/file | Should -Be 'kept'
        # The docker CLI reads the same data.
        Invoke-Docker run --rm -v "${volume}:/d" $TestImage cat /d/file | Should -Be 'kept'
    }

    It 'keeps what one container wrote in a bind mount for the next container and the host' {
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) (New-TestName 'bind')
        $null = New-Item -ItemType Directory -Path $dir
        try {
            $writer = New-TestName 'bwriter'
            Start-Container -Image $TestImage -Name $writer -Volume "${dir}:/data" -Command sh, -c, 'echo bound > /data/file' | Should -BeNullOrEmpty
            Remove-Container $writer
            Start-Container -Image $TestImage -Name (New-TestName 'breader') -AutoRemove -Volume "${dir}:/data:ro" -Command cat, /data/file | Should -Be 'bound'
            (Get-Content -Raw (Join-Path $dir 'file')).Trim() | Should -Be 'bound'
        }
        finally {
            Remove-Item -Recurse -Force $dir
        }
    }
}
