BeforeAll {
    . $PSScriptRoot/Common.ps1
    Remove-AllTestObject

    $script:web1 = New-TestName 'web1'
    $script:web2 = New-TestName 'web2'
    $script:done = New-TestName 'done'
    $script:made = New-TestName 'made'
    $script:vol = New-TestName 'vol'

    # Made with the docker CLI, read with the cmdlet.
    Invoke-Docker run -d --name $web1 -l app=web -l tier=front -p 127.0.0.1::8080 -v "${vol}:/data" $TestImage sleep 600 | Out-Null
    Invoke-Docker run -d --name $web2 -l app=web --expose 9000/udp $TestImage sleep 600 | Out-Null
    & docker run --name $done $TestImage sh -c 'exit 3' *> $null   # exits 3 on purpose
    Invoke-Docker create --name $made $TestImage true | Out-Null

    $script:web1Id = (Invoke-Docker inspect -f '{{.Id}}' $web1).Trim()
    $script:doneId = (Invoke-Docker inspect -f '{{.Id}}' $done).Trim()

    # A legacy link: the engine lists the linked container with the extra name "/<app>/db".
    $script:huntDb = New-TestName 'hunt-db'
    $script:huntApp = New-TestName 'hunt-app'
    # Host ports equal to container ports, so docker groups them as a range (a random base keeps runs apart).
    $script:portBase = Get-Random -Minimum 40000 -Maximum 48000
    Invoke-Docker run -d --name $huntDb $TestImage sleep 600 | Out-Null
    Invoke-Docker run -d --name $huntApp --link "${huntDb}:db" -p "127.0.0.1:$portBase-$($portBase + 1):$portBase-$($portBase + 1)" $TestImage sleep 600 | Out-Null
    $script:huntDbId = (Invoke-Docker inspect -f '{{.Id}}' $huntDb).Trim()
}

AfterAll {
    Remove-AllTestObject
}

