# Every table view of PSDocker.Format.ps1xml, rendered at 80, 120 and 200 columns: at every width every
# header is there and no value is cut with an ellipsis (values wrap instead); at 200 every value reads whole.
BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:app = New-TestName 'view-app'
    $script:stopped = New-TestName 'view-stopped'
    $base = Get-Random -Minimum 48000 -Maximum 56000
    Invoke-Docker run -d --name $app -p "127.0.0.1:$base-$($base + 1):$base-$($base + 1)" --expose 9000/udp $TestImage sleep 600 | Out-Null
    & docker run --name $stopped $TestImage sh -c 'exit 3' *> $null

    function Get-Table([object[]] $InputObject, [int] $Width) {
        $InputObject | Format-Table | Out-String -Width $Width
    }

    function Get-HeaderText([string] $Table) {
        # The lines above the dashes line under the headers.
        $lines = $Table -split "`r?`n" | Where-Object { $_.Trim() }
        $dash = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match '^-' })
        ($lines[0..($dash - 1)]) -join "`n"
    }

    $containers = Get-Container $app, $stopped
    $version = Get-DockerVersion
    # One case per view: the objects, the headers it must show, and the values that must read whole at 200.
    $script:cases = @(
        @{ View = 'PSDocker.Container'; Objects = $containers; Headers = 'CONTAINER ID', 'IMAGE', 'STATUS', 'NAMES', 'PORTS'
            Values = @($containers | ForEach-Object { $_.ShortId; $_.Image; $_.Status; $_.Name; $_.PortsText -split ', ' | Where-Object { $_ } }) }
        @{ View = 'PSDocker.Container#Size'; Objects = @(Get-Container $app, $stopped -Size); Headers = 'CONTAINER ID', 'IMAGE', 'STATUS', 'NAMES', 'SIZE', 'PORTS'
            Values = @(Get-Container $app, $stopped -Size | ForEach-Object { $_.ShortId; $_.Image; $_.Status; $_.Name; $_.SizeText; $_.PortsText -split ', ' | Where-Object { $_ } }) }
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
    )
}

AfterAll {
    Remove-TestContainer $app, $stopped
}

Describe 'Table views' {
    It 'covers every view of the format file' {
        $format = [xml](Get-Content -Raw (Join-Path (Split-Path $env:PSDOCKER_MODULE) 'PSDocker.Format.ps1xml'))
        $views = @($format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl } | ForEach-Object Name)
        ($cases.View | Sort-Object) | Should -Be ($views | Sort-Object)
    }

    It 'selects the view under test' {
        foreach ($case in $cases) {
            $names = @($case.Objects)[0].PSObject.TypeNames
            $names[0] | Should -Be $case.View -Because 'the view is picked by the first type name'
        }
    }

    It 'shows every header of <_> at 80, 120 and 200 columns, and cuts nothing' -ForEach @(
        'PSDocker.Container', 'PSDocker.Container#Size', 'PSDocker.PortMapping', 'PSDocker.DockerVersion', 'PSDocker.DockerInfo',
        'PSDocker.DockerContext', 'PSDocker.DockerEndpoint') {
        $case = $cases | Where-Object View -EQ $_
        $case | Should -Not -BeNullOrEmpty
        foreach ($width in 80, 120, 200) {
            $table = Get-Table $case.Objects $width
            $headers = Get-HeaderText $table
            foreach ($h in $case.Headers) {
                $headers | Should -Match "(^|\s)$([regex]::Escape($h))(\s|$)" -Because "the $h header is shown at $width columns"
            }
            $table | Should -Not -Match ([char]0x2026) -Because "no value is cut at $width columns"
            foreach ($line in $table -split "`r?`n") { $line.TrimEnd().Length | Should -BeLessOrEqual $width }
        }
        $wide = Get-Table $case.Objects 200
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
