# Get-ImageHistory (docker history) against the real engine, cross-checked with docker history.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ImageTest.ps1
    Remove-TestImage
    $script:built = New-TestImage 'hist'

    # A step with a comment of its own: docker commit -m.
    $script:box = New-TestName 'hist-box'
    $script:committed = (New-TestName 'hist-commit') + ':1'
    Invoke-Docker run --name $box $TestImage sh -c 'echo hi > /hi' | Out-Null
    Invoke-Docker commit -m 'psdocker history comment' $box $committed | Out-Null
    Remove-TestContainer $box

    function script:Get-CliHistory([string] $Image) {
        # docker history, whole and in bytes: ID, CreatedBy, Size, Comment per step, newest first.
        Invoke-Docker history --no-trunc --human=false --format '{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}' $Image
    }
}

AfterAll {
    Remove-TestContainer $box
    Remove-TestImage
}

Describe 'Get-ImageHistory' {
    It 'returns the steps docker history lists, in its order, with sizes in bytes' {
        $steps = @(Get-ImageHistory $built)
        $steps | Should -Not -BeNullOrEmpty
        $steps[0] | Should -BeOfType ([PSDocker.ImageHistoryItem])
        $mine = @($steps | ForEach-Object { "$($_.Id)|$($_.CreatedBy)|$($_.Size)|$($_.Comment)" })
        $mine | Should -Be @(Get-CliHistory $built)
        $steps[0].Id | Should -Be (Get-ImageId $built)
        $steps[0].Tags | Should -Contain $built
        $steps.Endpoint | ForEach-Object { $_.ToString() } | Select-Object -Unique | Should -HaveCount 1
    }

    It 'carries a commit''s comment, local creation times and the short ids docker history prints' {
        $steps = @(Get-ImageHistory $committed)
        $steps[0].Comment | Should -Be 'psdocker history comment'
        $steps[0].Created.Kind | Should -Be 'Local'
        [datetimeoffset]::new($steps[0].Created).ToUnixTimeSeconds() | Should -Be ([datetimeoffset]::Parse((Invoke-Docker image inspect -f '{{.Created}}' $committed)).ToUnixTimeSeconds())
        $cliIds = @(Invoke-Docker history --format '{{.ID}}' $committed)
        @($steps.ShortId) | Should -Be $cliIds
    }

    It 'takes images by id, piped strings and piped objects by property name' {
        $id = Get-ImageId $built
        @(Get-ImageHistory $id).Count | Should -Be @(Get-CliHistory $built).Count
        @($built | Get-ImageHistory).Count | Should -Be @(Get-CliHistory $built).Count
        @([pscustomobject]@{ Reference = $committed } | Get-ImageHistory)[0].Comment | Should -Be 'psdocker history comment'
        # A history row pipes on by its Id: the image that step made.
        @(Get-ImageHistory $built | Select-Object -First 1 | Get-ImageHistory).Count | Should -Be @(Get-CliHistory $built).Count
    }

    It 'writes ImageNotFound for a missing image and goes on with the rest' {
        $missing = (New-TestName 'gone') + ':1'
        $steps = Get-ImageHistory $missing, $built -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,PSDocker.Commands.GetImageHistoryCommand'
        $errs[0].TargetObject | Should -Be $missing
        @($steps).Count | Should -Be @(Get-CliHistory $built).Count
    }

    It 'refuses a malformed reference before anything is sent' {
        { Get-ImageHistory 'Bad//Name' } | Should -Throw -ErrorId 'InvalidImageReference,PSDocker.Commands.GetImageHistoryCommand'
    }

    It 'shows a table like docker history that reads at 80 columns' {
        $text = Get-ImageHistory $built | Out-String -Width 80
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$'
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        $short = (Get-ImageId $built).Substring(7, 12)
        $lines[2] | Should -Match "^$short\s+\S.* ago\s"
        $text | Should -Match '<missing>|[0-9a-f]{12}'
    }
}
