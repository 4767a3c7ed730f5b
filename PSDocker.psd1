@{
    RootModule           = 'PSDocker.psm1'
    # Stamped from Directory.Build.props by build.ps1; keep the two equal.
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1f3a52-7d0e-4f63-9a0c-2d5b8e1c4a17'
    Author               = 'PSDocker contributors'
    CompanyName          = 'PSDocker'
    Copyright            = '(c) PSDocker contributors. MIT License.'
    Description          = 'Docker from PowerShell without the docker CLI: compiled cmdlets that talk to the Docker Engine API and return typed objects.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FormatsToProcess     = @('PSDocker.Format.ps1xml')
    TypesToProcess       = @('PSDocker.Types.ps1xml')
    FunctionsToExport    = @()
    CmdletsToExport      = @(
        'Get-Container'
        'Get-ContainerPort'
        'New-Container'
        'Set-Container'
        'Get-DockerContext'
        'Get-DockerInfo'
        'Get-DockerVersion'
        'Use-DockerContext'
        'Remove-Container'
        'Rename-Container'
        'Restart-Container'
        'Resume-Container'
        'Start-Container'
        'Stop-Container'
        'Suspend-Container'
        'Wait-Container'
        'Connect-ContainerRegistry'
        'Disconnect-ContainerRegistry'
        'Get-Image'
        'Remove-Image'
        'Invoke-ImagePull'
        'Invoke-ImagePush'
        'Invoke-ImageBuild'
        'Add-ImageTag'
        'Get-ImageHistory'
        'Export-Image'
        'Import-Image'
        'Invoke-ContainerCommand'
        'Copy-ContainerItem'
        'Enter-Container'
        'Get-ContainerStatistic'
        'Get-ContainerProcess'
        'Get-ContainerChange'
        'Export-Container'
        'Invoke-ContainerCommit'
        'Get-ContainerLog'
        'Get-DockerEvent'
        'New-DockerContext'
        'Remove-DockerContext'
        'Get-ContainerVolume'
        'New-ContainerVolume'
        'Remove-ContainerVolume'
        'Get-DockerDiskUsage'
        'Invoke-DockerSystemPrune'
        'Get-ContainerNetwork'
        'New-ContainerNetwork'
        'Remove-ContainerNetwork'
        'Connect-ContainerNetwork'
        'Disconnect-ContainerNetwork'
        'New-SwarmService'
        'Get-SwarmService'
        'Set-SwarmService'
        'Remove-SwarmService'
        'Get-SwarmTask'
        'Get-SwarmServiceLog'
        'Wait-SwarmService'
    )
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Docker', 'Container', 'Containers', 'DockerEngine', 'Linux', 'Windows', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