Describe 'Get-Container' {
    Context 'selection' {
        It 'returns running containers by default, not stopped or created ones' {
            $names = (Get-Container).Name
            $names | Should -Contain $web1
            $names | Should -Contain $web2
            $names | Should -Not -Contain $done
            $names | Should -Not -Contain $made
        }

        It 'returns stopped and created containers with -All' {
            $names = (Get-Container -All).Name
            $names | Should -Contain $done
            $names | Should -Contain $made
            $names | Should -Contain $web1
        }

        It 'finds a container by exact name, running or not' {
            $c = Get-Container -Name $done
            $c | Should -HaveCount 1
            $c.Id | Should -Be $doneId
            $c.State | Should -Be ([PSDocker.ContainerState]::Exited)
            $c.Status | Should -Match '^Exited \(3\)'
        }

        It 'takes the name as the first positional parameter' {
            (Get-Container $web1).Id | Should -Be $web1Id
        }

        It 'matches wildcards' {
            $prefix = $web1.Substring(0, $script:TestPrefix.Length + 3)   # psdt-web
            $found = Get-Container -Name "$prefix*" | Sort-Object Name
            $found.Name | Should -Be (@($web1, $web2) | Sort-Object)
        }

        It 'writes nothing and no error for a wildcard that matches nothing' {
            $found = Get-Container -Name 'psdt-no-such-*' -ErrorVariable err
            $found | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }

        It 'finds a container by full id and by id prefix' {
            (Get-Container -Id $web1Id).Name | Should -Be $web1
            (Get-Container -Id $web1Id.Substring(0, 12)).Name | Should -Be $web1
            (Get-Container -Id "sha256:$($web1Id.Substring(0, 12).ToUpper())").Name | Should -Be $web1
        }

        It 'filters by status' {
            $exited = (Get-Container -Status exited).Name
            $exited | Should -Contain $done
            $exited | Should -Not -Contain $web1
            (Get-Container -Status created).Name | Should -Contain $made
        }

        It 'filters by label key and by key=value' {
            (Get-Container -Label 'app=web').Name | Sort-Object | Should -Be (@($web1, $web2) | Sort-Object)
            (Get-Container -Label 'tier').Name | Should -Be $web1
            (Get-Container -Label 'app=web', 'tier=front').Name | Should -Be $web1
        }

        It 'passes a raw -Filter to the engine' {
            $found = Get-Container -Filter @{ label = 'app=web'; status = 'running'; name = $web2 }
            $found.Name | Should -Be $web2
            (Get-Container -All -Filter @{ ancestor = $TestImage }).Name | Should -Contain $made
        }

        It 'rejects an unknown -Status value before calling the engine' {
            { Get-Container -Status sleeping } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSDocker.Commands.GetContainerCommand'
        }
    }

    Context 'identity: a name or an id, as docker inspect takes it' {
        It 'finds a container by an id given where a name goes' {
            (Get-Container $web1Id.Substring(0, 12)).Name | Should -Be $web1
            (Get-Container $doneId).Name | Should -Be $done
            (Get-Container -Name $web1Id.Substring(0, 7)).Id | Should -Be (Invoke-Docker inspect -f '{{.Id}}' $web1Id.Substring(0, 7)).Trim()
        }

        It 'takes docker ps -q piped by value' {
            $ids = Invoke-Docker ps -q --filter "name=^$TestPrefix"
            $ids | Should -Not -BeNullOrEmpty
            $found = $ids | Get-Container -ErrorVariable err
            $err | Should -BeNullOrEmpty
            $found.ShortId | Should -Be $ids
        }

        It 'matches exact names case-sensitively, as docker does, and says which name exists' {
            & docker inspect $web1.ToUpperInvariant() *> $null
            $LASTEXITCODE | Should -Not -Be 0 -Because 'docker inspect does not find a name in another case'
            $err = { Get-Container $web1.ToUpperInvariant() -ErrorAction Stop } |
                Should -Throw -ErrorId 'ContainerNotFound,PSDocker.Commands.GetContainerCommand' -PassThru
            $err.Exception.Message | Should -BeLike "*'$web1'*"
        }

        It 'keeps wildcard matching case-insensitive' {
            (Get-Container ($web1.ToUpperInvariant() + '*')).Id | Should -Be $web1Id
        }

        It 'prefers a container named like another one''s id prefix, as docker inspect does' {
            $prefix = $web1Id.Substring(0, 12)
            $named = New-TestName 'x'
            # Named exactly like web1's short id (a hex name is a valid docker name).
            Invoke-Docker create --name $prefix -l "psdocker.test=$named" $TestImage true | Out-Null
            try {
                $cliName = (Invoke-Docker inspect -f '{{.Name}}' $prefix).Trim().TrimStart('/')
                $cliName | Should -Be $prefix
                $found = Get-Container $prefix
                $found.Name | Should -Be $prefix
                $found.Id | Should -Not -Be $web1Id
                (Get-Container -Id $prefix).Id | Should -Be $web1Id      # -Id reads it as an id only
            }
            finally { & docker rm -f $prefix *> $null }
        }

        It 'finds each piped name and id with the engine''s lookups and gives the same set as docker inspect' {
            $ids = @(Invoke-Docker ps -aq --filter "name=^$TestPrefix")
            $cli = @(Invoke-Docker inspect -f '{{.Id}}' @ids) | Sort-Object
            @($ids | Get-Container).Id | Sort-Object | Should -Be $cli
            @($web1, $doneId.Substring(0, 10), $made | Get-Container).Name | Should -Be @($web1, $done, $made)
        }

        It 'takes a name with docker''s leading slash, as docker inspect does' {
            (Get-Container "/$web1").Id | Should -Be $web1Id
        }

        It 'gives nothing and no error for a named container the filters leave out, as docker ps --filter does' {
            $cli = @(Invoke-Docker ps -a --filter "name=^$web1`$" --filter status=exited -q)
            $cli.Count | Should -Be 0
            $found = Get-Container $web1 -Status exited -ErrorVariable err
            $found | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
            Get-Container -Id $web1Id -Label nosuchlabel -ErrorVariable err2 | Should -BeNullOrEmpty
            $err2 | Should -BeNullOrEmpty
            # A name that does not exist at all is still an error with filters.
            Get-Container psdt-no-such-name -Status exited -ErrorVariable err3 -ErrorAction SilentlyContinue
            $err3[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.GetContainerCommand'
        }

        It 'gives ContainerIdAmbiguous, naming the candidates, for a prefix several ids share' {
            # Make containers until two of ours share a first digit (at most 17: there are 16 digits).
            $ours = @(Invoke-Docker ps -aq --no-trunc --filter "name=^$TestPrefix")
            $i = 0
            while (-not ($ours | Group-Object { $_.Substring(0, 1) } | Where-Object Count -GE 2)) {
                Invoke-Docker create --name (New-TestName "amb$i") $TestImage true | Out-Null
                $ours = @(Invoke-Docker ps -aq --no-trunc --filter "name=^$TestPrefix")
                $i++
            }
            $group = $ours | Group-Object { $_.Substring(0, 1) } | Where-Object Count -GE 2 | Select-Object -First 1
            $prefix = $group.Name

            & docker inspect $prefix *> $null
            $LASTEXITCODE | Should -Not -Be 0 -Because 'docker refuses an ambiguous prefix too'
            foreach ($call in { Get-Container $prefix -ErrorAction Stop }, { Get-Container -Id $prefix -ErrorAction Stop }) {
                $err = $call | Should -Throw -ErrorId 'ContainerIdAmbiguous,PSDocker.Commands.GetContainerCommand' -PassThru
                $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
                $err.TargetObject | Should -Be $prefix
                foreach ($id in $group.Group) { $err.Exception.Message | Should -BeLike "*$($id.Substring(0, 12))*" }
            }
        }
    }

    Context 'link aliases' {
        It 'matches a wildcard against names only, as docker ps --filter name=^X does' {
            $cli = @(Invoke-Docker ps -a --filter "name=^$huntApp" --format '{{.Names}}')
            $cli | Should -Be @($huntApp)
            (Get-Container "$huntApp*").Name | Should -Be $cli
        }

        It 'lists link aliases apart from the names' {
            $db = Get-Container $huntDb
            $db.Names | Should -Be @($huntDb)
            $db.LinkAliases | Should -Be @("$huntApp/db")
            $cliNames = (Invoke-Docker ps --no-trunc --filter "id=$huntDbId" --format '{{.Names}}') -split ',' | Sort-Object
            @($db.Names + $db.LinkAliases | Sort-Object) | Should -Be $cliNames
        }

        It 'resolves an exact link alias, as docker inspect does' {
            (Invoke-Docker inspect -f '{{.Id}}' "$huntApp/db").Trim() | Should -Be $huntDbId
            (Get-Container "$huntApp/db").Id | Should -Be $huntDbId
        }
    }

    Context '-Last, -Latest and -Size' {
        It '-Last N gives the N newest in any state, as docker ps -n N' {
            $cli = Invoke-Docker ps -n 2 -q --no-trunc --filter "name=^$TestPrefix"
            (Get-Container -Last 2 -Filter @{ name = "^$TestPrefix" }).Id | Should -Be $cli
        }

        It '-Latest gives the newest, as docker ps -l' {
            $cli = Invoke-Docker ps -l -q --no-trunc --filter "name=^$TestPrefix"
            (Get-Container -Latest -Filter @{ name = "^$TestPrefix" }).Id | Should -Be $cli
        }

        It '-Last applies to the containers -Name selects' {
            $cli = Invoke-Docker ps -n 3 -q --no-trunc --filter "name=^$TestPrefix"
            (Get-Container "$TestPrefix*" -Last 3).Id | Should -Be $cli
            (Get-Container $web1, $done, $made -Last 1).Name | Should -Be $made
        }

        It 'refuses -Last below 1, naming -Last and the value' {
            $err = { Get-Container -Last 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSDocker.Commands.GetContainerCommand' -PassThru
            $err.Exception.Message | Should -Match 'Last'
            $err.Exception.Message | Should -Match '\b0\b'
        }

        It 'refuses -Latest with -Last' {
            { Get-Container -Latest -Last 2 } | Should -Throw -ErrorId 'LatestWithLast,PSDocker.Commands.GetContainerCommand'
        }

        It '-Size gives the sizes docker ps -s gives, in bytes' {
            $c = Get-Container $web1 -Size
            $c.SizeRw | Should -BeGreaterOrEqual 0
            $c.SizeRootFs | Should -BeGreaterThan 0
            $c.SizeText | Should -Be (Invoke-Docker ps -s --filter "id=$web1Id" --format '{{.Size}}')
            $table = $c | Out-String -Width 200
            $table | Should -Match 'SIZE'
            $table | Should -Match ([regex]::Escape($c.SizeText))
        }

        It 'has no sizes without -Size' {
            $c = Get-Container $web1
            $c.SizeRw | Should -BeNullOrEmpty
            $c.SizeRootFs | Should -BeNullOrEmpty
            $c | Out-String -Width 200 | Should -Not -Match 'SIZE'
        }
    }

    Context 'pipeline' {
        It 'takes names piped by value' {
            $found = $web1, $done | Get-Container
            $found.Name | Should -Be @($web1, $done)
        }

        It 'takes Name piped by property name' {
            ([pscustomobject]@{ Name = $web2 } | Get-Container).Id | Should -Be (Invoke-Docker inspect -f '{{.Id}}' $web2).Trim()
        }

        It 'takes Id piped by property name' {
            ([pscustomobject]@{ Id = $web1Id.Substring(0, 10) } | Get-Container).Name | Should -Be $web1
        }

        It 'takes its own output back, on the engine it came from' {
            $again = Get-Container $web1 | Get-Container
            $again.Id | Should -Be $web1Id
            $again.Endpoint.ToString() | Should -Be 'unix:///var/run/docker.sock'
        }
    }

    Context 'errors' {
        It 'writes a non-terminating ContainerNotFound for a name that matches nothing, and goes on' {
            $found = Get-Container -Name 'psdt-missing', $web1 -ErrorVariable err -ErrorAction SilentlyContinue
            $found.Name | Should -Be $web1
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.GetContainerCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 'psdt-missing'
        }

        It 'writes ContainerNotFound for an id prefix that matches nothing' {
            Get-Container -Id 'ffffffffffff0000' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.GetContainerCommand'
        }

        It 'reports a filter the engine rejects with the engine''s own message' {
            $err = { Get-Container -Filter @{ 'psdt-bogus' = 'x' } } |
                Should -Throw -ErrorId 'ContainerInvalidRequest,PSDocker.Commands.GetContainerCommand' -PassThru
            $err.Exception.Message | Should -Match 'psdt-bogus'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops on -ErrorAction Stop' {
            { Get-Container -Name 'psdt-missing' -ErrorAction Stop } | Should -Throw -ErrorId 'ContainerNotFound,PSDocker.Commands.GetContainerCommand'
        }
    }

    Context 'the Container object' {
        BeforeAll {
            $script:c = Get-Container $web1
            $script:inspect = (Invoke-Docker inspect $web1 | ConvertFrom-Json)[0]
        }

        It 'is the module''s own sealed type' {
            $c | Should -BeOfType ([PSDocker.Container])
            $c.GetType().IsSealed | Should -BeTrue
        }

        It 'has the name without docker''s leading slash' {
            $c.Name | Should -Be $web1
            $c.Names | Should -Not -Match '^/'
        }

        It 'has image, command, state and the creation time as a DateTime' {
            $c.Image | Should -Be $TestImage
            $c.ImageId | Should -Be $inspect.Image
            $c.Command | Should -Be 'sleep 600'
            $c.State | Should -Be 'Running'
            $c.Created | Should -BeOfType ([datetime])
            $created = [datetimeoffset]::Parse($inspect.Created).LocalDateTime
            [math]::Abs(($c.Created - $created).TotalSeconds) | Should -BeLessThan 1
        }

        It 'has typed port mappings that agree with docker port' {
            $p = $c.Ports | Where-Object ContainerPort -EQ 8080
            $p | Should -HaveCount 1
            $p.Protocol | Should -Be 'tcp'
            $p.HostIP | Should -Be '127.0.0.1'
            $hostPort = ((Invoke-Docker port $web1 8080/tcp) -split ':')[-1].Trim()
            $p.HostPort | Should -Be ([int]$hostPort)
            $p.ToString() | Should -Be "127.0.0.1:$hostPort" -Because 'a mapping formats as where to connect (ReachableEndpoint)'
            $p.HostEndpoint | Should -Be "127.0.0.1:$hostPort"
            $p.IsPublished | Should -BeTrue
        }

        It 'lists an exposed, unpublished port without a host port' {
            $ports = (Get-Container $web2).Ports
            $ports | Should -HaveCount 1
            $p = $ports[0]
            $p.ContainerPort | Should -Be 9000
            $p.Protocol | Should -Be 'udp'
            $p.HostPort | Should -BeNullOrEmpty
            $p.ToString() | Should -Be '9000/udp'
        }

        It 'has labels, networks and mounts' {
            $c.Labels['app'] | Should -Be 'web'
            $c.Labels.tier | Should -Be 'front'
            $c.Networks.Name | Should -Be 'bridge'
            $c.Networks[0].IPAddress | Should -Be $inspect.NetworkSettings.Networks.bridge.IPAddress
            $m = $c.Mounts | Where-Object Destination -EQ '/data'
            $m.Type | Should -Be 'volume'
            $m.Name | Should -Be $vol
            $m.ReadWrite | Should -BeTrue
        }

        It 'remembers the engine it came from' {
            $c.Endpoint | Should -BeOfType ([PSDocker.DockerEndpoint])
            $c.Endpoint.ToString() | Should -Be 'unix:///var/run/docker.sock'
            $c.Endpoint.Source | Should -Be 'Default'
        }

        It 'shows a docker ps-like table with ports' {
            $text = Get-Container $web1 | Format-Table | Out-String -Width 250
            $text | Should -Match 'CONTAINER ID'
            $text | Should -Match 'PORTS'
            $text | Should -Match ([regex]::Escape($web1Id.Substring(0, 12)))
            $text | Should -Match ([regex]::Escape("127.0.0.1:"))
        }
    }

    Context 'agrees with docker ps' {
        It 'reports the same containers, names, images, commands, states, ports and labels' {
            $cli = Invoke-Docker ps -a --no-trunc --filter "name=^$TestPrefix" --format '{{json .}}' | ForEach-Object { $_ | ConvertFrom-Json }
            $ours = Get-Container -All -Name "$TestPrefix*"
            ($ours.Id | Sort-Object) | Should -Be ($cli.ID | Sort-Object)
            foreach ($row in $cli) {
                $mine = $ours | Where-Object Id -EQ $row.ID
                @($mine.Names + $mine.LinkAliases | Sort-Object) | Should -Be @($row.Names -split ',' | Sort-Object)
                $mine.Image | Should -Be $row.Image
                '"' + $mine.Command + '"' | Should -Be $row.Command
                $mine.State.ToString() | Should -Be $row.State -Because "docker ps says $($row.Name) is $($row.State)"
                $mine.PortsText | Should -Be $row.Ports
                $cliLabels = @($row.Labels -split ',' | Where-Object { $_ } | Sort-Object)
                $myLabels = @($mine.Labels.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" } | Sort-Object)
                $myLabels | Should -Be $cliLabels
                $mine.Networks.Name -join ',' | Should -Be $row.Networks
            }
        }
    }

    Context 'ports' {
        It 'groups a published range as docker ps prints it' {
            $c = Get-Container $huntApp
            $c.PortsText | Should -Be "127.0.0.1:$portBase-$($portBase + 1)->$portBase-$($portBase + 1)/tcp"
            $c.PortsText | Should -Be (Invoke-Docker ps --filter "name=^$huntApp" --format '{{.Ports}}')
            $c.Ports | Should -HaveCount 2
        }
    }

    Context 'completion' {
        It 'completes -Id with short ids, with name and state as tooltip' {
            $line = "Get-Container -Id $($web1Id.Substring(0, 6))"
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $match = $result.CompletionMatches | Where-Object CompletionText -EQ $web1Id.Substring(0, 12)
            $match | Should -HaveCount 1
            $match.ToolTip | Should -BeLike "$web1 (running, *"
        }

        It 'completes container names from the engine' {
            $line = "Get-Container $($web1.Substring(0, $web1.Length - 2))"
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Contain $web1
        }

        It 'completes the -Name parameter by name too' {
            $line = "Get-Container -Name $($web2.Substring(0, 8))"
            $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $result.CompletionMatches.CompletionText | Should -Contain $web2
        }
    }

    Context 'parallel runspaces' {
        It 'shares one client safely across runspaces' {
            # This run's own containers: other runs on the same engine add and remove theirs meanwhile.
            $module = $env:PSDOCKER_MODULE
            $pattern = "$TestPrefix*"
            $expected = @(Get-Container -All -Name $pattern).Count
            $expected | Should -BeGreaterThan 0
            $counts = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:module
                @(Get-Container -All -Name $using:pattern).Count
            }
            $counts | Should -HaveCount 8
            $counts | ForEach-Object { $_ | Should -Be $expected }
        }
    }
}
