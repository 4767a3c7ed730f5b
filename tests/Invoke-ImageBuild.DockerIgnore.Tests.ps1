# The .dockerignore differential: the same context built with `DOCKER_BUILDKIT=0 docker build` and with
# Invoke-ImageBuild, per set of patterns; the files that reached the image must be the same.

BeforeDiscovery {
    # Each set is one .dockerignore (lines joined with "`n"); together they hold more than 30 patterns.
    $script:patternSets = @(
        @{ Name = 'extension'; Lines = @('*.log') }
        @{ Name = 'any depth'; Lines = @('**/*.log', '**/README.md') }
        @{ Name = 'folder and exception'; Lines = @('docs', '!docs/README.md') }
        @{ Name = 'trailing slash folder'; Lines = @('docs/', '!docs/img/') }
        @{ Name = 'everything but go sources'; Lines = @('*', '!src/**/*.go', '!Dockerfile') }
        @{ Name = 'leading slash and dot'; Lines = @('/a.txt', './b.log', '/deep/a/../a/b/e.log') }
        @{ Name = 'vendor folders'; Lines = @('node_modules', '.git', '.hidden') }
        @{ Name = 'glob in folder'; Lines = @('src/util/*_test.go', 'build/*', '!build/keep.txt') }
        @{ Name = 'double star in the middle'; Lines = @('deep/**/c', '?.md') }
        @{ Name = 'character classes'; Lines = @('[ab].*', '[!c]*.md', 'x[+]y.txt', 'src/[^m]*') }
        @{ Name = 'escapes'; Lines = @('x\+y.txt', 'a\(b\)c.txt', 'weird\[1\].txt') }
        @{ Name = 'later wins'; Lines = @('*.md', '!*.md', 'README.md') }
        @{ Name = 'comments blanks and spaces'; Lines = @('# a comment', '', '   *.txt   ', '!a.txt', ' # not a comment') }
        @{ Name = 'build files excluded'; Lines = @('Dockerfile', '.dockerignore', 'c.md') }
        @{ Name = 'names with spaces and parens'; Lines = @('dir with space', 'a(b)c.txt') }
        @{ Name = 'all then one folder back'; Lines = @('**', '!deep/a/b', '!Dockerfile') }
        @{ Name = 'links and empty folders'; Lines = @('link', 'emptydir') }
        @{ Name = 'one level down'; Lines = @('*/*.md', '*/*/*.go') }
        @{ Name = 'exception inside an excluded folder'; Lines = @('deep', '!deep/*/b/c') }
        @{ Name = 'prefix and suffix forms'; Lines = @('src**', '**.log', 'no/such/path') }
        # "\r\n" ends a line, a lone "\r" does not: the second line is one pattern that matches nothing.
        @{ Name = 'carriage returns'; Lines = @("a.txt`r", "c.md`rb.log") }
        # The last "docs" is not tried on the folder (it was already excluded), so it does not carry to what it holds.
        @{ Name = 'a repeated exclusion after an exception'; Lines = @('docs', '!docs/README.md', 'docs') }
    )
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ImageBuild.ps1
    $script:ctx = New-BuildFolder 'ignore'
    $script:images = [System.Collections.Generic.List[string]]::new()
    Set-BuildFile $ctx 'Dockerfile' "FROM $TestImage`nCOPY . /ctx/`n"
    foreach ($f in 'a.txt', 'b.log', 'c.md', 'README.md', '.hidden', '.git/config', '.git/objects/x1',
        'docs/README.md', 'docs/guide.md', 'docs/img/logo.png', 'src/main.go', 'src/util/helper.go',
        'src/util/helper_test.go', 'src/vendor/lib.go', 'src/README.md', 'build/out.bin', 'build/keep.txt',
        'node_modules/pkg/index.js', 'node_modules/pkg/README.md', 'dir with space/file one.txt',
        'a(b)c.txt', 'x+y.txt', 'weird[1].txt', 'deep/a/b/c/d.txt', 'deep/a/b/e.log', 'deep/z.md') {
        Set-BuildFile $ctx $f $f
    }
    New-Item -ItemType Directory -Path (Join-Path $ctx 'emptydir') | Out-Null
    New-Item -ItemType SymbolicLink -Path (Join-Path $ctx 'link') -Target 'a.txt' | Out-Null
}

AfterAll {
    Remove-TestImage $images
    Remove-BuildFolder $ctx
}

Describe 'Invoke-ImageBuild .dockerignore, compared with docker build' {
    It 'sends what docker build sends for <Name>' -ForEach $patternSets {
        [System.IO.File]::WriteAllText((Join-Path $ctx '.dockerignore'), ($Lines -join "`n") + "`n")
        $cli = (New-TestName 'ign-cli') + ':1'; $ours = (New-TestName 'ign-ours') + ':1'
        $images.Add($cli); $images.Add($ours)
        Invoke-LegacyDockerBuild -t $cli $ctx
        Invoke-ImageBuild $ctx -Tag $ours | Out-Null
        $expected = Get-ImageFileList $cli
        $actual = Get-ImageFileList $ours
        $expected.Count | Should -BeGreaterThan 1
        ($actual -join "`n") | Should -Be ($expected -join "`n")
        # Symbolic links arrive as links, as the CLI sends them.
        $linkCli = & docker run --rm $cli sh -c 'readlink /ctx/link || true'
        $linkOurs = & docker run --rm $ours sh -c 'readlink /ctx/link || true'
        $linkOurs | Should -Be $linkCli
        Remove-TestImage $cli, $ours
    }

    It 'refuses a .dockerignore pattern docker refuses, with InvalidDockerIgnorePattern' {
        [System.IO.File]::WriteAllText((Join-Path $ctx '.dockerignore'), "a[`n")
        { Invoke-ImageBuild $ctx -HostAddress unix:///nonexistent/docker.sock } |
            Should -Throw -ErrorId 'InvalidDockerIgnorePattern,PSDocker.Commands.InvokeImageBuildCommand'
    }
}
