# New-Container against the real engine, and against the docker CLI: each row of the table creates one container
# with `docker create <options> IMAGE` and one with New-Container given the same options as parameters, and the
# parts of `docker inspect` the options set must be identical.

BeforeDiscovery {
    # One row a case: Docker = the docker create options; Params = the same as New-Container parameters;
    # Command = what follows the image (both). '{vol}', '{net}' and '{pfx}' stand for names with the test prefix.
    $script:differential = @(
        # -p: every form docker run -p takes
        @{ Docker = '-p', '80'; Params = @{ Publish = '80' } }
        @{ Docker = '-p', '8080:80'; Params = @{ Publish = '8080:80' } }
        @{ Docker = '-p', '127.0.0.1:8081:80'; Params = @{ Publish = '127.0.0.1:8081:80' } }
        @{ Docker = '-p', '127.0.0.1::80'; Params = @{ Publish = '127.0.0.1::80' } }
        @{ Docker = '-p', '53/udp'; Params = @{ Publish = '53/udp' } }
        @{ Docker = '-p', '9000:9000/sctp'; Params = @{ Publish = '9000:9000/sctp' } }
        @{ Docker = '-p', '[::1]:8082:80'; Params = @{ Publish = '[::1]:8082:80' } }
        @{ Docker = '-p', '[::1]::80/udp'; Params = @{ Publish = '[::1]::80/udp' } }
        @{ Docker = '-p', '8000-8002:80-82'; Params = @{ Publish = '8000-8002:80-82' } }
        @{ Docker = '-p', '127.0.0.1::7000-7001'; Params = @{ Publish = '127.0.0.1::7000-7001' } }
        @{ Docker = '-p', '9100-9110:80'; Params = @{ Publish = '9100-9110:80' } }
        @{ Docker = '-p', '8083:80', '-p', '8084:80'; Params = @{ Publish = '8083:80', '8084:80' } }
        @{ Docker = '-p', '8085:80/tcp', '-p', '8085:80/udp'; Params = @{ Publish = '8085:80/tcp', '8085:80/udp' } }
        @{ Docker = '-p', 'published=8086,target=80,protocol=udp'; Params = @{ Publish = 'published=8086,target=80,protocol=udp' } }
        @{ Docker = '-P', '--expose', '80'; Params = @{ PublishAll = $true; Expose = '80' } }
        @{ Docker = '--expose', '7000-7002/udp'; Params = @{ Expose = '7000-7002/udp' } }
        # -v and --mount
        @{ Docker = '-v', '/tmp:/host'; Params = @{ Volume = '/tmp:/host' } }
        @{ Docker = '-v', '/tmp:/host:ro'; Params = @{ Volume = '/tmp:/host:ro' } }
        @{ Docker = '-v', '/tmp:/host:rw,rslave'; Params = @{ Volume = '/tmp:/host:rw,rslave' } }
        @{ Docker = '-v', '{vol}:/data'; Params = @{ Volume = '{vol}:/data' } }
        @{ Docker = '-v', '{vol}:/data:ro,nocopy'; Params = @{ Volume = '{vol}:/data:ro,nocopy' } }
        @{ Docker = '-v', '/anon'; Params = @{ Volume = '/anon' } }
        @{ Docker = '-v', './sub:/sub', '-v', '/tmp:/t2'; Params = @{ Volume = './sub:/sub', '/tmp:/t2' } }
        @{ Docker = '--mount', 'type=bind,source=/tmp,target=/m,readonly'; Params = @{ Mount = 'type=bind,source=/tmp,target=/m,readonly' } }
        @{ Docker = '--mount', 'type=volume,source={vol},target=/v,volume-nocopy'; Params = @{ Mount = 'type=volume,source={vol},target=/v,volume-nocopy' } }
        @{ Docker = '--mount', 'type=tmpfs,target=/t,tmpfs-size=64m,tmpfs-mode=1770'; Params = @{ Mount = 'type=tmpfs,target=/t,tmpfs-size=64m,tmpfs-mode=1770' } }
        @{ Docker = '--mount', 'type=bind,src=/tmp,dst=/b,bind-propagation=rslave'; Params = @{ Mount = 'type=bind,src=/tmp,dst=/b,bind-propagation=rslave' } }
        @{ Docker = '--mount', 'dst=/anonymous'; Params = @{ Mount = 'dst=/anonymous' } }
        # -e: strings, hashtables, KEY alone
        @{ Docker = '-e', 'A=1', '-e', 'B=two'; Params = @{ Environment = 'A=1', 'B=two' } }
        @{ Docker = '-e', 'A=1', '-e', 'B=two'; Params = @{ Environment = @{ B = 'two'; A = 1 } } }
        @{ Docker = '-e', 'EMPTY='; Params = @{ Environment = 'EMPTY=' } }
        @{ Docker = '-e', 'A=b=c'; Params = @{ Environment = 'A=b=c' } }
        @{ Docker = '-e', 'PSDS_FROM_CALLER'; Params = @{ Environment = 'PSDS_FROM_CALLER' } }
        @{ Docker = '-e', 'PSDS_NOT_SET_ANYWHERE'; Params = @{ Environment = 'PSDS_NOT_SET_ANYWHERE' } }
        # -l
        @{ Docker = '-l', 'team=ops', '-l', 'tier=web'; Params = @{ Label = 'team=ops', 'tier=web' } }
        @{ Docker = '-l', 'team=ops', '-l', 'tier=web'; Params = @{ Label = @{ team = 'ops'; tier = 'web' } } }
        @{ Docker = '-l', 'flag'; Params = @{ Label = 'flag' } }
        # --restart
        @{ Docker = '--restart', 'always'; Params = @{ RestartPolicy = 'always' } }
        @{ Docker = '--restart', 'unless-stopped'; Params = @{ RestartPolicy = 'unless-stopped' } }
        @{ Docker = '--restart', 'on-failure'; Params = @{ RestartPolicy = 'on-failure' } }
        @{ Docker = '--restart', 'on-failure:5'; Params = @{ RestartPolicy = 'on-failure:5' } }
        @{ Docker = '--restart', 'no'; Params = @{ RestartPolicy = 'no' } }
        # resources
        @{ Docker = '-m', '512m'; Params = @{ Memory = '512m' } }
        @{ Docker = '-m', '1g'; Params = @{ Memory = '1g' } }
        @{ Docker = '-m', '1.5g'; Params = @{ Memory = '1.5g' } }
        @{ Docker = '-m', '104857600'; Params = @{ Memory = 100MB } }
        @{ Docker = '-m', '64MiB'; Params = @{ Memory = '64MiB' } }
        @{ Docker = '--cpus', '1.5'; Params = @{ Cpus = 1.5 } }
        @{ Docker = '--cpus', '0.25'; Params = @{ Cpus = '0.25' } }
        @{ Docker = '--cpus', '3/2'; Params = @{ Cpus = '3/2' } }
        @{ Docker = '-c', '512'; Params = @{ CpuShares = 512 } }
        # health
        @{ Docker = '--health-cmd', 'true', '--health-interval', '10s', '--health-retries', '3', '--health-timeout', '5s', '--health-start-period', '1m30s'
           Params = @{ HealthCommand = 'true'; HealthInterval = '10s'; HealthRetries = 3; HealthTimeout = '5s'; HealthStartPeriod = '1m30s' } }
        @{ Docker = '--no-healthcheck'; Params = @{ NoHealthcheck = $true } }
        @{ Docker = '--health-interval', '500ms'; Params = @{ HealthInterval = '500ms' } }
        @{ Docker = '--health-cmd', 'wget -q -O- http://127.0.0.1/ || exit 1', '--health-interval', '1.5s'
           Params = @{ HealthCommand = 'wget -q -O- http://127.0.0.1/ || exit 1'; HealthInterval = [timespan]'00:00:01.5' } }
        # entrypoint and command
        @{ Docker = '--entrypoint', 'sh'; Command = '-c', 'echo hi'; Params = @{ Entrypoint = 'sh' } }
        @{ Docker = '--entrypoint', ''; Command = 'echo', 'a b'; Params = @{ Entrypoint = '' } }
        @{ Docker = @(); Command = 'sleep', '30'; Params = @{} }
        @{ Docker = @(); Command = 'sh', '-c', 'echo "$HOME" && exit 3'; Params = @{} }
        # user, working directory, host name, flags
        @{ Docker = '-w', '/tmp'; Params = @{ WorkingDirectory = '/tmp' } }
        @{ Docker = '-u', '1000:1000'; Params = @{ User = '1000:1000' } }
        @{ Docker = '-u', 'nobody'; Params = @{ User = 'nobody' } }
        @{ Docker = '-h', 'myhost'; Params = @{ Hostname = 'myhost' } }
        @{ Docker = '--read-only'; Params = @{ ReadOnly = $true } }
        @{ Docker = '--privileged'; Params = @{ Privileged = $true } }
        @{ Docker = '--cap-add', 'NET_ADMIN', '--cap-drop', 'CHOWN'; Params = @{ CapAdd = 'NET_ADMIN'; CapDrop = 'CHOWN' } }
        @{ Docker = '--rm'; Params = @{ AutoRemove = $true } }
        @{ Docker = '-t', '-i'; Params = @{ Tty = $true; Interactive = $true } }
        @{ Docker = '--stop-signal', 'SIGINT', '--stop-timeout', '5'; Params = @{ StopSignal = 'SIGINT'; StopTimeout = 5 } }
        @{ Docker = '--isolation', 'default'; Params = @{ Isolation = 'default' } }
        # networks
        @{ Docker = '--network', '{net}', '--network-alias', 'web', '--network-alias', 'api'; Params = @{ Network = '{net}'; NetworkAlias = 'web', 'api' } }
        @{ Docker = '--network', 'none'; Params = @{ Network = 'none' } }
        @{ Docker = '--network', 'host'; Params = @{ Network = 'host' } }
        # several at once, as a web server is made
        @{ Docker = '-p', '127.0.0.1:3000:8080', '-e', 'MODE=test', '-l', 'team=ops', '--restart', 'on-failure:2', '-m', '256m', '--cpus', '0.5'
           Command = 'httpd', '-f', '-p', '8080', '-h', '/'
           Params = @{ Publish = '127.0.0.1:3000:8080'; Environment = @{ MODE = 'test' }; Label = @{ team = 'ops' }; RestartPolicy = 'on-failure:2'; Memory = '256m'; Cpus = '0.5' } }
    )
    $index = 0
    foreach ($row in $differential) {
        $row.Index = $index++
        $row.Title = if ($row.Docker.Count -or $row.Command) { (@($row.Docker) + '<image>' + @($row.Command) | ForEach-Object { if ($_ -match '\s' -or $_ -eq '') { "'$_'" } else { $_ } }) -join ' ' } else { '<image>' }
    }

    # Bad values: each must fail before anything is sent, with this error id, and name the value.
    $script:badSpecs = @(
        @{ Params = @{ Publish = 'abc' }; ErrorId = 'InvalidPublishSpec'; Value = 'abc' }
        @{ Params = @{ Publish = '0' }; ErrorId = 'InvalidPublishSpec'; Value = '0' }
        @{ Params = @{ Publish = '70000' }; ErrorId = 'InvalidPublishSpec'; Value = '70000' }
        @{ Params = @{ Publish = '8000-8001:80-82' }; ErrorId = 'InvalidPublishSpec'; Value = '8000-8001:80-82' }
        @{ Params = @{ Publish = '80/xyz' }; ErrorId = 'InvalidPublishSpec'; Value = '80/xyz' }
        @{ Params = @{ Publish = '127.0.0.1:8080' }; ErrorId = 'InvalidPublishSpec'; Value = '127.0.0.1:8080' }
        @{ Params = @{ Publish = 'localhost:8080:80' }; ErrorId = 'InvalidPublishSpec'; Value = 'localhost:8080:80' }
        @{ Params = @{ Expose = '80:90' }; ErrorId = 'InvalidExposeSpec'; Value = '80:90' }
        @{ Params = @{ Memory = '1XB' }; ErrorId = 'InvalidMemorySpec'; Value = '1XB' }
        @{ Params = @{ Memory = '-1' }; ErrorId = 'InvalidMemorySpec'; Value = '-1' }
        @{ Params = @{ Cpus = '-1' }; ErrorId = 'InvalidCpusSpec'; Value = '-1' }
        @{ Params = @{ Cpus = 'two' }; ErrorId = 'InvalidCpusSpec'; Value = 'two' }
        @{ Params = @{ RestartPolicy = 'sometimes' }; ErrorId = 'InvalidRestartPolicySpec'; Value = 'sometimes' }
        @{ Params = @{ RestartPolicy = 'always:3' }; ErrorId = 'InvalidRestartPolicySpec'; Value = 'always:3' }
        @{ Params = @{ RestartPolicy = 'on-failure:x' }; ErrorId = 'InvalidRestartPolicySpec'; Value = 'on-failure:x' }
        @{ Params = @{ Volume = ':/x' }; ErrorId = 'InvalidVolumeSpec'; Value = ':/x' }
        @{ Params = @{ Volume = '/a:/b:rw,ro' }; ErrorId = 'InvalidVolumeSpec'; Value = '/a:/b:rw,ro' }
        @{ Params = @{ Volume = 'relative/dir:/x' }; ErrorId = 'InvalidVolumeSpec'; Value = 'relative/dir:/x' }
        @{ Params = @{ Environment = @{ '' = 'x' } }; ErrorId = 'InvalidEnvironmentSpec'; Value = '=x' }
        @{ Params = @{ Environment = '=x' }; ErrorId = 'InvalidEnvironmentSpec'; Value = '=x' }
        @{ Params = @{ Label = '=ops' }; ErrorId = 'InvalidLabelSpec'; Value = '=ops' }
        @{ Params = @{ Mount = 'type=bind,target=/x' }; ErrorId = 'InvalidMountSpec'; Value = 'type=bind,target=/x' }
        @{ Params = @{ Mount = 'target=/x,bogus=1' }; ErrorId = 'InvalidMountSpec'; Value = 'target=/x,bogus=1' }
        @{ Params = @{ HealthInterval = '10' }; ErrorId = 'InvalidDurationSpec'; Value = '10' }
        @{ Params = @{ HealthTimeout = '-1s' }; ErrorId = 'InvalidDurationSpec'; Value = '-1s' }
        @{ Params = @{ HealthStartPeriod = '500us' }; ErrorId = 'InvalidDurationSpec'; Value = '500us' }
        @{ Params = @{ NoHealthcheck = $true; HealthCommand = 'true' }; ErrorId = 'NoHealthcheckConflict'; Value = 'HealthCommand' }
        @{ Params = @{ AutoRemove = $true; RestartPolicy = 'always' }; ErrorId = 'AutoRemoveWithRestartPolicy'; Value = 'always' }
        @{ Params = @{ CreateBody = '{ not json' }; ErrorId = 'InvalidCreateBody'; Value = 'CreateBody' }
    )
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    Remove-AllTestObject

    $script:vol = New-TestName 'vol'
    $script:net = New-TestName 'net'
    Invoke-Docker network create $net | Out-Null
    $env:PSDS_FROM_CALLER = 'from the caller'
    Remove-Item Env:PSDS_NOT_SET_ANYWHERE -ErrorAction SilentlyContinue
    $script:work = Join-Path $TestDrive 'work'
    New-Item -ItemType Directory -Path (Join-Path $work 'sub') -Force | Out-Null

    function script:Resolve-Placeholder($Value) {
        if ($Value -is [string]) { return $Value.Replace('{vol}', $vol).Replace('{net}', $net) }
        if ($Value -is [array]) { return $Value | ForEach-Object { Resolve-Placeholder $_ } }
        $Value
    }

    function script:Get-CreateView($i, [bool] $WithHostname) {
        # The parts of docker inspect (an object of its output) that create options set, each as JSON text.
        $shortId = $i.Id.Substring(0, 12)
        $view = [ordered]@{
            Image          = $i.Config.Image
            Cmd            = $i.Config.Cmd
            Entrypoint     = $i.Config.Entrypoint
            # As a set: the docker CLI was seen to give the -e values of one command in either order.
            Env            = @($i.Config.Env | Sort-Object)
            Labels         = $i.Config.Labels
            ExposedPorts   = $i.Config.ExposedPorts
            Volumes        = $i.Config.Volumes
            WorkingDir     = $i.Config.WorkingDir
            User           = $i.Config.User
            Healthcheck    = $i.Config.Healthcheck
            Tty            = $i.Config.Tty
            OpenStdin      = $i.Config.OpenStdin
            StdinOnce      = $i.Config.StdinOnce
            AttachStdin    = $i.Config.AttachStdin
            AttachStdout   = $i.Config.AttachStdout
            AttachStderr   = $i.Config.AttachStderr
            StopSignal     = $i.Config.StopSignal
            StopTimeout    = $i.Config.StopTimeout
            PortBindings   = $i.HostConfig.PortBindings
            PublishAll     = $i.HostConfig.PublishAllPorts
            # docker create sends its binds in no fixed order (a Go map's).
            Binds          = @($i.HostConfig.Binds | Sort-Object)
            HostMounts     = $i.HostConfig.Mounts
            RestartPolicy  = $i.HostConfig.RestartPolicy
            Memory         = $i.HostConfig.Memory
            NanoCpus       = $i.HostConfig.NanoCpus
            CpuShares      = $i.HostConfig.CpuShares
            ReadonlyRootfs = $i.HostConfig.ReadonlyRootfs
            Privileged     = $i.HostConfig.Privileged
            CapAdd         = $i.HostConfig.CapAdd
            CapDrop        = $i.HostConfig.CapDrop
            Isolation      = $i.HostConfig.Isolation
            AutoRemove     = $i.HostConfig.AutoRemove
            NetworkMode    = $i.HostConfig.NetworkMode
            Networks       = @($i.NetworkSettings.Networks.PSObject.Properties | ForEach-Object {
                    [ordered]@{ Name = $_.Name; Aliases = @($_.Value.Aliases | Where-Object { $_ -ne $shortId }) } })
            # In order of their paths (binds are in no fixed order). Anonymous volumes get random names; named ones and binds are compared by source.
            Mounts         = @($i.Mounts | Sort-Object Destination | ForEach-Object {
                    [ordered]@{ Type = $_.Type; Name = if ($_.Name -match '^[0-9a-f]{64}$') { '<anonymous>' } else { $_.Name }
                        Source = if ($_.Type -eq 'bind') { $_.Source } else { $null }; Destination = $_.Destination; Mode = $_.Mode; RW = $_.RW; Propagation = $_.Propagation } })
        }
        if ($WithHostname) { $view.Hostname = $i.Config.Hostname }
        $json = [ordered]@{}
        foreach ($key in $view.Keys) { $json[$key] = ConvertTo-Json -InputObject $view[$key] -Depth 10 -Compress }
        $json
    }
}

