# Copy-ContainerItem against the real engine, cross-checked with docker cp: a tree with modes, a link, an empty
# folder and a 200 MB file round-trips byte-identical both ways (copied with ours, read back with docker cp, and
# the reverse), and docker cp's path rules (trailing '/', '/.', existing and missing destinations) give the same
# outcome and the same tree as docker cp, case by case, into fresh destinations.
BeforeDiscovery {
    # Each rule: source and destination, relative to the fixture and to a fresh base folder holding an existing
    # folder (exdir) and an existing file (exfile).
    $rules = @(
        @{ Source = 'src.txt'; Destination = 'exdir' }
        @{ Source = 'src.txt'; Destination = 'exdir/' }
        @{ Source = 'src.txt'; Destination = 'exfile' }
        @{ Source = 'src.txt'; Destination = 'exfile/' }
        @{ Source = 'src.txt'; Destination = 'missing' }
        @{ Source = 'src.txt'; Destination = 'missing/' }
        @{ Source = 'src.txt'; Destination = 'nodir/missing' }
        @{ Source = 'src.txt/'; Destination = 'exdir' }
        @{ Source = 'srcdir'; Destination = 'exdir' }
        @{ Source = 'srcdir'; Destination = 'exdir/' }
        @{ Source = 'srcdir'; Destination = 'exfile' }
        @{ Source = 'srcdir'; Destination = 'missing' }
        @{ Source = 'srcdir'; Destination = 'missing/' }
        @{ Source = 'srcdir/'; Destination = 'exdir' }
        @{ Source = 'srcdir/.'; Destination = 'exdir' }
        @{ Source = 'srcdir/.'; Destination = 'missing' }
        @{ Source = 'srcdir/.'; Destination = 'exfile' }
        @{ Source = 'nothing'; Destination = 'exdir' }
    )
    $i = 0
    foreach ($r in $rules) { $r.Case = 'r' + ($i++) }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:box = New-TestName 'cp'
    Invoke-Docker run -d --name $box $TestImage sleep 900 | Out-Null

    function Get-LocalTree([string] $Root) {
        # name|type|size|mode for every entry under Root, a link's target, a file's sha256 and mtime (seconds).
        $script = 'cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while read -r p; do ' +
            'if [ -L "$p" ]; then echo "$p|link|$(readlink "$p")"; ' +
            'elif [ -d "$p" ]; then echo "$p|dir|$(stat -c %a "$p")"; ' +
            'else echo "$p|file|$(stat -c %s "$p")|$(stat -c %a "$p")|$(stat -c %Y "$p")|$(sha256sum "$p" | cut -c1-64)"; fi; done'
        @(& sh -c $script sh $Root)
    }

    function Get-BoxTree([string] $Root) {
        # The same listing made inside the container (busybox find, stat, sha256sum).
        $script = 'cd "$1" && find . -mindepth 1 | LC_ALL=C sort | while read -r p; do ' +
            'if [ -L "$p" ]; then echo "$p|link|$(readlink "$p")"; ' +
            'elif [ -d "$p" ]; then echo "$p|dir|$(stat -c %a "$p")"; ' +
            'else echo "$p|file|$(stat -c %s "$p")|$(stat -c %a "$p")|$(stat -c %Y "$p")|$(sha256sum "$p" | cut -c1-64)"; fi; done'
        @(& docker exec $box sh -c $script sh $Root)
    }

    function Test-Ours([scriptblock] $Copy) {
        try { & $Copy; $true } catch { $false }
    }

    # The fixture the rules table copies: a file and a folder (with a file and a subfolder), locally and in the box.
    $script:fixture = Join-Path $TestDrive 'fixture'
    New-Item -ItemType Directory -Path "$fixture/srcdir/sub" -Force | Out-Null
    Set-Content -Path "$fixture/src.txt" -Value 'source file' -NoNewline
    Set-Content -Path "$fixture/srcdir/f.txt" -Value 'in the folder' -NoNewline
    Set-Content -Path "$fixture/srcdir/sub/g.txt" -Value 'deeper' -NoNewline
    Invoke-Docker exec $box sh -c 'mkdir -p /src/srcdir/sub /t && printf "source file" > /src/src.txt && printf "in the folder" > /src/srcdir/f.txt && printf deeper > /src/srcdir/sub/g.txt' | Out-Null

}

