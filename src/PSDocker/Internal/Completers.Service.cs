using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Docker.DotNet.Models;

namespace PSDocker
{
    /// <summary>Completes swarm service names from the engine the command line points at (docker service ls), with mode and image as tooltip.</summary>
    public sealed class SwarmServiceNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompleterSupport.Names(wordToComplete, () => CompleterSupport.ListServices(fakeBoundParameters), s => s.Spec?.Name,
                s => $"{s.Spec?.Name} ({ModelMapper.ServiceModeName(s.Spec?.Mode)}, {ModelMapper.ImageWithoutDigest(s.Spec?.TaskTemplate?.ContainerSpec?.Image)})");
    }

    internal static partial class CompleterSupport
    {
        /// <summary>Every service (docker service ls) of the engine the command line points at, as <see cref="ListContainers"/>.</summary>
        internal static IList<Docker.DotNet.Models.SwarmService> ListServices(IDictionary fakeBoundParameters) =>
            Ask(fakeBoundParameters, "its services", (engine, token) => engine.Client.Swarm.ListServicesAsync(new ServiceListParameters(), token));
    }
}
