using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Logs out of a container registry, like docker logout.</para>
    /// <para type="description">Erases the registry's stored credentials where the docker CLI keeps them (the
    /// docker config's credHelpers or credsStore helper, and its auths), under every key docker logout tries
    /// (host[:port], http://host, https://host). A registry with nothing stored gives the warning
    /// "Not logged in to REGISTRY". The engine is not contacted.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ContainerRegistry", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class DisconnectContainerRegistryCommand : DockerCmdlet
    {
        /// <summary>
        /// The registry, as docker logout takes it: host[:port] or a URL (https://host:5001); Docker Hub when
        /// omitted. Bound by value and by property name (the Registry of Connect-ContainerRegistry's output).
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ServerAddress")]
        public string? Registry { get; set; }

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

            string shown = key == RegistryCredentialStore.IndexServer ? key : RegistryCredentialStore.ConvertToHostname(key);
            RegistryCredentialStore store = RegistryCredentialStore.FromEnvironment();
            try
            {
                if (!store.IsStored(key))
                {
                    WriteWarning($"Not logged in to {shown}");
                    return;
                }

                if (!ShouldProcess(shown, $"Log out: erase the stored credentials from {store.Describe(key)}"))
                {
                    return;
                }
            }
            catch (PSDockerException e)
            {
                WriteItemError(e, key);
                return;
            }

            WriteVerbose($"Removing login credentials for {shown}");
            EraseResult result = store.Erase(key);
            foreach (var failure in result.Failures)
            {
                if (result.AllFailed)
                {
                    WriteItemError(failure, key);
                }
                else
                {
                    WriteVerbose($"Could not erase one form of the key: {failure.Message}");
                }
            }
        }
    }
}
