BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Registry.ps1

    $script:savedEnv = @{}
    foreach ($name in 'DOCKER_CONFIG', 'PATH', 'PSDTEST_HELPER_STORE') {
        $savedEnv[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $script:helper = Install-FakeCredentialHelper 'psdtest'
    $script:created = [System.Collections.Generic.List[string]]::new()
    function script:Use-TestDockerConfig([string] $Json) {
        $dir = New-TestDockerConfig $Json
        $created.Add((Split-Path $dir))
        $dir
    }
    function script:Reset-FakeHelper {
        Set-Content -Path $helper.Store -Value $null -NoNewline
        Set-Content -Path $helper.Log -Value $null -NoNewline
    }
}

AfterAll {
    foreach ($name in $savedEnv.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnv[$name]) }
    foreach ($dir in $created) { Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue }
    Remove-Item -Recurse -Force $helper.Bin -ErrorAction SilentlyContinue
}

Describe 'Connect-ContainerRegistry stores credentials where docker reads them (auths)' {
    BeforeEach { $script:cfg = Use-TestDockerConfig }

    It 'the lab registry refuses an anonymous docker pull (so the next tests prove something)' {
        $r = Invoke-DockerPullExitCode $AuthRegistryImage
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Match 'no basic auth credentials|unauthorized|authentication required'
    }

    It 'logs in, creates the config folder for the user only, and docker pull then works' {
        $login = Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential)
        $login | Should -BeOfType PSDocker.ContainerRegistryLogin
        $login.Registry | Should -Be $AuthRegistry
        $login.UserName | Should -Be $AuthRegistryUser
        $login.Status | Should -Be 'Login Succeeded'
        $login.StoredIn | Should -Be (Join-Path $cfg 'config.json')
        $login.PSObject.Properties.Name | Should -Not -Contain 'Password'

        (Get-Item $cfg).UnixMode | Should -Be 'drwx------'
        (Get-Item (Join-Path $cfg 'config.json')).UnixMode | Should -Be '-rw-------'
        $auth = (Read-TestDockerConfig).auths[$AuthRegistry].auth
        [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($auth)) | Should -Be "${AuthRegistryUser}:$AuthRegistryPassword"

        $r = Invoke-DockerPullExitCode $AuthRegistryImage
        $r.Output | Should -Match 'psdocker/busybox'
        $r.ExitCode | Should -Be 0
    }

    It 'takes https://host:port as docker login does (stored under host:port)' {
        (Connect-ContainerRegistry "https://$AuthRegistry/" -Credential (New-RegistryCredential)).Registry | Should -Be $AuthRegistry
        (Read-TestDockerConfig).auths.Keys | Should -Be @($AuthRegistry)
        (Invoke-DockerPullExitCode $AuthRegistryImage).ExitCode | Should -Be 0
    }

    It 'keeps every other key of an existing config.json, and docker still reads it' {
        $json = '{"auths":{"other.example:5000":{"auth":"b3RoZXI6cHc=","email":"o@example.com"}},"psFormat":"table {{.Names}}","someFutureKey":{"nested":[1,{"deep":true}]}}'
        $cfg = Use-TestDockerConfig $json
        $null = Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential)
        $config = Read-TestDockerConfig
        $config.psFormat | Should -Be 'table {{.Names}}'
        $config.someFutureKey.nested[1].deep | Should -BeTrue
        $config.auths['other.example:5000'].email | Should -Be 'o@example.com'
        $config.auths[$AuthRegistry].auth | Should -Not -BeNullOrEmpty
        Get-ChildItem $cfg | Select-Object -ExpandProperty Name | Should -Be @('config.json')
        (Invoke-DockerPullExitCode $AuthRegistryImage).ExitCode | Should -Be 0
    }

    It 'a wrong password is RegistryAuthenticationFailed and the config is left untouched' {
        $cfg = Use-TestDockerConfig '{"auths":{},"psFormat":"x"}'
        $before = Get-FileHash (Join-Path $cfg 'config.json')
        $err = { Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential -Password 'not-the-password') } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RegistryAuthenticationFailed,PSDocker.Commands.ConnectContainerRegistryCommand'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.TargetObject | Should -Be $AuthRegistry
        (Get-FileHash (Join-Path $cfg 'config.json')).Hash | Should -Be $before.Hash
    }

    It 'a wrong password with no config creates nothing' {
        { Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential -Password 'nope') } |
            Should -Throw -ErrorId 'RegistryAuthenticationFailed,PSDocker.Commands.ConnectContainerRegistryCommand'
        Test-Path $cfg | Should -BeFalse
    }

    It 'a registry that does not answer is RegistryLoginFailed (ConnectionError)' {
        $err = { Connect-ContainerRegistry 127.0.0.1:5999 -Credential (New-RegistryCredential) } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'RegistryLoginFailed,PSDocker.Commands.ConnectContainerRegistryCommand'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'refuses a registry that names no host before any request' {
        { Connect-ContainerRegistry 'https://' -Credential (New-RegistryCredential) } |
            Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.ConnectContainerRegistryCommand'
    }

    It '-WhatIf neither checks nor stores anything' {
        Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential) -WhatIf | Should -BeNullOrEmpty
        Test-Path $cfg | Should -BeFalse
    }
}

