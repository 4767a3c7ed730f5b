<#
.SYNOPSIS
    Builds the MAML help file of PSDocker's compiled cmdlets from the markdown pages in docs/.
.DESCRIPTION
    Reads every docs/<Cmdlet>.md page written in the platyPS markdown shape (YAML front matter with
    "external help file", "# Name", "## SYNOPSIS", "## SYNTAX", "## DESCRIPTION", "## EXAMPLES",
    "## PARAMETERS" with a yaml block per parameter, "## INPUTS", "## OUTPUTS", "## NOTES",
    "## RELATED LINKS") and writes one MAML file (PSDocker.dll-Help.xml) that Get-Help reads for
    compiled cmdlets. It needs nothing but PowerShell: platyPS is not used.

    Syntax blocks and parameter metadata come from the markdown: the parameter sets are the "###"
    headings of SYNTAX, the parameter order of each set is the order of the parameters in its
    syntax block, and each parameter's type, sets, aliases, position, pipeline input, wildcard
    support and accepted values come from its yaml block.

    Pages without front matter naming an external help file (such as about_PSDocker.md) are skipped.
    The output is deterministic: the same pages always give the same bytes (UTF-8, LF line ends).
.PARAMETER DocsPath
    The folder with the markdown pages.
.PARAMETER OutputPath
    The MAML file to write, for example out/PSDocker/en-US/PSDocker.dll-Help.xml. Missing folders
    are created.
.EXAMPLE
    ./tools/New-MamlHelp.ps1 -DocsPath ./docs -OutputPath ./out/PSDocker/en-US/PSDocker.dll-Help.xml
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)]
    [string] $DocsPath,

    [Parameter(Mandatory)]
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

#region Markdown reading

function Split-Block {
    # Splits markdown lines into blocks: paragraphs, list items, tables and fenced code.
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $fence = $null
    foreach ($line in $Lines) {
        if ($null -ne $fence) {
            if ($line -match '^\s*```\s*$') {
                $blocks.Add([pscustomobject]@{ Kind = 'code'; Lang = $fence.Lang; Lines = $fence.Lines.ToArray() })
                $fence = $null
            }
            else { $fence.Lines.Add($line) }
            continue
        }
        if ($line -match '^\s*```\s*([\w+-]*)\s*$') {
            $current = $null
            $fence = @{ Lang = $Matches[1].ToLowerInvariant(); Lines = [System.Collections.Generic.List[string]]::new() }
            continue
        }
        if ($line -match '^\s*$') { $current = $null; continue }
        if ($line -match '^\s*\|') {
            if (-not $current -or $current.Kind -ne 'table') {
                $current = [pscustomobject]@{ Kind = 'table'; Lang = ''; Lines = [System.Collections.Generic.List[string]]::new() }
                $blocks.Add($current)
            }
            $current.Lines.Add($line.Trim())
            continue
        }
        if ($line -match '^\s*([-*+]|\d+[.)])\s+(.*)$') {
            $current = [pscustomobject]@{ Kind = 'item'; Lang = ''; Lines = [System.Collections.Generic.List[string]]::new() }
            $current.Lines.Add($line.Trim())
            $blocks.Add($current)
            continue
        }
        if (-not $current -or $current.Kind -eq 'table') {
            $current = [pscustomobject]@{ Kind = 'para'; Lang = ''; Lines = [System.Collections.Generic.List[string]]::new() }
            $blocks.Add($current)
        }
        $current.Lines.Add($line.Trim())
    }
    if ($null -ne $fence) { throw "A code block is not closed." }
    return $blocks
}

function ConvertFrom-Inline {
    # Markdown inline syntax to plain help text. Code spans keep their backticks.
    param([string] $Text)
    # [text](http...) -> text (http...); [text](Page.md) -> text
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)\s]+)\)', {
            param($m)
            if ($m.Groups[2].Value -match '^[a-z]+://') { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value }
        })
    $Text = [regex]::Replace($Text, '(\*\*|__)(?=\S)(.+?)(?<=\S)\1', '$2')
    $Text = [regex]::Replace($Text, '\\([\\`*_{}\[\]()#+\-.!<>|])', '$1')
    return $Text
}