AfterAll {
    Remove-TestContainer $box
}

Describe 'Copy-ContainerItem: docker cp''s path rules, each case run with ours and with docker cp' {
    It 'into a container: <Source> -> <Destination>' -ForEach $rules {
        $ours = "/t/$Case-in-ours"; $theirs = "/t/$Case-in-docker"
        foreach ($base in $ours, $theirs) {
            Invoke-Docker exec $box sh -c "mkdir -p $base/exdir && printf old > $base/exfile && touch -d '2020-01-01 00:00:00' $base/exfile" | Out-Null
        }
        Push-Location $fixture
        try {
            $oursOk = Test-Ours { Copy-ContainerItem -Path $Source -Destination "${box}:$ours/$Destination" -ErrorAction Stop }
            & docker cp $Source "${box}:$theirs/$Destination" 2>&1 | Out-Null
            $dockerOk = $LASTEXITCODE -eq 0
        }
        finally { Pop-Location }
        $oursOk | Should -Be $dockerOk -Because 'ours succeeds or fails as docker cp does'
        (Get-BoxTree $ours) -join "`n" | Should -Be ((Get-BoxTree $theirs) -join "`n")
    }

    It 'from a container: <Source> -> <Destination>' -ForEach $rules {
        $ours = Join-Path $TestDrive "$Case-out-ours"; $theirs = Join-Path $TestDrive "$Case-out-docker"
        foreach ($base in $ours, $theirs) {
            New-Item -ItemType Directory -Path "$base/exdir" -Force | Out-Null
            Set-Content -Path "$base/exfile" -Value 'old' -NoNewline
            & touch -d '2020-01-01 00:00:00' "$base/exfile"
        }
        Push-Location $ours
        try { $oursOk = Test-Ours { Copy-ContainerItem -Path "${box}:/src/$Source" -Destination $Destination -ErrorAction Stop } }
        finally { Pop-Location }
        Push-Location $theirs
        try {
            & docker cp "${box}:/src/$Source" $Destination 2>&1 | Out-Null
            $dockerOk = $LASTEXITCODE -eq 0
        }
        finally { Pop-Location }
        $oursOk | Should -Be $dockerOk -Because 'ours succeeds or fails as docker cp does'
        (Get-LocalTree $ours) -join "`n" | Should -Be ((Get-LocalTree $theirs) -join "`n")
    }
}

Describe 'Copy-ContainerItem: a tree round-trips byte-identical, cross-checked with docker cp' {
    BeforeAll {
        # Folders and files with their own modes, a setuid file, a link, an empty folder, and a 200 MB file.
        $script:tree = Join-Path $TestDrive 'tree'
        New-Item -ItemType Directory -Path "$tree/private", "$tree/empty", "$tree/bin" -Force | Out-Null
        Set-Content -Path "$tree/private/secret.txt" -Value 'only for me' -NoNewline
        Set-Content -Path "$tree/bin/tool.sh" -Value "#!/bin/sh`necho tool" -NoNewline
        Set-Content -Path "$tree/readme.md" -Value "# tree`n" -NoNewline
        & sh -c "head -c 200000000 /dev/urandom > '$tree/big.bin'"
        & chmod 0750 "$tree/private"; & chmod 0600 "$tree/private/secret.txt"; & chmod 4755 "$tree/bin/tool.sh"; & chmod 0444 "$tree/readme.md"
        & ln -s readme.md "$tree/link.md"
        & touch -d '2021-02-03 04:05:06' "$tree/readme.md" "$tree/private/secret.txt"
        $script:expected = Get-LocalTree $tree
    }

    AfterAll {
        & docker exec $box rm -rf /ours /theirs *> $null
    }

    It 'copied in with ours and read back with docker cp' {
        Copy-ContainerItem -Path $tree -Destination "${box}:/ours"
        $back = Join-Path $TestDrive 'ours-back'
        Invoke-Docker cp "${box}:/ours" $back | Out-Null
        (Get-LocalTree $back) -join "`n" | Should -Be ($expected -join "`n")
        (Get-BoxTree '/ours') -join "`n" | Should -Be ($expected -join "`n")
        Remove-Item -Recurse -Force $back
    }

    It 'stops at once on Ctrl+C, <Direction>' -ForEach @(
        @{ Direction = 'into a container'; Source = 'TREE/big.bin'; Destination = 'BOX:/stopped.bin' }
        @{ Direction = 'out of a container, over an existing file kept as it was'; Source = 'BOX:/ours/big.bin'; Destination = 'TESTDRIVE/stopped.bin' }
    ) {
        $from = $Source -replace 'TREE', $tree -replace 'BOX', $box -replace 'TESTDRIVE', $TestDrive
        $to = $Destination -replace 'TREE', $tree -replace 'BOX', $box -replace 'TESTDRIVE', $TestDrive
        $local = $Destination -like 'TESTDRIVE*'
        if ($local) { Set-Content -Path $to -Value 'the older file' -NoNewline }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Copy-ContainerItem -Path '$from' -Destination '$to'")
            $handle = $ps.BeginInvoke()
            # Stop once bytes are flowing (the copy of 200 MB takes well over a second here).
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not $handle.IsCompleted -and -not @($ps.Streams.Progress | Where-Object { $_.StatusDescription -match 'MB' }) -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            $handle.IsCompleted | Should -BeFalse -Because 'the copy is still running when it is stopped'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            if ($local) {
                # No file cut short: the older file is intact and no partial file is left beside it.
                Get-Content -Path $to -Raw | Should -Be 'the older file'
                @(Get-ChildItem -Path $TestDrive -Force -Filter '*.partial') | Should -HaveCount 0
            }
        }
        finally { $ps.Dispose() }
    }

    It 'copied in with docker cp and read back with ours' {
        Invoke-Docker cp $tree "${box}:/theirs" | Out-Null
        $back = Join-Path $TestDrive 'theirs-back'
        Copy-ContainerItem -Container $box -FromContainer -Path '/theirs' -Destination $back
        (Get-LocalTree $back) -join "`n" | Should -Be ($expected -join "`n")
        Remove-Item -Recurse -Force $back
    }
}

