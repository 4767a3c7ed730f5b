using System;
using System.Collections.Generic;
using System.Management.Automation;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker
{
    /// <summary>
    /// Where pull, push, build and Start-Container find registry credentials: as the docker CLI finds them
    /// (DOCKER_CONFIG or ~/.docker/config.json: credHelpers for the registry, else credsStore, else auths),
    /// so a user logged in with `docker login` needs nothing more. An explicit -Credential wins.
    /// Credentials never reach output, verbose/debug text or error records.
    /// </summary>
    internal static class RegistryCredentials
    {
        /// <summary>
        /// The credentials to send for <paramref name="reference"/>'s registry (its <see cref="ImageReference.AuthKey"/>),
        /// or null to go anonymous. <paramref name="credential"/>, when given, is used as is.
        /// </summary>
        internal static AuthConfig? For(ImageReference reference, PSCredential? credential = null)
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

            // First cut: anonymous. The docker config and credential helpers come next.
            return null;
        }

        /// <summary>Every registry's stored credentials, keyed by registry (for a build's FROM images: X-Registry-Config).</summary>
        internal static IDictionary<string, AuthConfig> All() => new Dictionary<string, AuthConfig>();
    }
}
