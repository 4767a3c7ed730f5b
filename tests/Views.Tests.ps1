# Every table view of PSDocker.Format.ps1xml, rendered at 80, 120 and 200 columns: at every width every
# header is there and no value is cut with an ellipsis (values wrap instead); at 200 every value reads whole.
BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:app = New-TestName 'vapp'
    $script:stopped = New-TestName 'vstop'
    $base = Get-Random -Minimum 48000 -Maximum 56000
    Invoke-Docker run -d --name $app -p "127.0.0.1:$base-$($base + 1):$base-$($base + 1)" --expose 9000/udp $TestImage sleep 600 | Out-Null
    & docker run --name $stopped $TestImage sh -c 'exit 3' *> $null
    $script:logged = New-TestName 'vlog'
    & docker run --name $logged $TestImage sh -c 'echo hello; echo "a longer line of text, long enough to wrap in the TEXT column at eighty columns"; echo oops >&2' *> $null

    function Get-Table([object[]] $InputObject, [int] $Width, [string] $View) {
        if ($View) { $InputObject | Format-Table -View $View | Out-String -Width $Width }
        else { $InputObject | Format-Table | Out-String -Width $Width }
    }

    function Get-ColumnSpan([string] $Table) {
        # Each column of a table: where it starts, how wide it is (from the dashes under the headers) and its
        # header, put back together when it wrapped (spaces dropped).
        $lines = @($Table -split "`r?`n" | Where-Object { $_.Trim() })
        $dash = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match '^-' })
        # The dashes are as long as the header; a column reaches to the next one (the last to the line's end).
        $starts = @([regex]::Matches($lines[$dash], '-+') | ForEach-Object Index)
        for ($i = 0; $i -lt $starts.Count; $i++) {
            $start = $starts[$i]
            $length = if ($i + 1 -lt $starts.Count) { $starts[$i + 1] - $start } else { [int]::MaxValue - $start }
            $header = @($lines[0..($dash - 1)] | ForEach-Object {
                    if ($_.Length -gt $start) { $_.Substring($start, [Math]::Min($length, $_.Length - $start)) } }) -join ''
            [pscustomobject]@{ Start = $start; Length = $length; Header = $header -replace '\s', '' }
        }
    }

    function Get-ColumnText([string] $Table, [string] $Header) {
        # The text of one column, one string per row: the pieces a wrapped value was cut into, put back
        # together (spaces dropped, as a wrap may fall on one). A row starts where the first column has text.
        $lines = @($Table -split "`r?`n" | Where-Object { $_.Trim() })
        $dash = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match '^-' })
        $spans = @(Get-ColumnSpan $Table)
        $column = [array]::IndexOf([string[]] $spans.Header, ($Header -replace '\s', ''))
        if ($column -lt 0) { throw "No column $Header in:`n$Table" }
        $rows = [System.Collections.Generic.List[string]]::new()
        foreach ($line in $lines[($dash + 1)..($lines.Count - 1)]) {
            $piece = { param($span) if ($line.Length -gt $span.Start) { $line.Substring($span.Start, [Math]::Min($span.Length, $line.Length - $span.Start)) } else { '' } }
            if ((& $piece $spans[0]).Trim()) { $rows.Add('') }
            if ($rows.Count) { $rows[$rows.Count - 1] += (& $piece $spans[$column]) -replace '\s', '' }
        }
        , $rows.ToArray()
    }

    function Get-HeaderText([string] $Table) {
        # The lines above the dashes line under the headers.
        $lines = $Table -split "`r?`n" | Where-Object { $_.Trim() }
        $dash = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match '^-' })
        ($lines[0..($dash - 1)]) -join "`n"
    }

    # The lab's images, under the registry name and the short one (read only; nothing here removes them).
    $script:images = @(Get-Image '127.0.0.1:5000/psdocker/busybox:latest', $TestImage)
    $containers = Get-Container $app, $stopped
    # A tag pushed to the loopback registry, for the push result's view.
    $script:pushRef = '127.0.0.1:5000/' + (New-TestName 'vpush') + ':1.0'
    Invoke-Docker tag $TestImage $pushRef | Out-Null
    $pushed = @(Invoke-ImagePush $pushRef)
    $sized = @(Get-Container $app, $stopped -Size)
    $version = Get-DockerVersion
    # Results of commands run in the running container (Invoke-ContainerCommand): one with output and an error line, one without.
    $script:execs = @((Invoke-ContainerCommand $app -Command sh, -c, 'echo hello; echo world; echo oops >&2; exit 2'), (Invoke-ContainerCommand $app -Command true))
    # A file copied into the running container, for the ContainerItem view.
    $copied = Join-Path $TestDrive 'copied.txt'
    Set-Content -Path $copied -Value 'copied' -NoNewline
    $script:copiedItem = @(Copy-ContainerItem -Path $copied -Destination "${app}:/copied.txt" -PassThru)
    # docker stats, top and diff rows: of $app, and of a container with a changed filesystem.
    $script:changed = New-TestName 'vdiff'
    Invoke-Docker run --name $changed $TestImage sh -c 'echo x > /psdocker-view-file' | Out-Null
    $statistics = @(Get-ContainerStatistic $app)
    $processes = @(Get-ContainerProcess $app)
    $changes = @(Get-ContainerChange $changed)
    # Volumes (a named and an anonymous one) and the result of a prune scoped by a label only this file's volumes carry.
    $script:volumeLabel = "psdocker.views=$(New-TestName 'vvol')"
    # Swarm services, tasks and service log lines need a swarm (SwarmService.Tests.ps1 has one on lab nodes 3 and 4):
    # here they are made as the cmdlets fill them, so the views are checked without one.
    function script:New-ModelObject([type] $Type, [object[]] $Arguments, [hashtable] $Properties = @{}) {
        $o = $Type.GetConstructors([Reflection.BindingFlags]'NonPublic,Instance')[0].Invoke($Arguments)
        foreach ($k in $Properties.Keys) { $Type.GetProperty($k).SetValue($o, $Properties[$k]) }
        $o
    }
    $ep = $version.Endpoint
    $script:swarmServices = @(
        (New-ModelObject ([PSDocker.SwarmService]) @('k2xq5v0rj7bq3l1m9n8p4t6wz', 'psdtb-view-web', $ep) @{ Mode = 'replicated'; Replicas = '4/4'
            Image = '10.250.0.254:5002/psdocker/busybox:latest'; Ports = 'host:18080->8080/tcp, *:8081->81/udp' })
        (New-ModelObject ([PSDocker.SwarmService]) @('a1b2c3d4e5f6g7h8i9j0k1l2m', 'psdtb-view-agent', $ep) @{ Mode = 'global'; Replicas = '2/2'; Image = 'psdocker/busybox:latest' })
    )
    $script:swarmTasks = @(
        (New-ModelObject ([PSDocker.SwarmTask]) @('t0a1b2c3d4e5f6g7h8i9j0k1l', $ep) @{ Name = 'psdtb-view-web.1'; Node = 'sw3'; DesiredState = 'Running'; State = 'Running'
            StateChanged = [datetime]::Now.AddHours(-5); Image = '10.250.0.254:5002/psdocker/busybox:latest' })
        (New-ModelObject ([PSDocker.SwarmTask]) @('t9z8y7x6w5v4u3t2s1r0q9p8o', $ep) @{ Name = 'psdtb-view-web.2'; Node = ''; DesiredState = 'Running'; State = 'Pending'
            StateChanged = [datetime]::Now.AddHours(-3); Image = 'psdocker/busybox:latest'; Error = 'no suitable node (scheduling constraints not satisfied on 2 nodes)' })
    )
    $logTime = [datetime]::new(2026, 5, 1, 10, 0, 0, [DateTimeKind]::Utc)
    $script:serviceLog = @(
        (New-ModelObject ([PSDocker.SwarmServiceLogRecord]) @([PSDocker.LogStream]::StdOut, $logTime, 0, 'serving on sw3', 'psdtb-view-web', 'tid1', 'psdtb-view-web.1', 'nid3', 'sw3', $ep))
        (New-ModelObject ([PSDocker.SwarmServiceLogRecord]) @([PSDocker.LogStream]::StdErr, $logTime.AddSeconds(1), 0, 'a longer line of text, long enough to wrap in the TEXT column at eighty columns', 'psdtb-view-web', 'tid2', 'psdtb-view-web.2', 'nid4', 'sw4', $ep))
    )
    $script:volumes = @((New-ContainerVolume (New-TestName 'vvol') -Label $volumeLabel), (New-ContainerVolume -Label $volumeLabel))
    $null = New-ContainerVolume (New-TestName 'vprune') -Label "$volumeLabel-prune"
    $script:volumePrune = @(Remove-ContainerVolume -Unused -All -Label "$volumeLabel-prune" -Force)
    # docker system df rows, its -v rows for the lab image, $app and a volume of this test, a build cache row (none on
    # the lab engine: made from the type itself), and a prune result (scoped to a label nothing carries).
    $script:dfVolume = New-TestName 'vvol'
    Invoke-Docker volume create $dfVolume | Out-Null
    $appId = (Invoke-Docker inspect -f '{{.Id}}' $app).Trim()
    $labImageId = (Invoke-Docker image inspect -f '{{.Id}}' $TestImage).Trim()
    $dfDetail = @(Get-DockerDiskUsage -Detailed)
    $diskUsage = @(Get-DockerDiskUsage)
    $dfImages = @($dfDetail | Where-Object { $_ -is [PSDocker.DiskUsageImage] -and $_.Id -eq $labImageId })
    $dfContainers = @($dfDetail | Where-Object { $_ -is [PSDocker.DiskUsageContainer] -and $_.Id -eq $appId })
    $dfVolumes = @($dfDetail | Where-Object { $_ -is [PSDocker.DiskUsageVolume] -and $_.Name -eq $dfVolume })
    $dfCache = @([PSDocker.DiskUsageBuildCache].GetConstructors([System.Reflection.BindingFlags]'Instance,NonPublic')[0].Invoke(@(
                'psduviewcache01', 'regular', 'a layer', [long]1985472, [datetime]::UtcNow, [Nullable[datetime]][datetime]::UtcNow, [long]3, $false, $false, $version.Endpoint)))
    $pruned = @(Invoke-DockerSystemPrune -Label "psdu.view=$([guid]::NewGuid().ToString('n'))" -Force)
    # A network with a container on it, for the ContainerNetwork and NetworkContainer views.
    $script:viewNet = New-TestName 'vnet'
    $viewNetBox = New-TestName 'vnetbox'
    Invoke-Docker network create $viewNet | Out-Null
    Invoke-Docker run -d --name $viewNetBox --network $viewNet $TestImage sleep 600 | Out-Null
    $networks = @(Get-ContainerNetwork $viewNet, bridge)
    $networkContainers = @($networks[0].Containers)
    Remove-TestContainer $viewNetBox
    # Remove-Image -PassThru: a tag of the lab image (untagged only), and one that deleted too, made from the type.
    $script:removeTag = (New-TestName 'vrmi') + ':1'
    Invoke-Docker tag $TestImage $removeTag | Out-Null
    $script:imageRemovals = @(Remove-Image $removeTag -PassThru) + @([PSDocker.ImageRemoveResult].GetConstructors([System.Reflection.BindingFlags]'Instance,NonPublic')[0].Invoke(@(
                'psdocker-view-app:2', [string[]]@('psdocker-view-app:2'), [string[]]@("sha256:$('ab' * 32)", "sha256:$('cd' * 32)"), $version.Endpoint)))
    # One case per view: the objects, the headers it must show, and the values that must read whole at 200
    # (Wide shares 200 columns among seven: its values are checked column by column instead, at every width).
    # Swarm objects as the mapper makes them from the engine's answers (the default engine is in no swarm; the
    # swarm tests read these tables from real swarm lab nodes too).
    $flags = [Reflection.BindingFlags]'Static, Public, NonPublic'
    $mapper = [PSDocker.SwarmNode].Assembly.GetType('PSDocker.ModelMapper')
    $endpoint = (Get-DockerVersion).Endpoint
    function New-Model([Type] $Type, [hashtable] $Values) {
        $o = [Activator]::CreateInstance($Type)
        foreach ($k in $Values.Keys) { $Type.GetProperty($k).SetValue($o, $Values[$k]) }
        $o
    }
    function New-Node([string] $Id, [string] $Hostname, [string] $Role, $Leader) {
        $nodeType = $mapper.GetMethod('ToSwarmNode', $flags).GetParameters()[0].ParameterType
        $prop = { param($name) $nodeType.GetProperty($name).PropertyType }
        $node = New-Model $nodeType @{
            ID          = $Id
            Spec        = New-Model (& $prop 'Spec') @{ Role = $Role; Availability = 'active' }
            Description = New-Model (& $prop 'Description') @{ Hostname = $Hostname; Engine = New-Model ((& $prop 'Description').GetProperty('Engine').PropertyType) @{ EngineVersion = '20.10.24+dfsg1' } }
            Status      = New-Model (& $prop 'Status') @{ State = 'ready'; Addr = '10.250.0.1' }
        }
        if ($null -ne $Leader) { $nodeType.GetProperty('ManagerStatus').SetValue($node, (New-Model (& $prop 'ManagerStatus') @{ Leader = [Nullable[bool]]$Leader; Reachability = 'reachable' })) }
        $mapper.GetMethod('ToSwarmNode', $flags).Invoke($null, @($node, 'xttgkllp7bl3knml18hs34aj7', $endpoint))
    }
    $script:swarmNodes = @(
        New-Node 'xttgkllp7bl3knml18hs34aj7' 'sw1' 'manager' $true
        New-Node 'mlgovi4mcwiwrxzuff49bza23' 'ip-10-0-0-12' 'worker' $null)
    $secretType = $mapper.GetMethod('ToSwarmSecret', $flags).GetParameters()[0].ParameterType
    $secretSpec = $secretType.GetProperty('Spec').PropertyType
    $script:swarmSecrets = @($mapper.GetMethod('ToSwarmSecret', $flags).Invoke($null, @(
                (New-Model $secretType @{ ID = 'toqtsa9jsx79fdhxqmynvcakr'; CreatedAt = [Nullable[datetime]][datetime]::UtcNow.AddMinutes(-3); UpdatedAt = [Nullable[datetime]][datetime]::UtcNow.AddMinutes(-3); Spec = New-Model $secretSpec @{ Name = 'a-rather-long-secret-name-for-tables' } }), $endpoint)))
    $configType = $mapper.GetMethod('ToSwarmConfig', $flags).GetParameters()[0].ParameterType
    $configSpec = $configType.GetProperty('Spec').PropertyType
    $script:swarmConfigs = @($mapper.GetMethod('ToSwarmConfig', $flags).Invoke($null, @(
                (New-Model $configType @{ ID = 'ot4mosa1rf71rdjieswktbjfi'; CreatedAt = [Nullable[datetime]][datetime]::UtcNow.AddHours(-2); Spec = New-Model $configSpec @{ Name = 'app.conf'; Data = [byte[]](97, 61, 49) } }), $endpoint)))
    $script:swarm = $mapper.GetMethod('ToSwarm', $flags).Invoke($null, @(
            (New-Model ($mapper.GetMethod('ToSwarm', $flags).GetParameters()[0].ParameterType) @{ LocalNodeState = 'active'; NodeID = 'xttgkllp7bl3knml18hs34aj7'; NodeAddr = '10.250.0.1'; ControlAvailable = $true; Nodes = [Nullable[long]]2; Managers = [Nullable[long]]1 }),
            (New-Model ($mapper.GetMethod('ToSwarm', $flags).GetParameters()[1].ParameterType) @{ ID = 'x6tmhysgansuox8a29ymt9fut'; JoinTokens = New-Model ($mapper.GetMethod('ToSwarm', $flags).GetParameters()[1].ParameterType.GetProperty('JoinTokens').PropertyType) @{ Worker = 'SWMTKN-1-views-worker'; Manager = 'SWMTKN-1-views-manager' } }),
            $endpoint))

    $script:cases = @(
        @{ View = 'PSDocker.Container'; Objects = $containers; Headers = 'CONTAINER ID', 'IMAGE', 'STATUS', 'NAMES', 'PORTS'
            Values = @($containers | ForEach-Object { $_.ShortId; $_.Image; $_.Status; $_.Name; $_.PortsText -split ', ' | Where-Object { $_ } }) }
        @{ View = 'PSDocker.Container#Size'; Objects = $sized; Headers = 'CONTAINER ID', 'IMAGE', 'STATUS', 'NAMES', 'SIZE', 'PORTS'
            Values = @($sized | ForEach-Object { $_.ShortId; $_.Image; $_.Status; $_.Name; $_.SizeText; $_.PortsText -split ', ' | Where-Object { $_ } }) }
        @{ View = 'Wide'; Type = 'PSDocker.Container'; Objects = $containers; Headers = 'CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'
            Values = @($containers | ForEach-Object { $_.ShortId; $_.Name }) }
        @{ View = 'Wide'; Type = 'PSDocker.Container#Size'; Objects = $sized; Headers = 'CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES', 'SIZE'
            Values = @($sized | ForEach-Object { $_.ShortId; $_.Name }) }
        @{ View = 'PSDocker.PortMapping'; Objects = $containers[0].Ports; Headers = 'ContainerPort', 'Protocol', 'HostIP', 'HostPort'
            Values = @($containers[0].Ports | ForEach-Object { "$($_.ContainerPort)"; $_.Protocol; $_.HostIP; "$($_.HostPort)" } | Where-Object { $_ }) }
        @{ View = 'PSDocker.DockerVersion'; Objects = @($version); Headers = 'Version', 'Api', 'MinApi', 'NegotiatedApi', 'OS/Arch', 'Endpoint'
            Values = @($version.Version, $version.ApiVersion, $version.NegotiatedApiVersion, "$($version.OS)/$($version.Architecture)", $version.Endpoint.ToString()) }
        @{ View = 'PSDocker.DockerInfo'; Objects = @(Get-DockerInfo); Headers = 'ServerVersion', 'Containers', 'Running', 'Images', 'CPUs', 'Memory', 'Storage', 'OS', 'Name'
            Values = @(Get-DockerInfo | ForEach-Object { $_.ServerVersion; $_.StorageDriver; $_.OSType; $_.Name }) }
        @{ View = 'PSDocker.DockerContext'; Objects = @(Get-DockerContext); Headers = 'NAME', 'DOCKER ENDPOINT', 'TLS', 'DESCRIPTION'
            Values = @(Get-DockerContext | ForEach-Object { $_.Name; $_.HostAddress; $_.Description } | Where-Object { $_ }) }
        @{ View = 'PSDocker.DockerEndpoint'; Objects = @($version.Endpoint); Headers = 'Address', 'Tls', 'Source', 'ContextName'
            Values = @($version.Endpoint.ToString(), $version.Endpoint.Source) }
        @{ View = 'PSDocker.Image'; Objects = $images; Headers = 'REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'
            Values = @($images | ForEach-Object { $_.Repository; $_.Tag; $_.ShortId; $_.CreatedSince; $_.SizeText }) }
        @{ View = 'PSDocker.ImagePushResult'; Objects = $pushed; Headers = 'REFERENCE', 'DIGEST', 'SIZE'
            Values = @($pushed | ForEach-Object { $_.Reference; $_.Digest; "$($_.Size)" }) }
        @{ View = 'PSDocker.ImageHistoryItem'; Objects = @(Get-ImageHistory $TestImage); Headers = 'IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'
            Values = @(Get-ImageHistory $TestImage | ForEach-Object { $_.ShortId; $_.SizeText }) }
        @{ View = 'PSDocker.ExecResult'; Objects = $execs; Headers = 'ExitCode', 'Duration', 'Container', 'Output'
            Values = @($execs | ForEach-Object { "$($_.ExitCode)"; $_.Container }) + @('hello (+1 more, 1 stderr line)') }
        @{ View = 'PSDocker.ContainerItem'; Objects = $copiedItem; Headers = 'CONTAINER', 'MODE', 'SIZE', 'MODIFIED (UTC)', 'PATH'
            Values = @($copiedItem | ForEach-Object { $_.Container; $_.ModeText; "$($_.Size)"; $_.Path }) }
        @{ View = 'PSDocker.ContainerStatistic'; Objects = $statistics; Headers = 'NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'
            Values = @($statistics | ForEach-Object { $_.Container; $_.CPUText; $_.MemoryText; $_.MemoryPercentText; $_.NetworkText; $_.BlockText; "$($_.PIDs)" }) }
        @{ View = 'PSDocker.ContainerProcess'; Objects = $processes; Headers = 'UID', 'PID', 'PPID', 'TIME', 'CMD'
            Values = @($processes | ForEach-Object { $_.UID; "$($_.PID)"; "$($_.PPID)"; $_.Columns['TIME']; $_.Command }) }
        @{ View = 'PSDocker.ContainerChange'; Objects = $changes; Headers = 'KIND', 'PATH'
            Values = @($changes | ForEach-Object { "$($_.Kind)"; $_.Path }) }
        @{ View = 'PSDocker.LogRecord'; Objects = @(Get-ContainerLog $logged); Headers = 'TIMESTAMP (UTC)', 'CONTAINER', 'STREAM', 'TEXT'
            Values = @(Get-ContainerLog $logged | ForEach-Object { $_.Timestamp.ToString('yyyy-MM-dd HH:mm:ss.fff', [cultureinfo]::InvariantCulture); $_.Text }) }
        # Events of a container that ran no command (an exec's action carries its command line, which wraps in ACTION).
        @{ View = 'PSDocker.DockerEvent'; Objects = @(Get-DockerEvent -Since 10m -Container $stopped); Headers = 'TIME (UTC)', 'TYPE', 'ACTION', 'NAME/ID'
            Values = @(Get-DockerEvent -Since 10m -Container $stopped | ForEach-Object { $_.Time.ToString('yyyy-MM-dd HH:mm:ss.fff', [cultureinfo]::InvariantCulture); $_.Type; $_.Action; $_.Name }) }
        @{ View = 'PSDocker.ContainerVolume'; Objects = $volumes; Headers = 'DRIVER', 'VOLUME NAME'
            Values = @($volumes | ForEach-Object { $_.Driver; $_.Name }) }
        @{ View = 'Wide'; Type = 'PSDocker.ContainerVolume'; Objects = $volumes; Headers = 'DRIVER', 'SCOPE', 'CREATED', 'LABELS', 'VOLUME NAME'
            Values = @($volumes | ForEach-Object { $_.Name; $volumeLabel }) }
        @{ View = 'PSDocker.VolumePruneResult'; Objects = $volumePrune; Headers = 'DELETED', 'RECLAIMED', 'VOLUMES'
            Values = @($volumePrune | ForEach-Object { $_.SpaceReclaimedText; $_.Deleted }) }
        @{ View = 'PSDocker.DiskUsage'; Objects = $diskUsage; Headers = 'TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'
            Values = @($diskUsage | ForEach-Object { $_.Type; "$($_.Total)"; $_.SizeText; $_.ReclaimableText }) }
        @{ View = 'PSDocker.DiskUsageImage'; Objects = $dfImages; Headers = 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE', 'SHARED SIZE', 'UNIQUE SIZE', 'CONTAINERS'
            Values = @($dfImages | ForEach-Object { $_.Tag; $_.ShortId; $_.SizeText; $_.SharedSizeText; $_.UniqueSizeText }) }
        @{ View = 'PSDocker.DiskUsageContainer'; Objects = $dfContainers; Headers = 'CONTAINER ID', 'IMAGE', 'LOCAL VOLUMES', 'SIZE', 'STATUS', 'NAMES'
            Values = @($dfContainers | ForEach-Object { $_.Id.Substring(0, 12); $_.SizeText; $_.Name }) }
        @{ View = 'PSDocker.DiskUsageVolume'; Objects = $dfVolumes; Headers = 'VOLUME NAME', 'LINKS', 'SIZE'
            Values = @($dfVolumes | ForEach-Object { $_.Name; $_.SizeText }) }
        @{ View = 'PSDocker.DiskUsageBuildCache'; Objects = $dfCache; Headers = 'CACHE ID', 'CACHE TYPE', 'SIZE', 'LAST USED (UTC)', 'USAGE', 'SHARED'
            Values = @($dfCache | ForEach-Object { $_.Id; $_.CacheType; $_.SizeText; $_.LastUsed.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture) }) }
        @{ View = 'PSDocker.DockerPruneResult'; Objects = $pruned; Headers = 'CONTAINERS', 'NETWORKS', 'VOLUMES', 'IMAGES', 'BUILD CACHE', 'RECLAIMED'
            Values = @($pruned | ForEach-Object { $_.SpaceReclaimedText }) }
        @{ View = 'PSDocker.ContainerNetwork'; Objects = $networks; Headers = 'NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'
            Values = @($networks | ForEach-Object { $_.ShortId; $_.Name; $_.Driver; $_.Scope }) }
        @{ View = 'PSDocker.NetworkContainer'; Objects = $networkContainers; Headers = 'NAME', 'IPV4 ADDRESS', 'MAC ADDRESS', 'IPV6 ADDRESS'
            Values = @($networkContainers | ForEach-Object { $_.Name; "$($_.IPv4Address)/$($_.IPv4PrefixLength)"; $_.MacAddress }) }
        @{ View = 'PSDocker.SwarmService'; Objects = $swarmServices; Headers = 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'
            Values = @($swarmServices | ForEach-Object { $_.Name; $_.Mode; $_.Replicas }) + @('host:18080->8080/tcp') }
        @{ View = 'Wide'; Type = 'PSDocker.SwarmService'; Objects = $swarmServices; Headers = 'ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'
            Values = @($swarmServices | ForEach-Object { $_.ShortId; $_.Name; $_.Replicas }) }
        @{ View = 'PSDocker.SwarmTask'; Objects = $swarmTasks; Headers = 'NAME', 'NODE', 'DESIRED', 'CURRENT STATE', 'ERROR'
            Values = @($swarmTasks | ForEach-Object { $_.Name; $_.DesiredState; $_.CurrentState }) + @('sw3', $swarmTasks[1].Error) }
        @{ View = 'Wide'; Type = 'PSDocker.SwarmTask'; Objects = $swarmTasks; Headers = 'ID', 'NAME', 'NODE', 'CURRENT STATE', 'IMAGE'
            Values = @($swarmTasks | ForEach-Object { $_.ShortId; $_.Name; $_.CurrentState; $_.Image }) }
        @{ View = 'PSDocker.SwarmServiceLogRecord'; Objects = $serviceLog; Headers = 'TIMESTAMP (UTC)', 'TASK', 'NODE', 'TEXT'
            Values = @($serviceLog | ForEach-Object { $_.Timestamp.ToString('yyyy-MM-dd HH:mm:ss.fff', [cultureinfo]::InvariantCulture); $_.Task; $_.Node; $_.Text }) }
        @{ View = 'PSDocker.ImageRemoveResult'; Objects = $imageRemovals; Headers = 'REFERENCE', 'UNTAGGED', 'DELETED'
            Values = @($imageRemovals | ForEach-Object { $_.Reference; $_.Untagged; $_.DeletedShortIds }) }
        @{ View = 'PSDocker.DockerSwarm'; Objects = @($swarm); Headers = 'ID', 'STATE', 'ROLE', 'NODES', 'MANAGERS', 'NODE ADDRESS'
            Values = @($swarm.Id; $swarm.NodeAddress) }
        @{ View = 'PSDocker.SwarmJoinTokens'; Objects = @($swarm.JoinTokens); Headers = 'WORKER', 'MANAGER'; Values = @('(a SecureString)') }
        @{ View = 'PSDocker.SwarmNode'; Objects = $swarmNodes; Headers = 'ID', 'HOSTNAME', 'STATUS', 'AVAILABILITY', 'MANAGER', 'VERSION'
            Values = @($swarmNodes | ForEach-Object { $_.Id.Substring(0, 12); $_.Hostname; $_.EngineVersion }) }
        @{ View = 'PSDocker.SwarmSecret'; Objects = $swarmSecrets; Headers = 'ID', 'NAME', 'CREATED', 'UPDATED'
            Values = @($swarmSecrets | ForEach-Object { $_.Id; $_.Name; $_.CreatedAgo }) }
        @{ View = 'PSDocker.SwarmConfig'; Objects = $swarmConfigs; Headers = 'ID', 'NAME', 'CREATED', 'UPDATED'
            Values = @($swarmConfigs | ForEach-Object { $_.Id; $_.Name; $_.CreatedAgo }) }
    )
    # Objects of a call over several engines carry '<type>#Engines' first (Engines.Tests makes them with real engines):
    # tagged here, on new objects from the lab engine (type names stay with the object), its address as their ENGINE.
    function Add-EngineTag([object[]] $InputObject) {
        foreach ($o in $InputObject) { $p = [psobject]::new($o); $p.PSObject.TypeNames.Insert(0, $o.GetType().FullName + '#Engines'); $p }
    }
    $engine = $version.Endpoint.ToString()
    $fanContainers = @(Get-Container $app, $stopped)
    $fanImages = @(Get-Image '127.0.0.1:5000/psdocker/busybox:latest', $TestImage)
    $fanNetworks = @(Get-ContainerNetwork $viewNet, bridge)
    $fanVolumes = @(Get-ContainerVolume -Label $volumeLabel)
    $fanDiskUsage = @(Get-DockerDiskUsage)
    $fanVersion = Get-DockerVersion
    $script:cases += @(
        @{ View = 'PSDocker.Container#Engines'; Objects = @(Add-EngineTag $fanContainers); Headers = 'CONTAINER ID', 'ENGINE', 'IMAGE', 'STATUS', 'NAMES', 'PORTS'
            Values = @($engine) + @($fanContainers | ForEach-Object { $_.ShortId; $_.Image; $_.Name; $_.PortsText -split ', ' | Where-Object { $_ } }) }
        @{ View = 'PSDocker.Image#Engines'; Objects = @(Add-EngineTag $fanImages); Headers = 'REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE', 'ENGINE'
            Values = @($engine) + @($fanImages | ForEach-Object { $_.Repository; $_.Tag; $_.ShortId; $_.SizeText }) }
        @{ View = 'PSDocker.ContainerNetwork#Engines'; Objects = @(Add-EngineTag $fanNetworks); Headers = 'NETWORK ID', 'ENGINE', 'NAME', 'DRIVER', 'SCOPE'
            Values = @($engine) + @($fanNetworks | ForEach-Object { $_.ShortId; $_.Name; $_.Driver; $_.Scope }) }
        @{ View = 'PSDocker.ContainerVolume#Engines'; Objects = @(Add-EngineTag $fanVolumes); Headers = 'DRIVER', 'ENGINE', 'VOLUME NAME'
            Values = @($engine) + @($fanVolumes | ForEach-Object { $_.Driver; $_.Name }) }
        @{ View = 'PSDocker.DiskUsage#Engines'; Objects = @(Add-EngineTag $fanDiskUsage); Headers = 'TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE', 'ENGINE'
            Values = @($engine) + @($fanDiskUsage | ForEach-Object { $_.Type; "$($_.Total)"; $_.SizeText; $_.ReclaimableText }) }
        @{ View = 'PSDocker.DockerVersion#Engines'; Objects = @(Add-EngineTag $fanVersion); Headers = 'Version', 'Api', 'MinApi', 'NegotiatedApi', 'OS/Arch', 'ENGINE'
            Values = @($fanVersion.Version, $fanVersion.ApiVersion, "$($fanVersion.OS)/$($fanVersion.Architecture)", $engine) }
        @{ View = 'PSDocker.DockerInfo#Engines'; Objects = @(Add-EngineTag (Get-DockerInfo)); Headers = 'ServerVersion', 'Containers', 'Running', 'Images', 'CPUs', 'Memory', 'OS', 'Name', 'ENGINE'
            Values = @(Get-DockerInfo | ForEach-Object { $_.ServerVersion; $_.OSType; $_.Name }) + @($engine) }
    )
}

