using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>The contexts Get-DockerContext lists: the built-in "default" and those in the docker config folder.</summary>
    internal static class DockerContextList
    {
        /// <summary>
        /// Every context, each described by the endpoint a call with -Context NAME would use (address, TLS on or off,
        /// verification), and marked current exactly when a call with no engine given would use it.
        /// </summary>
        internal static IReadOnlyList<DockerContext> Read(EndpointResolver resolver, DockerEndpoint? sessionDefault)
        {
            // Current is what a call with no engine given uses: the session default when Use-DockerContext set
            // one (none of the contexts when it named an address), else what DOCKER_HOST, DOCKER_CONTEXT or the
            // config file choose, as docker context ls marks it.
            string? sessionName = sessionDefault?.ContextName;
            string? current = sessionDefault is not null
                ? sessionName
                : resolver.SelectedContext()?.Name ?? DockerConfigStore.DefaultContextName;

            var result = new List<DockerContext>
            {
                Describe(resolver, DockerConfigStore.DefaultContextName, "Current DOCKER_HOST based configuration",
                    resolver.Env("DOCKER_HOST") ?? "", current, sessionName),
            };

            foreach (ContextEntry entry in resolver.Config.ListContexts())
            {
                result.Add(Describe(resolver, entry.Name, entry.Description, entry.Host, current, sessionName));
            }

            return result;
        }

        private static DockerContext Describe(EndpointResolver resolver, string name, string? description, string? rawHost, string? current, string? sessionName)
        {
            string? host = rawHost;
            bool tls;
            bool verify;
            string? error = null;
            try
            {
                DockerEndpoint endpoint = resolver.FromContext(name, "Context", null);
                host = endpoint.ToString();
                tls = endpoint.UseTls;
                verify = endpoint.Tls?.Verify ?? false;
            }
            catch (EndpointResolutionException e)
            {
                // A context (or DOCKER_HOST / TLS variable) that does not resolve still lists, as written, with the
                // problem in Error (docker context ls's ERROR column), and the TLS it asks for; using it fails.
                error = e.Message;
                (tls, verify) = IntendedTls(resolver, name, rawHost);
            }

            return new DockerContext(name, description, host, tls, verify, name == current, sessionName == name, error);
        }

        /// <summary>The TLS a context asks for, read from its settings alone (for one whose files are missing).</summary>
        private static (bool Tls, bool Verify) IntendedTls(EndpointResolver resolver, string name, string? host)
        {
            bool tcp = host is not null && (host.StartsWith("tcp://", System.StringComparison.OrdinalIgnoreCase) || host.IndexOf("://", System.StringComparison.Ordinal) < 0);
            if (!tcp)
            {
                return (false, false);
            }

            if (name == DockerConfigStore.DefaultContextName)
            {
                bool verify = !string.IsNullOrEmpty(resolver.Env("DOCKER_TLS_VERIFY"));
                return (verify || !string.IsNullOrEmpty(resolver.Env("DOCKER_TLS")), verify);
            }

            ContextEntry? entry = null;
            try
            {
                entry = resolver.Config.ReadContext(name);
            }
            catch (EndpointResolutionException)
            {
            }

            return entry is null ? (false, false) : (entry.HasTlsMaterial || entry.SkipTlsVerify, entry.HasTlsMaterial && !entry.SkipTlsVerify);
        }
    }
}
