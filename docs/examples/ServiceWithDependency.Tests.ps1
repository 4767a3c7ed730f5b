# A worked example: a service and the dependency it needs, on a user network of their own.
# A "db" container serves on a port; an "app" container waits for it by name, then talks to it. The suite
# waits for each to be ready (no Start-Sleep), checks that the app reaches the db by its name on the
# network, and removes the containers and the network by label.
#
#   Invoke-Pester ./ServiceWithDependency.Tests.ps1      # with PSDocker installed, or imported first
#
# build.ps1 Test runs it with the other tests, so it never rots.

BeforeAll {
    # PSDocker as it is already loaded, else as installed (README: install the built module); the test run points
    # PSDOCKER_MODULE at the build under test.
    if ($env:PSDOCKER_MODULE) { Import-Module $env:PSDOCKER_MODULE }
    elseif (-not (Get-Module PSDocker)) { Import-Module PSDocker }

    # One label value (and unique names) per run: suites running at the same time never meet.
    $script:Run = 'service-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    $image = '127.0.0.1:5000/psdocker/busybox'
    $label = @{ example = $Run }

    # Containers on a user network find each other by name (docker's embedded DNS); on the default bridge they don't.
    $script:Network = New-ContainerNetwork -Name "$Run-net" -Label "example=$Run"

    # The dependency: a small "database" that answers HTTP on port 5432 (busybox httpd serving a status file).
    $script:Db = Start-Container -Image $image -Detach -Name "$Run-db" -Network $Network.Name -Label $label `
        -Command sh, -c, 'mkdir -p /db && echo db-ok > /db/status && exec httpd -f -p 5432 -h /db'
    # Ready when a check run inside it succeeds (an exec that exits 0), tried until the timeout.
    $Db | Wait-Container -Command wget, -q, -O, /dev/null, http://127.0.0.1:5432/status -Timeout 00:00:30

    # The service: waits for the db by its name (as an app's start script would), then says what the db said.
    $script:App = Start-Container -Image $image -Detach -Name "$Run-app" -Network $Network.Name -Label $label `
        -Environment "DB_HOST=$Run-db" -Command sh, -c, @'
until reply=$(wget -q -O - "http://$DB_HOST:5432/status"); do sleep 0.2; done
echo "app ready, db said: $reply"
exec sleep 3600
'@
    # Ready when its log says so.
    $App | Wait-Container -LogPattern 'app ready' -Timeout 00:00:30
}

AfterAll {
    # Containers first (a network in use cannot go), then the network: all by the run's label.
    Remove-Container -Label "example=$Run" -Force
    Remove-ContainerNetwork -Label "example=$Run" -Force
}

Describe 'A service with a dependency' {
    It 'runs both containers on the user network' {
        $Db | Should -BeRunning
        $App | Should -BeRunning
        (Get-Container $App).Networks.Name | Should -Contain $Network.Name
    }

    It 'has the app reach the db by its name' {
        (Get-ContainerLog $App).Text | Should -Contain 'app ready, db said: db-ok'
        $probe = Invoke-ContainerCommand $App -Command sh, -c, 'wget -q -O - "http://$DB_HOST:5432/status"'
        $probe | Should -HaveExitCode 0
        $probe.Output | Should -Be 'db-ok'
    }

    It 'resolves the db by its name through the user network''s DNS' {
        $Db | Should -BeRunning
        (Invoke-ContainerCommand $App -Command nslookup, $Db.Name) | Should -HaveExitCode 0
        (Get-Container $Db).Networks.Name | Should -Be @($Network.Name)
    }
}