function ConvertTo-Paragraph {
    # Blocks to help paragraphs: one per paragraph, list item, table or code block.
    param([object[]] $Blocks)
    foreach ($b in $Blocks) {
        switch ($b.Kind) {
            'para' { ConvertFrom-Inline (($b.Lines | ForEach-Object Trim) -join ' ') }
            'item' { ConvertFrom-Inline (($b.Lines | ForEach-Object Trim) -join ' ') }
            'table' { ($b.Lines | Where-Object { $_ -notmatch '^\|?\s*:?-{3,}' } | ForEach-Object { ConvertFrom-Inline $_ }) -join "`n" }
            'code' { $b.Lines -join "`n" }
        }
    }
}

function Split-Section {
    # Splits lines at headings of one level ("## " or "### ") outside code fences.
    param([string[]] $Lines, [int] $Level)
    $prefix = ('#' * $Level) + ' '
    $sections = [System.Collections.Generic.List[object]]::new()
    $current = [pscustomobject]@{ Title = ''; Lines = [System.Collections.Generic.List[string]]::new() }
    $sections.Add($current)
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($prefix)) {
            $current = [pscustomobject]@{ Title = $line.Substring($prefix.Length).Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $sections.Add($current)
        }
        else { $current.Lines.Add($line) }
    }
    return $sections
}

function ConvertFrom-YamlBlock {
    # The flat "Key: value" yaml of a parameter.
    param([string[]] $Lines)
    $map = [ordered]@{}
    foreach ($l in $Lines) {
        if ($l -match '^\s*([^:#]+?)\s*:\s*(.*?)\s*$') { $map[$Matches[1]] = $Matches[2] }
    }
    return $map
}

