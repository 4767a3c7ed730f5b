# Invoke-ContainerCommit (docker commit) against the real engine, cross-checked with docker inspect of the new image.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ImageTest.ps1
    $script:web = New-TestName 'commit'
    Invoke-Docker run -d --name $web $TestImage sh -c 'echo set-up > /state; trap "exit 0" TERM; sleep 600 & wait' | Out-Null
    $script:made = [System.Collections.Generic.List[string]]::new()

    function script:Get-ImageConfig([string] $Image) {
        Invoke-Docker image inspect $Image | ConvertFrom-Json | Select-Object -First 1
    }
}

AfterAll {
    Remove-TestContainer $web
    if ($made.Count) { & docker rmi -f $made *> $null }
    Remove-TestImage
}

Describe 'Invoke-ContainerCommit' {
    It 'commits into a registry repository with a tag and a message, and returns the new Image' {
        $repo = '127.0.0.1:5000/' + (New-TestName 'web-snapshot')
        $img = Invoke-ContainerCommit $web -Repository $repo -Tag v1 -Message 'after setup'
        $img | Should -BeOfType ([PSDocker.Image])
        $img.Reference | Should -Be "${repo}:v1"
        $made.Add("${repo}:v1")
        $cli = Get-ImageConfig "${repo}:v1"
        $img.Id | Should -Be $cli.Id
        $cli.Comment | Should -Be 'after setup'
        $cli.Container | Should -Be (Invoke-Docker inspect -f '{{.Id}}' $web)
        # The container's change is in the image.
        Invoke-Docker run --rm "${repo}:v1" cat /state | Should -Be 'set-up'
        # docker commit pauses a running container, and resumes it.
        Invoke-Docker inspect -f '{{.State.Status}}' $web | Should -Be 'running'
    }

    It 'applies -Change instructions and -Author as docker commit --change and -a do' {
        $tag = (New-TestName 'commit-change') + ':2'
        $img = Invoke-ContainerCommit $web -Repository $tag -Author 'Jane <jane@example.com>' -Change 'CMD ["cat","/state"]', 'ENV MODE=prod', 'EXPOSE 8080', 'LABEL psdocker.test=commit', 'WORKDIR /srv', 'USER nobody'
        $made.Add($tag)
        $cli = Get-ImageConfig $tag
        $cli.Author | Should -Be 'Jane <jane@example.com>'
        $cli.Config.Cmd | Should -Be @('cat', '/state')
        $cli.Config.Env | Should -Contain 'MODE=prod'
        $cli.Config.ExposedPorts.PSObject.Properties.Name | Should -Contain '8080/tcp'
        $cli.Config.Labels.'psdocker.test' | Should -Be 'commit'
        $cli.Config.WorkingDir | Should -Be '/srv'
        $cli.Config.User | Should -Be 'nobody'
        $img.Command | Should -Be @('cat', '/state')
        $img.Author | Should -Be 'Jane <jane@example.com>'
        $img.Tag | Should -Be '2'
    }

    It 'matches docker commit for the same container and options' {
        $mine = (New-TestName 'commit-mine') + ':1'
        $theirs = (New-TestName 'commit-cli') + ':1'
        Invoke-ContainerCommit $web $mine -Message m -Change 'ENV A=b' | Out-Null
        Invoke-Docker commit -m m -c 'ENV A=b' $web $theirs | Out-Null
        $made.Add($mine); $made.Add($theirs)
        $a = Get-ImageConfig $mine; $b = Get-ImageConfig $theirs
        $a.Comment | Should -Be $b.Comment
        $a.Config.Env | Should -Be $b.Config.Env
        $a.Config.Cmd | Should -Be $b.Config.Cmd
        ($a.Config | ConvertTo-Json -Depth 5 -Compress) | Should -Be ($b.Config | ConvertTo-Json -Depth 5 -Compress) -Because 'the same container and changes make the same configuration'
        $a.RootFS.Layers.Count | Should -Be $b.RootFS.Layers.Count
    }

    It 'makes an untagged image without -Repository, and tags latest with a repository alone' {
        $img = Invoke-ContainerCommit $web
        $img.Id | Should -Match '^sha256:[0-9a-f]{64}$'
        $made.Add($img.Id)
        (Get-ImageConfig $img.Id).RepoTags | Should -BeNullOrEmpty
        $repo = New-TestName 'commit-latest'
        (Invoke-ContainerCommit $web -Repository $repo).Reference | Should -Be "${repo}:latest"
        $made.Add("${repo}:latest")
    }

    It 'commits without pausing with -Pause $false' {
        $tag = (New-TestName 'commit-nopause') + ':1'
        (Invoke-ContainerCommit $web $tag -Pause $false).Reference | Should -Be $tag
        $made.Add($tag)
        Invoke-Docker inspect -f '{{.State.Status}}' $web | Should -Be 'running'
    }

    It 'takes the container piped by value and by property name' {
        $a = (New-TestName 'commit-pipe') + ':a'
        $b = (New-TestName 'commit-pipe') + ':b'
        ($web | Invoke-ContainerCommit -Repository $a).Reference | Should -Be $a
        (Get-Container $web | Invoke-ContainerCommit -Repository $b).Reference | Should -Be $b
        $made.Add($a); $made.Add($b)
    }

    It 'makes nothing with -WhatIf' {
        $tag = (New-TestName 'commit-whatif') + ':1'
        Invoke-ContainerCommit $web $tag -WhatIf | Should -BeNullOrEmpty
        & docker image inspect $tag *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'refuses a bad -Repository, a digest, a tag given twice and -Tag alone before anything is sent' {
        { Invoke-ContainerCommit $web -Repository 'Bad/Name' } | Should -Throw -ErrorId 'InvalidImageReference,PSDocker.Commands.InvokeContainerCommitCommand'
        { Invoke-ContainerCommit $web -Repository ('app@sha256:' + ('a' * 64)) } | Should -Throw -ErrorId 'InvalidImageReference,PSDocker.Commands.InvokeContainerCommitCommand'
        { Invoke-ContainerCommit $web -Repository 'app:1' -Tag 2 } | Should -Throw -ErrorId 'InvalidImageReference,PSDocker.Commands.InvokeContainerCommitCommand'
        { Invoke-ContainerCommit $web -Repository 'app' -Tag 'bad tag' } | Should -Throw -ErrorId 'InvalidImageReference,PSDocker.Commands.InvokeContainerCommitCommand'
        { Invoke-ContainerCommit $web -Tag v1 } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.InvokeContainerCommitCommand'
        try { Invoke-ContainerCommit $web -Repository 'Bad/Name' } catch { $_.TargetObject | Should -Be 'Bad/Name'; $_.Exception.Message | Should -Match 'Repository' }
    }

    It 'refuses an instruction docker commit does not apply with InvalidArgument naming it' {
        try { Invoke-ContainerCommit $web (New-TestName 'commit-run') -Change 'RUN echo no'; throw 'not refused' }
        catch {
            $_.FullyQualifiedErrorId | Should -Be 'InvalidArgument,PSDocker.Commands.InvokeContainerCommitCommand'
            $_.TargetObject | Should -Be 'RUN echo no'
            $_.Exception.Message | Should -Match 'RUN'
        }
    }

    It 'writes the engine''s error for a change it cannot parse' {
        $tag = (New-TestName 'commit-bad') + ':1'
        Invoke-ContainerCommit $web $tag -Change 'EXPOSE notaport' -ErrorAction SilentlyContinue -ErrorVariable errs | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].TargetObject | Should -Be $web
        & docker image inspect $tag *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'writes ContainerNotFound for a missing container' {
        $missing = New-TestName 'commit-gone'
        Invoke-ContainerCommit $missing -ErrorAction SilentlyContinue -ErrorVariable errs | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.InvokeContainerCommitCommand'
        $errs[0].TargetObject | Should -Be $missing
    }
}
