# Get-, New-, Remove-, Connect- and Disconnect-ContainerNetwork against the real engine, cross-checked with the docker CLI.
# Every network made here is named with the test prefix and carries the label of this run; every prune is scoped
# with that label, so other test workers' networks on the same engine are never touched.
BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:RunLabel = 'psdocker.test.network=' + [guid]::NewGuid().ToString('n').Substring(0, 8)

    function New-TestSubnet {
        # A /24 no other network of the engine uses (a random one in 10.200-249.x; checked against docker's list).
        $used = @(& docker network inspect (& docker network ls -q) -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}') -join ' '
        while ($true) {
            $subnet = "10.$(Get-Random -Minimum 200 -Maximum 250).$(Get-Random -Minimum 1 -Maximum 255)"
            if ($used -notmatch [regex]::Escape("$subnet.")) { return $subnet }
        }
    }

    function Get-DockerNetwork([string] $Name) {
        # docker network inspect NAME, as an object (null when there is none).
        $json = & docker network inspect $Name 2>$null
        if ($LASTEXITCODE -eq 0) { ($json | ConvertFrom-Json)[0] }
    }

    function Remove-TestNetwork {
        # Containers first (a network with endpoints cannot go), then the networks of this run.
        Remove-AllTestObject
        $ids = & docker network ls -q --filter "label=$RunLabel"
        if ($ids) { & docker network rm $ids *> $null }
    }

    function Start-Web([string] $Name, [string] $Network) {
        # A busybox web server on port 8080 that answers with its own name; stops at once on docker stop.
        Invoke-Docker run -d --name $Name --network $Network $TestImage sh -c "mkdir -p /www; echo $Name > /www/index.html; trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait" | Out-Null
        for ($i = 0; $i -lt 50 -and -not (Invoke-Fetch $Name 'http://127.0.0.1:8080/'); $i++) { Start-Sleep -Milliseconds 100 }
    }

    function Invoke-Fetch([string] $From, [string] $Url) {
        # The page $From gets from $Url (busybox wget, under timeout: its own -T crashes), or $null when it cannot reach it.
        $page = & docker exec $From timeout 5 wget -qO- $Url 2>$null
        if ($LASTEXITCODE -eq 0) { "$page".Trim() }
    }
}

AfterAll {
    Remove-TestNetwork
}

