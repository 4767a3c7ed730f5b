using System;
using System.Collections.Generic;
using System.Management.Automation;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker
{
    /// <summary>
    /// Where pull, push, build and Start-Container find registry credentials: as the docker CLI finds them
    /// (DOCKER_CONFIG or ~/.docker/config.json: credHelpers for the registry, else credsStore, else auths; see
    /// <see cref="RegistryCredentialStore"/>), so a user logged in with `docker login` or Connect-ContainerRegistry
    /// needs nothing more. An explicit -Credential wins.
    /// <para>How a cmdlet uses it (pull, push):</para>
    /// <code>
    /// ImageReference reference = ImageReference.Parse(Name, nameof(Name));   // before any request
    /// AuthConfig? auth = RegistryCredentials.For(reference, Credential);      // null: anonymous
    /// await RequestAsync(RequestLimit.None, (e, token) =>
    ///     e.Client.Images.CreateImageAsync(parameters, auth, progress, token));
    /// </code>
    /// Pass the AuthConfig to the library as it is (it becomes the X-Registry-Auth header); never write it, or any
    /// of its fields but ServerAddress and Username, to output, verbose/debug text or error records. For() throws
    /// PSDockerException (let it become the cmdlet's terminating error): DockerConfigInvalid (ParserError),
    /// CredentialHelperNotFound (ObjectNotFound), CredentialHelperFailed (InvalidResult); none of them carries a secret.
    /// A registry that refuses the credentials (or wants some) answers in the pull/push stream ("unauthorized",
    /// "authentication required"): report that as RegistryAuthenticationFailed (AuthenticationError).
    /// </summary>
    internal static class RegistryCredentials
    {
        /// <summary>
        /// The credentials to send for <paramref name="reference"/>'s registry (its <see cref="ImageReference.AuthKey"/>:
        /// https://index.docker.io/v1/ for Docker Hub, else the host[:port]), or null to go anonymous (nothing stored,
        /// or the helper says "credentials not found"). <paramref name="credential"/>, when given, is used as is, and
        /// nothing stored is read. The AuthConfig has Username and Password, or IdentityToken, and ServerAddress.
        /// </summary>
        internal static AuthConfig? For(ImageReference reference, PSCredential? credential = null) =>
            For(reference, credential, RegistryCredentialStore.FromEnvironment());

        /// <summary>As <see cref="For(ImageReference, PSCredential?)"/>, with the credentials of another config folder.</summary>
        internal static AuthConfig? For(ImageReference reference, PSCredential? credential, RegistryCredentialStore store)
        {
            if (reference is null)
            {
                throw new ArgumentNullException(nameof(reference));
            }

            if (credential is not null)
            {
                return new AuthConfig
                {
                    Username = credential.UserName,
                    Password = credential.GetNetworkCredential().Password,
                    ServerAddress = reference.AuthKey,
                };
            }

            return store.Get(reference.AuthKey);
        }

        /// <summary>
        /// Every registry's stored credentials, keyed by registry as stored (docker's GetAllCredentials: the credsStore
        /// helper's or auths' entries, overridden by each credHelpers registry's), for a build's FROM images
        /// (X-Registry-Config). Empty when nothing is stored.
        /// </summary>
        internal static IDictionary<string, AuthConfig> All() => RegistryCredentialStore.FromEnvironment().GetAll();
    }
}
