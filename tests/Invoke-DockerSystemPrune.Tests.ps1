# Invoke-DockerSystemPrune (docker system prune) against the real engine. Other test workers share the engine: every
# prune here is scoped with a label only this test's objects carry (never an unfiltered prune), and an object of
# this test without the label must survive it.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:anonymous = @()
    . $PSScriptRoot/Images.ps1

    function Test-DockerObject([string] $Kind, [string] $Name) {
        & docker $Kind inspect $Name *> $null
        $LASTEXITCODE -eq 0
    }

    function New-PruneSet([string] $Label) {
        # A stopped container, an unused network, an unused named and an unused anonymous volume and a dangling image,
        # all with the label.
        $set = @{
            Container = New-TestName 'prc'
            Network = New-TestName 'prn'
            Volume = New-TestName 'prv'
        }
        Invoke-Docker run --name $set.Container --label $Label $TestImage sh -c 'echo x > /written' | Out-Null
        $set.ContainerId = (Invoke-Docker inspect -f '{{.Id}}' $set.Container).Trim()
        Invoke-Docker network create --label $Label $set.Network | Out-Null
        Invoke-Docker volume create --label $Label $set.Volume | Out-Null
        $set.Anonymous = "$(Invoke-Docker volume create --label $Label)".Trim()   # a generated 64-digit name
        $script:anonymous += @($set.Anonymous)
        $tag = "$(New-TestName 'pri'):1"
        $set.Image = New-TestImage -Tag $tag -Label $Label
        $set.Kept = New-TestImage -Tag $tag -Label $Label   # takes the tag: the first image is dangling now
        $set
    }

    # The prompt and -Force, run in a runspace of their own (no user to ask there).
    function Invoke-Unattended([string] $Label, [switch] $Force) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($env:PSDOCKER_MODULE).AddStatement().
                AddCommand('Invoke-DockerSystemPrune').AddParameter('Label', $Label)
            if ($Force) { $null = $ps.AddParameter('Force') }
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = @($output); Errors = ($ps.Streams.Error | Out-String) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    if ($script:anonymous) { & docker volume rm -f $script:anonymous *> $null }
    Remove-AllTestObject
    Remove-AllTestImage
    $nets = & docker network ls -q --filter "name=^$TestPrefix"
    if ($nets) { & docker network rm $nets *> $null }
}