Describe 'New-ContainerNetwork' {
    It 'creates a network with every option set as docker network inspect shows it' {
        $name = New-TestName 'new'
        $s = New-TestSubnet
        $n = New-ContainerNetwork $name -Subnet "$s.0/24" -Gateway "$s.1" -IPRange "$s.128/25" -Internal -Attachable `
            -Label @{ app = 'shop'; run = ($RunLabel -split '=')[1] }, $RunLabel -Option @{ 'com.docker.network.bridge.enable_icc' = 'false' } -Driver bridge
        $n | Should -BeOfType PSDocker.ContainerNetwork
        $d = Get-DockerNetwork $name
        $d.Id | Should -Be $n.Id
        $d.Driver | Should -Be 'bridge'
        $d.Internal | Should -BeTrue
        $d.Attachable | Should -BeTrue
        $d.EnableIPv6 | Should -BeFalse
        $d.IPAM.Config[0].Subnet | Should -Be "$s.0/24"
        $d.IPAM.Config[0].Gateway | Should -Be "$s.1"
        $d.IPAM.Config[0].IPRange | Should -Be "$s.128/25"
        $d.Labels.app | Should -Be 'shop'
        $d.Options.'com.docker.network.bridge.enable_icc' | Should -Be 'false'
        # The object written says the same.
        $n.Subnet | Should -Be "$s.0/24"
        $n.Gateway | Should -Be "$s.1"
        $n.Subnets[0].IPRange | Should -Be "$s.128/25"
        $n.Internal | Should -BeTrue
        $n.Attachable | Should -BeTrue
        $n.Labels['app'] | Should -Be 'shop'
        $n.Options['com.docker.network.bridge.enable_icc'] | Should -Be 'false'
        $n.Endpoint | Should -Not -BeNullOrEmpty
    }

    It 'creates an IPv6 network with an IPv4 and an IPv6 subnet' {
        $name = New-TestName 'v6'
        $s = New-TestSubnet
        $v6 = "fd00:$((Get-Random -Maximum 65535).ToString('x')):$((Get-Random -Maximum 65535).ToString('x'))::"
        $n = New-ContainerNetwork $name -IPv6 -Subnet "$s.0/24", "$v6/64" -Gateway "${v6}1" -Label $RunLabel
        $d = Get-DockerNetwork $name
        $d.EnableIPv6 | Should -BeTrue
        @($d.IPAM.Config.Subnet) | Should -Be @("$s.0/24", "$v6/64")
        ($d.IPAM.Config | Where-Object Subnet -EQ "$v6/64").Gateway | Should -Be "${v6}1"
        $n.IPv6 | Should -BeTrue
    }

    It 'takes names from the pipeline and makes a bridge network by default' {
        $names = (New-TestName 'pipe1'), (New-TestName 'pipe2')
        $made = $names | New-ContainerNetwork -Label $RunLabel
        $made.Name | Should -Be $names
        foreach ($n in $names) { (Get-DockerNetwork $n).Driver | Should -Be 'bridge' }
    }

    It 'refuses a name the engine has with NetworkExists, and makes no second network' {
        $name = New-TestName 'dup'
        Invoke-Docker network create --label $RunLabel $name | Out-Null
        { New-ContainerNetwork $name -Label $RunLabel } | Should -Throw -ErrorId 'NetworkExists,PSDocker.Commands.NewContainerNetworkCommand'
        @(& docker network ls -q --filter "name=$name").Count | Should -Be 1
    }

    It 'refuses <Case> with InvalidArgument naming the value, before anything is sent' -ForEach @(
        @{ Case = 'a subnet that is not CIDR'; Splat = @{ Subnet = '10.5.0.0/33' }; Value = '10.5.0.0/33' }
        @{ Case = 'a gateway that is not an address'; Splat = @{ Subnet = '10.5.0.0/24'; Gateway = '10.5.0.256' }; Value = '10.5.0.256' }
        @{ Case = 'a gateway outside the subnet'; Splat = @{ Subnet = '10.5.0.0/24'; Gateway = '10.6.0.1' }; Value = '10.6.0.1' }
        @{ Case = 'an IP range without a subnet'; Splat = @{ IPRange = '10.5.0.0/25' }; Value = '10.5.0.0/25' }
        @{ Case = 'two gateways for one subnet'; Splat = @{ Subnet = '10.5.0.0/24', '10.7.0.0/24'; Gateway = '10.5.0.1', '10.5.0.2' }; Value = '10.5.0.2' }
    ) {
        $name = New-TestName 'bad'
        $err = { New-ContainerNetwork $name @Splat -Label $RunLabel } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.NewContainerNetworkCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*'$Value'*"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-DockerNetwork $name | Should -BeNullOrEmpty
    }

    It 'leaves no network behind when stopped (Ctrl+C) before it wrote one' {
        # In a runspace already connected (a first call), the create is sent within a few milliseconds: stops at 0 to
        # 80 ms land before, during and after the engine's work. A network the engine makes after the stop is removed.
        foreach ($delay in 0, 5, 10, 20, 40, 60, 80) {
            $name = New-TestName 'stop'
            $ps = [powershell]::Create()
            $null = $ps.AddCommand('Import-Module').AddArgument($env:PSDOCKER_MODULE).AddStatement().AddCommand('Get-ContainerNetwork').AddArgument('none')
            $null = $ps.Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand('New-ContainerNetwork').AddArgument($name).AddParameter('Label', $RunLabel)
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds $delay
            $ps.Stop()
            $written = @(try { $ps.EndInvoke($async) } catch { })
            $ps.Dispose()
            Start-Sleep -Milliseconds 1000   # time for a network the engine made after all to be removed
            if ($written.Count -eq 0) {
                Get-DockerNetwork $name | Should -BeNullOrEmpty -Because "the call stopped after $delay ms without writing a network"
            }
            else {
                (Get-DockerNetwork $name).Id | Should -Be $written[0].Id -Because 'a network written is one that exists'
            }
        }
    }

    It 'makes nothing with -WhatIf' {
        $name = New-TestName 'whatif'
        New-ContainerNetwork $name -Label $RunLabel -WhatIf | Should -BeNullOrEmpty
        Get-DockerNetwork $name | Should -BeNullOrEmpty
    }
}

Describe 'Get-ContainerNetwork' {
    BeforeAll {
        # A network made with the docker CLI, with a container on it.
        $script:cliNet = New-TestName 'cli'
        $script:cliSubnet = New-TestSubnet
        Invoke-Docker network create --subnet "$cliSubnet.0/24" --gateway "$cliSubnet.254" --ip-range "$cliSubnet.64/26" --internal `
            --label $RunLabel --label tier=back -o com.docker.network.driver.mtu=1400 $cliNet | Out-Null
        $script:cliBox = New-TestName 'clibox'
        Invoke-Docker run -d --name $cliBox --network $cliNet --ip "$cliSubnet.10" $TestImage sleep 600 | Out-Null
    }

    AfterAll {
        Remove-TestContainer $cliBox
    }

    It 'shows a network made with the docker CLI as docker network inspect does' {
        $n = Get-ContainerNetwork $cliNet
        $d = Get-DockerNetwork $cliNet
        $n.Id | Should -Be $d.Id
        $n.Driver | Should -Be 'bridge'
        $n.Scope | Should -Be 'local'
        $n.Subnet | Should -Be "$cliSubnet.0/24"
        $n.Gateway | Should -Be "$cliSubnet.254"
        $n.Subnets[0].IPRange | Should -Be "$cliSubnet.64/26"
        $n.Internal | Should -BeTrue
        $n.Attachable | Should -BeFalse
        $n.Labels['tier'] | Should -Be 'back'
        $n.Options['com.docker.network.driver.mtu'] | Should -Be '1400'
        $n.Created.ToUniversalTime().ToString('s') | Should -Be ([datetime]::Parse($d.Created).ToUniversalTime().ToString('s'))
    }

    It 'lists the connected containers with their addresses, as docker network inspect and docker inspect' {
        $c = @(Get-ContainerNetwork $cliNet | Select-Object -ExpandProperty Containers)
        $c | Should -HaveCount 1
        $c[0] | Should -BeOfType PSDocker.NetworkContainer
        $c[0].Name | Should -Be $cliBox
        $c[0].IPv4Address | Should -Be "$cliSubnet.10"
        $c[0].IPv4PrefixLength | Should -Be 24
        $c[0].Network | Should -Be $cliNet
        $d = (Get-DockerNetwork $cliNet).Containers.PSObject.Properties | Select-Object -First 1
        $c[0].Id | Should -Be $d.Name
        $c[0].EndpointId | Should -Be $d.Value.EndpointID
        $c[0].MacAddress | Should -Be $d.Value.MacAddress
        "$($c[0].IPv4Address)/$($c[0].IPv4PrefixLength)" | Should -Be $d.Value.IPv4Address
        $c[0].IPv4Address | Should -Be (Invoke-Docker inspect $cliBox -f "{{(index .NetworkSettings.Networks `"$cliNet`").IPAddress}}")
    }

    It 'finds a network by full id, by id prefix, and by name piped by value or from an object' {
        $id = (Get-DockerNetwork $cliNet).Id
        (Get-ContainerNetwork $id).Name | Should -Be $cliNet
        (Get-ContainerNetwork $id.Substring(0, 12)).Name | Should -Be $cliNet
        (Get-ContainerNetwork -Id $id.Substring(0, 10)).Name | Should -Be $cliNet
        ($cliNet | Get-ContainerNetwork).Id | Should -Be $id
        (Get-ContainerNetwork $cliNet | Get-ContainerNetwork).Id | Should -Be $id
    }

    It 'lists wildcard matches, ignoring case, and filters by -Driver and -Label' {
        $other = New-TestName 'wild'
        New-ContainerNetwork $other -Label $RunLabel | Out-Null
        $prefix = ($TestPrefix.ToUpperInvariant())
        $found = @(Get-ContainerNetwork "$prefix*" -Label $RunLabel).Name
        $found | Should -Contain $cliNet
        $found | Should -Contain $other
        @(Get-ContainerNetwork -Label $RunLabel, 'tier=back').Name | Should -Be @($cliNet)
        @(Get-ContainerNetwork -Label @{ tier = 'back' }, $RunLabel).Name | Should -Be @($cliNet) -Because 'labels may be given as a hashtable'
        @(Get-ContainerNetwork -Driver host).Name | Should -Be @('host')
        @(Get-ContainerNetwork $cliNet -Driver host) | Should -HaveCount 0 -Because 'a named network that does not pass the filters is left out'
        @(Get-ContainerNetwork 'psdn-no-such-*') | Should -HaveCount 0
        # The same networks as docker network ls --filter label=... lists.
        $docker = @(& docker network ls --filter "label=$RunLabel" --format '{{.Name}}') | Sort-Object
        @(Get-ContainerNetwork -Label $RunLabel).Name | Sort-Object | Should -Be $docker
    }

    It 'writes NetworkNotFound for a name no network has, and goes on with the rest' {
        $missing = New-TestName 'missing'
        $found = Get-ContainerNetwork $missing, $cliNet -ErrorVariable err -ErrorAction SilentlyContinue
        $found.Name | Should -Be $cliNet
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkNotFound,PSDocker.Commands.GetContainerNetworkCommand'
        $err[0].Exception.Message | Should -BeLike "*'$missing'*"
        $err[0].TargetObject | Should -Be $missing
    }

    It 'writes NetworkAmbiguous for an id prefix several networks share' {
        # A one-digit prefix several networks share: make networks until two ids start alike.
        for ($i = 0; $i -lt 17; $i++) {
            $shared = & docker network ls -q --no-trunc | Group-Object { $_.Substring(0, 1) } | Where-Object Count -GT 1 | Select-Object -First 1
            if ($shared) { break }
            Invoke-Docker network create --label $RunLabel (New-TestName 'amb') | Out-Null
        }
        Get-ContainerNetwork -Id $shared.Name -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkAmbiguous,PSDocker.Commands.GetContainerNetworkCommand'
        Get-ContainerNetwork $shared.Name -ErrorVariable err2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err2[0].FullyQualifiedErrorId | Should -Be 'NetworkAmbiguous,PSDocker.Commands.GetContainerNetworkCommand'
    }

    It 'completes network names on -Name, -Network and Remove-ContainerNetwork' {
        $stem = $cliNet.Substring(0, $cliNet.Length - 4)
        foreach ($line in "Get-ContainerNetwork $stem", "Connect-ContainerNetwork -Network $stem", "Remove-ContainerNetwork $stem") {
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            $completions.CompletionText | Should -Contain $cliNet -Because $line
            ($completions | Where-Object CompletionText -EQ $cliNet).ToolTip | Should -BeLike '*bridge*'
        }
        $line = 'Get-ContainerNetwork psdn-no-such-network-'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Where-Object CompletionText -Like 'psdn-no-such*' | Should -BeNullOrEmpty
    }

    It 'refuses a malformed wildcard pattern before anything is sent' {
        { Get-ContainerNetwork 'psdn[' } | Should -Throw -ErrorId 'InvalidWildcard,PSDocker.Commands.GetContainerNetworkCommand'
        # An -Id that is not hexadecimal is refused before anything is sent: a terminating error naming it.
        { Get-ContainerNetwork -Id 'not-an-id' } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.GetContainerNetworkCommand' -ExpectedMessage "*-Id 'not-an-id'*"
        { Remove-ContainerNetwork -Id 'not-an-id' } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.RemoveContainerNetworkCommand' -ExpectedMessage "*-Id 'not-an-id'*"
    }

    It 'lists every network of docker network ls, with its driver and scope' {
        $docker = @(& docker network ls --format '{{.ID}} {{.Name}} {{.Driver}} {{.Scope}}')
        $mine = @(Get-ContainerNetwork | ForEach-Object { "$($_.ShortId) $($_.Name) $($_.Driver) $($_.Scope)" })
        # Other workers make and remove networks meanwhile: the predefined ones and this test's must be in both.
        foreach ($line in $docker | Where-Object { $_ -match ' (bridge|host|none|' + [regex]::Escape($cliNet) + ') ' }) { $mine | Should -Contain $line }
    }
}

Describe 'Connect-ContainerNetwork and Disconnect-ContainerNetwork' {
    BeforeAll {
        $script:net = New-TestName 'conn'
        $script:subnet = New-TestSubnet
        New-ContainerNetwork $net -Subnet "$subnet.0/24" -Label $RunLabel | Out-Null
        $script:web = New-TestName 'nsrv'
        $script:client = New-TestName 'ncli'
        Start-Web $web $net
        Invoke-Docker run -d --name $client --network $net $TestImage sleep 600 | Out-Null
    }

    AfterAll {
        Remove-TestContainer $web, $client
    }

    It 'lets two containers on one user network reach each other by name, until one is disconnected' {
        Invoke-Fetch $client "http://${web}:8080/" | Should -Be $web
        Disconnect-ContainerNetwork -Network $net -Container $client
        (Invoke-Docker inspect $client -f '{{json .NetworkSettings.Networks}}') | Should -Not -Match ([regex]::Escape($net))
        Invoke-Fetch $client "http://${web}:8080/" | Should -BeNullOrEmpty -Because 'the client left the network'
        Connect-ContainerNetwork -Network $net -Container $client
        Invoke-Fetch $client "http://${web}:8080/" | Should -Be $web
    }

    It 'gives a container an alias the others resolve on that network' {
        $other = New-TestName 'alias-net'
        New-ContainerNetwork $other -Label $RunLabel | Out-Null
        Connect-ContainerNetwork $other $web -Alias shopdb, store
        Connect-ContainerNetwork $other $client
        Invoke-Fetch $client 'http://shopdb:8080/' | Should -Be $web
        Invoke-Fetch $client 'http://store:8080/' | Should -Be $web
        Invoke-Docker inspect $web -f "{{json (index .NetworkSettings.Networks `"$other`").Aliases}}" | Should -Match 'shopdb'
        Disconnect-ContainerNetwork $other $web, $client
    }

    It 'gives a container the static IPv4 address docker inspect then shows' {
        $box = New-TestName 'static'
        Invoke-Docker run -d --name $box $TestImage sleep 600 | Out-Null
        try {
            Connect-ContainerNetwork -Network $net -Container $box -IPv4Address "$subnet.77"
            Invoke-Docker inspect $box -f "{{(index .NetworkSettings.Networks `"$net`").IPAddress}}" | Should -Be "$subnet.77"
            Invoke-Docker inspect $box -f "{{(index .NetworkSettings.Networks `"$net`").IPAMConfig.IPv4Address}}" | Should -Be "$subnet.77"
            (Get-ContainerNetwork $net).Containers | Where-Object Name -EQ $box | ForEach-Object IPv4Address | Should -Be "$subnet.77"
            Invoke-Docker exec $client ping -c 1 -W 2 "$subnet.77" | Out-Null
        }
        finally { Remove-TestContainer $box }
    }

    It 'connects piped Container objects and disconnects the piped Containers of a network' {
        $a = New-TestName 'pa'
        $b = New-TestName 'pb'
        Invoke-Docker run -d --name $a $TestImage sleep 600 | Out-Null
        Invoke-Docker run -d --name $b $TestImage sleep 600 | Out-Null
        try {
            $other = New-TestName 'pipe-net'
            New-ContainerNetwork $other -Label $RunLabel | Out-Null
            Get-Container $a, $b | Connect-ContainerNetwork $other
            @((Get-DockerNetwork $other).Containers.PSObject.Properties.Value.Name | Sort-Object) | Should -Be (@($a, $b) | Sort-Object)
            Get-ContainerNetwork $other | Select-Object -ExpandProperty Containers | Disconnect-ContainerNetwork
            @((Get-DockerNetwork $other).Containers.PSObject.Properties) | Should -HaveCount 0
            # The network piped while the container is given.
            Get-ContainerNetwork $other | Connect-ContainerNetwork -Container $a
            @((Get-DockerNetwork $other).Containers.PSObject.Properties.Value.Name) | Should -Be @($a)
            $other | Disconnect-ContainerNetwork -Container $a
            @((Get-DockerNetwork $other).Containers.PSObject.Properties) | Should -HaveCount 0
        }
        finally { Remove-TestContainer $a, $b }
    }

    It 'writes NetworkAlreadyConnected, NetworkNotConnected, ContainerNotFound and NetworkNotFound, each for its item' {
        Connect-ContainerNetwork $net $web -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkAlreadyConnected,PSDocker.Commands.ConnectContainerNetworkCommand'
        $err[0].TargetObject | Should -Be $web
        Disconnect-ContainerNetwork bridge $web -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkNotConnected,PSDocker.Commands.DisconnectContainerNetworkCommand'
        $missing = New-TestName 'nobox'
        $box = New-TestName 'goes-on'
        Invoke-Docker run -d --name $box $TestImage sleep 600 | Out-Null
        try {
            Connect-ContainerNetwork $net $missing, $box -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.ConnectContainerNetworkCommand'
            Invoke-Docker inspect $box -f '{{json .NetworkSettings.Networks}}' | Should -Match ([regex]::Escape($net)) -Because 'the next container is still connected'
        }
        finally { Remove-TestContainer $box }
        $noNet = New-TestName 'nonet'
        Connect-ContainerNetwork $noNet $web -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkNotFound,PSDocker.Commands.ConnectContainerNetworkCommand'
    }

    It 'refuses an address that is not IPv4 for -IPv4Address before anything is sent' {
        { Connect-ContainerNetwork $net $client -IPv4Address 'fd00::5' } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.ConnectContainerNetworkCommand'
        { Connect-ContainerNetwork $net $client -IPv6Address '10.0.0.5' } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.ConnectContainerNetworkCommand'
    }

    It 'changes nothing with -WhatIf' {
        Disconnect-ContainerNetwork $net $web -WhatIf
        Invoke-Docker inspect $web -f '{{json .NetworkSettings.Networks}}' | Should -Match ([regex]::Escape($net))
    }
}

