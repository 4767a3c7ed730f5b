using System;
using System.Linq;
using System.Management.Automation;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates a docker context (docker context create) that the docker CLI and PSDocker both use.</para>
    /// <para type="description">Writes the context into the docker config folder (DOCKER_CONFIG, else ~/.docker) exactly as docker context create does: contexts/meta/SHA256-OF-NAME/meta.json, and the TLS files copied into contexts/tls/SHA256-OF-NAME/docker/ (ca.pem, cert.pem, key.pem; key 0600). The context appears whole or not at all. Given no -HostAddress and no -From, it copies the context in use, as docker context create does. Returns the new context as Get-DockerContext shows it.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "DockerContext", SupportsShouldProcess = true, DefaultParameterSetName = HostSet)]
    [OutputType(typeof(DockerContext))]
    public sealed class NewDockerContextCommand : PSCmdlet
    {
        private const string HostSet = "Host";
        private const string FromSet = "From";

        /// <summary>
        /// The context's name: a letter or digit, then at least one letter, digit, '_', '.', '+' or '-'; "default" is
        /// reserved (InvalidContextName). A name already in use gives ContextExists.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        /// <summary>
        /// The engine's address (docker context create --docker host=...): tcp://HOST:PORT, unix:///path, or
        /// npipe:////./pipe/NAME on Windows. Written as given; a short form (HOST:PORT, /path) is written in full.
        /// A bad address (http://, or tcp:// with no host) gives InvalidHostAddress. Without it (and without -From) the
        /// context in use is copied.
        /// </summary>
        [Parameter(ParameterSetName = HostSet, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? HostAddress { get; set; }

        /// <summary>
        /// A folder holding ca.pem (the CA that signed the engine's certificate), cert.pem and key.pem (the client
        /// certificate and its key), as DOCKER_CERT_PATH does; relative to the current location. The files present are
        /// copied byte for byte into the context's TLS folder (--docker ca=,cert=,key=). ca.pem is needed unless
        /// -SkipTlsVerify; cert.pem and key.pem go together (TlsCertificateNotFound). tcp:// engines only
        /// (TlsNotSupportedForScheme). Needs -HostAddress (HostAddressRequired).
        /// </summary>
        [Parameter(ParameterSetName = HostSet)]
        [ValidateNotNullOrEmpty]
        public string? TlsCertPath { get; set; }

        /// <summary>
        /// Use TLS without checking the engine's certificate (--docker skip-tls-verify=true; SkipTLSVerify in meta.json).
        /// tcp:// engines only. Needs -HostAddress.
        /// </summary>
        [Parameter(ParameterSetName = HostSet)]
        public SwitchParameter SkipTlsVerify { get; set; }

        /// <summary>
        /// Copy the engine, TLS settings and files, and description of this context (docker context create --from);
        /// "default" stands for DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH. A missing one gives ContextNotFound.
        /// </summary>
        [Parameter(ParameterSetName = FromSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContextNameCompleter))]
        public string? From { get; set; }

        /// <summary>The context's description (--description; Metadata.Description in meta.json).</summary>
        [Parameter]
        public string? Description { get; set; }

        protected override void ProcessRecord()
        {
            EndpointResolver resolver = EndpointResolver.ForCurrentProcess(LocationPaths.For(this));
            DockerConfigStore store = resolver.Config;
            bool isWindows = EndpointResolver.IsWindows();
            ContextSpec spec;
            try
            {
                DockerConfigStore.ValidateName(Name, "Name");
                if (store.ReadContext(Name) is not null)
                {
                    throw store.Exists(Name);
                }

                if (HostAddress is null && (TlsCertPath is not null || SkipTlsVerify))
                {
                    throw new PSDockerException(
                        $"-{(TlsCertPath is not null ? "TlsCertPath" : "SkipTlsVerify")} needs -HostAddress (the tcp:// engine it is for).",
                        "HostAddressRequired", ErrorCategory.InvalidArgument, TlsCertPath ?? (object)"SkipTlsVerify");
                }

                string? description = string.IsNullOrEmpty(Description) ? null : Description;
                if (HostAddress is not null)
                {
                    string? folder = TlsCertPath is null ? null : LocationPaths.For(this)(TlsCertPath);
                    spec = ContextSpecs.FromAddress(Name, description, HostAddress, folder, SkipTlsVerify, isWindows);
                }
                else
                {
                    // No engine given: the one in use, as docker context create copies its current context.
                    DockerEndpoint? session = DockerCmdlet.SessionDefault;
                    if (From is null && session is not null && session.ContextName is null)
                    {
                        spec = ContextSpecs.FromEndpoint(Name, description, session);
                    }
                    else
                    {
                        string source = From?.Trim() ?? session?.ContextName ?? resolver.SelectedContext()?.Name ?? DockerConfigStore.DefaultContextName;
                        spec = ContextSpecs.FromContext(Name, description, source, resolver, isWindows);
                    }
                }
            }
            catch (Exception e) when (e is PSDockerException || e is EndpointResolutionException)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, "Context", Name));
                return;
            }

            string what = spec.Host is null ? "no docker endpoint" : DockerAddress.Redact(spec.Host) + (spec.HasTls ? " with TLS files" : "");
            if (!ShouldProcess($"{Name} ({what}) in {store.Directory}", "Create docker context"))
            {
                return;
            }

            try
            {
                store.CreateContext(spec);
                WriteVerbose($"Created the docker context '{Name}' in '{store.Directory}' ({what}).");
                WriteObject(DockerContextList.Read(resolver, DockerCmdlet.SessionDefault).First(c => c.Name == Name));
            }
            catch (Exception e) when (e is PSDockerException || e is EndpointResolutionException)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, "Context", Name));
            }
        }
    }
}
