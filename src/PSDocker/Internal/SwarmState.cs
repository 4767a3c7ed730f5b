using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Commands;
using PSDocker.Specs;

namespace PSDocker
{
    /// <summary>
    /// Reads the swarm an engine belongs to (GET /info's Swarm part, and GET /swarm on a manager; GET /swarm/unlockkey when
    /// asked) into one DockerSwarm, and checks the values the swarm cmdlets send (address pools, durations).
    /// </summary>
    internal static class SwarmState
    {
        /// <summary>
        /// The swarm of <paramref name="cmdlet"/>'s engine: on a manager with its spec and join tokens, on a worker or an
        /// engine in no swarm only what docker info says. With <paramref name="unlockKey"/>, the unlock key too (a
        /// manager only: SwarmNotManager / SwarmNotInitialized otherwise).
        /// </summary>
        internal static async Task<DockerSwarm> ReadAsync(DockerCmdlet cmdlet, bool unlockKey = false)
        {
            DockerEndpoint? endpoint = null;
            SystemInfoResponse info = await cmdlet.RequestAsync(RequestLimit.Default, (e, token) =>
            {
                endpoint = e.Endpoint;
                return e.Client.System.GetSystemInfoAsync(token);
            });
            SwarmInspectResponse? inspect = null;
            if (info.Swarm?.ControlAvailable == true)
            {
                inspect = await cmdlet.RequestAsync(RequestLimit.Default, (e, token) => e.Client.Swarm.InspectSwarmAsync(token));
            }

            DockerSwarm swarm = ModelMapper.ToSwarm(info.Swarm, inspect, endpoint!);
            if (unlockKey)
            {
                SwarmUnlockResponse key = await cmdlet.RequestAsync(RequestLimit.Default, (e, token) => e.Client.Swarm.GetSwarmUnlockKeyAsync(token));
                swarm.UnlockKey = string.IsNullOrEmpty(key.UnlockKey) ? null : SwarmObjects.Secure(key.UnlockKey);
            }

            return swarm;
        }

        /// <summary>
        /// Checks -DefaultAddressPool: each an IPv4 or IPv6 network in CIDR form (10.20.0.0/16), as docker swarm init
        /// --default-addr-pool takes it. Throws InvalidAddressPool naming the parameter and the value.
        /// </summary>
        internal static void CheckPools(string[]? pools, string parameter)
        {
            foreach (string pool in pools ?? Array.Empty<string>())
            {
                string[] parts = pool.Trim().Split('/');
                bool valid = parts.Length == 2 && IPAddress.TryParse(parts[0], out IPAddress? address) &&
                    int.TryParse(parts[1], out int prefix) && prefix >= 0 &&
                    prefix <= (address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32);
                if (!valid)
                {
                    throw new PSDockerException($"-{parameter} '{pool}' is not a network in CIDR form, such as 10.20.0.0/16.",
                        "InvalidAddressPool", ErrorCategory.InvalidArgument, pool);
                }
            }
        }

        /// <summary>Checks a swarm duration (-CertExpiry, -DispatcherHeartbeat): more than zero. Throws InvalidDurationSpec naming the parameter.</summary>
        internal static void CheckPositive(TimeSpan? value, string parameter)
        {
            if (value is TimeSpan span && span <= TimeSpan.Zero)
            {
                throw new PSDockerException($"-{parameter} '{span}' must be more than zero.", DurationSpec.ErrorId, ErrorCategory.InvalidArgument, span);
            }
        }

        /// <summary>Writes the warning that tells where a new unlock key is, without the key.</summary>
        internal static void WarnUnlockKey(DockerCmdlet cmdlet, DockerSwarm swarm)
        {
            if (swarm.UnlockKey is not null)
            {
                cmdlet.WriteWarning("The swarm's managers are locked when their engine restarts: keep the unlock key somewhere safe. " +
                    "It is in the UnlockKey property of the object written (a SecureString; read it with ConvertFrom-SecureString -AsPlainText), " +
                    "and Get-DockerSwarm -UnlockKey reads it again. Unlock-DockerSwarm -UnlockKey unlocks a locked manager.");
            }
        }
    }
}
