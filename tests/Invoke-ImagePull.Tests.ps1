# Invoke-ImagePull (docker pull) against the real engine and the loopback registries, cross-checked with the docker CLI.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ImageTransfer.ps1
    $script:Made = [System.Collections.Generic.List[string]]::new()
    $script:Id = 'PSDocker.Commands.InvokeImagePullCommand'
}

AfterAll {
    Remove-TestImage $Made
}

Describe 'Invoke-ImagePull' {
    It 'pulls what docker pushed and returns the Image docker inspect describes' {
        $ref = New-RegistryTag 'pull'
        $Made.Add($ref)
        & docker images -q $ref | Should -BeNullOrEmpty

        $image = Invoke-ImagePull $ref

        $image | Should -BeOfType ([PSDocker.Image])
        $image.Reference | Should -Be $ref
        $image.IsInspected | Should -BeTrue
        $image.Id | Should -Be (Invoke-Docker inspect --format '{{.Id}}' $ref)
        $image.RepoDigests | Should -Contain (Invoke-Docker inspect --format '{{index .RepoDigests 0}}' $ref)
    }

    It 'takes references from the pipeline, by value and by property name, and pulls by digest' {
        $ref = New-RegistryTag 'pipe'
        $Made.Add($ref)
        $byValue = $ref | Invoke-ImagePull
        $byValue.Reference | Should -Be $ref
        $digest = ($byValue.RepoDigests | Select-Object -First 1)
        $digest | Should -Match '@sha256:[0-9a-f]{64}$'

        $byName = [pscustomobject]@{ Reference = $digest } | Invoke-ImagePull
        $byName.Id | Should -Be $byValue.Id
    }

    It 'writes a progress record per layer, with bytes, under one parent that is completed at the end' {
        $ref = "$Registry/" + (New-TestName 'layers') + ':1.0'
        $Made.Add($ref)
        New-LayeredImage $ref -LayerMB 2 -Layers 2
        Invoke-Docker push $ref | Out-Null
        $layers = @((Invoke-Docker inspect --format '{{json .RootFS.Layers}}' $ref) | ConvertFrom-Json)
        $layers.Count | Should -BeGreaterOrEqual 3
        Invoke-Docker rmi $ref | Out-Null

        $run = Invoke-Captured { param($r) Invoke-ImagePull $r } $ref

        $run.Errors | Should -BeNullOrEmpty
        $run.Output[0].Reference | Should -Be $ref
        $parentId = ($run.Progress | Where-Object ParentActivityId -EQ -1 | Select-Object -First 1).ActivityId
        $parents = @($run.Progress | Where-Object ActivityId -EQ $parentId)
        $parents[0].Activity | Should -Be "Pulling $ref"
        $parents[-1].RecordType | Should -Be 'Completed'
        $children = @($run.Progress | Where-Object ParentActivityId -EQ $parentId)
        $perLayer = $children | Group-Object Activity
        $perLayer.Count | Should -Be $layers.Count
        foreach ($layer in $perLayer) {
            $layer.Group[-1].RecordType | Should -Be 'Completed'
            $layer.Group[-1].StatusDescription | Should -BeIn @('Pull complete', 'Already exists')
        }
        # The two new layers were downloaded, with bytes done of the total.
        @($children | Where-Object StatusDescription -Match '^Downloading \S+ / \S+$').Count | Should -BeGreaterThan 0
        @($children | Where-Object { $_.StatusDescription -eq 'Pull complete' }).Count | Should -BeGreaterOrEqual 2
        # Status lines without a layer go to verbose.
        $run.Verbose | Should -Contain "Status: Downloaded newer image for $ref"
    }

    It 'gives ImageNotFound for a tag the registry does not have' {
        $ref = "$Registry/psdocker/busybox:$($TestPrefix)no-such-tag"
        $err = { Invoke-ImagePull $ref -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "ImageNotFound,$Id"
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.TargetObject | Should -Be $ref
        $err.Exception.Message | Should -BeLike '*manifest unknown*'
    }

    It 'writes the error for one reference and goes on with the next' {
        $ref = New-RegistryTag 'next'
        $Made.Add($ref)
        $images = Invoke-ImagePull "$Registry/$($TestPrefix)nothing-here:1", $ref -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "ImageNotFound,$Id"
        $images.Reference | Should -Be $ref
    }

    It 'gives ImagePullFailed (ConnectionError) for a registry that is not there' {
        $port = Get-ClosedPort
        $err = { Invoke-ImagePull "127.0.0.1:$port/$($TestPrefix)app:1" -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "ImagePullFailed,$Id"
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -BeLike '*connection refused*'
    }

    It 'refuses a malformed reference with InvalidImageReference before any request' {
        $err = { Invoke-ImagePull 'Bad Reference!' -HostAddress 'tcp://127.0.0.1:1' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "InvalidImageReference,$Id"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike '*-Reference*Bad Reference!*'
    }

    It 'refuses a tag with -AllTags before any request' {
        $err = { Invoke-ImagePull "$Registry/app:1.0" -AllTags -HostAddress 'tcp://127.0.0.1:1' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "InvalidImageReference,$Id"
    }

    It '-AllTags pulls every tag of the repository and returns one Image per tag' {
        $repo = "$Registry/" + (New-TestName 'all')
        foreach ($tag in 'a', 'b') {
            Invoke-Docker tag $TestImage "${repo}:$tag" | Out-Null
            Invoke-Docker push "${repo}:$tag" | Out-Null
            Invoke-Docker rmi "${repo}:$tag" | Out-Null
            $Made.Add("${repo}:$tag")
        }

        $images = Invoke-ImagePull $repo -AllTags

        $images.Reference | Should -Be @("${repo}:a", "${repo}:b")
        (Invoke-Docker images --format '{{.Tag}}' $repo | Sort-Object) | Should -Be @('a', 'b')
    }

    It 'stops at once at Ctrl+C, mid-download, and leaves no image behind' {
        $ref = "$Registry/" + (New-TestName 'stop') + ':1.0'
        $Made.Add($ref)
        New-LayeredImage $ref -LayerMB 40 -Layers 3
        Invoke-Docker push $ref | Out-Null
        Invoke-Docker rmi $ref | Out-Null

        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; `$ProgressPreference = 'Continue'; Invoke-ImagePull '$ref'")
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not ($ps.Streams.Progress | Where-Object StatusDescription -Like 'Downloading*') -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 5
            }
            $async.IsCompleted | Should -BeFalse -Because 'the pull is stopped while it downloads'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
        # The engine ends the pull with the request: nothing half-made is tagged.
        Start-Sleep -Milliseconds 500
        & docker images -q $ref | Should -BeNullOrEmpty
    }

    It '-WhatIf pulls nothing' {
        $ref = New-RegistryTag 'whatif'
        $Made.Add($ref)
        Invoke-ImagePull $ref -WhatIf | Should -BeNullOrEmpty
        & docker images -q $ref | Should -BeNullOrEmpty
    }

    It 'Start-Container -Image pulls a missing image through the same pull, with its progress' {
        # An image with layers of its own, so the engine has something to download.
        $ref = "$Registry/" + (New-TestName 'run') + ':1.0'
        $Made.Add($ref)
        New-LayeredImage $ref -Layers 1
        Invoke-Docker push $ref | Out-Null
        Invoke-Docker rmi $ref | Out-Null
        $name = New-TestName 'run'
        try {
            $run = Invoke-Captured { param($r, $n) Start-Container -Image $r -Name $n -Command echo, pulled } $ref, $name
            $run.Errors | Should -BeNullOrEmpty
            $run.Output | Should -Be 'pulled'
            $run.Progress.Activity | Should -Contain "Pulling $ref"
            ($run.Progress | Where-Object Activity -EQ "Pulling $ref")[-1].RecordType | Should -Be 'Completed'
            $run.Progress.StatusDescription | Should -Contain 'Pull complete'
        }
        finally { Remove-TestContainer $name }
    }

    It 'Start-Container -Image gives ImageNotFound for an image the registry does not have' {
        $name = New-TestName 'nopull'
        $err = { Start-Container -Image "$Registry/$($TestPrefix)nothing-here:1" -Name $name -Detach } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ImageNotFound,PSDocker.Commands.StartContainerCommand'
        & docker ps -aq --filter "name=^$name`$" | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-ImagePull from a registry that requires a login' {
    BeforeAll {
        $script:AuthReady = Test-AuthRegistry
        if ($AuthReady) {
            # A tag of this run's own in the login registry, pushed with docker under a config of its own.
            $script:AuthConfigDir = Join-Path ([System.IO.Path]::GetTempPath()) (New-TestName 'cfg')
            New-Item -ItemType Directory $AuthConfigDir | Out-Null
            $script:AuthRef = "$AuthRegistry/" + (New-TestName 'auth') + ':1.0'
            $AuthPassword | & docker --config $AuthConfigDir login -u $AuthUser --password-stdin $AuthRegistry *> $null
            Invoke-Docker tag $TestImage $AuthRef | Out-Null
            Invoke-Docker --config $AuthConfigDir push $AuthRef | Out-Null
            Invoke-Docker rmi $AuthRef | Out-Null
            $Made.Add($AuthRef)
        }
        # No stored credentials for the anonymous case: an empty docker config.
        $script:SavedDockerConfig = $env:DOCKER_CONFIG
        $script:EmptyConfig = Join-Path ([System.IO.Path]::GetTempPath()) (New-TestName 'empty')
        New-Item -ItemType Directory $EmptyConfig | Out-Null
    }

    AfterAll {
        $env:DOCKER_CONFIG = $SavedDockerConfig
        if ($AuthConfigDir) { Remove-Item -Recurse -Force $AuthConfigDir -ErrorAction Ignore }
        Remove-Item -Recurse -Force $EmptyConfig -ErrorAction Ignore
    }

    It 'gives RegistryAuthenticationFailed without credentials and with a wrong password, and pulls with the right one' {
        if (-not $AuthReady) { Set-ItResult -Skipped -Because "no login registry answers 401 on $AuthRegistry (tools/lab.sh up starts it)"; return }
        $env:DOCKER_CONFIG = $EmptyConfig
        try {
            $anonymous = { Invoke-ImagePull $AuthRef -ErrorAction Stop } | Should -Throw -PassThru
            $anonymous.FullyQualifiedErrorId | Should -Be "RegistryAuthenticationFailed,$Id"
            $anonymous.CategoryInfo.Category | Should -Be 'PermissionDenied'

            $wrong = [pscredential]::new($AuthUser, (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
            $err = { Invoke-ImagePull $AuthRef -Credential $wrong -ErrorAction Stop } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -Be "RegistryAuthenticationFailed,$Id"
            ($err | Out-String) | Should -Not -BeLike '*not-the-password*'

            $right = [pscredential]::new($AuthUser, (ConvertTo-SecureString $AuthPassword -AsPlainText -Force))
            $image = Invoke-ImagePull $AuthRef -Credential $right
            $image.Reference | Should -Be $AuthRef
            $image.Id | Should -Be (Invoke-Docker inspect --format '{{.Id}}' $AuthRef)
        }
        finally { $env:DOCKER_CONFIG = $SavedDockerConfig }
    }
}