AfterAll {
    Remove-TestContainer $app, $stopped
    Remove-TestContainer $changed
    Remove-TestContainer $logged
    if ($pushRef) { & docker rmi $pushRef *> $null }
    $vols = & docker volume ls -q --filter "label=$volumeLabel"
    if ($vols) { & docker volume rm -f $vols *> $null }
    if ($dfVolume) { & docker volume rm $dfVolume *> $null }
    if ($viewNet) { & docker network rm $viewNet *> $null }
}

Describe 'Table views' {
    It 'covers every view of the format file' {
        $format = [xml](Get-Content -Raw (Join-Path (Split-Path $env:PSDOCKER_MODULE) 'PSDocker.Format.ps1xml'))
        $views = @($format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl } |
                ForEach-Object { "$($_.Name) for $($_.ViewSelectedBy.TypeName)" })
        ($cases | ForEach-Object { "$($_.View) for $(if ($_.Type) { $_.Type } else { $_.View })" } | Sort-Object) | Should -Be ($views | Sort-Object)
    }

    It 'selects the view under test' {
        foreach ($case in $cases) {
            $names = @($case.Objects)[0].PSObject.TypeNames
            $type = if ($case.Type) { $case.Type } else { $case.View }
            $names[0] | Should -Be $type -Because 'the view is picked by the first type name'
        }
    }

    It 'shows every header of <_> at 80, 120 and 200 columns, and cuts nothing' -ForEach @(
        'PSDocker.Container', 'PSDocker.Container#Size', 'Wide for PSDocker.Container', 'Wide for PSDocker.Container#Size',
        'PSDocker.PortMapping', 'PSDocker.DockerVersion', 'PSDocker.DockerInfo', 'PSDocker.DockerContext', 'PSDocker.DockerEndpoint',
        'PSDocker.Image', 'PSDocker.ImagePushResult', 'PSDocker.ImageHistoryItem', 'PSDocker.LogRecord',
        'PSDocker.ContainerItem', 'PSDocker.ContainerStatistic', 'PSDocker.ContainerProcess', 'PSDocker.ContainerChange',
        'PSDocker.DockerEvent',
        'PSDocker.ContainerVolume', 'Wide for PSDocker.ContainerVolume', 'PSDocker.VolumePruneResult',
        'PSDocker.DiskUsage', 'PSDocker.DiskUsageImage', 'PSDocker.DiskUsageContainer', 'PSDocker.DiskUsageVolume', 'PSDocker.DiskUsageBuildCache', 'PSDocker.DockerPruneResult',
        'PSDocker.ContainerNetwork', 'PSDocker.NetworkContainer',
        'PSDocker.Container#Engines', 'PSDocker.Image#Engines', 'PSDocker.ContainerNetwork#Engines', 'PSDocker.ContainerVolume#Engines',
        'PSDocker.DiskUsage#Engines', 'PSDocker.DockerVersion#Engines', 'PSDocker.DockerInfo#Engines',
        'PSDocker.DockerSwarm', 'PSDocker.SwarmJoinTokens', 'PSDocker.SwarmNode', 'PSDocker.SwarmSecret', 'PSDocker.SwarmConfig',
        'PSDocker.SwarmService', 'Wide for PSDocker.SwarmService', 'PSDocker.SwarmTask', 'Wide for PSDocker.SwarmTask', 'PSDocker.SwarmServiceLogRecord') {
        $key = $_
        $case = $cases | Where-Object { $(if ($_.Type) { "$($_.View) for $($_.Type)" } else { $_.View }) -eq $key }
        $case | Should -HaveCount 1
        foreach ($width in 80, 120, 200) {
            $table = Get-Table $case.Objects $width $case.View
            $headers = Get-HeaderText $table
            foreach ($h in $case.Headers) {
                $headers | Should -Match "(^|\s)$([regex]::Escape($h))(\s|$)" -Because "the $h header is shown at $width columns"
            }
            $table | Should -Not -Match ([char]0x2026) -Because "no value is cut at $width columns"
            foreach ($line in $table -split "`r?`n") { $line.TrimEnd().Length | Should -BeLessOrEqual $width }
        }
        $wide = Get-Table $case.Objects 200 $case.View
        foreach ($v in $case.Values) {
            $wide | Should -Match ([regex]::Escape($v)) -Because "'$v' reads whole at 200 columns"
        }
    }

    It 'shows the port items of a container one a line, as docker prints each' {
        $c = Get-Container $app
        $c.PortsText | Should -Be (Invoke-Docker ps --filter "name=^$app" --format '{{.Ports}}')
        $table = Get-Table $c 200
        foreach ($item in $c.PortsText -split ', ') {
            $table | Should -Match ([regex]::Escape($item))
        }
    }
}

