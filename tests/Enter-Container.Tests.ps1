# Enter-Container and Start-Container -Interactive -Tty: interactive sessions driven through a real terminal.
# A tmux server of the test's own (its own socket name) runs bash, which starts this same pwsh with the built
# module; keys are typed with send-keys and the screen is read with capture-pane. Each expected output is written
# so that the typed command line cannot match it (echo m-$((6*7)) prints m-42), so a match is the command's output.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Suite = New-TestName 'tty'      # a label value on every container this file makes
    $script:Tmux = New-TestName 'tmux'      # the tmux server's socket name: this file's own server
    $script:Pwsh = (@(Get-PwshCommand) | ForEach-Object { "'$_'" }) -join ' '

    function script:Invoke-Tmux {
        $output = & tmux -L $Tmux @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "tmux $($args -join ' ') failed: $output" }
        $output
    }

    function script:Get-Screen {
        # The pane with its history, wrapped lines joined.
        (Invoke-Tmux capture-pane -p -J -t main -S -300) -join "`n"
    }

    function script:Wait-Screen([string] $Pattern, [int] $Seconds = 60) {
        $deadline = [datetime]::UtcNow.AddSeconds($Seconds)
        while ([datetime]::UtcNow -lt $deadline) {
            $screen = Get-Screen
            if ($screen -match $Pattern) { return $screen }
            Start-Sleep -Milliseconds 200
        }
        throw "The terminal did not show /$Pattern/ within $Seconds s. Screen:`n$(Get-Screen)"
    }

    function script:Wait-Prompt([string] $Prompt = 'PS [^\n]*>', [int] $Seconds = 60) {
        # Waits until the last line shown is the prompt: keys typed before then would go to what is still running.
        $null = Wait-Screen "(?:^|\n)$Prompt ?\s*\z" $Seconds
    }

    function script:Send-Line([string] $Text) {
        Invoke-Tmux send-keys -t main -l $Text
        Invoke-Tmux send-keys -t main Enter
    }

    function script:Send-Key([string[]] $Key) {
        foreach ($k in $Key) { Invoke-Tmux send-keys -t main $k; Start-Sleep -Milliseconds 150 }
    }

    function script:Start-Terminal {
        # A fresh 100x30 terminal with bash, then pwsh with the module loaded and a marker printed by PowerShell itself.
        & tmux -L $Tmux kill-server *> $null
        Invoke-Tmux new-session -d -s main -x 100 -y 30 'bash --norc --noprofile'
        Invoke-Tmux set-option -g history-limit 5000
        Send-Line "$Pwsh -NoProfile -NoLogo"
        Wait-Prompt -Seconds 120
        Send-Line "Import-Module '$env:PSDOCKER_MODULE'; 'loaded-' + 6*7"
        $null = Wait-Screen 'loaded-42' 60
        Wait-Prompt
    }

    function script:Clear-Terminal {
        Send-Line 'Clear-Host'
        Start-Sleep -Milliseconds 300
        Invoke-Tmux clear-history -t main
    }
}

AfterAll {
    & tmux -L $Tmux kill-server *> $null
    # The server's socket file, which a killed server may leave behind.
    $tmuxDir = if ($env:TMUX_TMPDIR) { $env:TMUX_TMPDIR } else { '/tmp' }
    Remove-Item -LiteralPath (Join-Path $tmuxDir "tmux-$(& id -u)/$Tmux") -Force -ErrorAction Ignore
    $ids = & docker ps -aq --filter "label=psdocker.suite=$Suite"
    if ($ids) { & docker rm -f $ids *> $null }
}