function Read-CommandPage {
    param([System.IO.FileInfo] $File)
    $text = [System.IO.File]::ReadAllText($File.FullName) -replace "`r`n?", "`n"
    $lines = $text.Split("`n")

    if ($lines.Count -lt 3 -or $lines[0].Trim() -ne '---') { return $null }
    $end = [Array]::IndexOf($lines, '---', 1)
    if ($end -lt 0) { throw "$($File.Name): the front matter is not closed." }
    $front = ConvertFrom-YamlBlock $lines[1..($end - 1)]
    if (-not $front.Contains('external help file')) { return $null }
    $body = $lines[($end + 1)..($lines.Count - 1)]

    $name = $null
    $top = Split-Section $body 1
    foreach ($t in $top) { if ($t.Title) { $name = $t.Title; $body = $t.Lines.ToArray(); break } }
    if (-not $name) { throw "$($File.Name): no '# Name' heading." }
    if ($name -ne $File.BaseName) { throw "$($File.Name): the heading names '$name', not '$($File.BaseName)'." }

    $page = [ordered]@{
        Name = $name; HelpFile = $front['external help file']; Synopsis = ''; Description = @()
        Sets = @(); Examples = @(); Parameters = @(); Inputs = @(); Outputs = @(); Notes = @(); Links = @()
        HasCommonParameters = $false
    }

    foreach ($section in Split-Section $body 2) {
        $sub = Split-Section $section.Lines.ToArray() 3
        switch ($section.Title.ToUpperInvariant()) {
            'SYNOPSIS' { $page.Synopsis = (ConvertTo-Paragraph (Split-Block $section.Lines.ToArray())) -join ' ' }
            'DESCRIPTION' { $page.Description = @(ConvertTo-Paragraph (Split-Block $section.Lines.ToArray())) }
            'SYNTAX' {
                foreach ($s in $sub | Where-Object Title) {
                    $code = @(Split-Block $s.Lines.ToArray() | Where-Object Kind -EQ 'code')
                    if (-not $code) { throw "$($File.Name): the syntax of '$($s.Title)' has no code block." }
                    $setName = $s.Title -replace '\s*\(Default\)\s*$', ''
                    $order = @([regex]::Matches(($code[0].Lines -join ' '), '(?<![\w<])-(\w+)') | ForEach-Object { $_.Groups[1].Value } | Select-Object -Unique)
                    $page.Sets += [pscustomobject]@{ Name = $setName; IsDefault = $s.Title -match '\(Default\)\s*$'; Order = $order }
                }
            }
            'EXAMPLES' {
                foreach ($s in $sub | Where-Object Title) {
                    $blocks = @(Split-Block $s.Lines.ToArray())
                    $code = @($blocks | Where-Object { $_.Kind -eq 'code' -and $_.Lang -in 'powershell', 'pwsh', 'ps', 'ps1' } | ForEach-Object { $_.Lines -join "`n" })
                    $output = @($blocks | Where-Object { $_.Kind -eq 'code' -and $_.Lang -notin 'powershell', 'pwsh', 'ps', 'ps1' } | ForEach-Object { $_.Lines -join "`n" })
                    $remarks = @(ConvertTo-Paragraph @($blocks | Where-Object Kind -NE 'code'))
                    if (-not $code) { throw "$($File.Name): '$($s.Title)' has no powershell code block." }
                    $page.Examples += [pscustomobject]@{
                        Title   = $s.Title
                        Code    = (@($code) + @($output)) -join "`n`n"
                        Remarks = $remarks
                    }
                }
            }
            'PARAMETERS' {
                foreach ($s in $sub | Where-Object Title) {
                    if ($s.Title -eq 'CommonParameters') { $page.HasCommonParameters = $true; continue }
                    if ($s.Title -notmatch '^-(\w+)$') { throw "$($File.Name): '### $($s.Title)' is not a parameter heading (### -Name)." }
                    $pname = $Matches[1]
                    $blocks = @(Split-Block $s.Lines.ToArray())
                    $yaml = @($blocks | Where-Object { $_.Kind -eq 'code' -and $_.Lang -eq 'yaml' } | ForEach-Object { ConvertFrom-YamlBlock $_.Lines })
                    if (-not $yaml) { throw "$($File.Name): -$pname has no yaml block." }
                    foreach ($y in $yaml) {
                        foreach ($key in 'Type', 'Parameter Sets', 'Required', 'Position') {
                            if (-not $y.Contains($key) -or -not $y[$key]) { throw "$($File.Name): the yaml of -$pname has no '$key'." }
                        }
                    }
                    $page.Parameters += [pscustomobject]@{
                        Name        = $pname
                        Description = @(ConvertTo-Paragraph @($blocks | Where-Object Kind -NE 'code'))
                        Yaml        = $yaml
                    }
                }
            }
            { $_ -in 'INPUTS', 'OUTPUTS' } {
                $isInputs = $_ -eq 'INPUTS'
                $types = foreach ($s in $sub | Where-Object Title) {
                    [pscustomobject]@{ Name = $s.Title; Description = @(ConvertTo-Paragraph (Split-Block $s.Lines.ToArray())) }
                }
                if ($isInputs) { $page.Inputs = @($types) } else { $page.Outputs = @($types) }
            }
            'NOTES' { $page.Notes = @(ConvertTo-Paragraph (Split-Block $section.Lines.ToArray())) }
            'RELATED LINKS' {
                foreach ($m in [regex]::Matches(($section.Lines -join "`n"), '\[([^\]]+)\]\(([^)\s]*)\)')) {
                    $uri = $m.Groups[2].Value
                    $page.Links += [pscustomobject]@{ Text = $m.Groups[1].Value; Uri = $(if ($uri -match '^[a-z]+://') { $uri } else { '' }) }
                }
            }
        }
    }

    if (-not $page.Synopsis) { throw "$($File.Name): the SYNOPSIS is empty." }
    if (-not $page.Sets) { throw "$($File.Name): SYNTAX has no parameter set." }
    $documented = @($page.Parameters.Name)
    foreach ($set in $page.Sets) {
        foreach ($n in $set.Order) {
            if ($documented -notcontains $n) { throw "$($File.Name): the syntax of '$($set.Name)' shows -$n, which has no '### -$n' under PARAMETERS." }
        }
    }
    foreach ($p in $page.Parameters) {
        foreach ($y in $p.Yaml) {
            foreach ($s in @($y['Parameter Sets'] -split ',' | ForEach-Object Trim)) {
                if ($s -ne '(All)' -and @($page.Sets.Name) -notcontains $s) {
                    throw "$($File.Name): -$($p.Name) names the parameter set '$s', which SYNTAX does not show."
                }
            }
        }
    }
    if ($front['online version']) {
        $page.Links = @([pscustomobject]@{ Text = 'Online Version:'; Uri = $front['online version'] }) + @($page.Links)
    }
    return [pscustomobject]$page
}

#endregion

#region MAML writing

function Test-XmlChar([char] $c) {
    $i = [int]$c
    return ($i -eq 0x9 -or $i -eq 0xA -or $i -eq 0xD -or ($i -ge 0x20 -and $i -le 0xD7FF) -or ($i -ge 0xE000 -and $i -le 0xFFFD) -or [char]::IsSurrogate($c))
}

