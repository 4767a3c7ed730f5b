using System;

namespace PSDocker
{
    /// <summary>How a path in a container's filesystem differs from its image (docker diff's A, C and D).</summary>
    public enum ContainerChangeKind
    {
        /// <summary>The path was changed (docker diff's "C"; the API's Kind 0).</summary>
        Changed = 0,

        /// <summary>The path was added (docker diff's "A"; the API's Kind 1).</summary>
        Added = 1,

        /// <summary>The path was deleted (docker diff's "D"; the API's Kind 2).</summary>
        Deleted = 2,
    }

    /// <summary>One changed path of a container's filesystem, as docker diff prints one line (GET /containers/{id}/changes).</summary>
    public sealed class ContainerChange
    {
        internal ContainerChange(ContainerChangeKind kind, string path, string container, DockerEndpoint endpoint)
        {
            Kind = kind;
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Container = container ?? throw new ArgumentNullException(nameof(container));
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        }

        /// <summary>Added, Changed or Deleted (the API's Kind: 1, 0, 2).</summary>
        public ContainerChangeKind Kind { get; }

        /// <summary>The letter docker diff prints: "A", "C" or "D".</summary>
        public string Symbol => Kind switch
        {
            ContainerChangeKind.Added => "A",
            ContainerChangeKind.Deleted => "D",
            _ => "C",
        };

        /// <summary>The absolute path inside the container ("/etc/hosts"; the API's Path).</summary>
        public string Path { get; }

        /// <summary>The container as it was given (name or id).</summary>
        public string Container { get; }

        /// <summary>The engine the container is on.</summary>
        public DockerEndpoint Endpoint { get; }

        /// <summary>The line docker diff prints: "C /etc".</summary>
        public override string ToString() => Symbol + " " + Path;
    }
}
