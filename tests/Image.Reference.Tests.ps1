# The image reference parser cross-checked with the docker CLI: for each reference, `docker tag` (the CLI parses the
# target before sending it) and Add-ImageTag -WhatIf must agree on accepting it, and on docker's words when refusing.
# The xunit table (ImageReferenceTests) holds Docker's own vectors; this checks the parser against the real CLI.

BeforeDiscovery {
    $p = if ($env:PSDOCKER_TEST_PREFIX) { $env:PSDOCKER_TEST_PREFIX } else { 'psdt-' }
    $script:valid = @(
        "${p}ref-a"
        "${p}ref-a:1.0"
        "${p}ref-a:Upper_Case.tag-9"
        "${p}ref.a_b__c---d/x-y:t"
        "localhost/${p}ref-a:v1"
        "localhost:5000/${p}ref-a"
        "127.0.0.1:5000/${p}ref-a:x"
        "docker.io/${p}ref-b:t"
        "index.docker.io/library/${p}ref-c:t"
        "Foo/${p}ref-d:t"
        "[::1]:5000/${p}ref-e:t"
        "${p}ref-f:" + ('t' * 128)
        ('a/' * 127) + 'a:psdr-long'
    ) | ForEach-Object { @{ Reference = $_ } }
    $script:invalid = @(
        "${p}REF"
        "${p}ref/Upper:t"
        "${p}ref:-tag"
        "${p}ref:"
        ":tag"
        "${p}ref/"
        "${p}ref//x"
        "-${p}ref"
        "${p}ref..x"
        "${p}ref@sha256:abc"
        "${p}ref@sha256:" + ('f' * 34)
        "${p}ref@md5:" + ('f' * 32)
        "${p}ref:" + ('t' * 129)
        ('a/' * 128) + 'a:t'
        ('0123456789abcdef' * 4)
        "[::1]:5000"
        "https://example.com/x"
        "fc00::1:5000/x"
    ) | ForEach-Object { @{ Reference = $_ } }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ImageTest.ps1
    Remove-TestImage

    function script:Get-CliVerdict([string] $Reference) {
        # $null when the docker CLI parsed the reference (whatever the engine then said), else the CLI's reason.
        $out = (& docker tag $TestImage $Reference 2>&1) -join "`n"
        if ($out -match 'Error parsing reference: ".*" is not a valid repository/tag: (.*)$') { return $Matches[1] }
        if ($out -match 'refusing to create a tag with a digest reference') { return 'refusing to create a tag with a digest reference' }
        $null
    }

    function script:Get-ModuleVerdict([string] $Reference) {
        try {
            Add-ImageTag $TestImage -Tag $Reference -WhatIf 6>$null
            $null
        }
        catch {
            $_.FullyQualifiedErrorId | Should -Be 'InvalidImageReference,PSDocker.Commands.AddImageTagCommand'
            $_.Exception.Message -replace '^.*? is not a valid image reference: ', ''
        }
    }
}

AfterAll {
    Remove-TestImage
    & docker rmi ((('a/' * 127) + 'a:psdr-long')) *> $null
}

Describe 'Image references, as the docker CLI parses them' {
    It 'accepts <Reference> as docker tag does' -ForEach $valid {
        Get-CliVerdict $Reference | Should -BeNullOrEmpty
        Get-ModuleVerdict $Reference | Should -BeNullOrEmpty
    }

    It 'refuses <Reference> as docker tag does, in its words' -ForEach $invalid {
        $cli = Get-CliVerdict $Reference
        $cli | Should -Not -BeNullOrEmpty
        Get-ModuleVerdict $Reference | Should -Be $cli
    }

    It 'names the same image as the docker CLI: a tag made by Add-ImageTag is found by docker under the familiar name' {
        $p = $TestPrefix
        foreach ($pair in @(
                @("docker.io/library/${p}ref-g:t", "${p}ref-g:t"),
                @("index.docker.io/${p}ref-h", "${p}ref-h:latest"),
                @("127.0.0.1:5000/${p}ref-i", "127.0.0.1:5000/${p}ref-i:latest"),
                @("localhost/${p}ref-j:v2", "localhost/${p}ref-j:v2"))) {
            $image = Add-ImageTag $TestImage -Tag $pair[0] -PassThru
            $image.Reference | Should -Be $pair[1]
            (Invoke-Docker image inspect -f '{{json .RepoTags}}' $pair[1]) | ConvertFrom-Json | Should -Contain $pair[1]
            Get-ImageId $pair[1] | Should -Be (Get-ImageId $TestImage)
        }
    }

    It 'reports an engine stricter than the CLI (engine 20.10: no IPv6 registries) with the engine''s words, under the same error id' {
        $ref = "[::1]:5000/${TestPrefix}ref-k:t"
        $cli = (& docker tag $TestImage $ref 2>&1) -join "`n"
        Add-ImageTag $TestImage -Tag $ref -ErrorAction SilentlyContinue -ErrorVariable errs
        if ($cli -match 'Error response from daemon: (.*)$') {
            $errs | Should -HaveCount 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidImageReference,PSDocker.Commands.AddImageTagCommand'
            "$($errs[0])" | Should -BeLike "*: $($Matches[1])"
            $errs[0].TargetObject | Should -Be $ref
        }
        else {
            $errs | Should -BeNullOrEmpty
            & docker rmi $ref *> $null
        }
    }
}
