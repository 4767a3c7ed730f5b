using System;
using System.Threading;
using System.Threading.Tasks;
using PSDocker.Commands;

namespace PSDocker
{
    /// <summary>
    /// How internal machinery (such as <see cref="ContainerRunner"/>) sends requests: through the calling cmdlet's
    /// <see cref="DockerCmdlet.RequestAsync{T}(RequestLimit, Func{EngineConnection, CancellationToken, Task{T}})"/> (one time limit, one re-negotiation, Ctrl+C), so the machinery never
    /// grows a second way to connect. Tests give it a connection of their own.
    /// </summary>
    internal interface IEngineRequests
    {
        /// <summary>Sends one request; see <see cref="DockerCmdlet.RequestAsync{T}(RequestLimit, Func{EngineConnection, CancellationToken, Task{T}})"/> for the contract.</summary>
        Task<T> RequestAsync<T>(Func<EngineConnection, CancellationToken, Task<T>> request, RequestLimit limit);
    }

    /// <summary>A cmdlet's requests: <c>new CmdletEngineRequests(this)</c> inside a DockerCmdlet.</summary>
    internal sealed class CmdletEngineRequests : IEngineRequests
    {
        private readonly DockerCmdlet _cmdlet;

        internal CmdletEngineRequests(DockerCmdlet cmdlet) => _cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));

        public Task<T> RequestAsync<T>(Func<EngineConnection, CancellationToken, Task<T>> request, RequestLimit limit) =>
            _cmdlet.RequestAsync(limit, request);
    }
}
