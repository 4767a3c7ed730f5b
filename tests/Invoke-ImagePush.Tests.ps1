# Invoke-ImagePush (docker push) against the real engine and the loopback registries, cross-checked with the docker CLI.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ImageTransfer.ps1
    $script:Made = [System.Collections.Generic.List[string]]::new()
    $script:Id = 'PSDocker.Commands.InvokeImagePushCommand'

    function script:New-LocalTag([string] $Suffix) {
        $ref = "$Registry/" + (New-TestName $Suffix) + ':1.0'
        Invoke-Docker tag $TestImage $ref | Out-Null
        $Made.Add($ref)
        $ref
    }

    function script:Test-RegistryTag([string] $Reference) {
        # Whether the loopback registry has REPOSITORY:TAG (GET /v2/NAME/manifests/TAG).
        $name, $tag = ($Reference -replace "^$([regex]::Escape($Registry))/", '') -split ':', 2
        $r = Invoke-WebRequest "http://$Registry/v2/$name/manifests/$tag" -SkipHttpErrorCheck -TimeoutSec 5 `
            -Headers @{ Accept = 'application/vnd.docker.distribution.manifest.v2+json' }
        $r.StatusCode -eq 200
    }
}

AfterAll {
    Remove-TestImage $Made
}

Describe 'Invoke-ImagePush' {
    It 'pushes a tag docker then pulls, and returns its digest as docker inspect gives it' {
        $ref = New-LocalTag 'push'

        $pushed = Invoke-ImagePush $ref

        $pushed | Should -BeOfType ([PSDocker.ImagePushResult])
        $pushed.Reference | Should -Be $ref
        $pushed.Tag | Should -Be '1.0'
        $pushed.Digest | Should -Match '^sha256:[0-9a-f]{64}$'
        $pushed.Size | Should -BeGreaterThan 0
        $pushed.ImageId | Should -Be (Invoke-Docker inspect --format '{{.Id}}' $ref)
        # The local image now carries the pushed digest among its RepoDigests (it also has the test image's own).
        (Invoke-Docker inspect --format '{{json .RepoDigests}}' $ref | ConvertFrom-Json) | Should -Contain $pushed.RepoDigest

        Invoke-Docker rmi $ref | Out-Null
        Invoke-Docker pull $ref | Out-Null
        Invoke-Docker inspect --format '{{.Id}}' $ref | Should -Be $pushed.ImageId
        (Invoke-Docker inspect --format '{{json .RepoDigests}}' $ref | ConvertFrom-Json) | Should -Contain $pushed.RepoDigest
    }

    It 'takes piped Image objects by their Reference' {
        $ref = New-LocalTag 'pipe'
        $image = [pscustomobject]@{ Reference = $ref }
        $pushed = $image | Invoke-ImagePush
        $pushed.Reference | Should -Be $ref
        Test-RegistryTag $ref | Should -BeTrue
    }

    It 'writes a progress record per layer under one parent that is completed at the end' {
        $ref = "$Registry/" + (New-TestName 'layers') + ':1.0'
        $Made.Add($ref)
        New-LayeredImage $ref -LayerMB 2 -Layers 2
        $layers = @((Invoke-Docker inspect --format '{{json .RootFS.Layers}}' $ref) | ConvertFrom-Json)

        $run = Invoke-Captured { param($r) Invoke-ImagePush $r } $ref

        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].Reference | Should -Be $ref
        $parentId = ($run.Progress | Where-Object ParentActivityId -EQ -1 | Select-Object -First 1).ActivityId
        $parents = @($run.Progress | Where-Object ActivityId -EQ $parentId)
        $parents[0].Activity | Should -Be "Pushing $ref"
        $parents[-1].RecordType | Should -Be 'Completed'
        $perLayer = @($run.Progress | Where-Object ParentActivityId -EQ $parentId) | Group-Object Activity
        $perLayer.Count | Should -Be $layers.Count
        foreach ($layer in $perLayer) {
            $layer.Group[-1].RecordType | Should -Be 'Completed'
            $layer.Group[-1].StatusDescription | Should -Match '^(Pushed|Layer already exists|Mounted from .+)$'
        }
        @($run.Progress | Where-Object StatusDescription -EQ 'Pushed').Count | Should -BeGreaterOrEqual 2
        $run.Verbose | Should -Contain "The push refers to repository [$($ref -replace ':1.0$', '')]"
    }

    It 'gives ImageNotFound for a tag the engine does not have, before anything is sent' {
        $ref = "$Registry/" + (New-TestName 'missing') + ':1.0'
        $err = { Invoke-ImagePush $ref -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "ImageNotFound,$Id"
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.TargetObject | Should -Be $ref
        Test-RegistryTag $ref | Should -BeFalse
    }

    It 'gives ImagePushFailed (ConnectionError) for a registry that is not there' {
        $port = Get-ClosedPort
        $ref = "127.0.0.1:$port/" + (New-TestName 'closed') + ':1.0'
        Invoke-Docker tag $TestImage $ref | Out-Null
        $Made.Add($ref)
        $err = { Invoke-ImagePush $ref -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "ImagePushFailed,$Id"
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -BeLike '*connection refused*'
    }

    It 'refuses a malformed reference and a digest with InvalidImageReference before any request' {
        $err = { Invoke-ImagePush 'Bad Reference!' -HostAddress 'tcp://127.0.0.1:1' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "InvalidImageReference,$Id"
        $digest = 'sha256:' + ('a' * 64)
        $err = { Invoke-ImagePush "$Registry/app@$digest" -HostAddress 'tcp://127.0.0.1:1' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "InvalidImageReference,$Id"
    }

    It '-AllTags pushes every local tag of the repository, one result per tag' {
        $repo = "$Registry/" + (New-TestName 'all')
        foreach ($tag in 'a', 'b') {
            Invoke-Docker tag $TestImage "${repo}:$tag" | Out-Null
            $Made.Add("${repo}:$tag")
        }

        $pushed = Invoke-ImagePush $repo -AllTags

        @($pushed).Count | Should -Be 2
        ($pushed.Tag | Sort-Object) | Should -Be @('a', 'b')
        Test-RegistryTag "${repo}:a" | Should -BeTrue
        Test-RegistryTag "${repo}:b" | Should -BeTrue
    }

    It '-WhatIf pushes nothing' {
        $ref = New-LocalTag 'whatif'
        Invoke-ImagePush $ref -WhatIf | Should -BeNullOrEmpty
        Test-RegistryTag $ref | Should -BeFalse
    }

    It 'round trip: pushed by Invoke-ImagePush, pulled back by Invoke-ImagePull with the same digest' {
        $ref = New-LocalTag 'trip'
        $pushed = Invoke-ImagePush $ref
        Invoke-Docker rmi $ref | Out-Null
        $Made.Add($pushed.RepoDigest)     # a pull by digest leaves this reference behind
        $image = Invoke-ImagePull $pushed.RepoDigest
        $image.Id | Should -Be $pushed.ImageId
        $image.RepoDigests | Should -Contain $pushed.RepoDigest
    }
}

Describe 'Invoke-ImagePush to a registry that requires a login' {
    BeforeAll {
        $script:AuthReady = Test-AuthRegistry
        $script:SavedDockerConfig = $env:DOCKER_CONFIG
        $script:EmptyConfig = Join-Path ([System.IO.Path]::GetTempPath()) (New-TestName 'empty')
        New-Item -ItemType Directory $EmptyConfig | Out-Null
    }

    AfterAll {
        $env:DOCKER_CONFIG = $SavedDockerConfig
        Remove-Item -Recurse -Force $EmptyConfig -ErrorAction Ignore
    }

    It 'gives RegistryAuthenticationFailed with a wrong password and pushes with the right one' {
        if (-not $AuthReady) { Set-ItResult -Skipped -Because "no login registry answers 401 on $AuthRegistry (tools/lab.sh up starts it)"; return }
        $ref = "$AuthRegistry/" + (New-TestName 'auth') + ':1.0'
        Invoke-Docker tag $TestImage $ref | Out-Null
        $Made.Add($ref)
        $env:DOCKER_CONFIG = $EmptyConfig
        try {
            $wrong = [pscredential]::new($AuthUser, (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
            $err = { Invoke-ImagePush $ref -Credential $wrong -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be "RegistryAuthenticationFailed,$Id"
            ($err | Out-String) | Should -Not -BeLike '*not-the-password*'

            $right = [pscredential]::new($AuthUser, (ConvertTo-SecureString $AuthPassword -AsPlainText -Force))
            $pushed = Invoke-ImagePush $ref -Credential $right
            $pushed.Digest | Should -Match '^sha256:'
        }
        finally { $env:DOCKER_CONFIG = $SavedDockerConfig }
    }
}