Describe 'The issue''s example' {
    It 'shows the container started on a new network, with its address, after it joined bridge too' {
        $backend = New-TestName 'backend'
        $db = New-TestName 'db'
        $s = New-TestSubnet
        New-ContainerNetwork $backend -Subnet "$s.0/24" -Label @{ app = 'shop' }, $RunLabel | Out-Null
        try {
            Start-Container -Image 127.0.0.1:5000/psdocker/busybox -Name $db -Detach -Network $backend -Command sleep, 600 | Out-Null
            Connect-ContainerNetwork -Network bridge -Container $db
            $c = @(Get-ContainerNetwork $backend | Select-Object -ExpandProperty Containers)
            $c.Name | Should -Be $db
            $c[0].IPv4Address | Should -BeLike "$s.*"
            $c[0].IPv4Address | Should -Be (Invoke-Docker inspect $db -f "{{(index .NetworkSettings.Networks `"$backend`").IPAddress}}")
            (Get-ContainerNetwork bridge).Containers.Name | Should -Contain $db
            # A listing (-Label, a wildcard) gives the same containers as the inspect of one network.
            foreach ($listed in @(Get-ContainerNetwork -Label $RunLabel | Where-Object Name -EQ $backend), @(Get-ContainerNetwork "$backend*")) {
                $listed | Should -HaveCount 1
                $l = @($listed[0].Containers)
                $l | Should -HaveCount 1
                foreach ($p in 'Id', 'Name', 'EndpointId', 'MacAddress', 'IPv4Address', 'IPv4PrefixLength', 'IPv6Address', 'Network', 'NetworkId') {
                    $l[0].$p | Should -Be $c[0].$p -Because $p
                }
            }
            (Invoke-Docker inspect $db -f '{{(index .NetworkSettings.Networks "bridge").IPAddress}}') | Should -Not -BeNullOrEmpty
        }
        finally { Remove-TestContainer $db }
    }
}

Describe 'Remove-ContainerNetwork' {
    It 'removes networks by name, by piped object and by -Id prefix; -PassThru writes what went' {
        $names = (New-TestName 'rm1'), (New-TestName 'rm2'), (New-TestName 'rm3')
        foreach ($n in $names) { Invoke-Docker network create --label $RunLabel $n | Out-Null }
        $gone = Remove-ContainerNetwork $names[0] -PassThru
        $gone | Should -BeOfType PSDocker.ContainerNetwork
        $gone.Name | Should -Be $names[0]
        Get-DockerNetwork $names[0] | Should -BeNullOrEmpty
        Get-ContainerNetwork $names[1] | Remove-ContainerNetwork | Should -BeNullOrEmpty
        Get-DockerNetwork $names[1] | Should -BeNullOrEmpty
        Remove-ContainerNetwork -Id (Get-DockerNetwork $names[2]).Id.Substring(0, 12)
        Get-DockerNetwork $names[2] | Should -BeNullOrEmpty
    }

    It 'refuses a network with containers connected with NetworkInUse, naming them' {
        $name = New-TestName 'inuse'
        $box = New-TestName 'inuse-box'
        Invoke-Docker network create --label $RunLabel $name | Out-Null
        Invoke-Docker run -d --name $box --network $name $TestImage sleep 600 | Out-Null
        try {
            Remove-ContainerNetwork $name -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'NetworkInUse,PSDocker.Commands.RemoveContainerNetworkCommand'
            $err[0].Exception.Message | Should -BeLike "*$box*"
            Get-DockerNetwork $name | Should -Not -BeNullOrEmpty
        }
        finally { Remove-TestContainer $box }
    }

    It 'refuses the engine''s own networks with NetworkPredefined' {
        Remove-ContainerNetwork bridge -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkPredefined,PSDocker.Commands.RemoveContainerNetworkCommand'
        Get-DockerNetwork bridge | Should -Not -BeNullOrEmpty
    }

    It 'writes NetworkNotFound for a network that is not there, and nothing with -Force; goes on with the rest' {
        $missing = New-TestName 'gone'
        $name = New-TestName 'rm-next'
        Invoke-Docker network create --label $RunLabel $name | Out-Null
        Remove-ContainerNetwork $missing, $name -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'NetworkNotFound,PSDocker.Commands.RemoveContainerNetworkCommand'
        Get-DockerNetwork $name | Should -BeNullOrEmpty
        Remove-ContainerNetwork $missing -Force -ErrorVariable err2
        $err2 | Should -HaveCount 0
    }

    It 'refuses wildcards before anything is sent' {
        { Remove-ContainerNetwork "$TestPrefix*" } | Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.RemoveContainerNetworkCommand'
    }

    It 'removes every network with -Label, and only those' {
        $label = 'psdocker.test.rmlabel=' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        $tagged = (New-TestName 'lab1'), (New-TestName 'lab2')
        $kept = New-TestName 'lab-kept'
        foreach ($n in $tagged) { Invoke-Docker network create --label $RunLabel --label $label $n | Out-Null }
        Invoke-Docker network create --label $RunLabel $kept | Out-Null
        Remove-ContainerNetwork -Label $label -WhatIf
        foreach ($n in $tagged) { Get-DockerNetwork $n | Should -Not -BeNullOrEmpty -Because '-WhatIf removes nothing' }
        $gone = Remove-ContainerNetwork -Label $label -Force -PassThru
        @($gone.Name | Sort-Object) | Should -Be @($tagged | Sort-Object)
        foreach ($n in $tagged) { Get-DockerNetwork $n | Should -BeNullOrEmpty }
        Get-DockerNetwork $kept | Should -Not -BeNullOrEmpty
    }

    It 'prunes the unused networks with -Unused -Label, keeping those in use, and lists what went' {
        $label = 'psdocker.test.prune=' + [guid]::NewGuid().ToString('n').Substring(0, 8)
        $unused = (New-TestName 'pr1'), (New-TestName 'pr2')
        $used = New-TestName 'pr-used'
        $box = New-TestName 'pr-box'
        foreach ($n in $unused + $used) { Invoke-Docker network create --label $RunLabel --label $label $n | Out-Null }
        Invoke-Docker run -d --name $box --network $used $TestImage sleep 600 | Out-Null
        try {
            Remove-ContainerNetwork -Unused -Label $label -WhatIf | Should -BeNullOrEmpty
            foreach ($n in $unused) { Get-DockerNetwork $n | Should -Not -BeNullOrEmpty -Because '-WhatIf prunes nothing' }
            $result = Remove-ContainerNetwork -Unused -Label $label -Force
            $result | Should -BeOfType PSDocker.NetworkPruneResult
            @($result.Deleted) | Should -Be @($unused | Sort-Object)
            foreach ($n in $unused) { Get-DockerNetwork $n | Should -BeNullOrEmpty }
            Get-DockerNetwork $used | Should -Not -BeNullOrEmpty
        }
        finally { Remove-TestContainer $box }
    }
}
