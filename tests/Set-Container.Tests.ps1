# Set-Container (docker update) against the real engine, each change cross-checked with docker update on a twin.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    Remove-AllTestObject

    $script:a = New-TestName 'upd-a'
    $script:b = New-TestName 'upd-b'
    $script:twin = New-TestName 'upd-twin'
    foreach ($n in $a, $b, $twin) { Invoke-Docker run -d --name $n $TestImage sleep 600 | Out-Null }

    function script:Get-Limits([string] $Name) {
        (Invoke-Docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.MemoryReservation}} {{.HostConfig.NanoCpus}} {{.HostConfig.CpuShares}} {{.HostConfig.PidsLimit}} {{json .HostConfig.RestartPolicy}}' $Name).Trim()
    }
}

AfterAll {
    Remove-AllTestObject
}

Describe 'Set-Container' {
    It 'changes what docker update changes, the same way' {
        Invoke-Docker update --memory 256m --memory-swap 512m --memory-reservation 128m --cpus 0.5 --cpu-shares 512 --pids-limit 100 --restart on-failure:3 $twin | Out-Null
        Set-Container $a -Memory 256m -MemorySwap 512m -MemoryReservation 128m -Cpus 0.5 -CpuShares 512 -PidsLimit 100 -RestartPolicy on-failure:3 | Should -BeNullOrEmpty
        Get-Limits $a | Should -Be (Get-Limits $twin)
        Get-Limits $a | Should -BeLike '268435456 536870912 134217728 500000000 512 100 {"MaximumRetryCount":3,"Name":"on-failure"}'
    }

    It 'leaves the settings not given as they are' {
        Set-Container $a -CpuShares 256
        Get-Limits $a | Should -BeLike '268435456 536870912 134217728 500000000 256 100 *'
    }

    It 'takes piped containers by value and by property name, and returns them with -PassThru' {
        $c = Get-Container $b
        $out = $c | Set-Container -RestartPolicy unless-stopped -PassThru
        $out | Should -BeOfType ([PSDocker.Container])
        $out.Id | Should -Be $c.Id
        (Invoke-Docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' $b).Trim() | Should -Be 'unless-stopped'
        $out.IsInspected | Should -BeTrue                               # -PassThru shows the change just made
        $out.RestartPolicy.Name | Should -Be 'unless-stopped'

        [pscustomobject]@{ Name = $b } | Set-Container -Cpus 1.5
        (Invoke-Docker inspect -f '{{.HostConfig.NanoCpus}}' $b).Trim() | Should -Be '1500000000'
        $b | Set-Container -Memory 64m -MemorySwap 128m
        (Invoke-Docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' $b).Trim() | Should -Be '67108864 134217728'
    }

    It 'writes ContainerNotFound for a missing container and goes on with the rest' {
        $missing = New-TestName 'gone'
        Set-Container $missing, $b -CpuShares 300 -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.Commands.SetContainerCommand'
        $errs[0].TargetObject | Should -Be $missing
        (Invoke-Docker inspect -f '{{.HostConfig.CpuShares}}' $b).Trim() | Should -Be '300'
    }

    It 'changes nothing with -WhatIf' {
        $before = Get-Limits $a
        Set-Container $a -Memory 1g -RestartPolicy always -WhatIf
        Get-Limits $a | Should -Be $before
    }

    It 'refuses bad values before anything is sent: <ErrorId> for <Value>' -ForEach @(
        @{ Params = @{ Memory = '1XB' }; ErrorId = 'InvalidMemorySpec'; Value = '1XB' }
        @{ Params = @{ Cpus = '-1' }; ErrorId = 'InvalidCpusSpec'; Value = '-1' }
        @{ Params = @{ RestartPolicy = 'sometimes' }; ErrorId = 'InvalidRestartPolicySpec'; Value = 'sometimes' }
        @{ Params = @{ MemorySwap = 'lots' }; ErrorId = 'InvalidMemorySpec'; Value = 'lots' }
    ) {
        $before = Get-Limits $a
        $err = { Set-Container $a @Params } | Should -Throw -ErrorId "$ErrorId,PSDocker.Commands.SetContainerCommand" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "-$(@($Params.Keys)[0]) '$Value'*"
        Get-Limits $a | Should -Be $before
    }

    It 'needs a setting to change' {
        { Set-Container $a } | Should -Throw -ErrorId 'NothingToUpdate,PSDocker.Commands.SetContainerCommand'
    }

    It 'reports what the engine refuses for that container' {
        # A memory limit above the swap limit set before: the engine answers 409, as it does to docker update.
        Set-Container $a -Memory 1g -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ContainerConflict,PSDocker.Commands.SetContainerCommand'
        $errs[0].Exception.Message | Should -BeLike '*swap*'
    }
}
