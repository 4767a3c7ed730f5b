BeforeDiscovery {
    # The cmdlets to check are known before the module is imported: the manifest lists them, and
    # Module.Tests.ps1 checks that the module exports exactly those.
    $script:cmdletNames = @((Import-PowerShellDataFile $env:PSDOCKER_MODULE).CmdletsToExport)
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:docsPath = Join-Path (Split-Path $PSScriptRoot -Parent) 'docs'
    $script:generator = Join-Path (Split-Path $PSScriptRoot -Parent) 'tools/New-MamlHelp.ps1'
    $script:moduleBase = (Get-Module PSDocker).ModuleBase
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters

    function script:Get-Text($Paragraphs) {
        # The text of MAML paragraphs as Get-Help returns them (objects with a Text property).
        ((@($Paragraphs) | Where-Object { $_ } | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join "`n").Trim()
    }

    function script:Get-PipelineKind([string] $Text) {
        # 'True (ByPropertyName, ByValue)' -> ByPropertyName, ByValue; 'False' -> nothing.
        if ($Text -match '^\s*True\s*\((.*)\)') { @($Matches[1] -split ',' | ForEach-Object Trim | Sort-Object) } else { @() }
    }
}

Describe 'Help' {
    Context 'docs/' {
        It 'has a page for every exported cmdlet' {
            foreach ($cmd in Get-Command -Module PSDocker) {
                Join-Path $docsPath "$($cmd.Name).md" | Should -Exist -Because "$($cmd.Name) is exported"
            }
        }

        It 'has no page for a cmdlet that does not exist' {
            $exported = @((Get-Command -Module PSDocker).Name)
            $pages = Get-ChildItem $docsPath -Filter '*.md' -File | Where-Object Name -NotLike 'about_*'
            $pages | Should -Not -BeNullOrEmpty
            foreach ($page in $pages) {
                $exported | Should -Contain $page.BaseName -Because "docs/$($page.Name) documents a cmdlet"
            }
        }

        It 'has the about_PSDocker topic' {
            Join-Path $docsPath 'about_PSDocker.md' | Should -Exist
        }

        It 'shows about_PSDocker as plain text that reads at 80 columns, not as Markdown' {
            $text = Get-Help about_PSDocker | Out-String
            $text | Should -Match 'SHORT DESCRIPTION'
            $text | Should -Match 'EngineNotResponding'
            $lines = $text -split "`r?`n"
            $lines | Where-Object { $_ -match '^\s*\|' -or $_ -match '```' -or $_ -match '^#' } | Should -BeNullOrEmpty
            # Code examples keep their lines; every other line fits 80 columns.
            $lines | Where-Object { $_.Length -gt 80 -and $_ -notmatch '^\s{8}\S' } | Should -BeNullOrEmpty
        }

        It 'shows about_PSDocker_Testing as plain text that reads at 80 columns' {
            $text = Get-Help about_PSDocker_Testing | Out-String
            $text | Should -Match 'SHORT DESCRIPTION'
            $text | Should -Match 'ContainerWaitTimeout'
            $text | Should -Match 'Should -HaveExitCode'
            $lines = $text -split "`r?`n"
            $lines | Where-Object { $_ -match '^\s*\|' -or $_ -match '```' -or $_ -match '^#' } | Should -BeNullOrEmpty
            $lines | Where-Object { $_.Length -gt 80 -and $_ -notmatch '^\s{8}\S' } | Should -BeNullOrEmpty
        }

        It 'is what the shipped help file was built from' {
            $built = Join-Path $TestDrive 'PSDocker.dll-Help.xml'
            $null = & $generator -DocsPath $docsPath -OutputPath $built
            $shipped = Join-Path $moduleBase 'en-US/PSDocker.dll-Help.xml'
            $shipped | Should -Exist -Because 'Get-Help finds the help of the cmdlets in en-US beside the manifest'
            foreach ($copy in Get-ChildItem $moduleBase -Recurse -Filter 'PSDocker.dll-Help.xml') {
                (Get-FileHash $copy.FullName).Hash | Should -Be (Get-FileHash $built).Hash -Because "$($copy.FullName) must match docs/ (rebuild the module)"
            }
        }
    }

    Context '<_>' -ForEach $cmdletNames {
        BeforeAll {
            $name = $_
            $command = Get-Command -Module PSDocker -Name $name
            $help = Get-Help -Name $name -Full
            $parameters = @($command.Parameters.Values | Where-Object Name -NotIn $common)
            $helpParameters = @($help.parameters.parameter | Where-Object { $_ })
        }

        It 'has a synopsis of its own' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            # Without a help file, Get-Help makes the synopsis from the syntax: "Get-Container [[-Name] ...".
            $help.Synopsis | Should -Not -Match ('^\s*' + [regex]::Escape($name) + '(\s|$)')
        }

        It 'has a description' {
            Get-Text $help.description | Should -Not -BeNullOrEmpty
        }

        It 'has at least two examples, each with code and an explanation' {
            $examples = @($help.examples.example | Where-Object { $_ })
            $examples.Count | Should -BeGreaterOrEqual 2
            foreach ($example in $examples) {
                $example.title | Should -Match 'Example \d+: \S'
                $example.code | Should -Not -BeNullOrEmpty -Because $example.title
                Get-Text $example.remarks | Should -Not -BeNullOrEmpty -Because $example.title
            }
        }

        It 'describes every parameter' {
            foreach ($p in $parameters) {
                $hp = $helpParameters | Where-Object name -EQ $p.Name
                $hp | Should -Not -BeNullOrEmpty -Because "-$($p.Name) is a parameter of $name"
                Get-Text $hp.description | Should -Not -BeNullOrEmpty -Because "-$($p.Name) needs a description"
            }
        }

        It 'documents no parameter the cmdlet does not have' {
            foreach ($hp in $helpParameters) {
                $parameters.Name | Should -Contain $hp.name -Because "the help of $name documents -$($hp.name)"
            }
        }

        It 'documents each parameter as the cmdlet declares it' {
            foreach ($p in $parameters) {
                $hp = $helpParameters | Where-Object name -EQ $p.Name
                $attributes = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
                $because = "-$($p.Name) of $name"

                $hp.type.name | Should -Be $p.ParameterType.Name -Because $because
                $hp.required | Should -Be ([string](@($attributes | Where-Object { -not $_.Mandatory }).Count -eq 0)).ToLowerInvariant() -Because $because
                $positions = @($attributes.Position | Select-Object -Unique)
                $expectedPosition = if ($positions.Count -eq 1 -and $positions[0] -ge 0) { [string]$positions[0] } else { 'named' }
                $hp.position | Should -Be $expectedPosition -Because $because

                $expectedPipeline = @(
                    if ($attributes | Where-Object ValueFromPipelineByPropertyName) { 'ByPropertyName' }
                    if ($attributes | Where-Object ValueFromPipeline) { 'ByValue' }
                )
                (Get-PipelineKind $hp.pipelineInput) -join ', ' | Should -Be ($expectedPipeline -join ', ') -Because $because

                $wildcards = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                $hp.globbing | Should -Be ([string]$wildcards).ToLowerInvariant() -Because $because

                $helpAliases = @(if ($hp.aliases -and $hp.aliases -ne 'none') { $hp.aliases -split ',' | ForEach-Object Trim })
                ($helpAliases | Sort-Object) -join ', ' | Should -Be (($p.Aliases | Sort-Object) -join ', ') -Because $because
            }
        }

        It 'shows the syntax of every parameter set' {
            $items = @($help.syntax.syntaxItem | Where-Object { $_ })
            $items.Count | Should -Be $command.ParameterSets.Count
            $documented = @($items | ForEach-Object { (@($_.parameter.name | Sort-Object) -join ' ') })
            foreach ($set in $command.ParameterSets) {
                $names = @($set.Parameters.Name | Where-Object { $_ -notin $common } | Sort-Object) -join ' '
                $documented | Should -Contain $names -Because "the parameter set $($set.Name) of $name has these parameters"
            }
        }
    }
}