Describe 'Invoke-DockerSystemPrune' {
    It 'removes the stopped container, unused network and dangling image with the label, and reports them and the space freed' {
        $label = "psdu.prune=$([guid]::NewGuid().ToString('n'))"
        $set = New-PruneSet $label
        # An object of this test without the label: the prune must not touch it.
        $other = New-TestName 'prc-other'
        Invoke-Docker create --name $other --label "psdu.prune=other" $TestImage true | Out-Null

        $result = @(Invoke-DockerSystemPrune -Label $label -Force)
        $result | Should -HaveCount 1
        $result[0] | Should -BeOfType PSDocker.DockerPruneResult
        $result[0].ContainersDeleted | Should -Be @($set.ContainerId)
        $result[0].NetworksDeleted | Should -Be @($set.Network)
        $result[0].ImagesDeleted | Should -Contain $set.Image
        $result[0].ImagesDeleted | Should -Not -Contain $set.Kept
        $result[0].VolumesDeleted | Should -HaveCount 0 -Because 'volumes are pruned only with -Volumes'
        $result[0].SpaceReclaimed | Should -BeGreaterThan 0 -Because 'the container wrote a file and the image had a layer of its own'
        $result[0].SpaceReclaimedText | Should -Match '^\d+(\.\d+)?[kMG]?B$'
        $result[0].Endpoint.ToString() | Should -Be 'unix:///var/run/docker.sock'

        # The docker CLI no longer finds what was pruned, and still finds the rest.
        Test-DockerObject container $set.Container | Should -BeFalse
        Test-DockerObject network $set.Network | Should -BeFalse
        Test-DockerObject image $set.Image | Should -BeFalse
        Test-DockerObject image $set.Kept | Should -BeTrue -Because 'a tagged image is not dangling'
        Test-DockerObject volume $set.Volume | Should -BeTrue
        Test-DockerObject container $other | Should -BeTrue -Because 'it does not carry the label'
    }

    It 'also removes the unused anonymous volume with the label with -Volumes, never the named one (as docker), and tagged unused images with -All' {
        $label = "psdu.prune=$([guid]::NewGuid().ToString('n'))"
        $set = New-PruneSet $label
        $result = Invoke-DockerSystemPrune -Label $label -Volumes -All -Force
        $result.VolumesDeleted | Should -Be @($set.Anonymous)
        Test-DockerObject volume $set.Anonymous | Should -BeFalse
        Test-DockerObject volume $set.Volume | Should -BeTrue -Because 'docker system prune --volumes removes anonymous volumes only, on every API version'
        $result.ImagesDeleted | Should -Contain $set.Image
        $result.ImagesDeleted | Should -Contain $set.Kept
        $result.ImagesUntagged | Should -HaveCount 1 -Because 'the tagged image lost its tag'
        Test-DockerObject image $set.Kept | Should -BeFalse
    }

    It 'takes label filters from -Filter too' {
        $label = "psdu.prune=$([guid]::NewGuid().ToString('n'))"
        $name = New-TestName 'prf'
        Invoke-Docker create --name $name --label $label $TestImage true | Out-Null
        $id = (Invoke-Docker inspect -f '{{.Id}}' $name).Trim()
        Start-Sleep -Seconds 2   # until=1s: created more than a second ago (a duration, which every prune, the build cache's too, takes)
        $result = Invoke-DockerSystemPrune -Filter @{ label = $label; until = '1s' } -Force
        $result.ContainersDeleted | Should -Be @($id)
        Test-DockerObject container $name | Should -BeFalse
    }

    It 'removes nothing with -WhatIf, and says what it would remove' {
        $label = "psdu.prune=$([guid]::NewGuid().ToString('n'))"
        $set = New-PruneSet $label
        Invoke-DockerSystemPrune -Label $label -WhatIf | Should -BeNullOrEmpty
        $whatIf = Invoke-ChildPwsh "Import-Module '$env:PSDOCKER_MODULE'; Invoke-DockerSystemPrune -Label '$label' -Volumes -Force -WhatIf"
        $whatIf.Output | Should -Match 'What if:'
        $whatIf.Output | Should -Match 'all stopped containers'
        $whatIf.Output | Should -Match ([regex]::Escape("label=$label"))
        $flat = $whatIf.Output -replace '\s+', ''
        $flat | Should -Match "anonymousvolumes.*$($set.Anonymous)" -Because 'it names the volumes that would go'
        $flat | Should -Not -Match ([regex]::Escape($set.Volume)) -Because 'a named volume is not pruned'
        $flat | Should -Match "danglingimages.*$($set.Image.Replace('sha256:', '').Substring(0, 12))" -Because 'it names the dangling images that would go'
        Test-DockerObject volume $set.Anonymous | Should -BeTrue
        Test-DockerObject container $set.Container | Should -BeTrue
        Test-DockerObject network $set.Network | Should -BeTrue
        Test-DockerObject image $set.Image | Should -BeTrue
    }

    It 'asks first: without -Force, where no user can answer, it removes nothing' {
        $label = "psdu.prune=$([guid]::NewGuid().ToString('n'))"
        $set = New-PruneSet $label
        $asked = Invoke-Unattended $label
        $asked.Errors | Should -Match 'user interaction'
        $asked.Output | Should -HaveCount 0
        Test-DockerObject container $set.Container | Should -BeTrue
        Test-DockerObject network $set.Network | Should -BeTrue
        Test-DockerObject image $set.Image | Should -BeTrue

        $forced = Invoke-Unattended $label -Force
        $forced.Errors | Should -BeNullOrEmpty
        $forced.Output[0].ContainersDeleted | Should -Be @($set.ContainerId)
        Test-DockerObject container $set.Container | Should -BeFalse
    }

    It 'reports a prompt refused by a non-interactive session as PowerShell''s own error, and -Force still says what it performs' {
        $label = "psdu.prune=$([guid]::NewGuid().ToString('n'))"
        $name = New-TestName 'prni'
        Invoke-Docker create --name $name --label $label $TestImage true | Out-Null
        $asked = Invoke-ChildPwsh "Import-Module '$env:PSDOCKER_MODULE'; try { Invoke-DockerSystemPrune -Label '$label' } catch { 'id=' + `$_.FullyQualifiedErrorId }"
        $asked.Output | Should -Match 'id=InvalidOperation,PSDocker.Commands.InvokeDockerSystemPruneCommand'
        $asked.Output | Should -Not -Match 'OperationFailed'
        Test-DockerObject container $name | Should -BeTrue

        $forced = Invoke-ChildPwsh "Import-Module '$env:PSDOCKER_MODULE'; Invoke-DockerSystemPrune -Label '$label' -Force -Verbose 4>&1 | Out-String -Width 400"
        $forced.Output | Should -Match 'Performing the operation'
        Test-DockerObject container $name | Should -BeFalse
    }

    It 'refuses a filter key docker system prune does not take, before anything is sent' {
        $label = "psdu.prune=$([guid]::NewGuid().ToString('n'))"
        $name = New-TestName 'prbad'
        Invoke-Docker create --name $name --label $label $TestImage true | Out-Null
        { Invoke-DockerSystemPrune -Label $label -Filter @{ dangling = 'false' } -Force } |
            Should -Throw -ErrorId 'InvalidFilter,PSDocker.Commands.InvokeDockerSystemPruneCommand'
        $err = $null
        try { Invoke-DockerSystemPrune -Label $label -Filter @{ dangling = 'false' } -Force } catch { $err = $_ }
        $err.Exception.Message | Should -Match "-Filter has the key 'dangling'"
        Test-DockerObject container $name | Should -BeTrue -Because 'nothing was sent'
    }

    It 'refuses an until filter that is not a time docker takes, before anything is sent' {
        $label = "psdu.prune=$([guid]::NewGuid().ToString('n'))"
        $name = New-TestName 'prtime'
        Invoke-Docker create --name $name --label $label $TestImage true | Out-Null
        { Invoke-DockerSystemPrune -Label $label -Filter @{ until = 'yesterday' } -Force } |
            Should -Throw -ErrorId 'InvalidFilter,PSDocker.Commands.InvokeDockerSystemPruneCommand' -ExpectedMessage "*'yesterday'*"
        Test-DockerObject container $name | Should -BeTrue
    }

    It 'refuses an until filter with -Volumes, as docker does' {
        $label = "psdu.prune=$([guid]::NewGuid().ToString('n'))"
        $name = New-TestName 'prunt'
        Invoke-Docker create --name $name --label $label $TestImage true | Out-Null
        { Invoke-DockerSystemPrune -Label $label -Filter @{ until = '1h' } -Volumes -Force } |
            Should -Throw -ErrorId 'InvalidFilter,PSDocker.Commands.InvokeDockerSystemPruneCommand'
        Test-DockerObject container $name | Should -BeTrue
    }
}
