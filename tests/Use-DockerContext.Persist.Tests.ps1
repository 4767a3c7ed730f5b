BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/DockerContexts.ps1

    # A config.json as the docker CLI writes it (tabs, its key order), with logins and settings to keep.
    $script:startConfig = "{`n`t`"auths`": {`n`t`t`"127.0.0.1:5999`": {`n`t`t`t`"auth`": `"cHNkeDpzZWNyZXQ=`"`n`t`t}`n`t},`n" +
        "`t`"psFormat`": `"table {{.Names}}`",`n`t`"credsStore`": `"psdx-none`",`n`t`"plugins`": {`n`t`t`"psdx`": {`n`t`t`t`"k`": `"v`"`n`t`t}`n`t}`n}"
    function script:Set-BothConfigs([string] $Text) {
        foreach ($dir in $cfg, $other) { [System.IO.File]::WriteAllText("$dir/config.json", $Text) }
    }
    function script:Get-ConfigText([string] $Dir) { [System.IO.File]::ReadAllText("$Dir/config.json") }
}

Describe 'Use-DockerContext -Persist' {
    BeforeEach {
        $script:cfg = Enter-TestDockerConfig
        $script:other = New-TestConfigFolder
        $script:ctxName = New-TestName 'use'
        foreach ($dir in $cfg, $other) {
            Invoke-Docker --config $dir context create $ctxName --docker 'host=unix:///var/run/docker.sock' | Out-Null
        }
    }
    AfterEach { Exit-TestDockerConfig $cfg, $other }

    It 'writes currentContext as docker context use does, keeping every other key and the formatting' {
        Set-BothConfigs $startConfig
        Use-DockerContext $ctxName -Persist
        Invoke-Docker --config $other context use $ctxName | Out-Null

        Get-ConfigText $cfg | Should -BeExactly (Get-ConfigText $other)
        (Invoke-Docker context show) | Should -Be $ctxName
        $json = Get-ConfigText $cfg | ConvertFrom-Json -AsHashtable
        $json.auths['127.0.0.1:5999'].auth | Should -Be 'cHNkeDpzZWNyZXQ='
        $json.credsStore | Should -Be 'psdx-none'
        (Get-Item "$cfg/config.json").UnixMode | Should -Be (Get-Item "$other/config.json").UnixMode
    }

    It 'also makes it this session''s default, so both tools use the same engine' {
        Use-DockerContext $ctxName -Persist
        (Get-DockerContext $ctxName).Current | Should -BeTrue
        (Get-DockerVersion).Endpoint.ContextName | Should -Be $ctxName
        (Invoke-Docker context ls --format '{{.Name}} {{.Current}}') | Should -Contain "$ctxName true"
    }

    It 'removes currentContext for "default", as docker context use default does' {
        Set-BothConfigs $startConfig
        Invoke-Docker --config $other context use $ctxName | Out-Null
        Copy-Item "$other/config.json" "$cfg/config.json"
        (Invoke-Docker context show) | Should -Be $ctxName

        Use-DockerContext default -Persist
        Invoke-Docker --config $other context use default | Out-Null

        Get-ConfigText $cfg | Should -BeExactly (Get-ConfigText $other)
        Get-ConfigText $cfg | Should -Not -Match 'currentContext'
        (Invoke-Docker context show) | Should -Be 'default'
    }

    It 'creates no config file for "default" when there is none, as docker does' {
        Use-DockerContext default -Persist
        Invoke-Docker --config $other context use default | Out-Null
        Test-Path "$cfg/config.json" | Should -Be (Test-Path "$other/config.json")
        Test-Path "$cfg/config.json" | Should -BeFalse
    }

    It 'makes the config file as docker does when there is none' {
        Use-DockerContext $ctxName -Persist
        Invoke-Docker --config $other context use $ctxName | Out-Null
        Get-ConfigText $cfg | Should -BeExactly (Get-ConfigText $other)
    }

    It 'keeps keys docker does not know' {
        [System.IO.File]::WriteAllText("$cfg/config.json", '{"psdxUnknown": {"a": [1, 2]}, "auths": {}}')
        Get-DockerContext $ctxName | Use-DockerContext -Persist
        $json = Get-ConfigText $cfg | ConvertFrom-Json -AsHashtable
        $json.psdxUnknown.a | Should -Be @(1, 2)
        $json.currentContext | Should -Be $ctxName
    }

    It 'changes nothing for a context that does not exist (ContextNotFound)' {
        Set-BothConfigs $startConfig
        { Use-DockerContext "$ctxName-none" -Persist } | Should -Throw -ErrorId 'ContextNotFound,PSDocker.Commands.UseDockerContextCommand'
        Get-ConfigText $cfg | Should -BeExactly $startConfig
    }

    It 'needs a context, not an address (PersistNeedsContext)' {
        { Use-DockerContext -HostAddress unix:///var/run/docker.sock -Persist } | Should -Throw -ErrorId 'PersistNeedsContext,PSDocker.Commands.UseDockerContextCommand'
        Test-Path "$cfg/config.json" | Should -BeFalse
    }

    It 'writes nothing with -WhatIf' {
        Set-BothConfigs $startConfig
        Use-DockerContext $ctxName -Persist -WhatIf
        Get-ConfigText $cfg | Should -BeExactly $startConfig
        @(Get-DockerContext | Where-Object SessionDefault).Count | Should -Be 0
    }

    It 'warns when DOCKER_HOST overrides the file, as docker context use does' {
        $env:DOCKER_HOST = 'unix:///var/run/docker.sock'
        Use-DockerContext $ctxName -Persist -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -Match 'DOCKER_HOST'
        (Get-ConfigText $cfg | ConvertFrom-Json).currentContext | Should -Be $ctxName
    }

    It 'reports a config file that is not JSON as DockerConfigInvalid and leaves it' {
        [System.IO.File]::WriteAllText("$cfg/config.json", '{ not json')
        { Use-DockerContext $ctxName -Persist } | Should -Throw -ErrorId 'DockerConfigInvalid,PSDocker.Commands.UseDockerContextCommand'
        Get-ConfigText $cfg | Should -BeExactly '{ not json'
    }
}
