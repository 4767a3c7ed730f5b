# Swarm services on a real two-node swarm (lab nodes 3 and 4, each a dockerd in its own network namespace): the swarm
# is made with the docker CLI, services with the cmdlets, and what they did is read back with docker service
# ls/ps/inspect. All service tests share one file, as they share the two nodes (test files run in parallel workers).
# Convergence takes seconds on a busy machine: waits have loose 60 s deadlines, and nothing asserts tight timing.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Registry.ps1
    . $PSScriptRoot/SwarmLab.ps1

    $script:nodes = @(Start-SwarmLabNode 3, 4)
    Reset-SwarmLabNode 3, 4
    $script:H = $nodes[0].HostAddress
    $null = Invoke-NodeDocker 3 swarm init --advertise-addr 10.250.0.3
    $token = Invoke-NodeDocker 3 swarm join-token -q worker
    $null = Invoke-NodeDocker 4 swarm join --token $token --advertise-addr 10.250.0.4 10.250.0.3:2377
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    do { Start-Sleep -Milliseconds 500; $ready = @(Invoke-NodeDocker 3 node ls --format '{{.Status}}' | Where-Object { $_ -eq 'Ready' }) }
    while ($ready.Count -lt 2 -and [datetime]::UtcNow -lt $deadline)

    # The lab image as the nodes pull it, and a second tag of it pushed from here for rolling updates.
    $script:Image = '10.250.0.254:5002/psdocker/busybox:latest'
    $v2Tag = (New-TestName 'v2').ToLowerInvariant()
    Invoke-Docker tag $TestImage "127.0.0.1:5000/psdocker/busybox:$v2Tag" | Out-Null
    Invoke-Docker push "127.0.0.1:5000/psdocker/busybox:$v2Tag" | Out-Null
    $script:ImageV2 = "10.250.0.254:5002/psdocker/busybox:$v2Tag"
    $script:V2Local = "127.0.0.1:5000/psdocker/busybox:$v2Tag"

    # A web server that stops at once on SIGTERM (busybox httpd as PID 1 would not) and answers with the node's name.
    $script:WebCmd = @('sh', '-c', 'trap "exit 0" TERM; mkdir -p /www; echo "ok-$NODE" > /www/index.html; echo "serving on $NODE"; httpd -f -p 8080 -h /www & wait')
    $script:Common = @{ HostAddress = $H; StopGracePeriod = 1; Env = 'NODE={{.Node.Hostname}}' }
    $script:ServiceCmd = 'PSDocker.Commands.NewSwarmServiceCommand'

    function script:Get-CliService([string] $Name) { Invoke-NodeDocker 3 service inspect $Name | ConvertFrom-Json }
    function script:Get-CliTask([string] $Name) {
        @(Invoke-NodeDocker 3 service ps $Name --filter desired-state=running --format '{{.Name}}|{{.Node}}|{{.Image}}|{{.CurrentState}}')
    }
    function script:Wait-Until([scriptblock] $Condition, [int] $Seconds = 60) {
        $deadline = [datetime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([datetime]::UtcNow -gt $deadline) { throw "Not true within $Seconds s: $Condition" }
            Start-Sleep -Milliseconds 500
        }
    }
    function script:Get-Page([string] $Url) {
        # From the host to a node's address on the lab bridge.
        try { (Invoke-WebRequest -Uri $Url -TimeoutSec 5 -UseBasicParsing).Content.Trim() } catch { $null }
    }
}

AfterAll {
    if ($V2Local) { & docker rmi $V2Local *> $null }
    Reset-SwarmLabNode 3, 4
}

