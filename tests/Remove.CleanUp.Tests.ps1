# Clean-up in one line: -Label on every removal (hashtables too) and -PassThru writing what went, against the real
# engine, cross-checked with the docker CLI's listings filtered by the same label.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Images.ps1

    function script:New-SuiteLabel {
        # A label value of this run only, so nothing here ever selects another test's objects.
        'psdocker.cleanup=' + [guid]::NewGuid().ToString('n').Substring(0, 12)
    }

    function script:Test-DockerContainer([string] $Name) {
        & docker container inspect $Name *> $null
        $LASTEXITCODE -eq 0
    }
}

AfterAll {
    Remove-AllTestObject
    Remove-AllTestImage
    $nets = & docker network ls -q --filter "name=^$TestPrefix"
    if ($nets) { & docker network rm $nets *> $null }
}

Describe 'Remove-Container -PassThru and -Label' {
    It 'writes each container removed by name, as it was just before' {
        $a = New-TestName 'pta'
        $b = New-TestName 'ptb'
        Invoke-Docker create --name $a -l role=first $TestImage true | Out-Null
        Invoke-Docker create --name $b $TestImage true | Out-Null
        $id = (Invoke-Docker inspect -f '{{.Id}}' $a).Trim()
        $gone = @(Remove-Container $a, $b -PassThru)
        $gone | Should -HaveCount 2
        $gone[0] | Should -BeOfType ([PSDocker.Container])
        $gone.Name | Should -Be @($a, $b)
        $gone[0].Id | Should -Be $id
        $gone[0].Labels['role'] | Should -Be 'first'
        $gone[0].IsInspected | Should -BeTrue
        Test-DockerContainer $a | Should -BeFalse
        Test-DockerContainer $b | Should -BeFalse
    }

    It 'writes nothing without -PassThru, and nothing for a container it could not remove' {
        $name = New-TestName 'ptrun'
        Invoke-Docker run -d --name $name $TestImage sleep 600 | Out-Null
        $out = @(Remove-Container $name -PassThru -ErrorAction SilentlyContinue -ErrorVariable err)
        $out | Should -HaveCount 0
        $err[0].FullyQualifiedErrorId | Should -Be 'ContainerConflict,PSDocker.Commands.RemoveContainerCommand'
        Test-DockerContainer $name | Should -BeTrue
        @(Remove-Container $name -Force) | Should -HaveCount 0
        Test-DockerContainer $name | Should -BeFalse
    }

    It 'removes every container of a suite in one line (-Label @{...} -Force), running ones too, and lists them with -PassThru' {
        $label = New-SuiteLabel
        $key, $value = $label -split '=', 2
        $running = New-TestName 'suite-run'
        $created = New-TestName 'suite-new'
        $other = New-TestName 'suite-other'
        Invoke-Docker run -d --name $running -l $label $TestImage sleep 600 | Out-Null
        Invoke-Docker create --name $created -l $label $TestImage true | Out-Null
        Invoke-Docker create --name $other -l "$key=other" $TestImage true | Out-Null
        $listed = @(Invoke-Docker ps -aq --no-trunc --filter "label=$label")
        $gone = @(Remove-Container -Label @{ $key = $value } -Force -PassThru)
        ($gone.Id | Sort-Object) | Should -Be ($listed | Sort-Object) -Because 'what went is what docker ps --filter label listed'
        ($gone.Name | Sort-Object) | Should -Be (@($running, $created) | Sort-Object)
        ($gone | Where-Object Name -EQ $running).State | Should -Be 'Running' -Because 'as it was just before'
        @(Invoke-Docker ps -aq --filter "label=$label") | Should -HaveCount 0
        Test-DockerContainer $other | Should -BeTrue
    }

    It 'lists with -WhatIf and -PassThru what it would remove, and removes and writes nothing' {
        $label = New-SuiteLabel
        $name = New-TestName 'ptwhatif'
        Invoke-Docker create --name $name -l $label $TestImage true | Out-Null
        @(Remove-Container -Label $label -WhatIf -PassThru) | Should -HaveCount 0
        Test-DockerContainer $name | Should -BeTrue
        Remove-Container -Label $label -Force
    }
}

