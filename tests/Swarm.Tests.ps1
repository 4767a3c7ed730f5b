# The swarm itself, its nodes, secrets and configs, on swarm lab nodes 1 and 2 (each an engine in its own network
# namespace, 10.250.0.1 and 10.250.0.2). One file, run in order: every step builds on the swarm the ones before made.
# Every result is cross-checked with the docker CLI pointed at the same node.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/SwarmLab.ps1
    $script:nodes = @(Start-SwarmLabNode 1, 2)
    Reset-SwarmLabNode 1, 2
    $script:h1 = $nodes[0].HostAddress
    $script:h2 = $nodes[1].HostAddress

    function script:Invoke-Node([string] $HostAddress) {
        # The docker CLI on one node, throwing with its output when it fails.
        $output = & docker -H $HostAddress @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "docker -H $HostAddress $($args -join ' ') failed: $output" }
        $output
    }

    function script:Wait-Until([scriptblock] $Condition, [int] $Seconds = 60, [string] $What = 'the condition') {
        # Swarm converges in seconds: a loose deadline, polled calmly.
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting for $What." }
            Start-Sleep -Milliseconds 500
        }
    }

    function script:Get-AllStream([scriptblock] $Script) {
        # Everything a call writes, on every stream (output formatted as the console shows it), as one text.
        $saved = $VerbosePreference, $DebugPreference, $InformationPreference
        try {
            $VerbosePreference = $DebugPreference = $InformationPreference = 'Continue'
            (& $Script *>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { "$_ $($_.Exception) $($_.TargetObject)" } else { $_ | Format-List * | Out-String; $_ | Out-String } }) -join "`n"
        }
        finally { $VerbosePreference, $DebugPreference, $InformationPreference = $saved }
    }

    function script:Get-Table([object[]] $InputObject, [int] $Width) { $InputObject | Format-Table | Out-String -Width $Width }
}

AfterAll {
    Reset-SwarmLabNode 1, 2
}