Describe 'Our credentials and the docker CLI see each other' {
    BeforeEach { $script:cfg = Use-TestDockerConfig }

    It 'docker login, then RegistryCredentials finds them and the engine pulls with them' {
        Invoke-DockerLogin
        $auth = Get-StoredCredential $AuthRegistryImage
        $auth.Username | Should -Be $AuthRegistryUser
        $auth.Password | Should -Be $AuthRegistryPassword
        $auth.ServerAddress | Should -Be $AuthRegistry

        $withAuth = Invoke-EnginePull $AuthRegistryImage $auth | Out-String
        $withAuth | Should -Match 'Status: (Image is up to date|Downloaded newer image)'
        Invoke-EnginePull $AuthRegistryImage $null | Out-String | Should -Match 'no basic auth credentials|unauthorized'
    }

    It 'docker logout removes what Connect-ContainerRegistry stored' {
        $null = Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential)
        Invoke-Docker logout $AuthRegistry | Out-Null
        (Read-TestDockerConfig).auths.Keys | Should -Not -Contain $AuthRegistry
        Get-StoredCredential $AuthRegistryImage | Should -BeNullOrEmpty
    }

    It 'Disconnect-ContainerRegistry removes what docker login stored, and docker pull fails again' {
        Invoke-DockerLogin
        (Invoke-DockerPullExitCode $AuthRegistryImage).ExitCode | Should -Be 0
        Disconnect-ContainerRegistry $AuthRegistry -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
        (Read-TestDockerConfig).auths.Keys | Should -Not -Contain $AuthRegistry
        (Invoke-DockerPullExitCode $AuthRegistryImage).ExitCode | Should -Not -Be 0
    }

    It 'Disconnect-ContainerRegistry removes an entry stored with a scheme (https://host:port), as docker logout does' {
        $null = Use-TestDockerConfig ('{"auths":{"https://' + $AuthRegistry + '":{"auth":"' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${AuthRegistryUser}:$AuthRegistryPassword")) + '"}}}')
        (Get-StoredCredential $AuthRegistryImage).Username | Should -Be $AuthRegistryUser
        (Invoke-DockerPullExitCode $AuthRegistryImage).ExitCode | Should -Be 0
        Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential) | Out-Null
        $AuthRegistry | Disconnect-ContainerRegistry
        (Read-TestDockerConfig).auths.Count | Should -Be 0
    }

    It 'takes the output of Connect-ContainerRegistry from the pipeline' {
        Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential) | Disconnect-ContainerRegistry
        (Read-TestDockerConfig).auths.Keys | Should -Not -Contain $AuthRegistry
    }

    It 'a registry not logged in to gives the warning "Not logged in to" (no error)' {
        Disconnect-ContainerRegistry $AuthRegistry -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable errors
        "$warnings" | Should -Be "Not logged in to $AuthRegistry"
        $errors | Should -BeNullOrEmpty
        Test-Path $cfg | Should -BeFalse
    }

    It 'Disconnect-ContainerRegistry -WhatIf keeps the credentials' {
        Invoke-DockerLogin
        Disconnect-ContainerRegistry $AuthRegistry -WhatIf
        (Read-TestDockerConfig).auths.Keys | Should -Contain $AuthRegistry
    }
}

