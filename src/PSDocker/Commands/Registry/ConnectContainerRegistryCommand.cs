using System;
using System.Management.Automation;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Logs in to a container registry, like docker login.</para>
    /// <para type="description">The engine checks the credentials with the registry (POST /auth) before anything is
    /// stored; a refused login is a terminating RegistryAuthenticationFailed error and nothing is stored. Accepted
    /// credentials are stored where the docker CLI stores them (the docker config's credHelpers or credsStore helper,
    /// else its auths), so docker and PSDocker pulls and pushes use them.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "ContainerRegistry", SupportsShouldProcess = true)]
    [OutputType(typeof(ContainerRegistryLogin))]
    public sealed class ConnectContainerRegistryCommand : DockerCmdlet
    {
        /// <summary>
        /// The registry, as docker login takes it: host[:port] (127.0.0.1:5001), or a URL (https://host:5001, whose
        /// scheme and path are dropped). Docker Hub when omitted (also for docker.io, index.docker.io and
        /// https://index.docker.io/v1/). A value that names no host is refused with InvalidArgument.
        /// </summary>
        [Parameter(Position = 0)]
        [Alias("ServerAddress")]
        public string? Registry { get; set; }

        /// <summary>
        /// The user name and password (or access token) to log in with. PowerShell prompts for it when it is not
        /// given; a user name alone prompts for the password. Never written anywhere but the credential store.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        private const string LoginSucceeded = "Login Succeeded";

        protected override string ErrorNoun => "ContainerRegistry";

        protected override void ProcessRecord()
        {
            string? key = RegistryCredentialStore.NormalizeRegistry(Registry);
            if (key is null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSDockerException($"-Registry '{Registry}' names no registry: give host[:port] or https://host[:port].",
                        "InvalidArgument", ErrorCategory.InvalidArgument, Registry),
                    "InvalidArgument", ErrorCategory.InvalidArgument, Registry));
                return;
            }

            string user = Credential.UserName ?? "";
            if (user.Length == 0 || Credential == PSCredential.Empty)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSDockerException("-Credential has no user name: docker login needs one.", "InvalidArgument", ErrorCategory.InvalidArgument, key),
                    "InvalidArgument", ErrorCategory.InvalidArgument, key));
                return;
            }

            RegistryCredentialStore store = RegistryCredentialStore.FromEnvironment();
            string where;
            try
            {
                where = store.Describe(key);
                store.EnsureHelperInstalled(key);
            }
            catch (PSDockerException e)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, ErrorNoun, key));
                return;
            }

            if (!ShouldProcess(key, $"Log in as '{user}' and store the credentials in {where}"))
            {
                return;
            }

            Run(async () =>
            {
                WriteVerbose($"Checking the credentials of '{user}' for {key} with the engine (POST /auth).");
                try
                {
                    await RequestAsync(RequestLimit.Default, async (e, token) =>
                    {
                        await e.Client.System.AuthenticateAsync(new AuthConfig
                        {
                            Username = user,
                            Password = Credential.GetNetworkCredential().Password,
                            ServerAddress = key,
                        }, token);
                        return true;
                    });
                }
                catch (Exception e) when (ErrorMapper.Unwrap(e) is DockerApiException api)
                {
                    throw LoginFailed(api, key, user);
                }

                // The library returns nothing of POST /auth's answer: an engine that accepts a login always says
                // "Login Succeeded". Its IdentityToken (which docker would store instead of the password) is not
                // available either, so the password is stored, as docker does for registries that give no token.
                string storedIn = store.Store(key, user, Credential.GetNetworkCredential().Password, null);
                WriteVerbose($"Stored the credentials of '{user}' for {key} in {storedIn}.");
                WriteObject(new ContainerRegistryLogin(key, user, storedIn, LoginSucceeded));
            }, key);
        }

        // The engine answers 401 for credentials the registry refused; anything else (registry unreachable, not a
        // registry) is RegistryLoginFailed (ConnectionError when the engine could not reach it) with the engine's message.
        private static PSDockerException LoginFailed(DockerApiException api, string key, string user)
        {
            string message = ErrorMapper.EngineMessage(api.ResponseBody) ?? $"The engine answered {(int)api.StatusCode} ({api.StatusCode}).";
            if (api.StatusCode == HttpStatusCode.Unauthorized || api.StatusCode == HttpStatusCode.Forbidden ||
                message.IndexOf("unauthorized", StringComparison.OrdinalIgnoreCase) >= 0 ||
                message.IndexOf("401", StringComparison.Ordinal) >= 0)
            {
                return new PSDockerException($"The registry {key} refused the credentials of '{user}': {message}",
                    "RegistryAuthenticationFailed", ErrorCategory.AuthenticationError, key, api);
            }

            // The engine answers 500 when it could not reach the registry (connection refused, no such host, TLS).
            ErrorCategory category = (int)api.StatusCode >= 500
                ? ErrorCategory.ConnectionError
                : ErrorMapper.Classify(api.StatusCode, api.ResponseBody, "ContainerRegistry").Category;
            return new PSDockerException($"Could not log in to {key}: {message}", "RegistryLoginFailed", category, key, api);
        }
    }
}