Describe 'Container tables at 80, 120 and 200 columns' {
    It 'the <View> view shows every container''s name, status and port items at <Width> columns' -ForEach @(
        foreach ($view in 'PSDocker.Container', 'Wide') { foreach ($width in 80, 120, 200) { @{ View = $view; Width = $width } } }) {
        $containers = @(Get-Container $app, $stopped)
        $table = Get-Table $containers $Width $View
        $names = Get-ColumnText $table 'NAMES'
        $statuses = Get-ColumnText $table 'STATUS'
        $ports = Get-ColumnText $table 'PORTS'
        $names | Should -HaveCount $containers.Count
        for ($i = 0; $i -lt $containers.Count; $i++) {
            $names[$i] | Should -Be $containers[$i].Name
            # Status is the engine's text and ages ("Up 2 seconds"): compare up to its age.
            $statuses[$i] | Should -BeLike ((($containers[$i].Status -split ' ')[0..1] -join '') + '*')
            foreach ($item in $containers[$i].PortsText -split ', ' | Where-Object { $_ }) {
                $ports[$i] | Should -BeLike "*$($item -replace '\s', '')*"
            }
        }
        $ports[0] | Should -Not -BeNullOrEmpty -Because 'the first container publishes ports'
    }

    It 'the Wide view has every column of docker ps, in its order' {
        $table = Get-Table @(Get-Container $app) 200 Wide
        $docker = (Invoke-Docker ps --filter "name=^$app" | Select-Object -First 1) -split '\s{2,}' | Where-Object { $_ }
        (Get-ColumnSpan $table).Header | Should -Be ($docker -replace '\s', '')
        (Get-ColumnText $table 'COMMAND')[0] | Should -Be ('"' + (Get-Container $app).Command + '"' -replace '\s', '')
    }
}