Describe 'Enter-Container in a real terminal (tmux)' {
    BeforeAll {
        $script:Box = New-TestName 'box'
        Invoke-Docker run -d --name $Box --label "psdocker.suite=$Suite" $TestImage sh -c 'trap "exit 0" TERM; sleep 600 & wait' | Out-Null
        Start-Terminal
    }

    It 'runs a shell: echo output shows, stty size follows a resize, Ctrl+C goes to the container, and after exit PowerShell reads keys as before' {
        Send-Line '$ttyBefore = stty -g'
        # Keys typed while a native command (stty) still holds the terminal arrive in its cooked mode, where Enter
        # may not reach PowerShell as Enter: wait for the prompt first.
        Wait-Prompt
        Send-Line "Enter-Container $Box"
        Wait-Prompt '/ #'

        Send-Line 'echo m-$((6*7))'
        $null = Wait-Screen '(?m)^m-42\s*$'

        # The session is an exec in the container, as docker sees it.
        (Invoke-Docker exec $Box ps -o args) -join "`n" | Should -Match '(?m)^/bin/sh\s*$'

        Send-Line 'echo size=$(stty size)'
        $null = Wait-Screen 'size=30 100'
        Invoke-Tmux resize-window -t main -x 120 -y 40
        Start-Sleep -Milliseconds 800
        Send-Line 'echo size=$(stty size)'
        $null = Wait-Screen 'size=40 120'

        # Ctrl+C interrupts the command in the container (130 = SIGINT) and leaves the session open.
        Send-Line 'sleep 30'
        $deadline = [datetime]::UtcNow.AddSeconds(30)
        while (((Invoke-Docker exec $Box ps -o args) -join "`n") -notmatch '(?m)^sleep 30\s*$' -and [datetime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 200
        }
        Send-Key C-c
        Send-Line 'echo rc=$?'
        $null = Wait-Screen 'rc=130'

        Send-Line 'exit'
        Wait-Prompt
        Send-Line "'after' + 'exit-' + 6*7"
        $null = Wait-Screen 'afterexit-42'
        # The terminal's settings are exactly those from before the session.
        Send-Line '"same=" + ((stty -g) -eq $ttyBefore)'
        $null = Wait-Screen 'same=True'
        Invoke-Tmux resize-window -t main -x 100 -y 30
    }

    It 'sets $LASTEXITCODE to the exit code, with no error; -ThrowOnError raises ContainerExitedWithError with the ExitCode; Ctrl+D ends the shell with 0' {
        Clear-Terminal
        Send-Line '$Error.Clear()'
        Send-Line "Enter-Container $Box -Command sh -Environment @{ GREETING = 'hi' } -WorkingDirectory /etc"
        Wait-Prompt '/etc #'
        Send-Line 'echo env-$GREETING-$(pwd)'
        $null = Wait-Screen 'env-hi-/etc'
        Send-Line 'exit 3'
        Wait-Prompt
        Send-Line '"rc=" + $LASTEXITCODE + ";errors=" + $Error.Count'
        $null = Wait-Screen 'rc=3;errors=0'

        Send-Line "Enter-Container $Box -ThrowOnError"
        Wait-Prompt '/ #'
        Send-Line 'exit 5'
        Wait-Prompt
        Send-Line '"fq=" + $Error[0].FullyQualifiedErrorId + ";code=" + $Error[0].Exception.ExitCode + ";rc=" + $LASTEXITCODE'
        $null = Wait-Screen 'fq=ContainerExitedWithError,PSDocker\.Commands\.EnterContainerCommand;code=5;rc=5'

        Send-Line '$Error.Clear()'
        Send-Line "Enter-Container $Box -ThrowOnError"
        Wait-Prompt '/ #'
        Send-Key C-d
        Wait-Prompt
        Send-Line '"errors=" + $Error.Count + ";rc=" + $LASTEXITCODE'
        $null = Wait-Screen 'errors=0;rc=0'
    }

    It 'sets $LASTEXITCODE to the engine''s exit code (127 or 126) for a command the container does not have; -ThrowOnError names it' {
        Clear-Terminal
        Send-Line '$Error.Clear()'
        Send-Line "Enter-Container $Box -Command no-such-command-psdi"
        Wait-Prompt
        Send-Line '"rc=" + $LASTEXITCODE + ";errors=" + $Error.Count'
        $null = Wait-Screen 'rc=12[67];errors=0'
        Send-Line "Enter-Container $Box -Command no-such-command-psdi -ThrowOnError"
        Wait-Prompt
        Send-Line '"fq=" + $Error[0].FullyQualifiedErrorId + ";code=" + $Error[0].Exception.ExitCode + ";cmd=" + $Error[0].Exception.Command'
        $null = Wait-Screen 'fq=ContainerExitedWithError,PSDocker\.Commands\.EnterContainerCommand;code=12[67];cmd=no-such-command-psdi'
    }

    It 'names a missing or stopped container (ContainerNotFound, ContainerNotRunning)' {
        Clear-Terminal
        $stopped = New-TestName 'stopped'
        Invoke-Docker create --name $stopped --label "psdocker.suite=$Suite" $TestImage | Out-Null
        $missing = New-TestName 'missing'
        Send-Line "Enter-Container $missing; 'nf=' + `$Error[0].FullyQualifiedErrorId"
        $null = Wait-Screen 'nf=ContainerNotFound,PSDocker\.Commands\.EnterContainerCommand'
        Send-Line "Enter-Container $stopped; 'nr=' + `$Error[0].FullyQualifiedErrorId"
        $null = Wait-Screen 'nr=ContainerNotRunning,PSDocker\.Commands\.EnterContainerCommand'
        (Get-Screen) | Should -Match ([regex]::Escape($missing))
    }

    It '-Attach attaches to the main process; the detach keys leave it running' {
        Clear-Terminal
        $attached = New-TestName 'attach'
        Invoke-Docker run -dit --name $attached --label "psdocker.suite=$Suite" $TestImage sh | Out-Null
        Send-Line "Enter-Container $attached -Attach"
        Start-Sleep -Seconds 2
        Send-Line 'echo attached-$((2*3))'
        $null = Wait-Screen '(?m)^attached-6\s*$'
        Send-Key C-p, C-q
        Wait-Prompt
        Send-Line "'detached-' + 6*7"
        $null = Wait-Screen 'detached-42'
        (Invoke-Docker inspect -f '{{.State.Running}}' $attached).Trim() | Should -Be 'true'

        # Other detach keys: the default ones are then passed to the container like any key.
        Clear-Terminal
        Send-Line "Enter-Container $attached -Attach -DetachKeys 'ctrl-x,q'"
        Start-Sleep -Seconds 2
        Send-Line 'echo again-$((3*3))'
        $null = Wait-Screen '(?m)^again-9\s*$'
        Send-Key C-x, q
        Wait-Prompt
        Send-Line "'left-' + 6*7"
        $null = Wait-Screen 'left-42'
        (Invoke-Docker inspect -f '{{.State.Running}}' $attached).Trim() | Should -Be 'true'

        # The main process's exit ends the container, and its code is reported as docker attach returns it.
        Clear-Terminal
        Send-Line "Enter-Container $attached -Attach -ThrowOnError"
        Start-Sleep -Seconds 2
        Send-Line 'exit 7'
        Wait-Prompt
        Send-Line '"fq=" + $Error[0].FullyQualifiedErrorId + ";code=" + $Error[0].Exception.ExitCode + ";rc=" + $LASTEXITCODE'
        $null = Wait-Screen 'fq=ContainerExitedWithError,PSDocker\.Commands\.EnterContainerCommand;code=7;rc=7'
        (Invoke-Docker inspect -f '{{.State.ExitCode}}' $attached).Trim() | Should -Be '7'

        # A stopped container cannot be attached to; one without a TTY is named as such.
        Send-Line "Enter-Container $attached -Attach; 'st=' + `$Error[0].FullyQualifiedErrorId"
        $null = Wait-Screen 'st=ContainerNotRunning,PSDocker\.Commands\.EnterContainerCommand'
        Send-Line "Enter-Container $Box -Attach; 'tty=' + `$Error[0].FullyQualifiedErrorId"
        $null = Wait-Screen 'tty=ContainerHasNoTty,PSDocker\.Commands\.EnterContainerCommand'
    }

    It 'Start-Container -Image -Interactive -Tty runs the container in this console (docker run -it); -AutoRemove leaves nothing' {
        Clear-Terminal
        $run = New-TestName 'runit'
        Send-Line "Start-Container -Image $TestImage -Name $run -Label @{ 'psdocker.suite' = '$Suite' } -Interactive -Tty -AutoRemove"
        Wait-Prompt '/ #'
        Send-Line 'echo run-$((6*7)) $(tty) size=$(stty size)'
        $null = Wait-Screen 'run-42 /dev/pts/\d+ size=30 100'
        Invoke-Tmux resize-window -t main -x 110 -y 35
        Start-Sleep -Milliseconds 800
        Send-Line 'echo size=$(stty size)'
        $null = Wait-Screen 'size=35 110'
        (Invoke-Docker inspect -f '{{.Config.Tty}} {{.Config.OpenStdin}}' $run).Trim() | Should -Be 'true true'
        Send-Line 'exit 4'
        Wait-Prompt
        Send-Line '"fq=" + $Error[0].FullyQualifiedErrorId + ";code=" + $Error[0].Exception.ExitCode'
        $null = Wait-Screen 'fq=ContainerExitedWithError,PSDocker\.Commands\.StartContainerCommand;code=4'
        & docker ps -aq --filter "name=^$run`$" | Should -BeNullOrEmpty
        Invoke-Tmux resize-window -t main -x 100 -y 30
    }
}

Describe 'Interactive sessions without an interactive console' {
    BeforeAll {
        $script:Quiet = New-TestName 'quiet'
        Invoke-Docker run -d --name $Quiet --label "psdocker.suite=$Suite" $TestImage sh -c 'trap "exit 0" TERM; sleep 600 & wait' | Out-Null
    }

    It 'stops with NoInteractiveConsole under redirected input and output, before anything is sent' {
        $result = Invoke-ChildPwsh "Import-Module '$env:PSDOCKER_MODULE'; try { Enter-Container $Quiet } catch { 'id=' + `$_.FullyQualifiedErrorId + ';cat=' + `$_.CategoryInfo.Category }"
        $result.Output | Should -Match 'id=NoInteractiveConsole,PSDocker\.Commands\.EnterContainerCommand;cat=InvalidOperation'
        (Invoke-Docker inspect -f '{{len .ExecIDs}}' $Quiet).Trim() | Should -Be '0'    # no exec was made
    }

    It 'stops with NoInteractiveConsole in a job' {
        $id = Start-Job -ScriptBlock {
            Import-Module $using:env:PSDOCKER_MODULE
            try { Enter-Container $using:Quiet } catch { $_.FullyQualifiedErrorId }
        } | Receive-Job -Wait -AutoRemoveJob
        $id | Should -Be 'NoInteractiveConsole,PSDocker.Commands.EnterContainerCommand'
        (Invoke-Docker inspect -f '{{len .ExecIDs}}' $Quiet).Trim() | Should -Be '0'
    }

    It 'Start-Container -Interactive -Tty stops with NoInteractiveConsole and creates nothing' {
        $name = New-TestName 'noconsole'
        $result = Invoke-ChildPwsh "Import-Module '$env:PSDOCKER_MODULE'; try { Start-Container -Image $TestImage -Name $name -Interactive -Tty } catch { 'id=' + `$_.FullyQualifiedErrorId }"
        $result.Output | Should -Match 'id=NoInteractiveConsole,PSDocker\.Commands\.StartContainerCommand'
        & docker ps -aq --filter "name=^$name`$" | Should -BeNullOrEmpty
    }

    It 'refuses bad input before anything else, naming the parameter and the value' {
        $err = { Enter-Container $Quiet -DetachKeys 'ctrl-1' } |
            Should -Throw -ErrorId 'InvalidDetachKeysSpec,PSDocker.Commands.EnterContainerCommand' -PassThru
        $err.Exception.Message | Should -Match "-DetachKeys 'ctrl-1'"
        { Enter-Container $Quiet -Attach -Command bash } |
            Should -Throw -ErrorId 'AttachOptionConflict,PSDocker.Commands.EnterContainerCommand'
        { Enter-Container $Quiet -Environment '=x' } |
            Should -Throw -ErrorId 'InvalidEnvironmentSpec,PSDocker.Commands.EnterContainerCommand'
        { Start-Container -Image $TestImage -Interactive -Tty -DetachKeys 'ctrl-' } |
            Should -Throw -ErrorId 'InvalidDetachKeysSpec,PSDocker.Commands.StartContainerCommand'
        (Invoke-Docker inspect -f '{{len .ExecIDs}}' $Quiet).Trim() | Should -Be '0'
    }

    It 'Start-Container refuses -DetachKeys without -Interactive -Tty, or with -Detach, and creates nothing' {
        foreach ($options in @{}, @{ Interactive = $true }, @{ Tty = $true }, @{ Interactive = $true; Tty = $true; Detach = $true }) {
            $name = New-TestName 'keys'
            $err = { Start-Container -Image $TestImage -Name $name -Label @{ 'psdocker.suite' = $Suite } -DetachKeys 'ctrl-x,q' @options } |
                Should -Throw -ErrorId 'InvalidArgument,PSDocker.Commands.StartContainerCommand' -PassThru
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -Match "-DetachKeys 'ctrl-x,q'.*-Interactive -Tty"
            & docker ps -aq --filter "name=^$name`$" | Should -BeNullOrEmpty
        }
    }

    It 'changes nothing with -WhatIf, piped by property name' {
        Get-Container -Name $Quiet | Enter-Container -WhatIf
        (Invoke-Docker inspect -f '{{len .ExecIDs}}' $Quiet).Trim() | Should -Be '0'
    }
}
