# Export-Container (docker export) against the real engine, cross-checked with docker export and tar -tf.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:box = New-TestName 'exp'
    $script:other = New-TestName 'exp-other'
    Invoke-Docker run --name $box $TestImage sh -c 'echo psdocker > /made-here; rm /bin/ls' | Out-Null
    Invoke-Docker create --name $other $TestImage true | Out-Null
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) (New-TestName 'expdir')
    $null = New-Item -ItemType Directory -Path $dir

    function script:Get-TarEntry([string] $Path) {
        # The archive's entries as tar lists them, sorted.
        $entries = & tar -tf $Path
        if ($LASTEXITCODE -ne 0) { throw "tar -tf $Path failed" }
        $entries | Sort-Object
    }
}

AfterAll {
    Remove-TestContainer $box, $other
    if ($dir) { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Export-Container' {
    It 'writes the archive docker export writes: the same entries, with the container''s changes' {
        $mine = Join-Path $dir 'mine.tar'
        $cli = Join-Path $dir 'cli.tar'
        Export-Container $box -Path $mine | Should -BeNullOrEmpty
        Invoke-Docker export -o $cli $box | Out-Null
        $entries = @(Get-TarEntry $mine)
        $entries | Should -Be @(Get-TarEntry $cli)
        $entries | Should -Contain 'made-here'
        $entries | Should -Not -Contain 'bin/ls'
        (& tar -xOf $mine made-here) | Should -Be 'psdocker'
        (Get-Item $mine).Length | Should -Be (Get-Item $cli).Length
        @(Get-ChildItem $dir -Force -Filter '*.partial') | Should -HaveCount 0
    }

    It 'takes a path relative to the current location, and returns the file with -PassThru' {
        Push-Location $dir
        try {
            $file = Export-Container $box -Path 'rel.tar' -PassThru
            $file | Should -BeOfType ([System.IO.FileInfo])
            $file.FullName | Should -Be (Join-Path $dir 'rel.tar')
            @(Get-TarEntry $file.FullName) | Should -Contain 'made-here'
        }
        finally { Pop-Location }
    }

    It 'takes the container piped by value and by property name' {
        $a = Join-Path $dir 'piped-a.tar'
        $b = Join-Path $dir 'piped-b.tar'
        $box | Export-Container -Path $a
        Get-Container $box | Export-Container -Path $b
        @(Get-TarEntry $a) | Should -Be @(Get-TarEntry $b)
    }

    It 'replaces an existing file, and keeps it with -NoClobber (FileExists) before anything is sent' {
        $file = Join-Path $dir 'existing.tar'
        Set-Content -Path $file -Value 'old'
        { Export-Container $box -Path $file -NoClobber } | Should -Throw -ErrorId 'FileExists,PSDocker.Commands.ExportContainerCommand'
        Get-Content $file | Should -Be 'old'
        Export-Container $box -Path $file
        @(Get-TarEntry $file) | Should -Contain 'made-here'
    }

    It 'refuses a folder (PathIsDirectory) and a missing folder (DirectoryNotFound)' {
        { Export-Container $box -Path $dir } | Should -Throw -ErrorId 'PathIsDirectory,PSDocker.Commands.ExportContainerCommand'
        { Export-Container $box -Path (Join-Path $dir 'none/x.tar') } | Should -Throw -ErrorId 'DirectoryNotFound,PSDocker.Commands.ExportContainerCommand'
        Test-Path (Join-Path $dir 'none') | Should -BeFalse
    }

    It 'refuses a second container with SeveralContainers' {
        $file = Join-Path $dir 'two.tar'
        { Export-Container $box, $other -Path $file } | Should -Throw -ErrorId 'SeveralContainers,PSDocker.Commands.ExportContainerCommand'
        Test-Path $file | Should -BeFalse
    }

    It 'writes ContainerNotFound for a missing container and leaves no file' {
        $file = Join-Path $dir 'missing.tar'
        $missing = New-TestName 'exp-gone'
        Export-Container $missing -Path $file -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.ExportContainerCommand'
        $errs[0].TargetObject | Should -Be $missing
        Test-Path $file | Should -BeFalse
        @(Get-ChildItem $dir -Force -Filter '*.partial') | Should -HaveCount 0
    }

    It 'writes nothing with -WhatIf' {
        $file = Join-Path $dir 'whatif.tar'
        Export-Container $box -Path $file -WhatIf
        Test-Path $file | Should -BeFalse
    }

    It 'stops at once on Ctrl+C (the pipeline stopping) and leaves no partial file' {
        # A bigger container, so the export is still streaming when the pipeline is stopped.
        $big = New-TestName 'exp-big'
        try {
            Invoke-Docker run --name $big $TestImage sh -c 'dd if=/dev/urandom of=/big bs=1048576 count=48 2>/dev/null' | Out-Null
            $file = Join-Path $dir 'stopped.tar'
            $ps = [powershell]::Create()
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Export-Container '$big' -Path '$file'")
            $async = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            $seen = $false
            while (-not $seen -and -not $async.IsCompleted -and [datetime]::UtcNow -lt $deadline) {
                $seen = [bool]@(Get-ChildItem $dir -Force -Filter '.stopped.tar.*.partial')
                if (-not $seen) { Start-Sleep -Milliseconds 10 }
            }
            $ps.Stop()
            $seen | Should -BeTrue -Because 'the export was stopped while it was writing'
            $ps.Dispose()
            Test-Path $file | Should -BeFalse -Because 'the archive was not complete'
            @(Get-ChildItem $dir -Force -Filter '*.partial') | Should -HaveCount 0
        }
        finally { Remove-TestContainer $big }
    }
}
