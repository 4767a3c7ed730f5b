# Remove-Image (docker rmi, docker image prune) against the real engine. Every image removed or pruned here was
# built by these tests (see Images.ps1); prunes are scoped with a label only these images carry.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Images.ps1
    Remove-AllTestImage

    function Test-DockerImage([string] $Name) {
        & docker image inspect $Name *> $null
        $LASTEXITCODE -eq 0
    }
}

AfterAll {
    Remove-AllTestObject
    Remove-AllTestImage
}

Describe 'Remove-Image' {
    Context 'by reference or id' {
        It 'removes an image by reference, writing what the engine untagged and deleted to Verbose' {
            $name = New-TestName 'rm'
            $id = New-TestImage -Tag "${name}:1"
            $verbose = Remove-Image "${name}:1" -Verbose 4>&1
            $out = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            $out | Should -HaveCount 0 -Because 'Remove-Image writes nothing by default'
            Test-DockerImage $id | Should -BeFalse
            $text = $verbose | ForEach-Object Message
            $text | Should -Contain "Untagged: ${name}:1"
            $text | Should -Contain "Deleted: $id"
        }

        It 'means :latest for a reference without a tag, as docker rmi' {
            $name = New-TestName 'rm-latest'
            $id = New-TestImage -Tag "${name}:latest"
            Remove-Image $name
            Test-DockerImage $id | Should -BeFalse
        }

        It 'removes by id prefix with or without sha256:' {
            $a = New-TestImage -Tag "$(New-TestName 'rm-id'):1"
            $b = New-TestImage -Tag "$(New-TestName 'rm-id'):1"
            Remove-Image $a.Substring(7, 12), "sha256:$($b.Substring(7, 12))"
            Test-DockerImage $a | Should -BeFalse
            Test-DockerImage $b | Should -BeFalse
        }

        It 'changes nothing with -WhatIf' {
            $name = New-TestName 'rm-whatif'
            $id = New-TestImage -Tag "${name}:1"
            Remove-Image "${name}:1" -WhatIf
            Test-DockerImage "${name}:1" | Should -BeTrue
        }

        It 'untags each piped row, and deletes the image with its last tag' {
            $name = New-TestName 'rm-pipe'
            $id = New-TestImage -Tag "${name}:1", "127.0.0.1:5000/${name}:2"
            $first = Get-Image "${name}:1"
            $first | Remove-Image
            Test-DockerImage $id | Should -BeTrue -Because 'the image keeps its other tag'
            Test-DockerImage "${name}:1" | Should -BeFalse
            Get-Image "127.0.0.1:5000/$name" | Remove-Image
            Test-DockerImage $id | Should -BeFalse
        }

        It 'takes rows from Get-Image with wildcards, one docker rmi REPOSITORY:TAG each' {
            $name = New-TestName 'rm-wild'
            $id = New-TestImage -Tag "${name}:1", "${name}:2", "127.0.0.1:5000/${name}:3"
            Get-Image "*$name*" | Remove-Image
            Test-DockerImage $id | Should -BeFalse
            Get-DockerImageRow --filter "reference=*$name*" | Should -HaveCount 0
        }

        It 'takes strings from the pipeline by value' {
            $name = New-TestName 'rm-str'
            $id = New-TestImage -Tag "${name}:1"
            "${name}:1" | Remove-Image
            Test-DockerImage $id | Should -BeFalse
        }

        It 'refuses an id with several tags (ImageReferencedInMultipleRepositories) unless -Force' {
            $name = New-TestName 'rm-multi'
            $id = New-TestImage -Tag "${name}:1", "${name}:2"
            Remove-Image $id -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -Be 'ImageReferencedInMultipleRepositories,PSDocker.Commands.RemoveImageCommand'
            $err[0].Exception.Message | Should -Match 'referenced in multiple repositories'
            Test-DockerImage $id | Should -BeTrue
            Remove-Image $id -Force
            Test-DockerImage $id | Should -BeFalse
        }

        It 'writes ImageInUse when a container uses the image, with the engine''s message' {
            $name = New-TestName 'rm-inuse'
            $id = New-TestImage -Tag "${name}:1"
            $container = New-TestName 'rm-inuse-c'
            Invoke-Docker create --name $container "${name}:1" true | Out-Null
            Remove-Image "${name}:1" -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -Be 'ImageInUse,PSDocker.Commands.RemoveImageCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
            $err[0].TargetObject | Should -Be "${name}:1"
            $err[0].Exception.Message | Should -Match 'container .* is using its referenced image'
            Test-DockerImage "${name}:1" | Should -BeTrue
            Remove-TestContainer $container
        }

        It 'writes ImageNotFound for a missing image and goes on with the next' {
            $missing = New-TestName 'rm-missing'
            $name = New-TestName 'rm-after'
            $id = New-TestImage -Tag "${name}:1"
            Remove-Image "${missing}:1", "${name}:1" -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,PSDocker.Commands.RemoveImageCommand'
            $err[0].TargetObject | Should -Be "${missing}:1"
            Test-DockerImage $id | Should -BeFalse
        }

        It 'refuses wildcards before asking the engine' {
            { Remove-Image "$(New-TestName 'x')*" } | Should -Throw -ErrorId 'InvalidImageReference,PSDocker.Commands.RemoveImageCommand'
        }

        It 'keeps the untagged parents with -NoPrune, as docker rmi --no-prune' {
            $name = New-TestName 'rm-noprune'
            $id = New-TestImage -Tag "${name}:1"
            $parent = (Invoke-Docker image inspect -f '{{.Parent}}' $id).Trim()
            $parent | Should -Match '^sha256:'
            Remove-Image "${name}:1" -NoPrune
            Test-DockerImage $id | Should -BeFalse
            Test-DockerImage $parent | Should -BeTrue
            Invoke-Docker rmi $parent | Out-Null
        }
    }

    Context '-Label' {
        It 'removes every row of the images with the labels, and nothing else' {
            $run = [guid]::NewGuid().ToString('n')
            $a = New-TestImage -Tag "$(New-TestName 'rm-label'):1", "$(New-TestName 'rm-label'):2" -Label "psdi.run=$run"
            $b = New-TestImage -Tag "$(New-TestName 'rm-label'):1" -Label "psdi.run=$run"
            $keep = New-TestImage -Tag "$(New-TestName 'rm-label-keep'):1" -Label "psdi.run=other-$run"
            Remove-Image -Label "psdi.run=$run" -Force
            Test-DockerImage $a | Should -BeFalse
            Test-DockerImage $b | Should -BeFalse
            Test-DockerImage $keep | Should -BeTrue
        }

        It 'removes nothing with -WhatIf' {
            $run = [guid]::NewGuid().ToString('n')
            $a = New-TestImage -Tag "$(New-TestName 'rm-label'):1" -Label "psdi.run=$run"
            Remove-Image -Label "psdi.run=$run" -WhatIf
            Test-DockerImage $a | Should -BeTrue
        }
    }

    Context 'prune (-Dangling, -Unused)' {
        It 'prunes the dangling images with the label and reports the ids and the space freed' {
            $run = [guid]::NewGuid().ToString('n')
            $name = New-TestName 'prune'
            $old = New-TestImage -Tag "${name}:1" -Label "psdi.run=$run"
            $new = New-TestImage -Tag "${name}:1" -Label "psdi.run=$run"   # takes the tag: $old is dangling now
            (Get-Image -Dangling -Label "psdi.run=$run").Id | Should -Be @($old)
            $result = Remove-Image -Dangling -Label "psdi.run=$run" -Force
            $result | Should -HaveCount 1
            $result | Should -BeOfType PSDocker.ImagePruneResult
            $result.Deleted | Should -Contain $old
            $result.Deleted | Should -Not -Contain $new
            $result.Untagged | Should -HaveCount 0
            $result.SpaceReclaimed | Should -BeOfType long
            $result.SpaceReclaimed | Should -BeGreaterOrEqual 0
            $result.SpaceReclaimedText | Should -Match '^\d+(\.\d+)?[kMG]?B$'
            $result.Endpoint | Should -Not -BeNullOrEmpty
            Test-DockerImage $old | Should -BeFalse
            Test-DockerImage "${name}:1" | Should -BeTrue -Because 'a tagged image is not dangling'
        }

        It 'prunes nothing with -WhatIf' {
            $run = [guid]::NewGuid().ToString('n')
            $old = New-TestImage -Label "psdi.run=$run"
            $result = Remove-Image -Dangling -Label "psdi.run=$run" -WhatIf
            $result | Should -BeNullOrEmpty
            $whatIf = Invoke-ChildPwsh "Import-Module '$env:PSDOCKER_MODULE'; Remove-Image -Dangling -Label 'psdi.run=$run' -WhatIf"
            $whatIf.Output | Should -Match "1 dangling image with label psdi.run=$run\: $($old.Substring(7, 12))" -Because '-WhatIf names what the prune would remove'
            Test-DockerImage $old | Should -BeTrue
        }

        It 'prunes the unused images with the label, tagged or not, and keeps those a container uses (-Unused)' {
            $run = [guid]::NewGuid().ToString('n')
            $name = New-TestName 'prune-unused'
            $unused = New-TestImage -Tag "${name}:1" -Label "psdi.run=$run"
            $used = New-TestImage -Tag "${name}:2" -Label "psdi.run=$run"
            $container = New-TestName 'prune-c'
            Invoke-Docker create --name $container "${name}:2" true | Out-Null
            $result = Remove-Image -Unused -Label "psdi.run=$run" -Force
            $result.Deleted | Should -Contain $unused
            $result.Untagged | Should -Contain "${name}:1"
            Test-DockerImage $unused | Should -BeFalse
            Test-DockerImage $used | Should -BeTrue
            $result.SpaceReclaimed | Should -BeGreaterThan 0 -Because 'the unique layer of the pruned image is freed'
            Remove-TestContainer $container
        }
    }
}
