# Export-Image (docker save) and Import-Image (docker load) against the real engine: round trips both ways with the
# docker CLI, one archive for all piped images, progress, Ctrl+C, and the errors.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ImageTest.ps1
    Remove-TestImage
    $script:one = New-TestImage 'save-one'
    $script:two = New-TestImage 'save-two'
    $script:oneId = Get-ImageId $one
    $script:twoId = Get-ImageId $two
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) (New-TestName 'saveload')
    $null = New-Item -ItemType Directory -Path $dir

    function script:Get-ArchiveTags([string] $Path) {
        # The RepoTags of every image in a docker save archive (its manifest.json).
        $json = & tar -xOf $Path manifest.json
        @(($json | ConvertFrom-Json) | ForEach-Object { $_.RepoTags } | Where-Object { $_ })
    }

    function script:Restore-TestImages {
        # Puts the two test images back (a test may have removed them), from the docker CLI's own archive.
        foreach ($t in $one, $two) { & docker image inspect $t *> $null; if ($LASTEXITCODE -ne 0) { Invoke-Docker load -i (Join-Path $dir 'both-cli.tar') | Out-Null } }
    }

    Invoke-Docker save -o (Join-Path $dir 'both-cli.tar') $one $two | Out-Null
}

AfterAll {
    Remove-TestImage
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Export-Image and Import-Image' {
    AfterEach { Restore-TestImages }

    It 'round-trips: Export-Image, docker rmi, Import-Image gives back the same images' {
        $tar = Join-Path $dir 'rt.tar'
        Export-Image $one, $two -Path $tar | Should -BeNullOrEmpty
        Get-ArchiveTags $tar | Sort-Object | Should -Be (@($one, $two) | Sort-Object)
        Invoke-Docker rmi $one $two | Out-Null

        $loaded = @(Import-Image $tar)
        $loaded | Should -HaveCount 2
        $loaded[0] | Should -BeOfType ([PSDocker.Image])
        ($loaded.Reference | Sort-Object) | Should -Be (@($one, $two) | Sort-Object)
        ($loaded | Where-Object Reference -EQ $one).Id | Should -Be $oneId
        ($loaded | Where-Object Reference -EQ $two).Id | Should -Be $twoId
        $loaded.IsInspected | Should -Not -Contain $false
        Get-ImageId $one | Should -Be $oneId
        Get-ImageId $two | Should -Be $twoId
    }

    It 'loads what docker save wrote, and docker load reads what Export-Image wrote' {
        Invoke-Docker rmi $one $two | Out-Null
        $loaded = @(Import-Image (Join-Path $dir 'both-cli.tar'))
        ($loaded.Id | Sort-Object) | Should -Be (@($oneId, $twoId) | Sort-Object)

        $tar = Join-Path $dir 'for-cli.tar'
        Export-Image $two -Path $tar
        Invoke-Docker rmi $two | Out-Null
        (Invoke-Docker load -i $tar) -join "`n" | Should -Match ([regex]::Escape("Loaded image: $two"))
        Get-ImageId $two | Should -Be $twoId
    }

    It 'saves all piped images in ONE archive, written when the input ends' {
        $tar = Join-Path $dir 'piped.tar'
        $rows = @(Add-ImageTag $one -Tag "$($one -replace ':1$', ':2')" -PassThru) + @(Add-ImageTag $two -Tag "$($two -replace ':1$', ':2')" -PassThru)
        $rows | Export-Image -Path $tar
        Get-ArchiveTags $tar | Sort-Object | Should -Be (@($rows.Reference) | Sort-Object)
        # By value too, and by Id: an untagged image in the archive comes back by its id.
        $one, $twoId | Export-Image -Path $tar
        Get-ArchiveTags $tar | Should -Be @($one)
    }

    It 'loads an image saved by id (untagged) and returns it by its id' {
        $tar = Join-Path $dir 'byid.tar'
        Export-Image $twoId -Path $tar
        Invoke-Docker rmi -f $twoId | Out-Null                          # every tag of it, so it comes back untagged
        $loaded = @(Import-Image $tar)
        $loaded | Should -HaveCount 1
        $loaded[0].Id | Should -Be $twoId
        $loaded[0].Reference | Should -Be $twoId
        (Invoke-Docker image inspect -f '{{.Id}}' $twoId).Trim() | Should -Be $twoId
        Invoke-Docker tag $twoId $two | Out-Null
    }

    It 'resolves -Path against the PowerShell location, replaces a file, and keeps it with -NoClobber' {
        Push-Location $dir
        try {
            [IO.Directory]::SetCurrentDirectory('/')
            Set-Content -Path (Join-Path $dir 'here.tar') -Value 'old'
            $file = Export-Image $one -Path ./here.tar -PassThru
            $file | Should -BeOfType ([IO.FileInfo])
            $file.FullName | Should -Be (Join-Path $dir 'here.tar')
            Get-ArchiveTags (Join-Path $dir 'here.tar') | Should -Be @($one)
            { Export-Image $two -Path ./here.tar -NoClobber } | Should -Throw -ErrorId 'FileExists,PSDocker.Commands.ExportImageCommand'
            Get-ArchiveTags (Join-Path $dir 'here.tar') | Should -Be @($one)
            @(Import-Image ./here.tar).Reference | Should -Be @($one)
        }
        finally { Pop-Location }
    }

    It 'writes ImageNotFound for a missing image and saves the others' {
        $tar = Join-Path $dir 'partly.tar'
        $missing = (New-TestName 'gone') + ':1'
        Export-Image $missing, $one -Path $tar -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,PSDocker.Commands.ExportImageCommand'
        $errs[0].TargetObject | Should -Be $missing
        Get-ArchiveTags $tar | Should -Be @($one)
    }

    It 'refuses a malformed reference or a missing folder before anything is sent, and writes nothing with -WhatIf' {
        { Export-Image 'Bad//Name' -Path (Join-Path $dir 'x.tar') } | Should -Throw -ErrorId 'InvalidImageReference,PSDocker.Commands.ExportImageCommand'
        { Export-Image $one -Path (Join-Path $dir 'no/such/dir.tar') } | Should -Throw -ErrorId 'DirectoryNotFound,PSDocker.Commands.ExportImageCommand'
        Export-Image $one -Path (Join-Path $dir 'whatif.tar') -WhatIf
        Join-Path $dir 'whatif.tar' | Should -Not -Exist
        Join-Path $dir 'x.tar' | Should -Not -Exist
    }

    It 'turns an archive the engine cannot read into ImageLoadFailed, and a missing file into ImageArchiveNotFound' {
        $bad = Join-Path $dir 'bad.tar'
        Set-Content -Path $bad -Value 'not a tar archive'
        $cli = (& docker load -i $bad 2>&1) -join "`n"
        $cli | Should -Not -BeNullOrEmpty
        Import-Image $bad -ErrorAction SilentlyContinue -ErrorVariable errs | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ImageLoadFailed,PSDocker.Commands.ImportImageCommand'
        $errs[0].TargetObject | Should -Be $bad
        "$($errs[0])" | Should -BeLike '*Error processing tar file*'

        $gone = Join-Path $dir 'gone.tar'
        Import-Image $gone, (Join-Path $dir 'both-cli.tar') -ErrorAction SilentlyContinue -ErrorVariable errs2 | Should -HaveCount 2
        $errs2 | Should -HaveCount 1
        $errs2[0].FullyQualifiedErrorId | Should -Be 'ImageArchiveNotFound,PSDocker.Commands.ImportImageCommand'
    }

    It 'loads piped files (Get-ChildItem) and loads nothing with -WhatIf' {
        Invoke-Docker rmi $one $two | Out-Null
        Get-ChildItem (Join-Path $dir 'both-cli.tar') | Import-Image -WhatIf
        & docker image inspect $one *> $null
        $LASTEXITCODE | Should -Not -Be 0
        @(Get-ChildItem (Join-Path $dir 'both-cli.tar') | Import-Image).Count | Should -Be 2
    }
}

