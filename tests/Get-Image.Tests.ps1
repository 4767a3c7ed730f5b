# Get-Image against the real engine, cross-checked with docker images and docker image inspect.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Images.ps1
    Remove-AllTestImage

    $script:repo = New-TestName 'get'                      # a repository with two tags
    $script:regRepo = "127.0.0.1:5000/$repo"              # the same image under a registry name
    $script:run = [guid]::NewGuid().ToString('n')
    $script:id = New-TestImage -Tag "${repo}:1.0", "${repo}:2.0", "${regRepo}:1.0" -Label "psdi.run=$run", 'psdi.kind=two-tags'
    $script:otherRepo = New-TestName 'get-other'
    $script:otherId = New-TestImage -Tag "${otherRepo}:latest" -Label "psdi.run=$run", 'psdi.kind=other'
    $script:danglingId = New-TestImage -Label "psdi.run=$run", 'psdi.kind=dangling'
    $script:hex = $id.Substring(7)
}

AfterAll {
    Remove-AllTestImage
}

Describe 'Get-Image' {
    Context 'listing' {
        It 'lists the rows docker images lists, one per repository:tag' {
            $rows = @(Get-Image -Label "psdi.run=$run")
            $mine = $rows | ForEach-Object { "$($_.Repository):$($_.Tag) $($_.Id)" }
            $docker = Get-DockerImageRow --filter "label=psdi.run=$run"
            ($mine | Sort-Object) | Should -Be ($docker | Sort-Object)
            $rows | Should -HaveCount 5
            $rows.IsInspected | Should -Not -Contain $true -Because 'a listing is not inspected'
        }

        It 'lists every image without parameters, as docker images does' {
            $all = @(Get-Image)
            $all.Reference | Should -Contain "${repo}:1.0"
            $all.Id | Should -Contain $danglingId -Because 'docker images lists dangling images too'
            @($all | Where-Object Id -eq $id) | Should -HaveCount 3
        }

        It 'shows REPOSITORY, TAG, ID, CREATED and SIZE as docker images prints them' {
            $row = Get-Image -Label "psdi.run=$run" | Where-Object Reference -eq "${regRepo}:1.0"
            $docker = Invoke-Docker images --format '{{.Repository}}|{{.Tag}}|{{.ID}}|{{.Size}}' "${regRepo}:1.0"
            "$($row.Repository)|$($row.Tag)|$($row.ShortId)|$($row.SizeText)" | Should -Be $docker
            $row.CreatedSince | Should -Match 'ago$'
            $row.Endpoint | Should -Not -BeNullOrEmpty
        }

        It 'keeps only untagged images with -Dangling' {
            $rows = @(Get-Image -Dangling -Label "psdi.run=$run")
            $rows | Should -HaveCount 1
            $rows[0].Id | Should -Be $danglingId
            $rows[0].Repository | Should -Be '<none>'
            $rows[0].Tag | Should -Be '<none>'
            $rows[0].Reference | Should -Be $danglingId -Because 'an untagged row is named by its id'
        }

        It 'needs every -Label to match (key, or key=value)' {
            @(Get-Image -Label "psdi.run=$run", 'psdi.kind=other').Id | Should -Be @($otherId)
            @(Get-Image -Label "psdi.run=$run", 'psdi.kind').Count | Should -Be 5
            @(Get-Image -Label "psdi.run=$run", 'psdi.kind=none') | Should -HaveCount 0
        }

        It 'adds intermediate images with -All, as docker images -a' {
            # The legacy builder keeps the RUN step's image as the untagged parent of ours.
            $parent = (Invoke-Docker image inspect -f '{{.Parent}}' $id).Trim()
            $parent | Should -Match '^sha256:[0-9a-f]{64}$'
            Invoke-Docker images -aq --no-trunc | Should -Contain $parent
            Invoke-Docker images -q --no-trunc | Should -Not -Contain $parent
            (Get-Image -All).Id | Should -Contain $parent
            (Get-Image).Id | Should -Not -Contain $parent
        }
    }

    Context 'by reference' {
        It 'gives every tag of a name without a tag, as docker images NAME, each inspected' {
            $rows = @(Get-Image $repo)
            $rows.Reference | Should -Be "${repo}:1.0", "${repo}:2.0"
            $rows.IsInspected | Should -Be $true, $true
            (Get-DockerImageRow $repo | Sort-Object) | Should -Be ($rows | ForEach-Object { "$($_.Reference) $($_.Id)" })
        }

        It 'gives one inspected row for name:tag, with what docker image inspect says' {
            $row = Get-Image "${regRepo}:1.0"
            $row | Should -HaveCount 1
            $row.Reference | Should -Be "${regRepo}:1.0"
            $row.Repository | Should -Be $regRepo
            $row.Tag | Should -Be '1.0'
            $row.IsInspected | Should -BeTrue
            $inspect = (Invoke-Docker image inspect "${regRepo}:1.0" | ConvertFrom-Json)[0]
            $row.Id | Should -Be $inspect.Id
            $row.Size | Should -Be $inspect.Size
            $row.Architecture | Should -Be $inspect.Architecture
            $row.Os | Should -Be $inspect.Os
            $row.Command | Should -Be $inspect.Config.Cmd
            $row.Labels['psdi.kind'] | Should -Be 'two-tags'
            ($row.RepoTags | Sort-Object) | Should -Be ($inspect.RepoTags | Sort-Object)
            $row.Layers | Should -Be $inspect.RootFS.Layers
        }

        It 'finds an image by full id, id prefix and sha256: prefix: every row of it' {
            foreach ($text in $id, $hex, $hex.Substring(0, 12), "sha256:$($hex.Substring(0, 12))") {
                $rows = @(Get-Image $text)
                ($rows.Reference | Sort-Object) | Should -Be ("${regRepo}:1.0", "${repo}:1.0", "${repo}:2.0" | Sort-Object) -Because "'$text' names the image"
                $rows.IsInspected | Should -Not -Contain $false
            }
            (Get-Image $danglingId).Reference | Should -Be $danglingId
        }

        It 'matches wildcards against REPOSITORY:TAG and REPOSITORY, listed not inspected' {
            @(Get-Image '127.0.0.1:5000/*' | Where-Object Id -eq $id).Reference | Should -Be "${regRepo}:1.0"
            @(Get-Image "${repo}:2*").Reference | Should -Be "${repo}:2.0"
            @(Get-Image "$($repo.Substring(0, $repo.Length - 3))*").Count | Should -Be 2
            @(Get-Image "${repo}:*").IsInspected | Should -Not -Contain $true
        }

        It 'writes nothing, and no error, for a wildcard that matches nothing' {
            $out = @(Get-Image "$(New-TestName 'none')*" -ErrorVariable err)
            $out | Should -HaveCount 0
            $err | Should -HaveCount 0
        }

        It 'writes ImageNotFound for each reference that matches nothing, and goes on' {
            $missing = New-TestName 'missing'
            $out = @(Get-Image "${missing}:1", $repo, $missing -ErrorVariable err -ErrorAction SilentlyContinue)
            $out.Reference | Should -Be "${repo}:1.0", "${repo}:2.0"
            $err | Should -HaveCount 2
            $err[0].FullyQualifiedErrorId | Should -Be 'ImageNotFound,PSDocker.Commands.GetImageCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be "${missing}:1"
            $err[1].TargetObject | Should -Be $missing
        }

        It 'refuses a malformed id or wildcard before asking the engine' {
            { Get-Image 'sha256:xyz' } | Should -Throw -ErrorId 'InvalidImageId,PSDocker.Commands.GetImageCommand'
            { Get-Image "$repo[" } | Should -Throw -ErrorId 'InvalidWildcard,PSDocker.Commands.GetImageCommand'
        }

        It 'applies -Label and -Dangling to exact references too' {
            @(Get-Image $repo -Label 'psdi.kind=other') | Should -HaveCount 0
            @(Get-Image $repo, $otherRepo -Label 'psdi.kind=other').Id | Should -Be @($otherId)
            @(Get-Image $id -Dangling) | Should -HaveCount 0
        }
    }

    Context 'pipeline' {
        It 'takes strings by value' {
            @("${repo}:1.0", $otherRepo | Get-Image).Id | Should -Be $id, $otherId
        }

        It 'takes Image objects by their Reference, on their own engine' {
            $rows = @(Get-Image -Label "psdi.run=$run" | Where-Object Reference -like "$repo*" | Get-Image)
            $rows.Reference | Sort-Object | Should -Be "${repo}:1.0", "${repo}:2.0"
            $rows.IsInspected | Should -Be $true, $true
        }
    }

    Context 'completion' {
        It 'completes image references with REPOSITORY:TAG names' {
            $line = "Get-Image $($repo.Substring(0, $repo.Length - 2))"
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Be "${repo}:1.0", "${repo}:2.0"
        }
    }
}