Describe 'Image tables at 80, 120 and 200 columns' {
    It 'reads every REPOSITORY, TAG and IMAGE ID whole, on one line, at <_> columns, as docker images prints them' -ForEach 80, 120, 200 {
        $table = Get-Table $images $_
        $lines = @($table -split "`r?`n" | Where-Object { $_.Trim() })
        $dash = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match '^-' })
        $rows = $lines[($dash + 1)..($lines.Count - 1)]
        for ($i = 0; $i -lt $images.Count; $i++) {
            $image = $images[$i]
            # docker images' own row, column by column (its table is split by runs of spaces).
            $docker = (Invoke-Docker images --format '{{.Repository}}|{{.Tag}}|{{.ID}}|{{.Size}}' $image.Reference)
            $docker | Should -Be "$($image.Repository)|$($image.Tag)|$($image.ShortId)|$($image.SizeText)"
            $rows | Where-Object { $_ -match "^$([regex]::Escape($image.Repository))\s+$([regex]::Escape($image.Tag))\s+$($image.ShortId)\s" } |
                Should -HaveCount 1 -Because "the row of $($image.Reference) reads whole on one line at $_ columns"
        }
        (Get-ColumnText $table 'SIZE') | Should -Be @($images.SizeText)
    }

    It 'has a list view with what docker image inspect says' {
        $list = $images[0] | Format-List | Out-String -Width 120
        $list | Should -Match "Reference\s+: $([regex]::Escape($images[0].Reference))"
        $list | Should -Match "Id\s+: $([regex]::Escape($images[0].Id))"
        $list | Should -Match "Platform\s+: $($images[0].Os)/$($images[0].Architecture)"
    }
}

