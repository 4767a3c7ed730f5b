# Get-ContainerVolume (docker volume ls, docker volume inspect) against the real engine. The volumes are made with the
# docker CLI and read back with the cmdlet; every listing is narrowed to this file's own volumes (by name or label).
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Suite = New-TestName 'getvol'
    $script:plain = New-TestName 'gv-plain'
    $script:tagged = New-TestName 'gv-tagged'
    $script:used = New-TestName 'gv-used'
    Invoke-Docker volume create --label "psdocker.suite=$Suite" $plain | Out-Null
    Invoke-Docker volume create --label "psdocker.suite=$Suite" --label tier=db -o type=tmpfs -o device=tmpfs -o o=size=1m $tagged | Out-Null
    Invoke-Docker volume create --label "psdocker.suite=$Suite" $used | Out-Null
    # A stopped container still uses its volume: it is not dangling.
    $script:user = New-TestName 'gv-user'
    Invoke-Docker create --name $user -v "${used}:/d" $TestImage true | Out-Null
}

AfterAll {
    Remove-AllTestObject
}

Describe 'Get-ContainerVolume' {
    It 'shows a volume made with the docker CLI as docker volume inspect does' {
        $v = Get-ContainerVolume $tagged
        $d = (Invoke-Docker volume inspect $tagged) | ConvertFrom-Json
        $v | Should -BeOfType ([PSDocker.ContainerVolume])
        $v.Name | Should -Be $d.Name
        $v.Driver | Should -Be $d.Driver
        $v.Mountpoint | Should -Be $d.Mountpoint
        $v.Scope | Should -Be $d.Scope
        $v.Created.ToUniversalTime() | Should -Be ([datetime]::Parse($d.CreatedAt, [cultureinfo]::InvariantCulture, 'AdjustToUniversal'))
        $v.Labels['tier'] | Should -Be $d.Labels.tier
        $v.Labels['psdocker.suite'] | Should -Be $Suite
        $v.Options['type'] | Should -Be 'tmpfs'
        $v.Options['o'] | Should -Be $d.Options.o
        $v.IsAnonymous | Should -BeFalse
    }

    It 'lists the same volumes as docker volume ls for a label' {
        $mine = @(Get-ContainerVolume -Label "psdocker.suite=$Suite")
        $docker = @(Invoke-Docker volume ls -q --filter "label=psdocker.suite=$Suite")
        ($mine.Name | Sort-Object) | Should -Be ($docker | Sort-Object)
        $mine.Name | Should -Be ($mine.Name | Sort-Object) -Because 'volumes are listed by name'
    }

    It 'keeps only volumes with all the -Label labels' {
        @(Get-ContainerVolume -Label "psdocker.suite=$Suite", 'tier=db').Name | Should -Be @($tagged)
        @(Get-ContainerVolume -Label "psdocker.suite=$Suite", 'tier').Name | Should -Be @($tagged)
        @(Get-ContainerVolume -Label @{ 'psdocker.suite' = $Suite; tier = 'db' }).Name | Should -Be @($tagged)
    }

    It 'keeps only volumes of a -Driver' {
        @(Get-ContainerVolume -Driver local -Label "psdocker.suite=$Suite").Count | Should -Be 3
        @(Get-ContainerVolume -Driver psdocker-none -Label "psdocker.suite=$Suite") | Should -HaveCount 0
    }

    It 'keeps only volumes no container uses with -Dangling, as docker volume ls --filter dangling=true' {
        $dangling = @(Get-ContainerVolume -Dangling -Label "psdocker.suite=$Suite").Name
        $dangling | Should -Contain $plain
        $dangling | Should -Not -Contain $used
        ($dangling | Sort-Object) | Should -Be (@(Invoke-Docker volume ls -q --filter dangling=true --filter "label=psdocker.suite=$Suite") | Sort-Object)
    }

    It 'matches names with wildcards, and a pattern that matches nothing writes nothing' {
        $prefix = $tagged.Substring(0, $tagged.Length - 4)
        @(Get-ContainerVolume "$prefix*").Name | Should -Be @($tagged)
        Get-ContainerVolume "$($TestPrefix)no-such-*" -ErrorVariable errs | Should -BeNullOrEmpty
        $errs | Should -HaveCount 0
    }

    It 'writes VolumeNotFound for a missing name and goes on with the others' {
        $missing = New-TestName 'gv-missing'
        $found = Get-ContainerVolume $missing, $plain -ErrorVariable errs -ErrorAction SilentlyContinue
        $found.Name | Should -Be $plain
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'VolumeNotFound,PSDocker.Commands.GetContainerVolumeCommand'
        $errs[0].TargetObject | Should -Be $missing
        $errs[0].Exception.Message | Should -Match ([regex]::Escape($missing))
    }

    It 'writes nothing, and no error, for a name that exists but does not match the filters' {
        Get-ContainerVolume $used -Dangling -ErrorVariable errs | Should -BeNullOrEmpty
        $errs | Should -HaveCount 0
    }

    It 'takes names by value and objects by property name from the pipeline' {
        @($plain, $tagged | Get-ContainerVolume).Name | Should -Be @($plain, $tagged)
        @(Get-ContainerVolume $plain | Get-ContainerVolume).Name | Should -Be @($plain)
        @([pscustomobject]@{ Name = $tagged } | Get-ContainerVolume).Name | Should -Be @($tagged)
    }

    It 'reads volume sizes and users with -Size, as docker system df -v shows them, on this engine''s API version' {
        $user = New-TestName 'vsize-user'
        Invoke-Docker run --name $user -v "${plain}:/data" $TestImage sh -c 'head -c 100000 /dev/zero > /data/blob' | Out-Null
        try {
            $v = Get-ContainerVolume $plain -Size -WarningVariable warned
            $warned | Should -HaveCount 0
            $v.Name | Should -Be $plain
            $v.Size | Should -BeGreaterOrEqual 100000
            $v.RefCount | Should -Be 1 -Because "$user (stopped) mounts it"
            $cli = Invoke-Docker system df -v --format '{{json .Volumes}}' | ConvertFrom-Json | Where-Object Name -EQ $plain
            "$($v.RefCount)" | Should -Be "$($cli.Links)"
            $v.SizeText | Should -Be $cli.Size
        }
        finally { Remove-TestContainer $user }
        (Get-ContainerVolume $plain).Size | Should -BeNullOrEmpty -Because 'sizes are read only with -Size'
    }

    It 'completes volume names on the command line' {
        $partial = $tagged.Substring(0, $tagged.Length - 3)
        $line = "Remove-ContainerVolume $partial"
        $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $found.CompletionText | Should -Be @($tagged)
        $line = "Get-ContainerVolume -Name $partial"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @($tagged)
    }

    It 'completes volume names as the source of -Volume on Start-Container and New-Container, and leaves host paths to PowerShell' {
        $partial = $tagged.Substring(0, $tagged.Length - 3)
        foreach ($line in "Start-Container -Image $TestImage -Volume $partial", "New-Container -Image $TestImage -Volume $partial") {
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("${tagged}:")
        }
        $line = "New-Container -Image $TestImage -Volume ./"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Not -Contain "${tagged}:"
    }
}
