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
            string current = resolver.SelectedContext()?.Name ?? DockerConfigStore.DefaultContextName;
            string? sessionName = sessionDefault?.ContextName;

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

        private static DockerContext Describe(EndpointResolver resolver, string name, string? description, string? rawHost, string current, string? sessionName)
        {
            string? host = rawHost;
            bool tls = false;
            bool verify = false;
            try
            {
                DockerEndpoint endpoint = resolver.FromContext(name, "Context", null);
                host = endpoint.ToString();
                tls = endpoint.UseTls;
                verify = endpoint.Tls?.Verify ?? false;
            }
            catch (EndpointResolutionException)
            {
                // A context (or DOCKER_HOST / TLS variable) that does not resolve still lists, as written;
                // using it reports the problem.
            }

            return new DockerContext(name, description, host, tls, verify, name == current, sessionName == name);
        }
    }
}