function Get-XmlSafe([string] $Text) {
    # XmlWriter escapes <, > and &; characters XML cannot hold at all (ANSI escapes, ...) are dropped.
    if ($null -eq $Text) { return '' }
    $sb = [System.Text.StringBuilder]::new($Text.Length)
    foreach ($c in $Text.ToCharArray()) { if (Test-XmlChar $c) { $null = $sb.Append($c) } }
    return $sb.ToString()
}

function Write-Element([System.Xml.XmlWriter] $W, [string] $Prefix, [string] $Local, [string] $Text) {
    $W.WriteStartElement($Prefix, $Local, $ns[$Prefix])
    if ($Text) { $W.WriteString((Get-XmlSafe $Text)) }
    $W.WriteEndElement()
}

function Write-TypeList($W, [string] $ListName, [string] $ItemName, $Types) {
    # <command:inputTypes>/<command:returnValues>: one type name and its description per item.
    $W.WriteStartElement('command', $ListName, $ns.command)
    foreach ($t in $Types) {
        $W.WriteStartElement('command', $ItemName, $ns.command)
        $W.WriteStartElement('dev', 'type', $ns.dev)
        Write-Element $W 'maml' 'name' $t.Name
        $W.WriteEndElement()
        Write-Para $W 'maml' 'description' $t.Description
        $W.WriteEndElement()
    }
    $W.WriteEndElement()
}

function Write-Para([System.Xml.XmlWriter] $W, [string] $Prefix, [string] $Local, [string[]] $Paragraphs) {
    $W.WriteStartElement($Prefix, $Local, $ns[$Prefix])
    $paras = @($Paragraphs | Where-Object { $_ })
    if (-not $paras) { Write-Element $W 'maml' 'para' '' }
    foreach ($p in $paras) { Write-Element $W 'maml' 'para' $p }
    $W.WriteEndElement()
}

function Get-YamlFor($Parameter, [string] $SetName) {
    # The yaml block of a parameter that applies to a set (a parameter may have one block per set).
    foreach ($y in $Parameter.Yaml) {
        $sets = @($y['Parameter Sets'] -split ',' | ForEach-Object Trim)
        if ($null -eq $SetName -or $sets -contains '(All)' -or $sets -contains $SetName) { return $y }
    }
    return $null
}

function Get-YamlList([string] $Value) {
    @($Value -split ',' | ForEach-Object Trim | Where-Object { $_ -and $_ -ne 'None' })
}