Describe 'Remove-Image -PassThru and -Label' {
    It 'writes what docker rmi untagged and deleted, typed' {
        $tag = "$(New-TestName 'ptimg'):1"
        $id = New-TestImage -Tag $tag
        $result = @(Remove-Image $tag -PassThru)
        $result | Should -HaveCount 1
        $result[0] | Should -BeOfType ([PSDocker.ImageRemoveResult])
        $result[0].Reference | Should -Be $tag
        $result[0].Untagged | Should -Be @($tag)
        $result[0].Deleted | Should -Contain $id -Because 'its last tag went, so the image went'
        $result[0].DeletedShortIds | Should -Contain $id.Substring(7, 12)
        $result[0].Endpoint | Should -Not -BeNullOrEmpty
        & docker image inspect $id *> $null; $LASTEXITCODE | Should -Be 1
    }

    It 'only untags an image that keeps another tag, as docker rmi does (Deleted is empty)' {
        $tag = "$(New-TestName 'ptalias'):1"
        Invoke-Docker tag $TestImage $tag | Out-Null
        $result = Remove-Image $tag -PassThru
        $result.Untagged | Should -Be @($tag)
        $result.Deleted | Should -HaveCount 0
        & docker image inspect $TestImage *> $null; $LASTEXITCODE | Should -Be 0
    }

    It 'removes every image of a suite with -Label @{...} -Force, writing one result per row' {
        $label = New-SuiteLabel
        $key, $value = $label -split '=', 2
        $name = New-TestName 'ptlabel'
        $id = New-TestImage -Tag "${name}:1", "${name}:2" -Label $label
        $keep = New-TestImage -Tag "${name}-keep:1" -Label "$key=other"
        @(Get-DockerImageRow --filter "label=$label") | Should -HaveCount 2
        $results = @(Remove-Image -Label @{ $key = $value } -Force -PassThru)
        $results | Should -HaveCount 2
        ($results.Reference | Sort-Object) | Should -Be @("${name}:1", "${name}:2")
        @($results.Untagged | Sort-Object) | Should -Be @("${name}:1", "${name}:2")
        @($results.Deleted) | Should -Contain $id
        @(Get-DockerImageRow --filter "label=$label") | Should -HaveCount 0
        & docker image inspect $keep *> $null; $LASTEXITCODE | Should -Be 0
    }

    It 'shows the results in a table that reads at 80 columns' {
        $tag = "$(New-TestName 'ptview'):1"
        Invoke-Docker tag $TestImage $tag | Out-Null
        $table = Remove-Image $tag -PassThru | Format-Table | Out-String -Width 80
        $table | Should -Match 'REFERENCE\s+UNTAGGED\s+DELETED'
        foreach ($line in $table -split "`r?`n") { $line.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }
}

Describe 'A suite''s clean-up, one line per kind' {
    It 'removes the containers, networks, volumes and images with one label, and -PassThru says what went' {
        $label = New-SuiteLabel
        $key, $value = $label -split '=', 2
        $net = New-TestName 'cunet'
        $vol = New-TestName 'cuvol'
        $box = New-TestName 'cubox'
        Invoke-Docker network create --label $label $net | Out-Null
        Invoke-Docker volume create --label $label $vol | Out-Null
        Invoke-Docker run -d --name $box -l $label --network $net -v "${vol}:/data" $TestImage sleep 600 | Out-Null
        $image = New-TestImage -Tag "$(New-TestName 'cuimg'):1" -Label $label

        $suite = @{ $key = $value }
        (Remove-Container -Label $suite -Force -PassThru).Name | Should -Be $box
        (Remove-ContainerNetwork -Label $suite -Force -PassThru).Name | Should -Be $net
        (Remove-ContainerVolume -Label $suite -Force -PassThru).Name | Should -Be $vol
        (Remove-Image -Label $suite -Force -PassThru).Deleted | Should -Contain $image

        foreach ($kind in 'ps -a', 'network ls', 'volume ls', 'images') {
            @(& docker @($kind -split ' ') -q --filter "label=$label") | Should -HaveCount 0 -Because "docker $kind finds nothing with the label"
        }
    }
}

Describe 'Removing what is already gone' {
    It 'makes a missing <Kind> no error with -Force, as docker <Rm> -f does; <ErrorId> without' -ForEach @(
        @{ Kind = 'container'; Rm = 'rm'; Suffix = ''; Command = 'Remove-Container'; ErrorId = 'ContainerNotFound' }
        @{ Kind = 'image'; Rm = 'rmi'; Suffix = ':1'; Command = 'Remove-Image'; ErrorId = 'ImageNotFound' }) {
        $missing = (New-TestName 'missing') + $Suffix
        & docker $Rm -f $missing *> $null
        $LASTEXITCODE | Should -Be 0 -Because "docker $Rm -f of a missing $Kind succeeds"
        @(& $Command $missing -Force -PassThru -ErrorVariable err) | Should -HaveCount 0
        $err | Should -HaveCount 0
        { & $Command $missing } | Should -Throw -ErrorId "$ErrorId,PSDocker.Commands.$($Command -replace '-', '')Command"
    }
}
