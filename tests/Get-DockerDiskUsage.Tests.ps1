# Get-DockerDiskUsage (docker system df [-v]) against the real engine, cross-checked with the docker CLI. Other test
# workers change the engine meanwhile: engine-wide rows are compared at a quiet moment (docker's two reads around
# ours agree), detail rows only for the objects these tests made.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Images.ps1

    function Get-DockerDf {
        # docker system df's rows, by TYPE: TotalCount, Active, Size, Reclaimable as the CLI prints them.
        $rows = @{}
        Invoke-Docker system df --format '{{json .}}' | Where-Object { $_ } | ForEach-Object {
            $row = $_ | ConvertFrom-Json
            $rows[$row.Type] = "$($row.TotalCount)|$($row.Active)|$($row.Size)|$($row.Reclaimable)"
        }
        $rows
    }

    function ConvertTo-DfText([object[]] $Usage) {
        $rows = @{}
        foreach ($u in $Usage) { $rows[$u.Type] = "$($u.Total)|$($u.Active)|$($u.SizeText)|$($u.ReclaimableText)" }
        $rows
    }

    function Test-SameRows([hashtable] $A, [hashtable] $B) {
        ($A.Keys | Sort-Object) -join ',' -ceq (($B.Keys | Sort-Object) -join ',') -and
            -not @($A.Keys | Where-Object { $A[$_] -cne $B[$_] })
    }

    # The objects the detail rows are checked on: an image of these tests (a unique layer), a stopped container
    # that wrote to its writable layer and to a named volume, and the volume.
    $script:imageName = New-TestName 'dfimg'
    $script:imageId = New-TestImage -Tag "${imageName}:1.0"
    $script:volume = New-TestName 'dfvol'
    Invoke-Docker volume create --label psdu.test=df $volume | Out-Null
    $script:container = New-TestName 'dfc'
    Invoke-Docker run --name $container -v "${volume}:/data" "${imageName}:1.0" sh -c 'echo hello > /data/f; echo written > /layer-file' | Out-Null
    $script:containerId = (Invoke-Docker inspect -f '{{.Id}}' $container).Trim()
}

AfterAll {
    Remove-AllTestObject
    Remove-AllTestImage
}

