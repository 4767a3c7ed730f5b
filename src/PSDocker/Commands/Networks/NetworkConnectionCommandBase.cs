using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;

namespace PSDocker.Commands
{
    /// <summary>
    /// The base of Connect-ContainerNetwork and Disconnect-ContainerNetwork: one -Network (a name, an id, or a piped
    /// ContainerNetwork) and the -Container list (names, ids, or piped Container objects), each container acted on through
    /// <see cref="ContainerTargets"/> (confirmed on its own; a failure for one is written and the rest go on). Either binds
    /// from the pipeline while the other is given: `Get-Container web* | Connect-ContainerNetwork backend`,
    /// `Get-ContainerNetwork backend | Disconnect-ContainerNetwork -Container db`, or the NetworkContainer items of a
    /// network's Containers, which carry both.
    /// </summary>
    public abstract class NetworkConnectionCommandBase : DockerCmdlet
    {
        /// <summary>
        /// The network, as docker network connect takes it: a name, the full id, or a unique id prefix; a ContainerNetwork
        /// (given or piped) stands for its name. Bound by value when -Container is given, and by property name from objects
        /// with a Network property (NetworkContainer). None found is a NetworkNotFound error.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(NetworkNameCompleter))]
        public string? Network { get; set; }

        /// <summary>
        /// Containers by name or id, as docker takes them (the full id, the exact name, or a unique id prefix). Piped Container
        /// and NetworkContainer objects bind here by their Name; strings by value when -Network is given. No wildcards:
        /// select with Get-Container and pipe. A container the engine does not know is a ContainerNotFound error.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string[]? Container { get; set; }

        /// <summary>The networks found in this pipeline, by the engine and the text given: looked up once, not once per piped container.</summary>
        private readonly Dictionary<(DockerEndpoint Engine, string Given), ContainerNetwork> _found = new Dictionary<(DockerEndpoint Engine, string Given), ContainerNetwork>();

        protected override string ErrorNoun => "Network";

        /// <summary>The action as -WhatIf and -Confirm name it, for the network's name.</summary>
        private protected abstract string Action(string network);

        /// <summary>Acts on one container (what to send to the engine) and the network found (its full id, its name).</summary>
        private protected abstract Task ActAsync(ContainerNetwork network, string container);

        /// <summary>Checks the parameters before anything is sent (addresses, say).</summary>
        private protected virtual void Check()
        {
        }

        protected override void BeginProcessing() => Check();

        protected override void ProcessRecord()
        {
            string given = Network!.Trim();
            Run(async () =>
            {
                var key = (ResolveEndpoint(), given);
                ContainerNetwork? network;
                try
                {
                    if (!_found.TryGetValue(key, out network))
                    {
                        network = await new NetworkTargets(this).InspectAsync(given);
                        _found[key] = network;
                    }
                }
                catch (Exception e) when (ContainerTargets.IsItemFailure(e))
                {
                    WriteItemError(NetworkTargets.Refine(e, given), given);
                    return;
                }

                await new ContainerTargets(this, WriteItemError).ForEachAsync(Container, null, Action(network.Name), async (container, shown) =>
                {
                    try
                    {
                        await ActAsync(network, container);
                    }
                    catch (Exception e) when (ContainerTargets.IsItemFailure(e))
                    {
                        throw NetworkTargets.Refine(e, shown);
                    }
                });
            }, given);
        }
    }
}
