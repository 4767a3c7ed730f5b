using System;
using System.Linq;
using System.Management.Automation;
using System.Security;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Joins the engine to a swarm, like docker swarm join.</para>
    /// <para type="description">Joins this engine to the swarm a manager at -RemoteAddress leads (POST /swarm/join), as a
    /// worker or a manager depending on the token (from (Get-DockerSwarm).JoinTokens.Worker or .Manager on a manager), and
    /// writes the swarm as Get-DockerSwarm reads it on this engine. The token is a secret: it is never written to any
    /// stream, verbose or error. An engine already in a swarm gives SwarmAlreadyInitialized; a token the swarm refuses
    /// SwarmJoinTokenInvalid, whose message says where a good one comes from; a manager that does not answer (a wrong
    /// address or port) an error that says so.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Join, "DockerSwarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DockerSwarm))]
    public sealed class JoinDockerSwarmCommand : DockerCmdlet
    {
        /// <summary>The address (host:port, port 2377 by default) of one or more managers of the swarm (the arguments of docker swarm join; the API's RemoteAddrs).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string[]? RemoteAddress { get; set; }

        /// <summary>
        /// The join token (--token; the API's JoinToken): a SecureString, or the token as a string (it is made a SecureString
        /// at once). It is never written to any stream.
        /// </summary>
        [Parameter(Mandatory = true)]
        [SecureStringTransformation]
        [ValidateNotNull]
        public SecureString? Token { get; set; }

        /// <summary>The address the other nodes reach this node at (--advertise-addr; the API's AdvertiseAddr): an address or interface, optionally with :port.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AdvertiseAddress { get; set; }

        /// <summary>The address and port this node listens on for the swarm (--listen-addr; the API's ListenAddr). 0.0.0.0:2377 by default.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ListenAddress { get; set; } = "0.0.0.0:2377";

        /// <summary>The address or interface for data traffic between the nodes (--data-path-addr; the API's DataPathAddr).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DataPathAddress { get; set; }

        protected override string ErrorNoun => "Swarm";

        protected override void ProcessRecord()
        {
            string[] remotes = RemoteAddress!.Select(r => r.Trim()).ToArray();
            Run(async () =>
            {
                if (!ShouldProcess(ResolveEndpoint().ToString(), $"Join the swarm at {string.Join(", ", remotes)} (docker swarm join)"))
                {
                    return;
                }

                var parameters = new SwarmJoinParameters
                {
                    RemoteAddrs = remotes.ToList(),
                    JoinToken = SwarmObjects.Text(Token!),
                    ListenAddr = ListenAddress,
                    AdvertiseAddr = AdvertiseAddress ?? "",
                    DataPathAddr = DataPathAddress ?? "",
                };
                try
                {
                    await RequestAsync(RequestLimit.None, async (e, token) =>
                    {
                        await e.Client.Swarm.JoinSwarmAsync(parameters, token);
                        return true;
                    });
                }
                catch (DockerApiException e) when (JoinError(e, remotes) is PSDockerException plain)
                {
                    throw plain;
                }
                finally
                {
                    parameters.JoinToken = "";
                }

                DockerSwarm swarm = await SwarmState.ReadAsync(this);
                WriteVerbose($"This node joined a swarm as a {(swarm.IsManager ? "manager" : "worker")}.");
                WriteObject(swarm);
            }, string.Join(", ", remotes));
        }

        /// <summary>
        /// A refused join said plainly: SwarmJoinTokenInvalid says where a good token comes from; a manager that did not
        /// answer in the engine's wait (a wrong address or port) says so. Null for other refusals (ErrorMapper's). The
        /// token is never part of the message.
        /// </summary>
        internal static PSDockerException? JoinError(DockerApiException e, string[] remotes)
        {
            var (id, category, message) = ErrorMapper.Classify(e.StatusCode, e.ResponseBody, "Swarm");
            string where = string.Join(", ", remotes);
            if (id == "SwarmJoinTokenInvalid")
            {
                return new PSDockerException(
                    $"The swarm at {where} refused the join token. A good one comes from a manager of that swarm: " +
                    "(Get-DockerSwarm -Context <manager>).JoinTokens.Worker, or .JoinTokens.Manager to join as a manager; pass it as it is to -Token. " +
                    $"The engine said: {message}", id, category, where, e);
            }

            if (message.IndexOf("Timeout was reached before node joined", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new PSDockerException(
                    $"No swarm manager answered at {where} in time: check the address and port (2377 by default) and that the manager is up. " +
                    "The engine keeps trying in the background; Exit-DockerSwarm -Force stops it. " +
                    $"The engine said: {message}", id, category, where, e);
            }

            return null;
        }
    }
}
