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
            (Get-Container -Id $web1Id.Substring(0, 6)).Id | Should -Contain $web1Id
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
            $p.ToString() | Should -Be "127.0.0.1:$hostPort->8080/tcp"
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
                $mine.Name | Should -Be $row.Names
                $mine.Image | Should -Be $row.Image
                '"' + $mine.Command + '"' | Should -Be $row.Command
                $mine.State.ToString() | Should -Be $row.State -Because "docker ps says $($row.Name) is $($row.State)"
                $cliPorts = @($row.Ports -split ', ' | Where-Object { $_ } | Sort-Object)
                $myPorts = @($mine.Ports | ForEach-Object ToString | Sort-Object)
                $myPorts | Should -Be $cliPorts
                $cliLabels = @($row.Labels -split ',' | Where-Object { $_ } | Sort-Object)
                $myLabels = @($mine.Labels.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" } | Sort-Object)
                $myLabels | Should -Be $cliLabels
                $mine.Networks.Name -join ',' | Should -Be $row.Networks
            }
        }
    }

    Context 'completion' {
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
            $module = $env:PSDOCKER_MODULE
            $expected = (Get-Container -All).Count
            $counts = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:module
                (Get-Container -All).Count
            }
            $counts | Should -HaveCount 8
            $counts | ForEach-Object { $_ | Should -Be $expected }
        }
    }
}