Describe 'New-SwarmService and Get-SwarmService' {
    BeforeAll {
        $script:webName = New-TestName 'web'
        $script:web = New-SwarmService $webName -Image $Image -Replicas 4 -Command $WebCmd -Label 'psdtb.role=web' @Common
        $script:waited = Wait-SwarmService $webName -HostAddress $H -Timeout 60
    }
    AfterAll { Invoke-NodeDocker 3 service rm $webName *> $null }

    It 'returns the service at once, bound to the manager it was made on' {
        $web | Should -BeOfType PSDocker.SwarmService
        $web.Name | Should -Be $webName
        $web.Endpoint.ToString() | Should -Be $H
        $web.Mode | Should -Be 'replicated'
        $web.ReplicasWanted | Should -Be 4
    }

    It 'is what docker service inspect shows' {
        $cli = Get-CliService $webName
        $cli.ID | Should -Be $web.Id
        $cli.Spec.Mode.Replicated.Replicas | Should -Be 4
        $cli.Spec.Labels.'psdtb.role' | Should -Be 'web'
        $cli.Spec.TaskTemplate.ContainerSpec.Args | Should -Be $WebCmd
        $cli.Spec.TaskTemplate.ContainerSpec.Image | Should -BeLike "$Image*"
        $cli.Spec.TaskTemplate.ContainerSpec.StopGracePeriod | Should -Be 1000000000
    }

    It 'waits until the 4 tasks run, and spreads them over both nodes' {
        $waited.Replicas | Should -Be '4/4'
        $tasks = @(Get-SwarmTask -Service $webName -DesiredState running -HostAddress $H)
        $tasks | Should -HaveCount 4
        $tasks.State | Sort-Object -Unique | Should -Be 'Running'
        @($tasks.Node | Sort-Object -Unique) | Should -Be @('sw3', 'sw4')
        # docker service ps says the same of each task.
        $cli = Get-CliTask $webName
        foreach ($t in $tasks) { $cli | Should -Contain ($cli | Where-Object { $_ -like "$($t.Name)|$($t.Node)|*" }) }
        @($cli | ForEach-Object { ($_ -split '\|')[1] } | Sort-Object) | Should -Be @($tasks.Node | Sort-Object)
        $tasks[0].CurrentState | Should -Match '^Running '
    }

    It 'lists services as docker service ls does, with running/desired replicas' {
        $listed = @(Get-SwarmService -HostAddress $H | Where-Object Name -EQ $webName)
        $listed | Should -HaveCount 1
        $line = Invoke-NodeDocker 3 service ls --filter "name=$webName" --format '{{.ID}} {{.Replicas}} {{.Mode}}'
        $line | Should -Be "$($listed[0].ShortId) $($listed[0].Replicas) $($listed[0].Mode)"
        (Get-SwarmService "$($TestPrefix)web-*" -HostAddress $H).Name | Should -Contain $webName
        (Get-SwarmService -Id $web.Id.Substring(0, 8) -HostAddress $H).Name | Should -Be $webName
        (Get-SwarmService -Label 'psdtb.role=web' -HostAddress $H).Name | Should -Be $webName
    }

    It 'gives SwarmServiceNotFound for a name no service has, and goes on' {
        $found = @(Get-SwarmService 'psdtB-no-such-service', $webName -HostAddress $H -ErrorVariable errs -ErrorAction SilentlyContinue)
        $found.Name | Should -Be $webName
        $errs[0].FullyQualifiedErrorId | Should -Be 'SwarmServiceNotFound,PSDocker.Commands.GetSwarmServiceCommand'
    }

    It 'gives SwarmServiceNameConflict for a name the swarm already has' {
        $err = { New-SwarmService $webName -Image $Image -HostAddress $H } |
            Should -Throw -ErrorId "SwarmServiceNameConflict,$ServiceCmd" -PassThru
        $err.Exception.Message | Should -Not -Match 'rpc error'
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'gives SwarmNotManager on an engine that is not a manager' {
        { Get-SwarmService -HostAddress $nodes[1].HostAddress -ErrorAction Stop } |
            Should -Throw -ErrorId 'SwarmNotManager,PSDocker.Commands.GetSwarmServiceCommand'
    }

    It 'scales up and down (docker service scale)' {
        Set-SwarmService $webName -Replicas 6 -HostAddress $H
        (Wait-SwarmService $webName -HostAddress $H).Replicas | Should -Be '6/6'
        (Get-CliTask $webName) | Should -HaveCount 6
        $down = $web | Set-SwarmService -Replicas 2 -PassThru
        $down.ReplicasWanted | Should -Be 2
        (Wait-SwarmService $webName -HostAddress $H).Replicas | Should -Be '2/2'
        (Get-CliTask $webName) | Should -HaveCount 2
        (Get-CliService $webName).Spec.Mode.Replicated.Replicas | Should -Be 2
    }

    It 'rolls the image forward and back (docker service update --image, --rollback)' {
        Set-SwarmService $webName -Image $ImageV2 -HostAddress $H
        $updated = Wait-SwarmService $webName -HostAddress $H
        $updated.Image | Should -Be $ImageV2
        $updated.UpdateState | Should -Be 'completed'
        (Get-SwarmTask $webName -DesiredState running -HostAddress $H).Image | Sort-Object -Unique | Should -Be $ImageV2
        (Get-CliTask $webName | ForEach-Object { ($_ -split '\|')[2] } | Sort-Object -Unique) | Should -BeLike "$ImageV2*"

        Set-SwarmService $webName -Rollback -HostAddress $H
        $back = Wait-SwarmService $webName -HostAddress $H
        $back.Image | Should -Be $Image
        $back.UpdateState | Should -Be 'rollback_completed'
        (Get-CliService $webName).Spec.TaskTemplate.ContainerSpec.Image | Should -BeLike "$Image*"
    }

    It 'changes env, published ports and labels, and -Force redeploys every task' {
        $before = @(Get-SwarmTask $webName -DesiredState running -HostAddress $H).Id
        Set-SwarmService $webName -Env 'EXTRA=1' -Label 'psdtb.extra=yes' -RemoveLabel 'psdtb.role' -HostAddress $H
        $s = Wait-SwarmService $webName -HostAddress $H
        $s.Environment | Should -Contain 'EXTRA=1'
        $s.Labels.Keys | Should -Not -Contain 'psdtb.role'
        (Get-CliService $webName).Spec.Labels.'psdtb.extra' | Should -Be 'yes'
        Set-SwarmService $webName -RemoveEnv EXTRA -HostAddress $H
        (Wait-SwarmService $webName -HostAddress $H).Environment | Should -Not -Contain 'EXTRA=1'

        $port = Get-Random -Minimum 30000 -Maximum 39000
        Set-SwarmService $webName -Publish "mode=host,target=8080,published=$port" -HostAddress $H
        (Wait-SwarmService $webName -HostAddress $H).Ports | Should -Be "host:$port->8080/tcp"
        $published = (Get-CliService $webName).Spec.EndpointSpec.Ports
        "$($published.PublishedPort):$($published.TargetPort)/$($published.PublishMode)" | Should -Be "${port}:8080/host"
        Set-SwarmService $webName -RemovePublish 8080 -HostAddress $H
        (Wait-SwarmService $webName -HostAddress $H).Ports | Should -BeNullOrEmpty
        (Get-CliService $webName).Spec.EndpointSpec.Ports | Should -BeNullOrEmpty

        $force = (Get-CliService $webName).Spec.TaskTemplate.ForceUpdate
        $mid = @(Get-SwarmTask $webName -DesiredState running -HostAddress $H).Id
        Set-SwarmService $webName -Force -HostAddress $H
        $null = Wait-SwarmService $webName -HostAddress $H
        (Get-CliService $webName).Spec.TaskTemplate.ForceUpdate | Should -Be ($force + 1)
        $after = @(Get-SwarmTask $webName -DesiredState running -HostAddress $H).Id
        $after | Where-Object { $_ -in $mid } | Should -BeNullOrEmpty
        $before | Should -Not -BeNullOrEmpty
    }

    It 'reports a rollback the engine refuses (no previous spec) as SwarmServiceUpdateRejected' {
        $fresh = New-TestName 'fresh'
        try {
            $null = New-SwarmService $fresh -Image $Image -Replicas 0 -HostAddress $H
            { Set-SwarmService $fresh -Rollback -HostAddress $H -ErrorAction Stop } |
                Should -Throw -ErrorId 'SwarmServiceUpdateRejected,PSDocker.Commands.SetSwarmServiceCommand'
        }
        finally { Invoke-NodeDocker 3 service rm $fresh *> $null }
    }

    It 'writes what -WhatIf would do and changes nothing' {
        Set-SwarmService $webName -Replicas 5 -HostAddress $H -WhatIf
        (Get-CliService $webName).Spec.Mode.Replicated.Replicas | Should -Be 2
        $ghost = New-TestName 'ghost'
        New-SwarmService $ghost -Image $Image -HostAddress $H -WhatIf | Should -BeNullOrEmpty
        Invoke-NodeDocker 3 service ls -q --filter "name=$ghost" | Should -BeNullOrEmpty
    }

    It 'moves the tasks of a drained node to the other one' {
        try {
            # The swarm spreads the two replicas over both nodes.
            @(Get-SwarmTask $webName -DesiredState running -HostAddress $H).Node | Should -Contain 'sw4'
            Invoke-NodeDocker 3 node update --availability drain sw4 | Out-Null
            Wait-Until {
                $running = @(Get-SwarmTask $webName -DesiredState running -HostAddress $H)
                $running.Count -eq 2 -and @($running | Where-Object { $_.Node -eq 'sw3' -and $_.State -eq 'Running' }).Count -eq 2
            }
            $tasks = @(Get-SwarmTask $webName -DesiredState running -HostAddress $H)
            $tasks | Should -HaveCount 2
            $tasks.Node | Sort-Object -Unique | Should -Be 'sw3'
            (Get-CliTask $webName | ForEach-Object { ($_ -split '\|')[1] } | Sort-Object -Unique) | Should -Be 'sw3'
            @(Get-SwarmTask $webName -Node sw4 -HostAddress $H | Where-Object DesiredState -EQ 'Shutdown').Count | Should -BeGreaterThan 0
        }
        finally { Invoke-NodeDocker 3 node update --availability active sw4 | Out-Null }
    }

    It 'takes -Node self, a node id prefix or a hostname, as docker service ps --filter node= does' {
        $self = Invoke-NodeDocker 3 node inspect self --format '{{.ID}}'
        $cli = @(Invoke-NodeDocker 3 service ps $webName --filter node=self -q --no-trunc) | Sort-Object
        $mine = @(Get-SwarmTask $webName -Node self -HostAddress $H)
        @($mine.Id | Sort-Object) | Should -Be $cli
        @($mine.NodeId | Sort-Object -Unique) | Should -Be $self
        @((Get-SwarmTask $webName -Node $self.Substring(0, 6) -HostAddress $H).Id | Sort-Object) | Should -Be $cli
        @((Get-SwarmTask $webName -Node sw3 -HostAddress $H).Id | Sort-Object) | Should -Be $cli
        { Get-SwarmTask $webName -Node 'psdfv-no-node' -HostAddress $H } |
            Should -Throw -ErrorId 'SwarmNodeNotFound,PSDocker.Commands.GetSwarmTaskCommand'
    }

    It 'removes the service (docker service rm), with -PassThru' {
        $gone = Remove-SwarmService $webName -HostAddress $H -PassThru -Confirm:$false
        $gone.Name | Should -Be $webName
        Invoke-NodeDocker 3 service ls -q --filter "name=$webName" | Should -BeNullOrEmpty
        { Remove-SwarmService $webName -HostAddress $H -ErrorAction Stop } |
            Should -Throw -ErrorId 'SwarmServiceNotFound,PSDocker.Commands.RemoveSwarmServiceCommand'
    }
}

Describe 'A global service publishing a port in host mode' {
    It 'runs one task per node, each answering on its own node address' {
        $name = New-TestName 'global'
        $port = Get-Random -Minimum 20000 -Maximum 29000
        try {
            $g = New-SwarmService $name -Image $Image -Global -Command $WebCmd -Publish "mode=host,target=8080,published=$port" @Common
            $g.Mode | Should -Be 'global'
            $g.Ports | Should -Be "host:$port->8080/tcp"
            $w = Wait-SwarmService $name -HostAddress $H
            $w.Replicas | Should -Be '2/2'
            @(Get-SwarmTask $name -HostAddress $H -DesiredState running).Node | Sort-Object | Should -Be @('sw3', 'sw4')
            Wait-Until { (Get-Page "http://10.250.0.3:$port/") -eq 'ok-sw3' -and (Get-Page "http://10.250.0.4:$port/") -eq 'ok-sw4' }
            (Get-CliService $name).Spec.EndpointSpec.Ports[0].PublishMode | Should -Be 'host'
            # The routing mesh (mode=ingress) needs IPVS, which this kernel lacks: only host mode is tested.
        }
        finally { Invoke-NodeDocker 3 service rm $name *> $null }
    }
}

Describe 'Secrets, logs, waiting and registry credentials' {
    It 'gives a task a secret by name, readable at /run/secrets/NAME, and in the long form with its target and mode' {
        $secret = New-TestName 'secret'
        $name = New-TestName 'secretuser'
        try {
            'the-secret-value' | & docker -H $H secret create $secret - | Out-Null
            $null = New-SwarmService $name -Image $Image -Secret $secret, "source=$secret,target=renamed,mode=0400" `
                -Command sh, -c, 'trap "exit 0" TERM; sleep 600 & wait' -HostAddress $H -StopGracePeriod 1
            $null = Wait-SwarmService $name -HostAddress $H
            $task = Get-SwarmTask $name -DesiredState running -HostAddress $H
            $n = [int]($task.Node -replace '\D')
            (Invoke-NodeDocker $n exec $task.ContainerId cat "/run/secrets/$secret") | Should -Be 'the-secret-value'
            (Invoke-NodeDocker $n exec $task.ContainerId stat -c '%a' /run/secrets/renamed) | Should -Be '400'
            (Get-CliService $name).Spec.TaskTemplate.ContainerSpec.Secrets.SecretName | Sort-Object -Unique | Should -Be $secret
        }
        finally {
            Invoke-NodeDocker 3 service rm $name *> $null
            Invoke-NodeDocker 3 secret rm $secret *> $null
        }
    }

    It 'reads the log of every task, naming task and node, as docker service logs' {
        $name = New-TestName 'logs'
        try {
            $null = New-SwarmService $name -Image $Image -Replicas 2 -Constraint 'node.role==manager' -Command $WebCmd -HostAddress $H -StopGracePeriod 1 -Env 'NODE={{.Node.Hostname}}'
            $null = Wait-SwarmService $name -HostAddress $H
            Wait-Until { ($script:records = @(Get-SwarmServiceLog $name -HostAddress $H)).Count -ge 2 }
            $records = $script:records
            $records | Should -HaveCount 2
            $records[0] | Should -BeOfType PSDocker.SwarmServiceLogRecord
            $records.Text | Sort-Object -Unique | Should -Be 'serving on sw3'
            $records.Node | Sort-Object -Unique | Should -Be 'sw3'
            $records.Task | Sort-Object | Should -Be @("$name.1", "$name.2")
            $records.TaskId | Should -Not -BeNullOrEmpty
            $cli = @(Invoke-NodeDocker 3 service logs --raw $name 2>&1)
            $cli | Should -HaveCount 2
            (Get-SwarmServiceLog $name -Raw -Tail 1 -HostAddress $H) | Should -Be @('serving on sw3', 'serving on sw3')
            (Get-SwarmServiceLog $name -Raw -Timestamps -HostAddress $H)[0] | Should -Match '^\d{4}-\d\d-\d\dT\S+Z serving on sw3$'
            { Get-SwarmServiceLog $name -Tail many -HostAddress $H } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.GetSwarmServiceLogCommand'
        }
        finally { Invoke-NodeDocker 3 service rm $name *> $null }
    }

    It 'times out waiting for a task no node can run, naming it and why' {
        $name = New-TestName 'stuck'
        try {
            $null = New-SwarmService $name -Image $Image -Constraint 'node.labels.psdtb==nowhere' -HostAddress $H
            $clock = [Diagnostics.Stopwatch]::StartNew()
            # Terminating, as Wait-Container's ContainerWaitTimeout: a try/catch catches it without -ErrorAction Stop.
            $err = $null
            try { $null = Wait-SwarmService $name -Timeout 3 -HostAddress $H } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -Be 'SwarmServiceWaitTimeout,PSDocker.Commands.WaitSwarmServiceCommand'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 45
            $err.Exception.Message | Should -Match ([regex]::Escape("$name.1"))
            $err.Exception.Message | Should -Match 'Pending'
            $err.Exception.Message | Should -Match 'no suitable node'
            $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
        finally { Invoke-NodeDocker 3 service rm $name *> $null }
    }

    It 'keeps to -Timeout when the engine stops answering' {
        $worker = $nodes[1].HostAddress
        # Connect first (the version is negotiated once), then freeze the engine: every request of the wait hangs.
        try { $null = Get-SwarmService -HostAddress $worker } catch { }  # SwarmNotManager: a worker; connected all the same
        $pidFile = '/var/lib/psdocker-lab/sw4/docker.pid'
        $enginePid = (Get-Content $pidFile).Trim()
        try {
            & kill -STOP $enginePid
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $err = $null
            try { $null = Wait-SwarmService 'psdfv-frozen' -Timeout 4 -HostAddress $worker } catch { $err = $_ }
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
            $err.FullyQualifiedErrorId | Should -Be 'SwarmServiceWaitTimeout,PSDocker.Commands.WaitSwarmServiceCommand'
            $err.Exception.Message | Should -Match 'did not answer in time'
        }
        finally { & kill -CONT $enginePid }
    }

    It 'sends the registry credentials with -WithRegistryAuth, so the nodes pull a private image' {
        $oldConfig = $env:DOCKER_CONFIG
        $tag = (New-TestName 'auth').ToLowerInvariant()
        $name = New-TestName 'auth'
        $plain = New-TestName 'noauth'
        try {
            # Push a tag only the login registry has (its storage is the one 10.250.0.254:5003 serves to the nodes).
            $null = New-TestDockerConfig
            Invoke-DockerLogin | Out-Null
            Invoke-Docker tag $TestImage "$AuthRegistry/psdocker/busybox:$tag" | Out-Null
            Invoke-Docker push "$AuthRegistry/psdocker/busybox:$tag" | Out-Null
            $auth = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${AuthRegistryUser}:$AuthRegistryPassword"))
            $null = New-TestDockerConfig ('{"auths":{"10.250.0.254:5003":{"auth":"' + $auth + '"}}}')
            $private = "10.250.0.254:5003/psdocker/busybox:$tag"

            $s = New-SwarmService $name -Image $private -Replicas 1 -Constraint 'node.hostname==sw3' -WithRegistryAuth -Command sh, -c, 'trap "exit 0" TERM; sleep 600 & wait' -HostAddress $H -StopGracePeriod 1 -Verbose 4>&1 |
                Where-Object { $_ -is [PSDocker.SwarmService] }
            $s.Name | Should -Be $name
            (Wait-SwarmService $name -HostAddress $H).Replicas | Should -Be '1/1'
            @(Get-SwarmTask $name -DesiredState running -HostAddress $H).Image | Sort-Object -Unique | Should -Be $private

            # Without the credentials a node cannot pull it (sw4 has not pulled it for the other service).
            $null = New-SwarmService $plain -Image $private -HostAddress $H -Constraint 'node.hostname==sw4' -Command sh, -c, 'sleep 600'
            { Wait-SwarmService $plain -Timeout 5 -HostAddress $H -ErrorAction Stop } |
                Should -Throw -ErrorId 'SwarmServiceWaitTimeout,PSDocker.Commands.WaitSwarmServiceCommand'
        }
        finally {
            Invoke-NodeDocker 3 service rm $name $plain *> $null
            & docker rmi "$AuthRegistry/psdocker/busybox:$tag" *> $null
            $env:DOCKER_CONFIG = $oldConfig
        }
    }
}

Describe 'Bad service specs' {
    It 'refuses <Parameter> <Value> with <ErrorId> before anything is sent' -ForEach @(
        @{ Parameter = 'Publish'; Value = 'mode=bogus,target=80'; ErrorId = 'InvalidPublishSpec' }
        @{ Parameter = 'Publish'; Value = '127.0.0.1:8080:80'; ErrorId = 'InvalidPublishSpec' }
        @{ Parameter = 'Mount'; Value = 'type=bind'; ErrorId = 'InvalidMountSpec' }
        @{ Parameter = 'LimitMemory'; Value = '12 parsecs'; ErrorId = 'InvalidMemorySpec' }
        @{ Parameter = 'LimitCpu'; Value = 'lots'; ErrorId = 'InvalidCpusSpec' }
        @{ Parameter = 'Secret'; Value = 'target=x'; ErrorId = 'InvalidSecretSpec' }
        @{ Parameter = 'Config'; Value = 'source=a,size=1'; ErrorId = 'InvalidConfigSpec' }
        @{ Parameter = 'PlacementPreference'; Value = 'pack=node.labels.zone'; ErrorId = 'InvalidPlacementPreferenceSpec' }
        @{ Parameter = 'HealthInterval'; Value = '5 parsecs'; ErrorId = 'InvalidDurationSpec' }
        @{ Parameter = 'Image'; Value = 'UPPER/Case'; ErrorId = 'InvalidImageReference' }
    ) {
        $name = New-TestName 'bad'
        $params = @{ Image = $Image; HostAddress = $H }
        $params[$Parameter] = $Value
        $err = { New-SwarmService $name @params } | Should -Throw -ErrorId "$ErrorId,$ServiceCmd" -PassThru
        $err.Exception.Message | Should -Match ([regex]::Escape("-$Parameter"))
        Invoke-NodeDocker 3 service ls -q --filter "name=$name" | Should -BeNullOrEmpty
    }

    It 'refuses a secret the swarm does not have, and creates nothing' {
        $name = New-TestName 'nosecret'
        { New-SwarmService $name -Image $Image -Secret 'psdtB-no-such-secret' -HostAddress $H } |
            Should -Throw -ErrorId "SwarmSecretNotFound,$ServiceCmd"
        Invoke-NodeDocker 3 service ls -q --filter "name=$name" | Should -BeNullOrEmpty
    }

    It 'refuses the service name <Value> with InvalidSwarmServiceName before anything is sent' -ForEach @(
        @{ Value = 'psdfv.dotted' }, @{ Value = 'psdfv-ends-' }, @{ Value = ('psdfv' + ('x' * 60)) }, @{ Value = 'psdfv-ünï' }
    ) {
        $err = { New-SwarmService $Value -Image $Image -HostAddress $H } |
            Should -Throw -ErrorId "InvalidSwarmServiceName,$ServiceCmd" -PassThru
        $err.Exception.Message | Should -Match '-Name'
        $err.Exception.Message | Should -Match ([regex]::Escape($Value))
        Invoke-NodeDocker 3 service ls -q --filter "name=$Value" | Should -BeNullOrEmpty
    }

    It 'refuses a bad -RestartDelay before anything is sent' {
        { New-SwarmService (New-TestName 'bad') -Image $Image -RestartDelay '5 parsecs' -HostAddress $H } |
            Should -Throw -ErrorId "ParameterArgumentTransformationError,$ServiceCmd"
    }

    It 'completes service names' {
        $name = New-TestName 'complete'
        try {
            $null = New-SwarmService $name -Image $Image -Replicas 0 -HostAddress $H
            $line = "Get-SwarmService -HostAddress '$H' -Name $($name.Substring(0, $name.Length - 3))"
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $completion.CompletionMatches.CompletionText | Should -Contain $name
        }
        finally { Invoke-NodeDocker 3 service rm $name *> $null }
    }
}
