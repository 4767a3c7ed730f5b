namespace PSDocker
{
    /// <summary>
    /// What Connect-ContainerRegistry did: the registry it logged in to, as whom, where the credentials were
    /// stored, and the engine's answer. It never carries the password or token.
    /// </summary>
    public sealed class ContainerRegistryLogin
    {
        internal ContainerRegistryLogin(string registry, string userName, string storedIn, string status)
        {
            Registry = registry;
            UserName = userName;
            StoredIn = storedIn;
            Status = status;
        }

        /// <summary>
        /// The registry's key in docker's credential stores: https://index.docker.io/v1/ for Docker Hub, else its
        /// host[:port] (as docker login keeps it). Disconnect-ContainerRegistry takes it by property name.
        /// </summary>
        public string Registry { get; }

        /// <summary>The user name the registry accepted.</summary>
        public string UserName { get; }

        /// <summary>
        /// Where the credentials were stored: the credential helper program (docker-credential-NAME, from the docker
        /// config's credHelpers or credsStore) or the docker config file's full path (its auths).
        /// </summary>
        public string StoredIn { get; }

        /// <summary>The engine's answer to the login (POST /auth's Status), as docker login prints it: "Login Succeeded".</summary>
        public string Status { get; }
    }
}
