# Add-ImageTag (docker tag) against the real engine, cross-checked with docker image inspect.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ImageTest.ps1
    Remove-TestImage
    $script:baseId = Get-ImageId $TestImage
    $script:other = New-TestImage 'tag-other'
    $script:otherId = Get-ImageId $other
}

AfterAll {
    Remove-TestImage
}

Describe 'Add-ImageTag' {
    It 'tags an image by reference, as docker tag does, and returns nothing without -PassThru' {
        $name = New-TestName 'tag'
        Add-ImageTag $TestImage "${name}:v1" | Should -BeNullOrEmpty
        Get-ImageId "${name}:v1" | Should -Be $baseId
    }

    It 'uses the tag latest when the target has none' {
        $name = New-TestName 'tag'
        Add-ImageTag $TestImage $name
        Get-ImageId "${name}:latest" | Should -Be $baseId
    }

    It 'returns the image under its new tag with -PassThru' {
        $name = New-TestName 'tag'
        $image = Add-ImageTag $TestImage "127.0.0.1:5000/${name}:2.0" -PassThru
        $image | Should -BeOfType ([PSDocker.Image])
        $image.Reference | Should -Be "127.0.0.1:5000/${name}:2.0"
        $image.Repository | Should -Be "127.0.0.1:5000/$name"
        $image.Tag | Should -Be '2.0'
        $image.Id | Should -Be $baseId
        $image.IsInspected | Should -BeTrue
        $image.RepoTags | Should -Contain "127.0.0.1:5000/${name}:2.0"
    }

    It 'takes the source by id and by id prefix' {
        $name = New-TestName 'tag'
        Add-ImageTag $otherId "${name}:full"
        Add-ImageTag ($otherId -replace '^sha256:', '').Substring(0, 12) "${name}:short"
        Get-ImageId "${name}:full" | Should -Be $otherId
        Get-ImageId "${name}:short" | Should -Be $otherId
    }

    It 'takes piped strings by value and piped objects by property name (Reference, Id)' {
        $name = New-TestName 'tag'
        $TestImage | Add-ImageTag -Tag "${name}:byvalue"
        Get-ImageId "${name}:byvalue" | Should -Be $baseId

        $row = Add-ImageTag $other "${name}:row" -PassThru
        $row | Add-ImageTag -Tag "${name}:byreference"
        Get-ImageId "${name}:byreference" | Should -Be $otherId

        [pscustomobject]@{ Id = $otherId } | Add-ImageTag -Tag "${name}:byid"
        Get-ImageId "${name}:byid" | Should -Be $otherId
    }

    It 'moves a tag another image has, as docker tag does' {
        $name = New-TestName 'tag'
        Add-ImageTag $TestImage "${name}:moving"
        Add-ImageTag $other "${name}:moving"
        Get-ImageId "${name}:moving" | Should -Be $otherId
    }

    It 'writes ImageNotFound for a missing source and goes on with the rest' {
        $name = New-TestName 'tag'
        $missing = (New-TestName 'gone') + ':1'
        Add-ImageTag $missing, $TestImage "${name}:after" -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,PSDocker.Commands.AddImageTagCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $missing
        Get-ImageId "${name}:after" | Should -Be $baseId
    }

    It 'refuses a malformed target or source, or a target with a digest, before anything is sent' {
        $name = New-TestName 'tag'
        { Add-ImageTag $TestImage "${name}:-bad" } | Should -Throw -ErrorId 'InvalidImageReference,PSDocker.Commands.AddImageTagCommand'
        { Add-ImageTag $TestImage "$($name.ToUpperInvariant()):v" } | Should -Throw -ExpectedMessage "*must be lowercase*"
        { Add-ImageTag 'Not//Valid' "${name}:v" } | Should -Throw -ErrorId 'InvalidImageReference,PSDocker.Commands.AddImageTagCommand'
        { Add-ImageTag $TestImage "${name}@sha256:$('f' * 64)" } | Should -Throw -ExpectedMessage '*refusing to create a tag with a digest reference*'
        try { Add-ImageTag $TestImage "${name}:-bad" } catch { $_.TargetObject | Should -Be "${name}:-bad"; $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
        & docker images -q $name | Should -BeNullOrEmpty
    }

    It 'tags nothing with -WhatIf' {
        $name = New-TestName 'tag'
        Add-ImageTag $TestImage "${name}:whatif" -WhatIf
        & docker image inspect "${name}:whatif" *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'agrees with docker tag on the name stored' {
        $name = New-TestName 'tag'
        Invoke-Docker tag $TestImage "docker.io/library/${name}:cli" | Out-Null
        Add-ImageTag $TestImage "docker.io/library/${name}:module"
        $tags = (Invoke-Docker image inspect -f '{{json .RepoTags}}' $TestImage) | ConvertFrom-Json
        $tags | Should -Contain "${name}:cli"
        $tags | Should -Contain "${name}:module"
    }
}