Describe 'Exec result table at 80, 120 and 200 columns' {
    It 'shows every header of PSDocker.ExecResult at <_> columns, cuts nothing, and reads the first line with the counts' -ForEach 80, 120, 200 {
        $case = $cases | Where-Object View -EQ 'PSDocker.ExecResult'
        $table = Get-Table $case.Objects $_ $case.View
        $headers = Get-HeaderText $table
        foreach ($h in $case.Headers) { $headers | Should -Match "(^|\s)$([regex]::Escape($h))(\s|$)" -Because "the $h header is shown at $_ columns" }
        $table | Should -Not -Match ([char]0x2026)
        foreach ($line in $table -split "`r?`n") { $line.TrimEnd().Length | Should -BeLessOrEqual $_ }
        (Get-ColumnText $table 'Container') | Should -Be @($execs.Container)
        (Get-ColumnText $table 'ExitCode') | Should -Be @('2', '0')
        (Get-ColumnText $table 'Output')[0] | Should -Be ('hello (+1 more, 1 stderr line)' -replace '\s', '')
    }
}

Describe 'Volume tables at 80, 120 and 200 columns' {
    It 'reads every DRIVER and whole VOLUME NAME on one line at <_> columns, as docker volume ls prints them' -ForEach 80, 120, 200 {
        $table = Get-Table $volumes $_
        foreach ($v in $volumes) {
            @($table -split "`r?`n" | Where-Object { $_ -match "^$([regex]::Escape($v.Driver))\s+$([regex]::Escape($v.Name))\s*$" }) |
                Should -HaveCount 1 -Because "the row of $($v.Name) reads whole on one line at $_ columns"
        }
    }

    It 'the Wide view shows the scope, age and labels at 200 columns' {
        $table = Get-Table $volumes 200 Wide
        $headers = Get-HeaderText $table
        foreach ($h in 'DRIVER', 'VOLUME NAME', 'SCOPE', 'CREATED', 'LABELS') { $headers | Should -Match "(^|\s)$h(\s|$)" }
        (Get-ColumnText $table 'SCOPE') | Should -Be @('local', 'local')
        $table | Should -Match ([regex]::Escape($volumeLabel))
    }
}

