using System;
using System.Collections.Generic;

namespace PSDocker
{
    /// <summary>Versions of the engine and of the API PSDocker speaks to it (docker version).</summary>
    public sealed class DockerVersion
    {
        internal DockerVersion(string clientVersion, string negotiatedApiVersion, string version, string apiVersion, string? minApiVersion,
            string? os, string? architecture, string? kernelVersion, string? goVersion, string? gitCommit, string? buildTime,
            bool experimental, string? platformName, IReadOnlyDictionary<string, string> components, DockerEndpoint endpoint)
        {
            ClientVersion = clientVersion;
            NegotiatedApiVersion = negotiatedApiVersion;
            Version = version;
            ApiVersion = apiVersion;
            MinApiVersion = minApiVersion;
            OS = os;
            Architecture = architecture;
            KernelVersion = kernelVersion;
            GoVersion = goVersion;
            GitCommit = gitCommit;
            BuildTime = buildTime;
            Experimental = experimental;
            PlatformName = platformName;
            Components = components;
            Endpoint = endpoint;
        }

        /// <summary>The PSDocker module version.</summary>
        public string ClientVersion { get; }

        /// <summary>The API version PSDocker sends requests with: the lower of the engine's and its own.</summary>
        public string NegotiatedApiVersion { get; }

        /// <summary>The engine's version.</summary>
        public string Version { get; }

        /// <summary>The newest API version the engine speaks.</summary>
        public string ApiVersion { get; }

        /// <summary>The oldest API version the engine accepts.</summary>
        public string? MinApiVersion { get; }

        /// <summary>The engine's operating system (linux, windows).</summary>
        public string? OS { get; }

        /// <summary>The engine's CPU architecture.</summary>
        public string? Architecture { get; }

        public string? KernelVersion { get; }
        public string? GoVersion { get; }
        public string? GitCommit { get; }
        public string? BuildTime { get; }
        public bool Experimental { get; }

        /// <summary>The engine's product name (Docker Engine - Community, ...).</summary>
        public string? PlatformName { get; }

        /// <summary>Versions of the engine's components (containerd, runc, ...).</summary>
        public IReadOnlyDictionary<string, string> Components { get; }

        /// <summary>The engine these versions are of.</summary>
        public DockerEndpoint Endpoint { get; }
    }

    /// <summary>Engine-wide information (docker info).</summary>
    public sealed class DockerInfo
    {
        internal DockerInfo() { }

        public string Id { get; internal set; } = "";
        /// <summary>The engine host's name.</summary>
        public string Name { get; internal set; } = "";
        public string ServerVersion { get; internal set; } = "";
        public long Containers { get; internal set; }
        public long ContainersRunning { get; internal set; }
        public long ContainersPaused { get; internal set; }
        public long ContainersStopped { get; internal set; }
        public long Images { get; internal set; }
        public string? StorageDriver { get; internal set; }
        public string? LoggingDriver { get; internal set; }
        public string? CgroupDriver { get; internal set; }
        public string? CgroupVersion { get; internal set; }
        public string? OperatingSystem { get; internal set; }
        public string? OSType { get; internal set; }
        public string? OSVersion { get; internal set; }
        public string? Architecture { get; internal set; }
        public string? KernelVersion { get; internal set; }
        public long CpuCount { get; internal set; }
        /// <summary>Total memory of the engine host, in bytes.</summary>
        public long MemoryTotal { get; internal set; }
        public string? DockerRootDir { get; internal set; }
        public string? DefaultRuntime { get; internal set; }
        public IReadOnlyList<string> Runtimes { get; internal set; } = Array.Empty<string>();
        /// <summary>inactive, pending, active, error or locked.</summary>
        public string? SwarmState { get; internal set; }
        public string? SwarmNodeId { get; internal set; }
        public string? Isolation { get; internal set; }
        public bool LiveRestoreEnabled { get; internal set; }
        public bool Debug { get; internal set; }
        public IReadOnlyList<string> Labels { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> SecurityOptions { get; internal set; } = Array.Empty<string>();
        /// <summary>Registries the engine reaches without TLS checks (CIDRs and names).</summary>
        public IReadOnlyList<string> InsecureRegistries { get; internal set; } = Array.Empty<string>();
        public string? IndexServerAddress { get; internal set; }
        public IReadOnlyList<string> Warnings { get; internal set; } = Array.Empty<string>();
        /// <summary>The engine this information is of.</summary>
        public DockerEndpoint Endpoint { get; internal set; } = null!;
    }

    /// <summary>A docker context: a named engine endpoint kept in the docker config folder.</summary>
    public sealed class DockerContext
    {
        internal DockerContext(string name, string? description, string? host, bool tls, bool tlsVerify, bool current, bool sessionDefault, string? error = null)
        {
            Error = error;
            Name = name;
            Description = description;
            HostAddress = host;
            UseTls = tls;
            TlsVerify = tlsVerify;
            Current = current;
            SessionDefault = sessionDefault;
        }

        /// <summary>The context's name, for -Context.</summary>
        public string Name { get; }

        public string? Description { get; }

        /// <summary>The engine address the context points to.</summary>
        public string? HostAddress { get; }

        /// <summary>
        /// True when calls to this context use TLS: a tcp:// engine with TLS files or SkipTLSVerify in the context
        /// (for "default": DOCKER_TLS_VERIFY or DOCKER_TLS with a tcp:// DOCKER_HOST).
        /// </summary>
        public bool UseTls { get; }

        /// <summary>True when calls to this context verify the engine's certificate (against ca.pem, and its host name).</summary>
        public bool TlsVerify { get; }

        /// <summary>
        /// True for the context PSDocker uses when nothing else is given: "default" when DOCKER_HOST is set, else
        /// DOCKER_CONTEXT or the config file's currentContext (as docker context ls marks it).
        /// </summary>
        public bool Current { get; }

        /// <summary>True when Use-DockerContext made this context the default of this session.</summary>
        public bool SessionDefault { get; }

        /// <summary>
        /// Why a call with this context would fail before connecting (a bad address, missing TLS files), as docker
        /// context ls's ERROR column says it; null when the context resolves. The call itself reports it as an error id.
        /// </summary>
        public string? Error { get; }

        public override string ToString() => Name;
    }
}
