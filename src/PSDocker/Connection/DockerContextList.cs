using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>The contexts Get-DockerContext lists: the built-in "default" and those in the docker config folder.</summary>
    internal static class DockerContextList
    {
        internal static IReadOnlyList<DockerContext> Read(EndpointResolver resolver, DockerEndpoint? sessionDefault)
        {
            string current = resolver.SelectedContext()?.Name ?? DockerConfigStore.DefaultContextName;
            string? sessionName = sessionDefault?.ContextName;

            string builtInHost;
            bool builtInTls;
            try
            {
                DockerEndpoint builtIn = resolver.FromContext(DockerConfigStore.DefaultContextName, "Context", null);
                builtInHost = builtIn.ToString();
                builtInTls = builtIn.UseTls;
            }
            catch (EndpointResolutionException)
            {
                // A DOCKER_HOST or TLS variable that does not resolve still lists; using it reports the problem.
                builtInHost = resolver.Env("DOCKER_HOST") ?? "";
                builtInTls = !string.IsNullOrEmpty(resolver.Env("DOCKER_TLS_VERIFY"));
            }

            var result = new List<DockerContext>
            {
                new DockerContext(DockerConfigStore.DefaultContextName, "Current DOCKER_HOST based configuration", builtInHost,
                    builtInTls, current == DockerConfigStore.DefaultContextName, sessionName == DockerConfigStore.DefaultContextName),
            };

            foreach (ContextEntry entry in resolver.Config.ListContexts())
            {
                result.Add(new DockerContext(entry.Name, entry.Description, entry.Host, entry.HasTlsMaterial,
                    entry.Name == current, sessionName == entry.Name));
            }

            return result;
        }
    }
}