Describe 'Export-Image and Import-Image with a large image' {
    BeforeAll {
        $script:big = New-TestImage 'save-big' -SizeMB 96
        $script:bigId = Get-ImageId $big
        $script:bigTar = Join-Path $dir 'big.tar'

        function script:Invoke-Captured([scriptblock] $Script) {
            # Runs $Script in a runspace of its own and returns its progress records (the host shows none here).
            $ps = [powershell]::Create()
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; `$ProgressPreference = 'Continue'").AddStatement().AddScript($Script)
            $out = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse -Because ($ps.Streams.Error | Out-String)
            [pscustomobject]@{ Output = $out; Progress = @($ps.Streams.Progress) }
            $ps.Dispose()
        }
    }

    It 'streams the save with progress in bytes written, and the load with bytes sent of the total, never holding the archive in memory' {
        $process = [Diagnostics.Process]::GetCurrentProcess()
        [GC]::Collect(); $process.Refresh(); $before = $process.PrivateMemorySize64
        $save = Invoke-Captured ([scriptblock]::Create("Export-Image '$big' -Path '$bigTar'"))
        $process.Refresh(); ($process.PrivateMemorySize64 - $before) | Should -BeLessThan 48MB
        (Get-Item $bigTar).Length | Should -BeGreaterThan 96MB
        $save.Progress | Where-Object RecordType -EQ 'Completed' | Should -Not -BeNullOrEmpty
        $save.Progress | Where-Object StatusDescription -Match 'MB written' | Should -Not -BeNullOrEmpty

        Invoke-Docker rmi $big | Out-Null
        [GC]::Collect(); $process.Refresh(); $before = $process.PrivateMemorySize64
        $load = Invoke-Captured ([scriptblock]::Create("Import-Image '$bigTar'"))
        $process.Refresh(); ($process.PrivateMemorySize64 - $before) | Should -BeLessThan 48MB
        $load.Output.Id | Should -Be $bigId
        $load.Progress | Where-Object RecordType -EQ 'Completed' | Should -Not -BeNullOrEmpty
        $sent = @($load.Progress | Where-Object StatusDescription -Match ' of .* sent$')
        $sent | Should -Not -BeNullOrEmpty
        $sent.PercentComplete | ForEach-Object { $_ | Should -BeGreaterOrEqual 0; $_ | Should -BeLessOrEqual 100 }
    }

    It 'leaves no partial file on Ctrl+C, and keeps the file it would have replaced' {
        $target = Join-Path $dir 'stopped.tar'
        Set-Content -Path $target -Value 'keep me'
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Export-Image '$big' -Path '$target'")
        $async = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (-not ($partial = Get-ChildItem $dir -Force -Filter '.stopped.tar.*.partial') -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 5 }
        $partial | Should -Not -BeNullOrEmpty -Because 'the save was caught while it wrote'
        $ps.Stop()
        $async.IsCompleted | Should -BeTrue
        $ps.Dispose()
        Get-ChildItem $dir -Force -Filter '.stopped.tar.*' | Should -BeNullOrEmpty
        Get-Content $target | Should -Be 'keep me'
    }
}
