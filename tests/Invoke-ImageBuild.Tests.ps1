# Invoke-ImageBuild (docker build -t, legacy builder) against the real engine, cross-checked with the docker CLI.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ImageBuild.ps1
    $script:folders = [System.Collections.Generic.List[string]]::new()
    $script:images = [System.Collections.Generic.List[string]]::new()

    function script:New-Image([string] $Suffix) {
        $name = (New-TestName $Suffix) + ':1'
        $script:images.Add($name)
        $name
    }

    $script:multi = New-BuildFolder 'multi'
    $folders.Add($multi)
    Set-BuildFile $multi 'Dockerfile' @"
FROM $TestImage AS base
ARG VERSION=0
RUN echo "version `$VERSION" > /version.txt
FROM base AS test
RUN echo tested > /tested.txt
FROM base AS final
ARG GREETING=hello
COPY app.txt /app.txt
RUN echo "`$GREETING" > /greeting.txt
"@
    Set-BuildFile $multi 'app.txt' 'app'
}

AfterAll {
    Remove-TestImage $images
    Remove-BuildFolder $folders
}

Describe 'Invoke-ImageBuild' {
    It 'builds a multi-stage Dockerfile with build args and returns the Image read back by its id' {
        $tag = New-Image 'multi'
        $info = $null
        $img = Invoke-ImageBuild -Path $multi -Tag $tag -BuildArg @{ VERSION = '7'; GREETING = 'hi there' } -InformationVariable info
        $img | Should -BeOfType ([PSDocker.Image])
        $img.Id | Should -Be (Invoke-Docker image inspect -f '{{.Id}}' $tag).Trim()
        $img.Reference | Should -Be $tag
        $img.IsInspected | Should -BeTrue
        (Invoke-Docker run --rm $tag cat /version.txt /greeting.txt) -join '|' | Should -Be 'version 7|hi there'
        Invoke-Docker run --rm $tag sh -c 'test -e /tested.txt && echo yes || echo no' | Should -Be 'no'
        # The build's own lines reach the information stream, tagged.
        $info.MessageData | Where-Object { $_ -like 'Step 1/* : FROM psdocker/busybox:latest AS base' } | Should -HaveCount 1
        $info | ForEach-Object { $_.Tags | Should -Contain 'PSDocker.Build' }
    }

    It 'builds only up to -Target' {
        $tag = New-Image 'target'
        $img = Invoke-ImageBuild $multi -Tag $tag -Target test -BuildArg @{ VERSION = '8' }
        (Invoke-Docker run --rm $tag cat /version.txt /tested.txt) -join '|' | Should -Be 'version 8|tested'
        Invoke-Docker run --rm $tag sh -c 'test -e /app.txt && echo yes || echo no' | Should -Be 'no'
        $img.Reference | Should -Be $tag
    }

    It 'tags the image with every -Tag and returns one Image per tag' {
        $t1 = New-Image 'tags-a'; $t2 = New-Image 'tags-b'; $t3 = (New-TestName 'tags-c')
        $images.Add("${t3}:latest")
        $out = @(Invoke-ImageBuild $multi -Tag $t1, $t2, $t3)
        $out | Should -HaveCount 3
        $out.Reference | Should -Be @($t1, $t2, "${t3}:latest")
        ($out.Id | Select-Object -Unique) | Should -HaveCount 1
        $repoTags = Invoke-Docker image inspect -f '{{join .RepoTags ","}}' $t1
        foreach ($t in $t1, $t2, "${t3}:latest") { $repoTags | Should -BeLike "*$t*" }
    }

    It 'sets -Label as docker build --label does' {
        $tag = New-Image 'label'
        $img = Invoke-ImageBuild $multi -Tag $tag -Label @{ 'org.example.team' = 'images'; 'psdb.run' = '1' }
        $labels = Invoke-Docker image inspect -f '{{json .Config.Labels}}' $tag | ConvertFrom-Json
        $labels.'org.example.team' | Should -Be 'images'
        $labels.'psdb.run' | Should -Be '1'
        $img.Labels['org.example.team'] | Should -Be 'images'
    }

    It 'takes a Dockerfile outside the context, as docker build -f does, and leaves it out of the image' {
        $ctx = New-BuildFolder 'outside-ctx'; $folders.Add($ctx)
        $df = New-BuildFolder 'outside-df'; $folders.Add($df)
        Set-BuildFile $ctx 'hello.txt' 'hello'
        Set-BuildFile $df 'Build.Dockerfile' "FROM $TestImage`nCOPY . /ctx/`n"
        $ours = New-Image 'outside'; $cli = New-Image 'outside-cli'
        Invoke-ImageBuild $ctx -File (Join-Path $df 'Build.Dockerfile') -Tag $ours | Out-Null
        Invoke-LegacyDockerBuild -f (Join-Path $df 'Build.Dockerfile') -t $cli $ctx
        Get-ImageFileList $ours | Should -Be @('.', './hello.txt')
        Get-ImageFileList $ours | Should -Be (Get-ImageFileList $cli)
    }

    It 'resolves -Path and -File against the PowerShell location' {
        $tag = New-Image 'relative'
        Push-Location $multi
        try {
            [System.Environment]::CurrentDirectory = [System.IO.Path]::GetTempPath()
            $img = Invoke-ImageBuild -File ./Dockerfile -Tag $tag
        } finally { Pop-Location }
        $img.Reference | Should -Be $tag
    }

    It 'fails a RUN that exits 3 with ImageBuildFailed carrying the exit code, and tags nothing' {
        $ctx = New-BuildFolder 'fail'; $folders.Add($ctx)
        Set-BuildFile $ctx 'Dockerfile' "FROM $TestImage`nRUN echo about to fail && exit 3`n"
        $tag = New-Image 'fail'
        $info = $null
        $err = $null
        $steps = { @(& docker ps -a --no-trunc --format '{{.Command}}' | Select-String -SimpleMatch 'about to fail').Count }
        $before = & $steps
        try { Invoke-ImageBuild $ctx -Tag $tag -InformationVariable info; throw 'no error' } catch { $err = $_ }
        & $steps | Should -Be $before -Because 'the failed step''s container is removed (docker build --force-rm)'
        $err.FullyQualifiedErrorId | Should -Be 'ImageBuildFailed,PSDocker.Commands.InvokeImageBuildCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
        $err.Exception | Should -BeOfType ([PSDocker.ImageBuildFailedException])
        $err.Exception.ExitCode | Should -Be 3
        $err.Exception.Reason | Should -Be "The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3"
        # The step's own output is in the error, as docker build shows it, without -InformationAction.
        $err.Exception.Output | Should -Contain 'about to fail'
        $err.Exception.Message | Should -Match ([regex]::Escape("returned a non-zero code: 3") + '\r?\nLast output of the build:(.|\n)*about to fail')
        $err.TargetObject | Should -Be $tag
        $info.MessageData | Should -Contain 'about to fail'
        & docker image inspect $tag *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'fails a bad Dockerfile instruction with ImageBuildFailed' {
        $ctx = New-BuildFolder 'badcopy'; $folders.Add($ctx)
        Set-BuildFile $ctx 'Dockerfile' "FROM $TestImage`nCOPY missing.txt /`n"
        { Invoke-ImageBuild $ctx -Tag (New-Image 'badcopy') } | Should -Throw -ErrorId 'ImageBuildFailed,PSDocker.Commands.InvokeImageBuildCommand'
    }

    It 'refuses a bad -Tag with InvalidImageReference before any request' {
        # An engine that cannot be reached would fail any request: the tag is refused before that.
        $digest = 'psdb-x@sha256:0123456789012345678901234567890123456789012345678901234567890123'
        $err = $null
        try { Invoke-ImageBuild $multi -Tag 'psdb-ok:1', $digest -HostAddress unix:///nonexistent/docker.sock } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'InvalidImageReference,PSDocker.Commands.InvokeImageBuildCommand'
        $err.TargetObject | Should -Be $digest

        # A reference docker's grammar refuses (upper case, white space) goes the same way, through the shared parser.
        $parser = [PSDocker.PSDockerException].Assembly.GetType('PSDocker.Specs.ImageReference')
        $parse = [object[]]@('psdb-Bad tag:1', $null, $null)
        if ($parser.GetMethod('TryParse', [System.Reflection.BindingFlags]'NonPublic,Static').Invoke($null, $parse)) {
            Set-ItResult -Inconclusive -Because 'the image reference parser of this build does not refuse it yet'
            return
        }
        $err = $null
        try { Invoke-ImageBuild $multi -Tag 'psdb-ok:1', 'psdb-Bad tag:1' -HostAddress unix:///nonexistent/docker.sock } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'InvalidImageReference,PSDocker.Commands.InvokeImageBuildCommand'
        $err.TargetObject | Should -Be 'psdb-Bad tag:1'
    }

    It 'refuses a bad -ExtraHost, a missing folder and a missing Dockerfile before any request' {
        { Invoke-ImageBuild $multi -ExtraHost 'nohost' -HostAddress unix:///nonexistent/docker.sock } | Should -Throw -ErrorId 'InvalidExtraHostSpec,PSDocker.Commands.InvokeImageBuildCommand'
        { Invoke-ImageBuild (Join-Path $multi 'nope') -HostAddress unix:///nonexistent/docker.sock } | Should -Throw -ErrorId 'BuildContextNotFound,PSDocker.Commands.InvokeImageBuildCommand'
        { Invoke-ImageBuild $multi -File (Join-Path $multi 'None.Dockerfile') -HostAddress unix:///nonexistent/docker.sock } | Should -Throw -ErrorId 'DockerfileNotFound,PSDocker.Commands.InvokeImageBuildCommand'
    }

    It 'passes -ExtraHost, -Network and -NoCache to the RUN steps as docker build does' {
        $ctx = New-BuildFolder 'hosts'; $folders.Add($ctx)
        Set-BuildFile $ctx 'Dockerfile' "FROM $TestImage`nRUN grep psdb-host /etc/hosts > /hosts.txt`n"
        $tag = New-Image 'hosts'
        Invoke-ImageBuild $ctx -Tag $tag -ExtraHost 'psdb-host:10.9.8.7' -Network none -NoCache | Out-Null
        Invoke-Docker run --rm $tag cat /hosts.txt | Should -Match '^10\.9\.8\.7\s+psdb-host$'
    }

    It 'builds nothing with -WhatIf' {
        $tag = New-Image 'whatif'
        Invoke-ImageBuild $multi -Tag $tag -WhatIf | Should -BeNullOrEmpty
        & docker image inspect $tag *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'shows the upload with Write-Progress and completes it' {
        $tag = New-Image 'progress'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; `$ProgressPreference = 'Continue'; Invoke-ImageBuild '$multi' -Tag '$tag'")
            $out = $ps.Invoke()
            $out[0].Reference | Should -Be $tag
            $records = @($ps.Streams.Progress | Where-Object Activity -eq 'Invoke-ImageBuild')
            $records | Should -Not -BeNullOrEmpty
            $records[-1].RecordType | Should -Be 'Completed'
        } finally { $ps.Dispose() }
    }

    It 'stops the build at once on Ctrl+C (the pipeline stops), leaving no image and no running step' {
        $ctx = New-BuildFolder 'stop'; $folders.Add($ctx)
        $tag = New-Image 'stop'
        # The step's command names this test's tag, so other builds on the engine are never taken for it.
        $marker = "sleep 47 && echo $tag"
        Set-BuildFile $ctx 'Dockerfile' "FROM $TestImage`nRUN $marker`n"
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Invoke-ImageBuild '$ctx' -Tag '$tag' -NoCache")
            $handle = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while (-not (& docker ps --no-trunc --format '{{.Command}}' | Select-String -SimpleMatch $marker) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            & docker ps --no-trunc --format '{{.Command}}' | Select-String -SimpleMatch $marker | Should -Not -BeNullOrEmpty -Because 'the RUN step started'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $handle.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally { $ps.Dispose() }
        # The engine ends the build when the client goes: the step's container stops and nothing is tagged.
        $deadline = [datetime]::UtcNow.AddSeconds(45)
        while ((& docker ps --no-trunc --format '{{.Command}}' | Select-String -SimpleMatch $marker) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 250 }
        & docker ps --no-trunc --format '{{.Command}}' | Select-String -SimpleMatch $marker | Should -BeNullOrEmpty
        & docker image inspect $tag *> $null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It 'streams a 300 MB context without the process growing by 100 MB' {
        $ctx = New-BuildFolder 'big'; $folders.Add($ctx)
        Set-BuildFile $ctx 'Dockerfile' "FROM $TestImage`nLABEL psdb.big=1`n"
        # 300 files of 1 MiB: sparse files read back as zeros, made at once.
        for ($i = 0; $i -lt 300; $i++) {
            $f = [System.IO.File]::Create((Join-Path $ctx ('blob{0:d3}.bin' -f $i)))
            $f.SetLength(1MB); $f.Dispose()
        }
        $tag = New-Image 'big'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$env:PSDOCKER_MODULE'
`$p = [System.Diagnostics.Process]::GetCurrentProcess()
Get-DockerVersion | Out-Null
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); `$p.Refresh()
`$before = `$p.WorkingSet64
`$img = Invoke-ImageBuild '$ctx' -Tag '$tag' -Verbose 4>&1 | Where-Object { `$_ -is [PSDocker.Image] -or `$_.Message -like 'Sent the build context*' }
`$p.Refresh()
"RESULT {0} {1} {2}" -f `$before, `$p.PeakWorkingSet64, (`$img | Where-Object { `$_ -is [PSDocker.Image] }).Reference
(`$img | Where-Object { `$_ -isnot [PSDocker.Image] }).Message
"@
        $run = Invoke-ChildPwsh $script
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $line = ($run.Output -split "`n" | Where-Object { $_ -like 'RESULT *' }) -split ' '
        $line[3].Trim() | Should -Be $tag
        $growth = [long]$line[2] - [long]$line[1]
        Write-Host "300 MB context: peak working set grew by $([math]::Round($growth / 1MB, 1)) MB"
        $growth | Should -BeLessThan 100MB -Because "the peak working set grew by $([math]::Round($growth / 1MB)) MB"
        $run.Output | Should -Match 'Sent the build context: .* \(31\d{7} bytes\), 301 file'
        (Invoke-Docker image inspect -f '{{index .Config.Labels "psdb.big"}}' $tag).Trim() | Should -Be '1'
    }
}