Describe 'Credential helpers (docker-credential-* protocol)' {
    BeforeEach { Reset-FakeHelper }

    It 'credsStore: Connect stores through the helper, leaves an empty auths entry, and docker pull uses it' {
        $cfg = Use-TestDockerConfig '{"auths":{},"credsStore":"psdtest"}'
        $login = Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential)
        $login.StoredIn | Should -Be 'docker-credential-psdtest'
        $entry = Get-FakeHelperEntry $AuthRegistry
        $entry.User | Should -Be $AuthRegistryUser
        $entry.Secret | Should -Be $AuthRegistryPassword
        $config = Read-TestDockerConfig
        $config.auths[$AuthRegistry].Count | Should -Be 0
        $config.credsStore | Should -Be 'psdtest'
        Get-Content -Raw (Join-Path $cfg 'config.json') | Should -Not -Match ([regex]::Escape($AuthRegistryPassword))

        Reset-FakeHelper
        Set-Content $helper.Store ("$AuthRegistry`t$AuthRegistryUser`t$AuthRegistryPassword") -NoNewline
        (Invoke-DockerPullExitCode $AuthRegistryImage).ExitCode | Should -Be 0
        Get-Content $helper.Log | Should -Contain "get $AuthRegistry"
    }

    It 'credsStore: docker login stores through the helper, and RegistryCredentials reads it back through the helper' {
        $null = Use-TestDockerConfig '{"credsStore":"psdtest"}'
        Invoke-DockerLogin
        (Get-FakeHelperEntry $AuthRegistry).Secret | Should -Be $AuthRegistryPassword
        $auth = Get-StoredCredential $AuthRegistryImage
        $auth.Username | Should -Be $AuthRegistryUser
        $auth.Password | Should -Be $AuthRegistryPassword
        Invoke-EnginePull $AuthRegistryImage $auth | Out-String | Should -Match 'Status: (Image is up to date|Downloaded newer image)'
    }

    It 'a helper that says "credentials not found" means anonymous' {
        $null = Use-TestDockerConfig '{"credsStore":"psdtest"}'
        Get-StoredCredential $AuthRegistryImage | Should -BeNullOrEmpty
        Get-Content $helper.Log | Should -Contain "get $AuthRegistry"
    }

    It 'credsStore: docker logout erases what Connect stored, and Disconnect what docker login stored' {
        $null = Use-TestDockerConfig '{"credsStore":"psdtest"}'
        $null = Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential)
        Invoke-Docker logout $AuthRegistry | Out-Null
        Get-FakeHelperEntry $AuthRegistry | Should -BeNullOrEmpty

        Invoke-DockerLogin
        Get-FakeHelperEntry $AuthRegistry | Should -Not -BeNullOrEmpty
        Disconnect-ContainerRegistry $AuthRegistry
        Get-FakeHelperEntry $AuthRegistry | Should -BeNullOrEmpty
        Get-Content $helper.Log | Should -Contain "erase $AuthRegistry"
        (Read-TestDockerConfig).auths.Keys | Should -Not -Contain $AuthRegistry
    }

    It 'credHelpers wins over credsStore for its registry (the credsStore helper is never run)' {
        $null = Use-TestDockerConfig ('{"credsStore":"psdtest-not-installed","credHelpers":{"' + $AuthRegistry + '":"psdtest"}}')
        (Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential)).StoredIn | Should -Be 'docker-credential-psdtest'
        (Get-FakeHelperEntry $AuthRegistry).User | Should -Be $AuthRegistryUser
        (Invoke-DockerPullExitCode $AuthRegistryImage).ExitCode | Should -Be 0
        (Get-StoredCredential $AuthRegistryImage).Password | Should -Be $AuthRegistryPassword
        Disconnect-ContainerRegistry $AuthRegistry
        Get-FakeHelperEntry $AuthRegistry | Should -BeNullOrEmpty
    }

    It 'credHelpers: docker login stores through the registry''s helper and we read it' {
        $null = Use-TestDockerConfig ('{"credHelpers":{"' + $AuthRegistry + '":"psdtest"}}')
        Invoke-DockerLogin
        (Get-FakeHelperEntry $AuthRegistry).Secret | Should -Be $AuthRegistryPassword
        (Get-StoredCredential $AuthRegistryImage).Username | Should -Be $AuthRegistryUser
        # The other registry has no helper and nothing in auths: anonymous.
        Get-StoredCredential '127.0.0.1:5000/psdocker/busybox:latest' | Should -BeNullOrEmpty
    }

    It 'a helper that is not on PATH is CredentialHelperNotFound, before anything is checked or stored' {
        $null = Use-TestDockerConfig '{"credsStore":"psdtest-not-installed"}'
        { Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential) } |
            Should -Throw -ErrorId 'CredentialHelperNotFound,PSDocker.Commands.ConnectContainerRegistryCommand'
        { Get-StoredCredential $AuthRegistryImage } | Should -Throw '*docker-credential-psdtest-not-installed*'
    }
}

