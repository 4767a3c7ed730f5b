using System;
using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes docker contexts (docker context rm) from the docker config folder.</para>
    /// <para type="description">Deletes the context's meta and TLS folders (contexts/meta/ID and contexts/tls/ID), both or neither, leaving the folder as docker context rm does. The context in use (DOCKER_CONTEXT, the config's currentContext, or this session's Use-DockerContext default) is refused unless -Force, which also clears that choice, as docker context rm -f does.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "DockerContext", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveDockerContextCommand : PSCmdlet
    {
        /// <summary>
        /// Context names, no wildcards; also the Name of piped DockerContext objects. "default" cannot be removed and a
        /// name docker would refuse gives InvalidContextName (terminating, before anything is removed); a missing
        /// context gives ContextNotFound and the others are still removed.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContextNameCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Remove the context in use too (otherwise ContextInUse), clearing the config's currentContext (back to "default")
        /// and this session's default when they name it; and no error for a context that does not exist (docker context rm -f).
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            EndpointResolver resolver = EndpointResolver.ForCurrentProcess(LocationPaths.For(this));
            DockerConfigStore store = resolver.Config;
            string? selected;
            try
            {
                foreach (string name in Name)
                {
                    if (name == DockerConfigStore.DefaultContextName)
                    {
                        throw new PSDockerException($"-Name: the context \"{DockerConfigStore.DefaultContextName}\" is built in and cannot be removed.",
                            "InvalidContextName", ErrorCategory.InvalidArgument, name);
                    }

                    DockerConfigStore.ValidateName(name, "Name");
                }

                selected = resolver.SelectedContext()?.Name;
            }
            catch (Exception e) when (e is PSDockerException || e is EndpointResolutionException)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, "Context", null));
                return;
            }

            foreach (string name in Name)
            {
                try
                {
                    if (store.ReadContext(name) is null)
                    {
                        if (!Force)
                        {
                            throw store.NotFound(name);
                        }

                        WriteVerbose($"No docker context named '{name}' exists; nothing to remove.");
                        continue;
                    }

                    bool inSession = DockerCmdlet.SessionDefault?.ContextName == name;
                    bool inUse = inSession || selected == name;
                    if (inUse && !Force)
                    {
                        string by = inSession ? "this session's default (Use-DockerContext)" : "the current context";
                        throw new PSDockerException($"The docker context '{name}' is in use as {by}; use -Force to remove it anyway.",
                            "ContextInUse", ErrorCategory.ResourceBusy, name);
                    }

                    if (!ShouldProcess($"{name} in {store.Directory}", "Remove docker context"))
                    {
                        continue;
                    }

                    if (inUse)
                    {
                        // As docker context rm -f: the config falls back to the default context first.
                        if (store.ReadCurrentContext() == name)
                        {
                            store.WriteCurrentContext(null);
                        }

                        if (inSession)
                        {
                            DockerCmdlet.SessionDefault = null;
                        }
                    }

                    store.RemoveContext(name);
                    WriteVerbose($"Removed the docker context '{name}' from '{store.Directory}'.");
                }
                catch (Exception e) when (e is PSDockerException || e is EndpointResolutionException)
                {
                    WriteError(ErrorMapper.ToErrorRecord(e, "Context", name));
                }
            }
        }
    }
}
