# A worked example: a Pester suite for a small web service, a static site served by busybox httpd.
# It starts the container, waits until the site really answers (no Start-Sleep), talks to it over a
# published port, checks it from inside, and removes what it made by label.
#
#   Invoke-Pester ./StaticSite.Tests.ps1      # with PSDocker installed, or imported first
#
# build.ps1 Test runs it with the other tests, so it never rots.

BeforeAll {
    # PSDocker as it is already loaded, else as installed (README: install the built module); the test run points
    # PSDOCKER_MODULE at the build under test.
    if ($env:PSDOCKER_MODULE) { Import-Module $env:PSDOCKER_MODULE }
    elseif (-not (Get-Module PSDocker)) { Import-Module PSDocker }

    # One label value per run: suites running at the same time on one engine never touch each other's containers.
    $script:Run = 'static-site-' + [guid]::NewGuid().ToString('n').Substring(0, 8)

    # The site: one page, made here (a real suite would use its own folder).
    $site = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'site')
    Set-Content -Path (Join-Path $site 'index.html') -Value '<h1>Hello from PSDocker</h1>'

    # httpd on port 8080, published on a free host port (-Publish with the container port only, as docker run -p 8080).
    # Created first, so the site is in place before the server starts; -Volume "${site}:/www:ro" would mount it
    # instead, on an engine that sees this machine's files.
    $script:Web = New-Container -Image 127.0.0.1:5000/psdocker/busybox -Publish 8080 -Label @{ example = $Run } `
        -Command httpd, -f, -p, 8080, -h, /www
    Copy-ContainerItem -Path $site -Destination "$($Web.Name):/www"
    Start-Container $Web

    # Ready means the page answers 200, not "the process started"; a container that dies fails at once, with its log.
    $Web | Wait-Container -HttpPath / -Port 8080 -StatusCode 200 -Timeout 00:00:30
    # host:port on loopback, whichever host port docker picked.
    $script:Url = "http://$(Get-ContainerPort $Web 8080 -Single)"
}

AfterAll {
    # Everything this run made, in one line, whatever failed before.
    Remove-Container -Label "example=$Run" -Force
}

Describe 'The static site' {
    It 'is running' {
        $Web | Should -BeRunning
    }

    It 'serves its page' {
        $response = Invoke-WebRequest "$Url/" -TimeoutSec 10
        $response.StatusCode | Should -Be 200
        $response.Content | Should -Match 'Hello from PSDocker'
    }

    It 'answers 404 for a page it does not have' {
        (Invoke-WebRequest "$Url/missing.html" -SkipHttpErrorCheck -TimeoutSec 10).StatusCode | Should -Be 404
    }

    It 'serves the page inside the container too' {
        $result = Invoke-ContainerCommand $Web -Command wget, -q, -O, -, http://127.0.0.1:8080/
        $result | Should -HaveExitCode 0
        $result.Output | Should -Contain '<h1>Hello from PSDocker</h1>'
    }
}