Describe 'No password in any stream' {
    BeforeAll {
        $script:secret = $AuthRegistryPassword
        $script:encoded = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${AuthRegistryUser}:$secret"))
    }

    # -Debug makes ShouldProcess and warnings ask (as for every cmdlet): -Confirm:$false and -WarningAction answer for the test.
    It 'is not in output, verbose, debug, warnings or error records (*>&1)' {
        $null = Use-TestDockerConfig '{"credsStore":"psdtest"}'
        Reset-FakeHelper
        $all = @(
            Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential) -Verbose -Debug -Confirm:$false -WarningAction Continue *>&1
            try { Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential -Password "$secret-wrong") -Verbose -Debug -Confirm:$false *>&1 }
            catch { $_; $_.Exception.ToString(); $_ | Format-List * -Force | Out-String; $_.Exception | Format-List * -Force | Out-String }
            Disconnect-ContainerRegistry $AuthRegistry -Verbose -Debug -Confirm:$false -WarningAction Continue *>&1
            Disconnect-ContainerRegistry $AuthRegistry -Verbose -Debug -Confirm:$false -WarningAction Continue *>&1
            $null = Use-TestDockerConfig '{"credsStore":"psdtest-not-installed"}'
            try { Connect-ContainerRegistry $AuthRegistry -Credential (New-RegistryCredential) -Verbose -Debug -Confirm:$false *>&1 }
            catch { $_; $_.Exception.ToString(); $_ | Format-List * -Force | Out-String }
        )
        $text = ($all | Out-String -Width 400) + ($all | Format-List * -Force | Out-String -Width 400)
        $text | Should -Match 'Login Succeeded'
        $text | Should -Match 'RegistryAuthenticationFailed'
        $text | Should -Match 'Not logged in to'
        $text | Should -Match 'CredentialHelperNotFound'
        $text | Should -Not -Match ([regex]::Escape($secret))
        $text | Should -Not -Match ([regex]::Escape($encoded))
        Get-Content -Raw $helper.Log | Should -Not -Match ([regex]::Escape($secret))
        ($Error | ForEach-Object { $_.ToString(); $_.Exception.ToString() } | Out-String) | Should -Not -Match ([regex]::Escape($secret))
    }

    It 'is not in a transcript of a session that logs in, fails a login and logs out' {
        $cfg = Use-TestDockerConfig
        $transcript = Join-Path (Split-Path $cfg) 'transcript.txt'
        $script = @"
`$ErrorActionPreference = 'Continue'
Import-Module '$env:PSDOCKER_MODULE'
`$env:DOCKER_CONFIG = '$cfg'
Start-Transcript -Path '$transcript' | Out-Null
`$good = [pscredential]::new('$AuthRegistryUser', (ConvertTo-SecureString '$secret' -AsPlainText -Force))
`$bad = [pscredential]::new('$AuthRegistryUser', (ConvertTo-SecureString '$secret-wrong' -AsPlainText -Force))
Connect-ContainerRegistry $AuthRegistry -Credential `$good -Verbose | Format-List
try { Connect-ContainerRegistry $AuthRegistry -Credential `$bad -Verbose } catch { `$_ | Format-List * -Force; `$_.Exception.ToString() }
Disconnect-ContainerRegistry $AuthRegistry -Verbose
Stop-Transcript | Out-Null
"@
        # The password appears in the script text itself: check the transcript and the output, not the command line.
        $r = Invoke-ChildPwsh $script
        $log = Get-Content -Raw $transcript
        $log | Should -Match 'Login Succeeded'
        $log | Should -Match 'RegistryAuthenticationFailed'
        $log -replace [regex]::Escape("ConvertTo-SecureString '$secret"), '' | Should -Not -Match ([regex]::Escape($secret))
        $log | Should -Not -Match ([regex]::Escape($encoded))
        $r.Output | Should -Match 'Login Succeeded'
        $r.Output | Should -Not -Match ([regex]::Escape($secret))
    }
}