Describe 'Get-DockerDiskUsage' {
    It 'writes the four rows of docker system df, in its order, with bytes and the texts docker prints' {
        $usage = @(Get-DockerDiskUsage)
        $usage | Should -HaveCount 4
        $usage[0] | Should -BeOfType PSDocker.DiskUsage
        $usage.Type | Should -Be @('Images', 'Containers', 'Local Volumes', 'Build Cache')
        foreach ($u in $usage) {
            $u.Size | Should -BeOfType long
            $u.Reclaimable | Should -BeLessOrEqual $u.Size -Because "a prune frees at most what $($u.Type) take"
            $u.Active | Should -BeLessOrEqual $u.Total
            $u.Endpoint.ToString() | Should -Be 'unix:///var/run/docker.sock'
        }
        $usage[0].Total | Should -BeGreaterOrEqual 1 -Because 'this test built an image'
        $usage[2].Total | Should -BeGreaterOrEqual 1 -Because 'this test made a volume'
        $usage[0].ReclaimableText | Should -Match '^\d+(\.\d+)?[kMGT]?B \(\d+%\)$' -Because 'images take space here, so docker adds the percent'
    }

    It 'agrees with docker system df --format json at a quiet moment (TOTAL, ACTIVE, SIZE, RECLAIMABLE)' {
        # docker's, ours, docker's again: ours must equal docker's at one of twenty moments when docker's two reads agree.
        $agreed = $false
        $seen = foreach ($try in 1..20) {
            $before = Get-DockerDf
            $ours = ConvertTo-DfText @(Get-DockerDiskUsage)
            $after = Get-DockerDf
            if (Test-SameRows $before $after) {
                if (Test-SameRows $ours $before) { $agreed = $true; break }
                "docker $(($before.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '; ') / ours $(($ours.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '; ')"
            }
            Start-Sleep -Milliseconds 300
        }
        $agreed | Should -BeTrue -Because "our rows equal docker's at a quiet moment (quiet moments that differed: $($seen -join ' || '))"
    }

    It 'acts on the engine of a piped object (Endpoint by property name)' {
        $usage = @(Get-DockerVersion | Get-DockerDiskUsage)
        $usage | Should -HaveCount 4
        $usage[0].Endpoint.ToString() | Should -Be (Get-DockerVersion).Endpoint.ToString()
    }

    It 'reports an engine it cannot reach as EngineUnreachable' {
        { Get-DockerDiskUsage -HostAddress 'unix:///nonexistent/psdu.sock' } | Should -Throw -ErrorId 'EngineUnreachable,PSDocker.Commands.GetDockerDiskUsageCommand'
    }

    Context '-Detailed (docker system df -v)' {
        BeforeAll {
            $script:detail = @(Get-DockerDiskUsage -Detailed)
            $verbose = Invoke-Docker system df -v --format '{{json .}}' | ConvertFrom-Json
            $script:dockerImage = @($verbose.Images | Where-Object ID -EQ $imageId)
            $script:dockerContainer = @($verbose.Containers | Where-Object ID -EQ $containerId)
            $script:dockerVolume = @($verbose.Volumes | Where-Object Name -EQ $volume)
            $script:dockerCache = @($verbose.BuildCache)
        }

        It 'writes images, containers, volumes and build cache rows, in that order' {
            $kinds = @($detail | ForEach-Object { $_.GetType().Name } | Select-Object -Unique)
            $expected = @('DiskUsageImage', 'DiskUsageContainer', 'DiskUsageVolume', 'DiskUsageBuildCache') | Where-Object { $_ -in $kinds }
            $kinds | Should -Be $expected
            $kinds | Should -Contain 'DiskUsageImage'
            $kinds | Should -Contain 'DiskUsageContainer'
            $kinds | Should -Contain 'DiskUsageVolume'
        }

        It 'has the image row docker system df -v prints for an image of these tests' {
            $dockerImage | Should -HaveCount 1
            $row = @($detail | Where-Object { $_ -is [PSDocker.DiskUsageImage] -and $_.Id -eq $imageId })
            $row | Should -HaveCount 1
            $row[0].Repository | Should -Be $dockerImage[0].Repository
            $row[0].Tag | Should -Be '1.0'
            $row[0].Tag | Should -Be $dockerImage[0].Tag
            $row[0].SizeText | Should -Be $dockerImage[0].Size
            $row[0].SharedSizeText | Should -Be $dockerImage[0].SharedSize
            $row[0].UniqueSizeText | Should -Be $dockerImage[0].UniqueSize
            "$($row[0].Containers)" | Should -Be $dockerImage[0].Containers
            $row[0].Containers | Should -Be 1 -Because 'the test container uses it'
            $row[0].UniqueSize | Should -BeGreaterThan 0 -Because 'its build wrote a file of its own'
        }

        It 'has the container row docker system df -v prints for a container of these tests' {
            $dockerContainer | Should -HaveCount 1
            $row = @($detail | Where-Object { $_ -is [PSDocker.DiskUsageContainer] -and $_.Id -eq $containerId })
            $row | Should -HaveCount 1
            $row[0].Name | Should -Be $dockerContainer[0].Names
            $row[0].Image | Should -Be $dockerContainer[0].Image
            $row[0].SizeText | Should -Be $dockerContainer[0].Size
            "$($row[0].LocalVolumes)" | Should -Be $dockerContainer[0].LocalVolumes
            $row[0].LocalVolumes | Should -Be 1
            $row[0].Size | Should -BeGreaterThan 0 -Because 'the container wrote to its writable layer'
            $row[0].State | Should -Be 'exited'
        }

        It 'has the volume row docker system df -v prints for a volume of these tests' {
            $dockerVolume | Should -HaveCount 1
            $row = @($detail | Where-Object { $_ -is [PSDocker.DiskUsageVolume] -and $_.Name -eq $volume })
            $row | Should -HaveCount 1
            "$($row[0].Links)" | Should -Be $dockerVolume[0].Links
            $row[0].Links | Should -Be 1 -Because 'the stopped test container still references it'
            $row[0].SizeText | Should -Be $dockerVolume[0].Size
            $row[0].Size | Should -Be 6 -Because 'the container wrote "hello\n" into it'
            $row[0].Labels['psdu.test'] | Should -Be 'df'
        }

        It 'has one build cache row per record docker system df -v lists' {
            @($detail | Where-Object { $_ -is [PSDocker.DiskUsageBuildCache] }).Count | Should -Be $dockerCache.Count
        }
    }
}
