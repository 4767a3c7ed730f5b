using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a network, like docker network create.</para>
    /// <para type="description">Creates the network and writes it as Get-ContainerNetwork describes it. -Subnet, -Gateway
    /// and -IPRange are checked before anything is sent, and paired as the docker CLI pairs them: each gateway and IP
    /// range goes to the subnet that contains it. A name the engine already has is refused with NetworkExists (engines
    /// before API 1.44 would otherwise make a second network of the same name). Ctrl+C while the engine creates it
    /// stops at once, and a network the engine makes after all is removed again.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ContainerNetwork", SupportsShouldProcess = true)]
    [OutputType(typeof(ContainerNetwork))]
    public sealed class NewContainerNetworkCommand : DockerCmdlet
    {
        /// <summary>The network's name (the API's Name). A name the engine already has is a NetworkExists error.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The network driver (docker network create -d; the API's Driver): bridge (the engine's default), overlay, macvlan, ipvlan, or a plugin's.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Driver { get; set; }

        /// <summary>
        /// Subnets in CIDR form, IPv4 or IPv6 ("10.89.0.0/24", "fd00:89::/64"; --subnet; the API's IPAM.Config[].Subnet).
        /// Several may be given where the driver allows (bridge: one IPv4 and one IPv6); they may not overlap. A value that
        /// is not CIDR is an InvalidArgument error naming it.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Subnet { get; set; }

        /// <summary>
        /// Gateway addresses (--gateway; IPAM.Config[].Gateway), each paired with the -Subnet that contains it; at most one
        /// per subnet. A gateway in no subnet, or not an address, is an InvalidArgument error.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Gateway { get; set; }

        /// <summary>
        /// The part of a subnet containers get addresses from, in CIDR form (--ip-range; IPAM.Config[].IPRange), each
        /// paired with the -Subnet that contains it; at most one per subnet. Addresses given with Connect-ContainerNetwork
        /// -IPv4Address may lie outside it.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? IPRange { get; set; }

        /// <summary>Give containers IPv6 addresses too (--ipv6; the API's EnableIPv6). Give an IPv6 -Subnet with it.</summary>
        [Parameter]
        public SwitchParameter IPv6 { get; set; }

        /// <summary>Keep the network's containers from reaching anything outside it (--internal; the API's Internal).</summary>
        [Parameter]
        public SwitchParameter Internal { get; set; }

        /// <summary>Let standalone containers connect to a swarm (overlay) network (--attachable; the API's Attachable).</summary>
        [Parameter]
        public SwitchParameter Attachable { get; set; }

        /// <summary>Labels (--label; the API's Labels): KEY=VALUE strings, KEY alone (empty value), or a hashtable. An empty key is an InvalidLabelSpec error.</summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Label { get; set; }

        /// <summary>
        /// Driver options (-o/--opt; the API's Options): KEY=VALUE strings or a hashtable, e.g.
        /// @{ 'com.docker.network.bridge.name' = 'br-shop' }. An empty key is an InvalidLabelSpec error.
        /// </summary>
        [Parameter]
        [KeyValueTransformation]
        [ValidateNotNull]
        public string[]? Option { get; set; }

        protected override string ErrorNoun => "Network";

        protected override void ProcessRecord()
        {
            string name = Name!;
            IReadOnlyList<NetworkPoolSpec> pools = CheckInput(Subnet ?? Gateway ?? IPRange ?? (object)name,
                () => NetworkIpamSpec.Consolidate(Subnet, Gateway, IPRange));
            IDictionary<string, string>? labels = Pairs(nameof(Label), Label);
            IDictionary<string, string>? options = Pairs(nameof(Option), Option);
            var parameters = new NetworksCreateParameters
            {
                Name = name,
                Driver = Driver!,
                Internal = Internal,
                Attachable = Attachable,
                Labels = labels!,
                Options = options!,
            };
            if (IPv6)
            {
                parameters.EnableIPv6 = true;
            }

            if (pools.Count > 0)
            {
                parameters.IPAM = new IPAM
                {
                    Driver = "default",
                    Config = pools.Select(p => new IPAMConfig { Subnet = p.Subnet, Gateway = p.Gateway!, IPRange = p.IPRange! }).ToList(),
                };
            }

            if (!ShouldProcess(name, "Create network"))
            {
                return;
            }

            Run(async () =>
            {
                var targets = new NetworkTargets(this);

                // Engines before API 1.44 make a second network of a name unless asked to check; the client library no
                // longer sends that check, so it is made here (docker network create refuses the name the same way).
                var byName = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal)
                {
                    ["name"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [name] = true },
                };
                if ((await targets.ListAsync(byName)).Any(n => string.Equals(n.Name, name, StringComparison.Ordinal)))
                {
                    throw new PSDockerException($"A network named '{name}' already exists on {ResolveEndpoint()}.",
                        NetworkTargets.ExistsErrorId, ErrorCategory.ResourceExists, name);
                }

                NetworksCreateResponse created;
                EngineConnection? used = null;
                Task<NetworksCreateResponse>? sent = null;
                try
                {
                    // Sent without the call's token, so that a Ctrl+C while the engine works stops the wait here but
                    // not the request: the network it makes after all is then removed (UndoWhenMade).
                    created = await RequestAsync(RequestLimit.Default, (e, token) =>
                    {
                        used = e;
                        sent = e.Client.Networks.CreateNetworkAsync(parameters, CancellationToken.None);
                        return sent;
                    });
                }
                catch (Exception e) when (ContainerTargets.IsItemFailure(e))
                {
                    throw NetworkTargets.Refine(e, name);
                }
                catch (Exception) when (CancelToken.IsCancellationRequested && sent is not null && used is not null)
                {
                    UndoWhenMade(used, sent);
                    throw;
                }

                if (!string.IsNullOrEmpty(created.Warning))
                {
                    WriteWarning(created.Warning);
                }

                WriteObject(await targets.InspectAsync(created.ID));
            }, name);
        }

        /// <summary>
        /// After a Ctrl+C while the engine was creating the network: when the engine answers that it made it, removes it
        /// again (on the same connection, within 10 seconds, without waiting here), so a cancelled call leaves no network.
        /// </summary>
        private static void UndoWhenMade(EngineConnection connection, Task<NetworksCreateResponse> sent)
        {
            sent.ContinueWith(
                t =>
                {
                    if (t.Status != System.Threading.Tasks.TaskStatus.RanToCompletion || string.IsNullOrEmpty(t.Result?.ID))
                    {
                        _ = t.Exception;
                        return;
                    }

                    var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    connection.Client.Networks.DeleteNetworkAsync(t.Result!.ID, limit.Token).ContinueWith(
                        d =>
                        {
                            _ = d.Exception;
                            limit.Dispose();
                        },
                        CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private IDictionary<string, string>? Pairs(string parameter, string[]? values)
        {
            if (values is null)
            {
                return null;
            }

            return CheckInput(values, () => KeyValueSpec.ToMap(values, parameter));
        }
    }
}