AfterAll {
    Remove-AllTestObject
    & docker network rm $net *> $null
    Remove-Item Env:PSDS_FROM_CALLER -ErrorAction SilentlyContinue
}

Describe 'New-Container' {
    Context 'is docker create: docker create <options> IMAGE and New-Container give the same inspect' -ForEach @(@{ Rows = $differential }) {
        BeforeAll {
            # Every pair is made first (the docker create processes side by side) and all are read with one
            # docker inspect, so the table stays fast.
            $script:pairs = @{}
            $cli = @{}
            foreach ($row in $Rows) {
                $pair = @{ Cli = New-TestName 'cli'; Ps = New-TestName 'ps' }
                $pairs[$row.Index] = $pair
                $start = [System.Diagnostics.ProcessStartInfo]::new('docker')
                $start.WorkingDirectory = $work
                $start.RedirectStandardOutput = $true
                $start.RedirectStandardError = $true
                foreach ($arg in @('create', '--name', $pair.Cli) + @(if ($row.Docker) { Resolve-Placeholder $row.Docker }) + $TestImage + @(if ($row.Command) { Resolve-Placeholder $row.Command })) {
                    $start.ArgumentList.Add($arg)
                }
                $cli[$row.Index] = [System.Diagnostics.Process]::Start($start)
            }

            Push-Location $work
            try {
                foreach ($row in $Rows) {
                    $pair = $pairs[$row.Index]
                    try {
                        $splat = @{}
                        foreach ($k in $row.Params.Keys) { $splat[$k] = Resolve-Placeholder $row.Params[$k] }
                        if ($row.Command) { $splat.Command = @(Resolve-Placeholder $row.Command) }
                        $pair.Container = New-Container -Name $pair.Ps -Image $TestImage @splat
                    }
                    catch {
                        $pair.Error = $_
                    }
                }
            }
            finally {
                Pop-Location
            }

            foreach ($row in $Rows) {
                $process = $cli[$row.Index]
                $errorText = $process.StandardError.ReadToEnd()
                $process.WaitForExit()
                if ($process.ExitCode -ne 0) { $pairs[$row.Index].Error = "docker create failed: $errorText" }
            }

            $names = @($pairs.Values | ForEach-Object { $_.Cli; $_.Ps })
            $script:inspected = @{}
            foreach ($i in (& docker inspect $names 2>$null | Out-String | ConvertFrom-Json)) { $inspected[$i.Name.TrimStart('/')] = $i }
        }

        AfterAll {
            $names = @($pairs.Values | ForEach-Object { $_.Cli; $_.Ps })
            & docker rm -f $names *> $null
        }

        It '<Title>' -ForEach $Rows {
            $pair = $pairs[$Index]
            if ($pair.Error) { throw $pair.Error }
            $pair.Container | Should -BeOfType ([PSDocker.Container])
            $pair.Container.Name | Should -Be $pair.Ps
            $pair.Container.State | Should -Be ([PSDocker.ContainerState]::Created)
            $expected = Get-CreateView $inspected[$pair.Cli] ($Params.ContainsKey('Hostname'))
            $actual = Get-CreateView $inspected[$pair.Ps] ($Params.ContainsKey('Hostname'))
            foreach ($key in $expected.Keys) {
                $actual[$key] | Should -Be $expected[$key] -Because "$key must be as docker create sets it"
            }
        }
    }

    Context 'refuses bad values before anything is sent' {
        It '<ErrorId>: <Value>' -ForEach $badSpecs {
            $name = New-TestName 'bad'
            $splat = @{}
            foreach ($k in $Params.Keys) { $splat[$k] = $Params[$k] }
            $err = { New-Container -Name $name -Image $TestImage @splat } |
                Should -Throw -ErrorId "$ErrorId,PSDocker.Commands.NewContainerCommand" -PassThru
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeLike "*$Value*"
            if ($ErrorId -like 'Invalid*Spec') {
                $err.Exception.Message | Should -BeLike "-$(@($Params.Keys)[0]) '*"
            }
            & docker ps -aq --filter "name=^$name$" | Should -BeNullOrEmpty
        }
    }

    Context 'the created container' {
        It 'is returned as Get-Container lists it, from the engine it was made on' {
            $name = New-TestName 'out'
            $c = New-Container -Name $name -Image $TestImage -Label 'suite=specs' -Command sleep, 30
            $c.Id | Should -Be (Invoke-Docker inspect -f '{{.Id}}' $name).Trim()
            $c.Labels['suite'] | Should -Be 'specs'
            $c.Endpoint | Should -Not -BeNullOrEmpty
            (Get-Container $name).Id | Should -Be $c.Id
        }

        It 'gets a name from the engine when none is given' {
            $c = New-Container -Image $TestImage -Label "psds-unnamed=$TestPrefix"
            try {
                $c.Name | Should -Not -BeNullOrEmpty
                (Invoke-Docker inspect -f '{{.Name}}' $c.Id).Trim() | Should -Be "/$($c.Name)"
            }
            finally {
                & docker rm -f $c.Id *> $null
            }
        }

        It 'changes nothing with -WhatIf' {
            $name = New-TestName 'whatif'
            New-Container -Name $name -Image $TestImage -Publish 8080:80 -WhatIf | Should -BeNullOrEmpty
            & docker ps -aq --filter "name=^$name$" | Should -BeNullOrEmpty
        }

        It 'checks values before -WhatIf' {
            { New-Container -Name (New-TestName 'whatif') -Image $TestImage -Memory 1XB -WhatIf } |
                Should -Throw -ErrorId 'InvalidMemorySpec,PSDocker.Commands.NewContainerCommand'
        }

        It 'reports a name in use as ContainerConflict' {
            $name = New-TestName 'twice'
            New-Container -Name $name -Image $TestImage | Out-Null
            { New-Container -Name $name -Image $TestImage } | Should -Throw -ErrorId 'ContainerConflict,PSDocker.Commands.NewContainerCommand'
        }

        It 'reports a missing image as ImageNotFound, and creates nothing' {
            $name = New-TestName 'noimage'
            { New-Container -Name $name -Image "127.0.0.1:5000/psdocker/absent-${TestPrefix}image" } |
                Should -Throw -ErrorId 'ImageNotFound,PSDocker.Commands.NewContainerCommand'
            & docker ps -aq --filter "name=^$name$" | Should -BeNullOrEmpty
        }

        It 'takes the raw create body for what no parameter covers; parameters apply over it' {
            $name = New-TestName 'body'
            $body = @{ HostConfig = @{ ShmSize = 128MB; Memory = 64MB }; Labels = @{ from = 'body'; both = 'body' }; Env = @('FROM_BODY=1') }
            New-Container -Name $name -Image $TestImage -CreateBody $body -Memory 256m -Label 'both=parameter' | Out-Null
            $i = (Invoke-Docker inspect $name | Out-String | ConvertFrom-Json)[0]
            $i.HostConfig.ShmSize | Should -Be 128MB
            $i.HostConfig.Memory | Should -Be 256MB
            $i.Config.Labels.from | Should -Be 'body'
            $i.Config.Labels.both | Should -Be 'parameter'
            $i.Config.Env | Should -Contain 'FROM_BODY=1'
        }

        It 'takes the raw create body as JSON' {
            $name = New-TestName 'json'
            New-Container -Name $name -Image $TestImage -CreateBody '{ "HostConfig": { "ShmSize": 33554432 }, "Cmd": ["sleep", "5"] }' | Out-Null
            (Invoke-Docker inspect -f '{{.HostConfig.ShmSize}} {{json .Config.Cmd}}' $name).Trim() | Should -Be '33554432 ["sleep","5"]'
        }

        It 'shares its options with every create cmdlet, in the Image parameter set' {
            [PSDocker.Commands.ContainerCreateCommandBase]::ImageSet | Should -Be 'Image'
            $set = (Get-Command New-Container).ParameterSets | Where-Object Name -EQ 'Image'
            foreach ($p in 'Image', 'Publish', 'Volume', 'Mount', 'Environment', 'Label', 'RestartPolicy', 'Memory', 'Cpus', 'HealthCommand', 'CreateBody') {
                $set.Parameters.Name | Should -Contain $p
            }
        }
    }
}

Describe 'New-Container -Environment order' {
    It 'keeps the variables in the order given, as the engine stores them' {
        $name = New-TestName 'envorder'
        try {
            $null = New-Container -Image $TestImage -Name $name -Environment 'B=two', 'A=1' -Command true
            (Invoke-Docker inspect $name | ConvertFrom-Json).Config.Env[0..1] | Should -Be @('B=two', 'A=1')
        }
        finally { Remove-TestContainer $name }
    }
}
