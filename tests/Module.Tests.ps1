BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:manifestPath = $env:PSDOCKER_MODULE
    $script:packages = $env:PSDOCKER_NUGET_PACKAGES
    if (-not $packages) { throw 'PSDOCKER_NUGET_PACKAGES is not set: run the tests with ./build.ps1 Test.' }
    # Conflicting versions of PSDocker's own dependencies (restored by tests/tools/tools.csproj).
    $script:oldLogging = Join-Path $packages 'microsoft.extensions.logging.abstractions/6.0.0/lib/net6.0/Microsoft.Extensions.Logging.Abstractions.dll'
    $script:oldDocker = Join-Path $packages 'docker.dotnet/3.125.15/lib/netstandard2.1/Docker.DotNet.dll'
}

Describe 'The PSDocker module' {
    It 'exports exactly the cmdlets its manifest lists, and no functions or aliases' {
        $manifest = Import-PowerShellDataFile $manifestPath
        $module = Get-Module PSDocker
        ($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($cmd in Get-Command -Module PSDocker) { $approved | Should -Contain $cmd.Verb }
    }

    It 'declares an OutputType on every cmdlet' {
        foreach ($cmd in Get-Command -Module PSDocker) { $cmd.OutputType | Should -Not -BeNullOrEmpty -Because $cmd.Name }
    }

    It 'gives every cmdlet the connection parameters' {
        foreach ($cmd in Get-Command -Module PSDocker -Name *-Container*, *-DockerVersion, *-DockerInfo, Use-DockerContext) {
            $cmd.Parameters.Keys | Should -Contain 'HostAddress'
            $cmd.Parameters.Keys | Should -Contain 'Context'
            $cmd.Parameters.Keys | Should -Contain 'TlsCertPath'
        }
    }

    It 'loads PSDocker and its dependencies in their own AssemblyLoadContext' {
        $null = Get-DockerVersion   # makes sure the client library is loaded
        $alc = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([PSDocker.Container].Assembly)
        $alc.Name | Should -Be 'PSDocker'
        $alc | Should -Not -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
        $dockerDotNet = $alc.Assemblies | Where-Object { $_.GetName().Name -eq 'Docker.DotNet' }
        $dockerDotNet.GetName().Version.Major | Should -Be 4
    }

    It 'imports without warnings in a fresh session' {
        $r = Invoke-ChildPwsh "Import-Module '$manifestPath' -WarningVariable w -ErrorAction Stop; if (`$w) { 'WARN: ' + (`$w -join ';') } else { 'no warnings' }"
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Match 'no warnings'
    }

    It 'imports without loading another module, and past a function named Import-Module' {
        # The import stays lean (no Add-Type or other Microsoft.PowerShell.Utility cmdlet, which loads that module first),
        # and finds Import-Module itself whatever the session defines under that name.
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
function global:Import-Module { throw 'the shadowing function ran' }
Microsoft.PowerShell.Core\Import-Module '$manifestPath'
`$modules = (Get-Module).Name -join ','
`$count = (Microsoft.PowerShell.Core\Get-Command -Module PSDocker).Count
"modules=`$modules count=`$count works=`$((Get-DockerVersion).Version)"
"@
        $expected = (Import-PowerShellDataFile $manifestPath).CmdletsToExport.Count
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match "modules=PSDocker count=$expected works=\S+"
    }

    It 'keeps every cmdlet through Import-Module -Force and Remove-Module/Import-Module' {
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifestPath'
`$first = (Get-Command -Module PSDocker).Count
Import-Module '$manifestPath' -Force
`$forced = (Get-Command -Module PSDocker).Count
Remove-Module PSDocker
Import-Module '$manifestPath'
`$again = (Get-Command -Module PSDocker).Count
`$works = (Get-DockerVersion).Version
"counts=`$first,`$forced,`$again works=`$works"
"@
        $expected = (Import-PowerShellDataFile $manifestPath).CmdletsToExport.Count
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match "counts=$expected,$expected,$expected works=\S+"
    }

    It 'ships a netstandard2.0 build (for Windows PowerShell 5.1) that works when loaded by path' {
        # Windows PowerShell 5.1 cannot run here; this loads the same assembly its branch of
        # PSDocker.psm1 imports, under this pwsh, and talks to the engine with it.
        $desktopDll = Join-Path (Split-Path $manifestPath) 'bin/netstandard2.0/PSDocker.dll'
        $desktopDll | Should -Exist
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$desktopDll'
`$fx = [PSDocker.Container].Assembly.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], `$false)[0].FrameworkName
"fx=`$fx containers=`$(@(Get-Container -All).Count) version=`$((Get-DockerVersion).Version)"
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'fx=\.NETStandard,Version=v2\.0 containers=\d+ version=\S+'
    }

    It 'loads the ReadyToRun net10.0 build on .NET 10, and ships a net8.0 build (PowerShell 7.4 and 7.5) that works' {
        $bin = Join-Path (Split-Path $manifestPath) 'bin'
        $expected = if ([System.Environment]::Version.Major -ge 10) { 'net10.0' } else { 'net8.0' }
        (Split-Path ([PSDocker.Container].Assembly.Location) -Parent | Split-Path -Leaf) | Should -Be $expected
        Join-Path $bin 'net10.0/PSDocker.LoadContext.dll' | Should -Exist
        # The net8.0 build, loaded by path under this pwsh (no .NET 8 runtime here), talks to the engine.
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $bin 'net8.0/PSDocker.dll')'
`$fx = [PSDocker.Container].Assembly.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], `$false)[0].FrameworkName
"fx=`$fx containers=`$(@(Get-Container -All).Count) version=`$((Get-DockerVersion).Version)"
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'fx=\.NETCoreApp,Version=v8\.0 containers=\d+ version=\S+'
    }

    It 'works when another module already loaded different Docker.DotNet and Logging.Abstractions versions' {
        $oldLogging | Should -Exist
        $oldDocker | Should -Exist
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldLogging'
Add-Type -Path '$oldDocker'
Import-Module '$manifestPath'
`$n = @(Get-Container -All).Count
`$old = [Docker.DotNet.DockerClient].Assembly.GetName().Version.Major
`$logging = [Microsoft.Extensions.Logging.ILogger].Assembly.GetName().Version.Major
"containers=`$n olddocker=`$old oldlogging=`$logging version=`$((Get-DockerVersion).Version)"
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'containers=\d+ olddocker=3 oldlogging=6 version=\S+'
    }

    It 'does not break a module that loads other versions after it' {
        $r = Invoke-ChildPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifestPath'
`$before = (Get-DockerVersion).Version
Add-Type -Path '$oldLogging'
Add-Type -Path '$oldDocker'
# The old client library works in the default context ...
`$config = [Docker.DotNet.DockerClientConfiguration]::new([uri]'unix:///var/run/docker.sock')
`$client = `$config.CreateClient()
`$old = `$client.System.GetVersionAsync().GetAwaiter().GetResult().Version
# ... and PSDocker still works beside it.
`$after = @(Get-Container -All).Count
"before=`$before old=`$old after=`$after"
"@
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Output | Should -Match 'before=\S+ old=\S+ after=\d+'
    }
}