function Write-Parameter([System.Xml.XmlWriter] $W, $Parameter, $Yaml, [bool] $InSyntax) {
    $type = $Yaml['Type']
    $isSwitch = $type -eq 'SwitchParameter'
    $position = if ($Yaml['Position'] -match '^\d+$') { $Yaml['Position'] } else { 'named' }
    $pipeline = if ($Yaml.Contains('Accept pipeline input') -and $Yaml['Accept pipeline input']) { $Yaml['Accept pipeline input'] } else { 'False' }
    $aliases = @(Get-YamlList ([string]$Yaml['Aliases']))
    $accepted = @(Get-YamlList ([string]$Yaml['Accepted values']))
    $default = if ($Yaml.Contains('Default value') -and $Yaml['Default value']) { $Yaml['Default value'] } else { 'None' }

    $W.WriteStartElement('command', 'parameter', $ns.command)
    $W.WriteAttributeString('required', ([string]($Yaml['Required'] -eq 'True')).ToLowerInvariant())
    $W.WriteAttributeString('variableLength', 'true')
    $W.WriteAttributeString('globbing', ([string]($Yaml['Accept wildcard characters'] -eq 'True')).ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $pipeline)
    $W.WriteAttributeString('position', $position)
    $W.WriteAttributeString('aliases', $(if ($aliases) { $aliases -join ', ' } else { 'none' }))
    Write-Element $W 'maml' 'name' $Parameter.Name
    Write-Para $W 'maml' 'description' $Parameter.Description
    if ($accepted -and $InSyntax) {
        $W.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($v in $accepted) {
            $W.WriteStartElement('command', 'parameterValue', $ns.command)
            $W.WriteAttributeString('required', 'false')
            $W.WriteAttributeString('command', 'variableLength', $ns.command, 'false')
            $W.WriteString((Get-XmlSafe $v))
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    if (-not ($isSwitch -and $InSyntax)) {
        # A switch shows as [-Name] in a syntax line, so it has no value there.
        $W.WriteStartElement('command', 'parameterValue', $ns.command)
        $W.WriteAttributeString('required', $(if ($isSwitch) { 'false' } else { 'true' }))
        $W.WriteAttributeString('variableLength', 'false')
        $W.WriteString((Get-XmlSafe $type))
        $W.WriteEndElement()
    }
    $W.WriteStartElement('dev', 'type', $ns.dev)
    Write-Element $W 'maml' 'name' $type
    Write-Element $W 'maml' 'uri' ''
    $W.WriteEndElement()
    Write-Element $W 'dev' 'defaultValue' $default
    $W.WriteEndElement()
}

function Write-Command([System.Xml.XmlWriter] $W, $Page) {
    $W.WriteStartElement('command', 'command', $ns.command)
    foreach ($p in 'maml', 'command', 'dev', 'MSHelp') { $W.WriteAttributeString('xmlns', $p, $null, $ns[$p]) }

    $verb, $noun = $Page.Name -split '-', 2
    $W.WriteStartElement('command', 'details', $ns.command)
    Write-Element $W 'command' 'name' $Page.Name
    Write-Element $W 'command' 'verb' $verb
    Write-Element $W 'command' 'noun' $noun
    Write-Para $W 'maml' 'description' @($Page.Synopsis)
    $W.WriteEndElement()

    Write-Para $W 'maml' 'description' $Page.Description

    $W.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($set in $Page.Sets) {
        $W.WriteStartElement('command', 'syntaxItem', $ns.command)
        Write-Element $W 'maml' 'name' $Page.Name
        $inSet = @($Page.Parameters | Where-Object { Get-YamlFor $_ $set.Name })
        $ordered = @($set.Order | ForEach-Object { $n = $_; $inSet | Where-Object Name -EQ $n }) +
            @($inSet | Where-Object { $set.Order -notcontains $_.Name })
        foreach ($p in $ordered) { Write-Parameter $W $p (Get-YamlFor $p $set.Name) $true }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($p in $Page.Parameters) { Write-Parameter $W $p $p.Yaml[0] $false }
    $W.WriteEndElement()

    Write-TypeList $W 'inputTypes' 'inputType' $Page.Inputs
    Write-TypeList $W 'returnValues' 'returnValue' $Page.Outputs

    $W.WriteStartElement('maml', 'alertSet', $ns.maml)
    Write-Para $W 'maml' 'alert' $Page.Notes
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'examples', $ns.command)
    foreach ($e in $Page.Examples) {
        $W.WriteStartElement('command', 'example', $ns.command)
        $dashes = '-' * [Math]::Max(4, [int][Math]::Floor((64 - $e.Title.Length - 2) / 2))
        Write-Element $W 'maml' 'title' "$dashes $($e.Title) $dashes"
        Write-Element $W 'dev' 'code' $e.Code
        # The empty paragraph at the end leaves a blank line before the next example in Get-Help.
        Write-Para $W 'dev' 'remarks' (@($e.Remarks) + ' ')
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'relatedLinks', $ns.command)
    foreach ($l in $Page.Links) {
        $W.WriteStartElement('maml', 'navigationLink', $ns.maml)
        Write-Element $W 'maml' 'linkText' $l.Text
        Write-Element $W 'maml' 'uri' $l.Uri
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}

#endregion

$docs = (Resolve-Path -LiteralPath $DocsPath).ProviderPath
$pages = foreach ($file in Get-ChildItem -LiteralPath $docs -Filter '*.md' -File | Sort-Object Name) {
    $page = Read-CommandPage $file
    if ($page) { $page }
}
if (-not $pages) { throw "No cmdlet page (markdown with an 'external help file' front matter) in '$docs'." }

$target = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)
foreach ($page in $pages) {
    if ($page.HelpFile -ne [System.IO.Path]::GetFileName($target)) {
        Write-Warning "$($page.Name).md names '$($page.HelpFile)' as its help file, but '$([System.IO.Path]::GetFileName($target))' is being written."
    }
}
$dir = [System.IO.Path]::GetDirectoryName($target)
if ($dir -and -not (Test-Path -LiteralPath $dir)) { $null = New-Item -ItemType Directory -Path $dir -Force }

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.NewLineChars = "`n"
$settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)

$writer = [System.Xml.XmlWriter]::Create($target, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($page in $pages) { Write-Command $writer $page }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}
# End the file with a newline, as text files here do.
[System.IO.File]::AppendAllText($target, "`n", [System.Text.UTF8Encoding]::new($false))

Write-Verbose "Wrote help for $(@($pages).Count) cmdlets: $($pages.Name -join ', ')"
Get-Item -LiteralPath $target