Describe 'Event table at 80 columns' {
    It 'cuts an ACTION that carries an exec''s command line at its 16 columns, so each event reads on one line' {
        $null = Invoke-ContainerCommand $app -Command sh, -c, 'echo a command line long enough to wrap the ACTION column'
        # Only this command's event: other cases of this file ran commands in the same container.
        $events = @(Get-DockerEvent -Since 2m -Container $app -Action exec_create | Where-Object Action -Like '*a command line long enough*')
        $events.Count | Should -Be 1
        $events[0].Action | Should -BeLike 'exec_create: sh -c echo a command line*' -Because 'the object keeps the whole action'
        $table = Get-Table $events 80
        $rows = @($table -split "`r?`n" | Where-Object { $_.Trim() } | Select-Object -Skip 2)
        $rows | Should -HaveCount $events.Count -Because 'each event is one line'
        $rows[0] | Should -Match ('exec_create: sh' + [char]0x2026)
    }
}

Describe 'Port and removal tables at 80, 120 and 200 columns' {
    It 'shows the <View> view''s <Header> column at every width, cutting nothing, and reads its values whole at 200' -ForEach @(
        @{ View = 'PSDocker.PortMapping'; Header = 'ReachableEndpoint' }
        @{ View = 'PSDocker.ImageRemoveResult'; Header = 'DELETED' }) {
        $case = $cases | Where-Object { $_.View -eq $View -and -not $_.Type }
        $case | Should -HaveCount 1
        $values = if ($View -eq 'PSDocker.PortMapping') { @($case.Objects | ForEach-Object ReachableEndpoint | Where-Object { $_ }) } else { @($case.Objects.DeletedShortIds) }
        $values | Should -Not -BeNullOrEmpty
        foreach ($width in 80, 120, 200) {
            $table = Get-Table $case.Objects $width $View
            foreach ($h in @($case.Headers) + $Header) {
                Get-HeaderText $table | Should -Match "(^|\s)$([regex]::Escape($h))(\s|$)" -Because "the $h header is shown at $width columns"
            }
            $table | Should -Not -Match ([char]0x2026) -Because "no value is cut at $width columns"
            foreach ($line in $table -split "`r?`n") { $line.TrimEnd().Length | Should -BeLessOrEqual $width }
        }
        $wide = Get-Table $case.Objects 200 $View
        foreach ($v in $values) { $wide | Should -Match ([regex]::Escape($v)) -Because "'$v' reads whole at 200 columns" }
    }
}


Describe 'Swarm tables' {
    It 'marks the node asked with * and shows the leader, as docker node ls' {
        $table = Get-Table $swarmNodes 80
        $table | Should -Match 'xttgkllp7bl3 \*'
        $table | Should -Match '20\.10\.24\+dfsg1' -Because 'the engine version reads whole at 80 columns'
        $table | Should -Match 'Leader'
        $table | Should -Match 'Ready'
    }

    It 'never shows a join token, in a table, a list or a string' {
        foreach ($text in @((Get-Table $swarm 200), ($swarm | Format-List | Out-String -Width 200), ($swarm | Format-List * | Out-String -Width 200),
                (Get-Table $swarm.JoinTokens 200), ($swarm.JoinTokens | Format-List | Out-String -Width 200), "$($swarm.JoinTokens)")) {
            $text | Should -Not -Match 'SWMTKN'
        }
        ConvertFrom-SecureString -AsPlainText $swarm.JoinTokens.Worker | Should -Be 'SWMTKN-1-views-worker'
    }
}