Describe 'Swarm on two lab nodes' {
    Context 'an engine in no swarm' {
        It 'answers Get-DockerSwarm with state inactive, no id and no tokens' {
            $s = Get-DockerSwarm -HostAddress $h1
            $s.LocalNodeState | Should -Be 'inactive'
            $s.IsActive | Should -BeFalse
            $s.Id | Should -BeNullOrEmpty
            $s.JoinTokens | Should -BeNullOrEmpty
            $s.Endpoint.ToString() | Should -Be $h1
            Invoke-Node $h1 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
        }

        It 'gives SwarmNotInitialized for what needs a swarm' {
            { Get-SwarmNode -HostAddress $h1 } | Should -Throw -ErrorId 'SwarmNotInitialized,PSDocker.Commands.GetSwarmNodeCommand'
            { Get-DockerSwarm -HostAddress $h1 -UnlockKey } | Should -Throw -ErrorId 'SwarmNotInitialized,PSDocker.Commands.GetDockerSwarmCommand'
            { Exit-DockerSwarm -HostAddress $h1 } | Should -Throw -ErrorId 'SwarmNotInitialized,PSDocker.Commands.ExitDockerSwarmCommand'
            { Get-SwarmSecret -HostAddress $h1 } | Should -Throw -ErrorId 'SwarmNotInitialized,PSDocker.Commands.GetSwarmSecretCommand'
            Exit-DockerSwarm -HostAddress $h1 -Force -ErrorAction Stop | Should -BeNullOrEmpty -Because '-Force makes leaving no swarm no error'
        }

        It 'refuses bad input before anything is sent, naming the parameter and the value' {
            { Initialize-DockerSwarm -HostAddress $h1 -DefaultAddressPool '10.20.0.0' } |
                Should -Throw -ErrorId 'InvalidAddressPool,PSDocker.Commands.InitializeDockerSwarmCommand' -ExpectedMessage "*-DefaultAddressPool '10.20.0.0'*"
            { Initialize-DockerSwarm -HostAddress $h1 -DispatcherHeartbeat 'soon' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSDocker.Commands.InitializeDockerSwarmCommand' -ExpectedMessage '*DispatcherHeartbeat*soon*'
            { Initialize-DockerSwarm -HostAddress $h1 -CertExpiry 0 } | Should -Throw -ErrorId 'InvalidDurationSpec,PSDocker.Commands.InitializeDockerSwarmCommand'
            Invoke-Node $h1 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
        }

        It 'makes no swarm with -WhatIf' {
            Initialize-DockerSwarm -HostAddress $h1 -AdvertiseAddress $nodes[0].Address -WhatIf | Should -BeNullOrEmpty
            Invoke-Node $h1 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
        }
    }

    Context 'init, join and the node list' {
        It 'initializes a swarm with the settings given and returns it' {
            $script:swarm = Initialize-DockerSwarm -HostAddress $h1 -AdvertiseAddress $nodes[0].Address -TaskHistoryLimit 3 `
                -DispatcherHeartbeat 7s -CertExpiry '48h' -DefaultAddressPool '10.123.0.0/16' -SubnetSize 26
            $swarm | Should -BeOfType PSDocker.DockerSwarm
            $swarm.LocalNodeState | Should -Be 'active'
            $swarm.IsManager | Should -BeTrue
            $swarm.Role | Should -Be 'manager'
            $swarm.Id | Should -Be (Invoke-Node $h1 info --format '{{.Swarm.Cluster.ID}}')
            $swarm.NodeId | Should -Be (Invoke-Node $h1 info --format '{{.Swarm.NodeID}}')
            $swarm.Nodes | Should -Be 1
            $swarm.TaskHistoryLimit | Should -Be 3
            $swarm.DispatcherHeartbeat | Should -Be ([TimeSpan]::FromSeconds(7))
            $swarm.CertExpiry | Should -Be ([TimeSpan]::FromHours(48))
            $swarm.DefaultAddressPool | Should -Be @('10.123.0.0/16')
            $swarm.SubnetSize | Should -Be 26
            $swarm.Autolock | Should -BeFalse
            $swarm.UnlockKey | Should -BeNullOrEmpty
            $swarm.CreatedAt.Kind | Should -Be 'Utc'
            $swarm.CreatedAt | Should -BeGreaterThan ([DateTime]::UtcNow.AddMinutes(-10))
            Invoke-Node $h1 info --format '{{.Swarm.Cluster.Spec.Orchestration.TaskHistoryRetentionLimit}} {{.Swarm.Cluster.Spec.Dispatcher.HeartbeatPeriod}} {{.Swarm.Cluster.SubnetSize}}' |
                Should -Be '3 7s 26'
        }

        It 'refuses a second init with SwarmAlreadyInitialized' {
            { Initialize-DockerSwarm -HostAddress $h1 -AdvertiseAddress $nodes[0].Address } |
                Should -Throw -ErrorId 'SwarmAlreadyInitialized,PSDocker.Commands.InitializeDockerSwarmCommand'
        }

        It 'gives the join tokens only as SecureStrings, never as text in any output' {
            $s = Get-DockerSwarm -HostAddress $h1
            $worker = Invoke-Node $h1 swarm join-token -q worker
            $manager = Invoke-Node $h1 swarm join-token -q manager
            $s.JoinTokens.Worker | Should -BeOfType System.Security.SecureString
            $s.JoinTokens.Manager | Should -BeOfType System.Security.SecureString
            ConvertFrom-SecureString -AsPlainText $s.JoinTokens.Worker | Should -Be $worker
            ConvertFrom-SecureString -AsPlainText $s.JoinTokens.Manager | Should -Be $manager
            $xml = Join-Path $TestDrive 'swarm.xml'
            $s | Export-Clixml -Path $xml -Depth 5
            foreach ($text in @(
                    ($s | Out-String -Width 200), ($s | Format-List | Out-String -Width 200), ($s | Format-List * | Out-String -Width 200),
                    ($s | Format-Table * | Out-String -Width 400), $s.ToString(), "$($s.JoinTokens)", ($s.JoinTokens | Out-String -Width 200),
                    ($s.JoinTokens | Format-List | Out-String -Width 200), ($s | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue),
                    ($s | Select-Object -ExpandProperty JoinTokens | Out-String -Width 200), (Get-Content -Raw $xml))) {
                $text | Should -Not -Match ([regex]::Escape($worker))
                $text | Should -Not -Match ([regex]::Escape($manager))
                $text | Should -Not -Match 'SWMTKN'
            }
        }

        It 'refuses a malformed token without echoing it' {
            $bad = 'SWMTKN-1-not-a-real-token-psdtA'
            $script:joinError = $null
            $text = Get-AllStream { try { Join-DockerSwarm -HostAddress $h2 -RemoteAddress "$($nodes[0].Address):2377" -Token $bad } catch { $script:joinError = $_ } }
            $joinError.FullyQualifiedErrorId | Should -Be 'SwarmJoinTokenInvalid,PSDocker.Commands.JoinDockerSwarmCommand'
            $text | Should -Not -Match 'not-a-real-token'
            "$joinError $($joinError.Exception) $($joinError.TargetObject)" | Should -Not -Match 'not-a-real-token'
            Invoke-Node $h2 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
        }

        It 'joins node 2 as a worker with a SecureString token, never writing the token' {
            $secure = (Get-DockerSwarm -HostAddress $h1).JoinTokens.Worker
            $token = ConvertFrom-SecureString -AsPlainText $secure
            $text = Get-AllStream { $script:joined = Join-DockerSwarm -HostAddress $h2 -RemoteAddress "$($nodes[0].Address):2377" -Token $secure -AdvertiseAddress $nodes[1].Address }
            $text | Should -Not -Match ([regex]::Escape($token))
            $text | Should -Match 'joined a swarm as a worker'
            $joined.LocalNodeState | Should -Be 'active'
            $joined.IsManager | Should -BeFalse
            $joined.Role | Should -Be 'worker'
            $joined.JoinTokens | Should -BeNullOrEmpty -Because 'a worker has no tokens'
            Invoke-Node $h2 info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' | Should -Be 'active false'
        }

        It 'lists two Ready nodes with their roles, as docker node ls does' {
            Wait-Until { @(Get-SwarmNode -HostAddress $h1 | Where-Object Status -EQ 'ready').Count -eq 2 } -What 'two ready nodes'
            $list = @(Get-SwarmNode -HostAddress $h1)
            $list | Should -HaveCount 2
            $cli = @(Invoke-Node $h1 node ls --format '{{.ID}}|{{.Hostname}}|{{.Status}}|{{.Availability}}|{{.ManagerStatus}}|{{.Self}}')
            $cli | Should -HaveCount 2
            foreach ($line in $cli) {
                $id, $hostname, $status, $availability, $managerStatus, $self = $line -split '\|'
                $n = $list | Where-Object Id -EQ $id
                $n | Should -Not -BeNullOrEmpty -Because "docker node ls lists $id"
                $n.Hostname | Should -Be $hostname
                $n.Status | Should -Be $status.ToLowerInvariant()
                $n.Availability | Should -Be $availability.ToLowerInvariant()
                $n.ManagerStatus | Should -Be $managerStatus
                $n.IsSelf | Should -Be ([bool]::Parse($self))
                $n.Endpoint.ToString() | Should -Be $h1
            }
            ($list | Where-Object Hostname -EQ 'sw1').Role | Should -Be 'manager'
            ($list | Where-Object Hostname -EQ 'sw1').ManagerStatus | Should -Be 'Leader'
            ($list | Where-Object Hostname -EQ 'sw2').Role | Should -Be 'worker'
            ($list | Where-Object Hostname -EQ 'sw2').Address | Should -Be $nodes[1].Address
            @(Get-SwarmNode -HostAddress $h1 -Role Worker).Hostname | Should -Be @('sw2')
        }

        It 'finds nodes by host name, id prefix, self and wildcard, and says SwarmNodeNotFound for others' {
            $sw2 = Get-SwarmNode -HostAddress $h1 sw2
            $sw2.Hostname | Should -Be 'sw2'
            (Get-SwarmNode -HostAddress $h1 $sw2.Id.Substring(0, 6)).Id | Should -Be $sw2.Id
            (Get-SwarmNode -HostAddress $h1 self).Hostname | Should -Be 'sw1'
            @(Get-SwarmNode -HostAddress $h1 'sw*').Count | Should -Be 2
            $errs = $null
            $found = @(Get-SwarmNode -HostAddress $h1 psdtA-nope, sw2 -ErrorVariable errs -ErrorAction SilentlyContinue)
            $found.Hostname | Should -Be @('sw2') -Because 'a node not found does not stop the others'
            $errs[0].FullyQualifiedErrorId | Should -Be 'SwarmNodeNotFound,PSDocker.Commands.GetSwarmNodeCommand'
            $errs[0].TargetObject | Should -Be 'psdtA-nope'
        }

        It 'marks the node asked with * in a table that reads at 80 columns' {
            $table = Get-Table @(Get-SwarmNode -HostAddress $h1) 80
            foreach ($h in 'ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER', 'VERSION') { $table | Should -Match "(^|\s)$h(\s|$)" }
            $table | Should -Match ([regex]::Escape((Invoke-Node $h1 info --format '{{.Swarm.NodeID}}').Substring(0, 12) + ' *'))
            $table | Should -Match ([regex]::Escape((Invoke-Node $h1 version --format '{{.Server.Version}}'))) -Because 'the engine version reads whole'
            $table | Should -Match 'Leader'
            $table | Should -Not -Match ([char]0x2026)
            foreach ($line in $table -split "`r?`n") { $line.TrimEnd().Length | Should -BeLessOrEqual 80 }
        }

        It 'answers a worker with SwarmNotManager, and Get-DockerSwarm there without tokens' {
            { Get-SwarmNode -HostAddress $h2 } | Should -Throw -ErrorId 'SwarmNotManager,PSDocker.Commands.GetSwarmNodeCommand'
            { Get-DockerSwarm -HostAddress $h2 -UnlockKey } | Should -Throw -ErrorId 'SwarmNotManager,PSDocker.Commands.GetDockerSwarmCommand'
            $w = Get-DockerSwarm -HostAddress $h2
            $w.Role | Should -Be 'worker'
            $w.JoinTokens | Should -BeNullOrEmpty
            $w.Id | Should -BeNullOrEmpty
        }

        It 'completes node host names from the manager' {
            $line = "Get-SwarmNode -HostAddress '$h1' sw"
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            $completions | Should -Contain 'sw1'
            $completions | Should -Contain 'sw2'
        }
    }

    Context 'changing nodes' {
        It 'drains and activates a node piped by Get-SwarmNode, as docker node inspect sees it' {
            Get-SwarmNode -HostAddress $h1 sw2 | Set-SwarmNode -Availability Drain -WhatIf
            Invoke-Node $h1 node inspect sw2 --format '{{.Spec.Availability}}' | Should -Be 'active' -Because '-WhatIf changes nothing'
            $after = Get-SwarmNode -HostAddress $h1 sw2 | Set-SwarmNode -Availability Drain -PassThru
            $after.Availability | Should -Be 'drain'
            Invoke-Node $h1 node inspect sw2 --format '{{.Spec.Availability}}' | Should -Be 'drain'
            Set-SwarmNode -HostAddress $h1 sw2 -Availability Active | Should -BeNullOrEmpty
            Invoke-Node $h1 node inspect sw2 --format '{{.Spec.Availability}}' | Should -Be 'active'
        }

        It 'adds and removes labels' {
            Set-SwarmNode -HostAddress $h1 sw2 -Label @{ zone = 'a'; 'psdtA.tier' = 'web' }
            Invoke-Node $h1 node inspect sw2 --format '{{index .Spec.Labels "zone"}} {{index .Spec.Labels "psdtA.tier"}}' | Should -Be 'a web'
            $n = Set-SwarmNode -HostAddress $h1 sw2 -RemoveLabel zone -Label 'psdtA.tier=db' -PassThru
            $n.Labels['psdtA.tier'] | Should -Be 'db'
            $n.Labels.ContainsKey('zone') | Should -BeFalse
            Invoke-Node $h1 node inspect sw2 --format '{{json .Spec.Labels}}' | ConvertFrom-Json -AsHashtable | ForEach-Object Keys | Should -Be @('psdtA.tier')
            { Set-SwarmNode -HostAddress $h1 sw2 -Label '=x' } | Should -Throw -ErrorId 'InvalidLabelSpec,PSDocker.Commands.SetSwarmNodeCommand'
        }

        It 'promotes and demotes a node' {
            Set-SwarmNode -HostAddress $h1 sw2 -Role Manager
            Invoke-Node $h1 node inspect sw2 --format '{{.Spec.Role}}' | Should -Be 'manager'
            Wait-Until { (Get-SwarmNode -HostAddress $h1 sw2).ManagerStatus -eq 'Reachable' } -What 'sw2 to be a reachable manager'
            Wait-Until { (Get-DockerSwarm -HostAddress $h2).IsManager } -What 'sw2 to act as a manager'
            Set-SwarmNode -HostAddress $h1 sw2 -Role Worker
            Invoke-Node $h1 node inspect sw2 --format '{{.Spec.Role}}' | Should -Be 'worker'
            Wait-Until { (Get-SwarmNode -HostAddress $h1 sw2).ManagerStatus -eq '' -and -not (Get-DockerSwarm -HostAddress $h2).IsManager } -What 'sw2 to be a worker again'
        }

        It 'writes SwarmNodeNotFound for a node that is not there and goes on' {
            $errs = $null
            Set-SwarmNode -HostAddress $h1 psdtA-nope, sw2 -Availability Active -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs | Should -HaveCount 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'SwarmNodeNotFound,PSDocker.Commands.SetSwarmNodeCommand'
            { Remove-SwarmNode -HostAddress $h1 psdtA-nope -ErrorAction Stop } | Should -Throw -ErrorId 'SwarmNodeNotFound,PSDocker.Commands.RemoveSwarmNodeCommand'
        }

        It 'refuses to remove a node that is up, with SwarmNodeNotDown' {
            { Remove-SwarmNode -HostAddress $h1 sw2 -ErrorAction Stop } | Should -Throw -ErrorId 'SwarmNodeNotDown,PSDocker.Commands.RemoveSwarmNodeCommand'
            @(Invoke-Node $h1 node ls -q) | Should -HaveCount 2
        }
    }

    Context 'tokens and the unlock key' {
        It 'rotates the worker token, and -WhatIf does not' {
            $before = Invoke-Node $h1 swarm join-token -q worker
            Update-DockerSwarm -HostAddress $h1 -RotateWorkerToken -WhatIf | Should -BeNullOrEmpty
            Invoke-Node $h1 swarm join-token -q worker | Should -Be $before
            $s = Update-DockerSwarm -HostAddress $h1 -RotateWorkerToken -PassThru
            $now = Invoke-Node $h1 swarm join-token -q worker
            $now | Should -Not -Be $before
            ConvertFrom-SecureString -AsPlainText $s.JoinTokens.Worker | Should -Be $now
            ConvertFrom-SecureString -AsPlainText $s.JoinTokens.Manager | Should -Be (Invoke-Node $h1 swarm join-token -q manager) -Because 'only the worker token was rotated'
        }

        It 'changes spec values and keeps the others' {
            Update-DockerSwarm -HostAddress $h1 -TaskHistoryLimit 4 -DispatcherHeartbeat 00:00:09 | Should -BeNullOrEmpty
            Invoke-Node $h1 info --format '{{.Swarm.Cluster.Spec.Orchestration.TaskHistoryRetentionLimit}} {{.Swarm.Cluster.Spec.Dispatcher.HeartbeatPeriod}} {{.Swarm.Cluster.Spec.CAConfig.NodeCertExpiry}}' |
                Should -Be '4 9s 48h0m0s'
        }

        It 'turns autolock on and gives the unlock key only as a SecureString' {
            $text = Get-AllStream { $script:locked = Update-DockerSwarm -HostAddress $h1 -Autolock $true -WarningVariable w; $script:warnings = $w }
            $key = Invoke-Node $h1 swarm unlock-key -q
            $locked.UnlockKey | Should -BeOfType System.Security.SecureString
            ConvertFrom-SecureString -AsPlainText $locked.UnlockKey | Should -Be $key
            $locked.Autolock | Should -BeTrue
            $warnings | Should -Not -BeNullOrEmpty
            "$warnings" | Should -Match 'UnlockKey'
            $text | Should -Not -Match ([regex]::Escape($key))
            $text | Should -Not -Match 'SWMKEY'
            ConvertFrom-SecureString -AsPlainText (Get-DockerSwarm -HostAddress $h1 -UnlockKey).UnlockKey | Should -Be $key
        }

        It 'finds the manager locked after its engine restarts, refuses a wrong key and unlocks with the right one' {
            $key = ConvertFrom-SecureString -AsPlainText $locked.UnlockKey
            Restart-SwarmLabNode 1
            Wait-Until { (Get-DockerSwarm -HostAddress $h1).LocalNodeState -eq 'locked' } -What 'node 1 to be locked'
            { Get-SwarmNode -HostAddress $h1 } | Should -Throw -ErrorId 'SwarmLocked,PSDocker.Commands.GetSwarmNodeCommand'
            $wrong = 'SWMKEY-1-psdtAwrongwrongwrongwrongwrongwrongwrongwro'
            $errText = ''
            try { Unlock-DockerSwarm -HostAddress $h1 -UnlockKey (ConvertTo-SecureString -AsPlainText -Force $wrong) }
            catch { $script:unlockError = $_; $errText = "$_ $($_.Exception) $($_.TargetObject)" }
            $unlockError.FullyQualifiedErrorId | Should -Be 'SwarmUnlockKeyInvalid,PSDocker.Commands.UnlockDockerSwarmCommand'
            $errText | Should -Not -Match 'psdtAwrong'
            (Get-DockerSwarm -HostAddress $h1).LocalNodeState | Should -Be 'locked'
            Unlock-DockerSwarm -HostAddress $h1 -UnlockKey $key | Should -BeNullOrEmpty -Because 'a plain string key is taken too'
            Wait-Until { (Get-DockerSwarm -HostAddress $h1).LocalNodeState -eq 'active' } -What 'node 1 to be unlocked'
            { Unlock-DockerSwarm -HostAddress $h1 -UnlockKey $key } | Should -Throw -ErrorId 'SwarmNotLocked,PSDocker.Commands.UnlockDockerSwarmCommand'
            Update-DockerSwarm -HostAddress $h1 -Autolock $false -PassThru | ForEach-Object Autolock | Should -BeFalse
            Invoke-Node $h1 info --format '{{.Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers}}' | Should -Be 'false'
            Wait-Until { @(Get-SwarmNode -HostAddress $h1 | Where-Object Status -EQ 'ready').Count -eq 2 } -What 'both nodes ready again'
        }
    }

    Context 'secrets' {
        BeforeAll {
            $script:secretName = New-TestName 'sec'
            $script:secretValue = 'psdtA-value-' + [guid]::NewGuid().ToString('n')
        }

        It 'creates a secret from a SecureString without writing the value anywhere' {
            $secure = ConvertTo-SecureString -AsPlainText -Force $secretValue
            $text = Get-AllStream { $script:secret = New-SwarmSecret -HostAddress $h1 $secretName -Value $secure -Label @{ suite = 'psdtA' } }
            $text | Should -Not -Match ([regex]::Escape($secretValue))
            $secret | Should -BeOfType PSDocker.SwarmSecret
            $secret.Name | Should -Be $secretName
            $secret.Labels['suite'] | Should -Be 'psdtA'
            $secret.Id | Should -Be (Invoke-Node $h1 secret ls --filter "name=$secretName" --format '{{.ID}}')
            Invoke-Node $h1 secret inspect $secretName --format '{{index .Spec.Labels "suite"}}' | Should -Be 'psdtA'
        }

        It 'refuses a name in use with SwarmSecretNameConflict, without the value' {
            $text = Get-AllStream { New-SwarmSecret -HostAddress $h1 $secretName -Value (ConvertTo-SecureString -AsPlainText -Force $secretValue) -ErrorVariable e -ErrorAction SilentlyContinue; $script:errs = $e }
            $errs[0].FullyQualifiedErrorId | Should -Be 'SwarmSecretNameConflict,PSDocker.Commands.NewSwarmSecretCommand'
            $text | Should -Not -Match ([regex]::Escape($secretValue))
        }

        It 'creates secrets from the pipeline (text or bytes) and from a file' {
            $fromText = New-TestName 'sect'
            $fromBytes = New-TestName 'secb'
            $fromFile = New-TestName 'secf'
            $file = Join-Path $TestDrive 'secret.bin'
            [IO.File]::WriteAllBytes($file, [byte[]](1, 2, 3, 0, 255))
            'line one', 'line two' | New-SwarmSecret -HostAddress $h1 $fromText | ForEach-Object Name | Should -Be $fromText
            , [byte[]](0, 1, 2) | New-SwarmSecret -HostAddress $h1 $fromBytes | ForEach-Object Name | Should -Be $fromBytes
            New-SwarmSecret -HostAddress $h1 $fromFile -Path $file | ForEach-Object Name | Should -Be $fromFile
            $listed = @(Invoke-Node $h1 secret ls --format '{{.Name}}')
            foreach ($n in $fromText, $fromBytes, $fromFile) { $listed | Should -Contain $n }
            { 1, 'x' | New-SwarmSecret -HostAddress $h1 (New-TestName 'secx') } | Should -Throw -ErrorId 'InvalidSwarmSecretValue,PSDocker.Commands.NewSwarmSecretCommand'
            { New-SwarmSecret -HostAddress $h1 (New-TestName 'secm') -Path (Join-Path $TestDrive 'missing') } | Should -Throw -ErrorId 'FileNotFound,PSDocker.Commands.NewSwarmSecretCommand'
            { New-SwarmSecret -HostAddress $h1 'bad name!' -Value (ConvertTo-SecureString -AsPlainText -Force $secretValue) } | Should -Throw -ErrorId 'InvalidSwarmSecretName,PSDocker.Commands.NewSwarmSecretCommand' -ExpectedMessage "*-Name 'bad name!'*"
        }

        It 'gets secrets by wildcard, name and id, and writes SwarmSecretNotFound for others' {
            $mine = @(Get-SwarmSecret -HostAddress $h1 "$TestPrefix*")
            $mine.Count | Should -Be 4
            $mine.Name | Should -Contain $secretName
            (Get-SwarmSecret -HostAddress $h1 -Id $secret.Id.Substring(0, 8)).Name | Should -Be $secretName
            (Get-SwarmSecret -HostAddress $h1 $secret.Id).Name | Should -Be $secretName
            $errs = $null
            Get-SwarmSecret -HostAddress $h1 psdtA-nope -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs[0].FullyQualifiedErrorId | Should -Be 'SwarmSecretNotFound,PSDocker.Commands.GetSwarmSecretCommand'
            $table = Get-Table $mine 80
            foreach ($h in 'ID', 'NAME', 'CREATED', 'UPDATED') { $table | Should -Match "(^|\s)$h(\s|$)" }
            $table | Should -Not -Match ([char]0x2026)
            foreach ($o in $mine) { $table | Should -Match "$([regex]::Escape($o.Name))\s+(now|\d+[smh] ago)" -Because 'the name reads whole, then a short time' }
        }

        It 'removes secrets piped from Get-SwarmSecret' {
            Get-SwarmSecret -HostAddress $h1 "$TestPrefix*" | Remove-SwarmSecret -WhatIf
            @(Invoke-Node $h1 secret ls --format '{{.Name}}' | Where-Object { $_ -like "$TestPrefix*" }).Count | Should -Be 4
            Get-SwarmSecret -HostAddress $h1 "$TestPrefix*" | Remove-SwarmSecret
            @(Invoke-Node $h1 secret ls --format '{{.Name}}' | Where-Object { $_ -like "$TestPrefix*" }).Count | Should -Be 0
            { Remove-SwarmSecret -HostAddress $h1 $secretName -ErrorAction Stop } | Should -Throw -ErrorId 'SwarmSecretNotFound,PSDocker.Commands.RemoveSwarmSecretCommand'
            { Remove-SwarmSecret -HostAddress $h1 "$TestPrefix*" } | Should -Throw -ErrorId 'InvalidSwarmObjectName,PSDocker.Commands.RemoveSwarmSecretCommand'
        }
    }

    Context 'configs' {
        It 'creates a config from text and reads its data back, as docker config inspect does' {
            $name = New-TestName 'cfg'
            $value = "listen 8080`nroot /srv"
            $c = New-SwarmConfig -HostAddress $h1 $name -Value $value -Label suite=psdtA
            $c.Text | Should -Be $value
            $c.Size | Should -Be 21
            $data = Invoke-Node $h1 config inspect $name --format '{{json .Spec.Data}}' | ConvertFrom-Json
            [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($data)) | Should -Be $value
            (Get-SwarmConfig -HostAddress $h1 $name).Text | Should -Be $value
            (Get-SwarmConfig -HostAddress $h1 $name).Labels['suite'] | Should -Be 'psdtA'
            { New-SwarmConfig -HostAddress $h1 $name -Value x -ErrorAction Stop } | Should -Throw -ErrorId 'SwarmConfigNameConflict,PSDocker.Commands.NewSwarmConfigCommand'
        }

        It 'creates configs from a file and from pipeline lines' {
            $fromFile = New-TestName 'cfgf'
            $fromLines = New-TestName 'cfgl'
            $file = Join-Path $TestDrive 'app.conf'
            Set-Content -Path $file -Value 'a=1' -NoNewline
            (New-SwarmConfig -HostAddress $h1 $fromFile -Path $file).Text | Should -Be 'a=1'
            ('a', 'b' | New-SwarmConfig -HostAddress $h1 $fromLines).Text | Should -Be "a`nb"
            $data = Invoke-Node $h1 config inspect $fromLines --format '{{json .Spec.Data}}' | ConvertFrom-Json
            [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($data)) | Should -Be "a`nb"
        }

        It 'lists, removes and reports missing configs' {
            $mine = @(Get-SwarmConfig -HostAddress $h1 "$TestPrefix*")
            $mine.Count | Should -Be 3
            $table = Get-Table $mine 80
            foreach ($h in 'ID', 'NAME', 'CREATED', 'UPDATED') { $table | Should -Match "(^|\s)$h(\s|$)" }
            $table | Should -Not -Match ([char]0x2026)
            foreach ($o in $mine) { $table | Should -Match "$([regex]::Escape($o.Name))\s+(now|\d+[smh] ago)" -Because 'the name reads whole, then a short time' }
            $mine | Remove-SwarmConfig
            @(Invoke-Node $h1 config ls --format '{{.Name}}' | Where-Object { $_ -like "$TestPrefix*" }).Count | Should -Be 0
            $errs = $null
            Get-SwarmConfig -HostAddress $h1 -Id 'psdtAnope' -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs[0].FullyQualifiedErrorId | Should -Be 'SwarmConfigNotFound,PSDocker.Commands.GetSwarmConfigCommand'
        }
    }

    Context 'views' {
        It 'shows the swarm table at 80, 120 and 200 columns without cutting a value' {
            $s = Get-DockerSwarm -HostAddress $h1
            foreach ($width in 80, 120, 200) {
                $table = Get-Table $s $width
                foreach ($h in 'ID', 'STATE', 'ROLE', 'NODES', 'MANAGERS') { $table | Should -Match "(^|\s)$h(\s|$)" -Because "the $h header at $width columns" }
                $table | Should -Not -Match ([char]0x2026)
                $table | Should -Match $s.Id
                foreach ($line in $table -split "`r?`n") { $line.TrimEnd().Length | Should -BeLessOrEqual $width }
            }
        }
    }

    Context 'leaving' {
        It 'makes the worker leave, and -WhatIf does not' {
            Exit-DockerSwarm -HostAddress $h2 -WhatIf
            Invoke-Node $h2 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'active'
            Exit-DockerSwarm -HostAddress $h2 | Should -BeNullOrEmpty
            Invoke-Node $h2 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
        }

        It 'removes the node that left from the manager''s list' {
            Wait-Until { (Get-SwarmNode -HostAddress $h1 sw2).Status -eq 'down' } -What 'sw2 to be down'
            Remove-SwarmNode -HostAddress $h1 sw2
            @(Invoke-Node $h1 node ls -q) | Should -HaveCount 1
        }

        It 'refuses to make the last manager leave without -Force, and leaves with it' {
            { Exit-DockerSwarm -HostAddress $h1 } | Should -Throw -ErrorId 'SwarmLeaveNeedsForce,PSDocker.Commands.ExitDockerSwarmCommand'
            Invoke-Node $h1 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'active'
            Exit-DockerSwarm -HostAddress $h1 -Force
            Invoke-Node $h1 info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
        }
    }
}