Describe 'Copy-ContainerItem: parameters, errors and output' {
    It 'takes -Container with -ToContainer, and a piped container by property name' {
        $f = Join-Path $TestDrive 'piped.txt'
        Set-Content -Path $f -Value 'piped' -NoNewline
        Get-Container $box | Copy-ContainerItem -ToContainer -Path $f -Destination '/t/piped.txt'
        Invoke-Docker exec $box cat /t/piped.txt | Should -Be 'piped'
    }

    It 'resolves a relative local path against the PowerShell location' {
        Push-Location $fixture
        try { Copy-ContainerItem src.txt "${box}:/t/relative.txt" }
        finally { Pop-Location }
        Invoke-Docker exec $box cat /t/relative.txt | Should -Be 'source file'
    }

    It 'returns the item made in the container with -PassThru, and FileInfo for a local copy' {
        $item = Copy-ContainerItem -Path "$fixture/src.txt" -Destination "${box}:/t/passthru.txt" -PassThru
        $item.PSObject.TypeNames[0] | Should -Be 'PSDocker.ContainerItem'
        $item.Path | Should -Be '/t/passthru.txt'
        $item.Size | Should -Be 11
        $item.Endpoint | Should -Not -BeNullOrEmpty
        $local = Copy-ContainerItem -Path "${box}:/src/srcdir" -Destination (Join-Path $TestDrive 'pt-dir') -PassThru
        $local | Should -BeOfType ([System.IO.DirectoryInfo])
        $local.Name | Should -Be 'pt-dir'
    }

    It 'writes nothing by default' {
        $out = Copy-ContainerItem -Path "$fixture/src.txt" -Destination "${box}:/t/quiet.txt"
        $out | Should -BeNullOrEmpty
    }

    It 'changes nothing with -WhatIf' {
        Copy-ContainerItem -Path "$fixture/src.txt" -Destination "${box}:/t/whatif.txt" -WhatIf
        & docker exec $box test -e /t/whatif.txt
        $LASTEXITCODE | Should -Be 1
    }

    It 'keeps a link as a link, and follows it with -FollowLink' {
        Invoke-Docker exec $box sh -c 'ln -sf /src/src.txt /t/link.txt' | Out-Null
        $kept = Join-Path $TestDrive 'kept.txt'; $followed = Join-Path $TestDrive 'followed.txt'
        Copy-ContainerItem "${box}:/t/link.txt" $kept
        (Get-Item $kept).LinkTarget | Should -Be '/src/src.txt'
        Copy-ContainerItem "${box}:/t/link.txt" $followed -FollowLink
        (Get-Item $followed).LinkTarget | Should -BeNullOrEmpty
        Get-Content -Raw $followed | Should -Be 'source file'
    }

    It 'names a missing source path: <Case>' -ForEach @(
        @{ Case = 'in the container'; Path = '{0}:/no/such/file'; Destination = 'TESTDRIVE' }
        @{ Case = 'local'; Path = 'TESTDRIVE/no-such-file'; Destination = '{0}:/t/' }
    ) {
        $p = ($Path -f $box) -replace 'TESTDRIVE', $TestDrive
        $d = ($Destination -f $box) -replace 'TESTDRIVE', $TestDrive
        { Copy-ContainerItem -Path $p -Destination $d } | Should -Throw -ErrorId 'PathNotFound,PSDocker.Commands.CopyContainerItemCommand' -ExpectedMessage '*no*such*file*'
    }

    It 'gives ContainerNotFound for a missing container' {
        $missing = New-TestName 'nobody'
        { Copy-ContainerItem -Path "$fixture/src.txt" -Destination "${missing}:/x" } |
            Should -Throw -ErrorId 'ContainerNotFound,PSDocker.Commands.CopyContainerItemCommand' -ExpectedMessage "*$missing*"
    }

    It 'refuses <Case> before anything is sent' -ForEach @(
        @{ Case = 'two container sides'; Path = 'a:/x'; Destination = 'b:/y'; Id = 'InvalidArgument' }
        @{ Case = 'no container side'; Path = './a'; Destination = '/tmp/b'; Id = 'InvalidArgument' }
        @{ Case = 'an empty container name'; Path = ':/x'; Destination = '/tmp/b'; Id = 'InvalidArgument' }
    ) {
        { Copy-ContainerItem -Path $Path -Destination $Destination -HostAddress 'tcp://127.0.0.1:1' } |
            Should -Throw -ErrorId "$Id,PSDocker.Commands.CopyContainerItemCommand"
    }

    It 'refuses a file into a missing folder named with a trailing slash (CopyDestinationNotDirectory)' {
        { Copy-ContainerItem -Path "$fixture/src.txt" -Destination "${box}:/t/not-yet/" } |
            Should -Throw -ErrorId 'CopyDestinationNotDirectory,PSDocker.Commands.CopyContainerItemCommand'
    }

    It 'refuses docker cp''s ''-'' (a tar stream) on either side' {
        { Copy-ContainerItem -Path "${box}:/src/src.txt" -Destination '-' } |
            Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.CopyContainerItemCommand'
        { Copy-ContainerItem -Path '-' -Destination "${box}:/t" } |
            Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.CopyContainerItemCommand'
        Test-Path -LiteralPath (Join-Path (Get-Location) '-') | Should -BeFalse
    }

    It 'never replaces a file with a folder or a folder with a file inside the container, as docker cp refuses' {
        # /t/conf holds a file where the source has a folder (sub) and a folder where the source has a file (f.txt).
        $setup = 'rm -rf /t/conf /t/conf2 && mkdir -p /t/conf/f.txt /t/conf2 && printf keep > /t/conf/sub && printf inner > /t/conf/f.txt/inner && printf keep > /t/conf2/sub'
        Invoke-Docker exec $box sh -c $setup | Out-Null
        { Copy-ContainerItem -Path "$fixture/srcdir/." -Destination "${box}:/t/conf" } | Should -Throw
        (Invoke-Docker exec $box sh -c 'cat /t/conf/sub; echo; cat /t/conf/f.txt/inner') | Should -Be @('keep', 'inner')
        # docker cp refuses the same copy.
        & docker cp "$fixture/srcdir/." "${box}:/t/conf2" 2>&1 | Out-Null
        $LASTEXITCODE | Should -Not -Be 0
        (Invoke-Docker exec $box cat /t/conf2/sub) | Should -Be 'keep'
    }

    It 'refuses a folder onto a file (CopyDirectoryToFile)' {
        Invoke-Docker exec $box sh -c 'printf x > /t/afile' | Out-Null
        { Copy-ContainerItem -Path "$fixture/srcdir" -Destination "${box}:/t/afile" } |
            Should -Throw -ErrorId 'CopyDirectoryToFile,PSDocker.Commands.CopyContainerItemCommand'
    }
}
