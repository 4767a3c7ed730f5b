<#
.SYNOPSIS
    Turns docs/about_*.md into the plain-text about_*.help.txt that Get-Help shows: headings as the about
    topics' sections, paragraphs and lists wrapped at 80 columns, tables as indented entries, code kept
    as it is, and Markdown's marks (backticks, bold) removed.
#>
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $OutputPath,
    [int] $Width = 80
)
$ErrorActionPreference = 'Stop'

function Format-Wrapped([string] $Text, [string] $First, [string] $Rest) {
    # Wraps $Text at $Width: the first line starts with $First, the others with $Rest.
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $First
    $start = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $start -and ($line.Length + 1 + $word.Length) -gt $Width) {
            $lines.Add($line.TrimEnd())
            $line = $Rest + $word
        }
        else {
            $line = if ($start) { $line + $word } else { "$line $word" }
        }
        $start = $false
    }
    $lines.Add($line.TrimEnd())
    $lines
}

function Remove-Marks([string] $Text) { ($Text -replace '\*\*', '' -replace '`', '').Trim() }

$out = [System.Collections.Generic.List[string]]::new()
$paragraph = [System.Collections.Generic.List[string]]::new()
$table = [System.Collections.Generic.List[string[]]]::new()
$inCode = $false
$bullet = $null

function Complete-Block {
    if ($script:paragraph.Count) {
        $script:out.AddRange([string[]](Format-Wrapped (Remove-Marks ($script:paragraph -join ' ')) '    ' '    '))
        $script:out.Add('')
        $script:paragraph.Clear()
    }
    if ($null -ne $script:bullet) {
        $script:out.AddRange([string[]](Format-Wrapped (Remove-Marks $script:bullet) '    - ' '      '))
        $script:bullet = $null
    }
    if ($script:table.Count) {
        $headers = $script:table[0]
        foreach ($row in ($script:table | Select-Object -Skip 1)) {
            $script:out.AddRange([string[]](Format-Wrapped (Remove-Marks $row[0]) '    ' '    '))
            for ($i = 1; $i -lt $row.Count; $i++) {
                $text = "$(Remove-Marks $headers[$i]): $(Remove-Marks $row[$i])"
                $script:out.AddRange([string[]](Format-Wrapped $text '        ' '          '))
            }
        }
        $script:out.Add('')
        $script:table.Clear()
    }
}

foreach ($raw in Get-Content -Path $Path) {
    if ($raw -match '^```') {
        Complete-Block
        $inCode = -not $inCode
        if (-not $inCode) { $out.Add('') }
        continue
    }
    if ($inCode) { $out.Add(('        ' + $raw).TrimEnd()); continue }

    if ($raw -match '^# (.+)$') { Complete-Block; $out.Add('TOPIC'); $out.Add("    $($Matches[1])"); $out.Add(''); continue }
    if ($raw -match '^## (.+)$') { Complete-Block; $out.Add($Matches[1].ToUpperInvariant()); continue }
    if ($raw -match '^###+ (.+)$') { Complete-Block; $t = Remove-Marks $Matches[1]; $out.Add("  $t"); $out.Add('  ' + ('-' * $t.Length)); continue }
    if ($raw -match '^\s*\|') {
        if ($paragraph.Count -or $null -ne $bullet) { Complete-Block }
        if ($raw -match '^\s*\|[\s:|-]+\|\s*$') { continue }   # the separator row
        $cells = ($raw.Trim().Trim('|') -replace '\\\|', "`u{0}") -split '\|' | ForEach-Object { $_.Replace("`u{0}", '|').Trim() }
        $table.Add([string[]]$cells)
        continue
    }
    if ($raw -match '^\s*$') { Complete-Block; continue }
    if ($raw -match '^\s*[-*] (.+)$') {
        if ($paragraph.Count -or $table.Count) { Complete-Block }
        if ($null -ne $bullet) { $out.AddRange([string[]](Format-Wrapped (Remove-Marks $bullet) '    - ' '      ')) }
        $bullet = $Matches[1]
        continue
    }
    if ($null -ne $bullet) { $bullet += ' ' + $raw.Trim(); continue }
    $paragraph.Add($raw.Trim())
}
Complete-Block

Set-Content -Path $OutputPath -Value $out -Encoding utf8
