using System;

namespace PSDocker
{
    /// <summary>
    /// A file, folder or link in a container, as the engine describes it (HEAD /containers/{id}/archive, the
    /// X-Docker-Container-Path-Stat header docker cp reads): what Copy-ContainerItem -PassThru returns for what it
    /// made in a container.
    /// </summary>
    public sealed class ContainerItem
    {
        internal ContainerItem(string container, string path, string name, long size, uint mode, DateTime modified, string? linkTarget,
            DockerEndpoint endpoint)
        {
            Container = container;
            Path = path;
            Name = name;
            Size = size;
            Mode = mode;
            Modified = modified;
            LinkTarget = string.IsNullOrEmpty(linkTarget) ? null : linkTarget;
            Endpoint = endpoint;
        }

        /// <summary>The container's name, as given to the cmdlet (or its id).</summary>
        public string Container { get; }

        /// <summary>The absolute path in the container.</summary>
        public string Path { get; }

        /// <summary>The last element of the path (stat's name).</summary>
        public string Name { get; }

        /// <summary>Size in bytes (stat's size; a folder's own size, not what it holds).</summary>
        public long Size { get; }

        /// <summary>
        /// The engine's mode: Go's os.FileMode bits (stat's mode): the permission bits, setuid (1 &lt;&lt; 23),
        /// setgid (1 &lt;&lt; 22), sticky (1 &lt;&lt; 20), folder (1 &lt;&lt; 31), link (1 &lt;&lt; 27).
        /// </summary>
        public uint Mode { get; }

        /// <summary>The mode as ls -l shows it: "drwxr-xr-x", "-rw-r--r--", "lrwxrwxrwx".</summary>
        public string ModeText => ModelMapper.FileModeText(Mode);

        /// <summary>True for a folder.</summary>
        public bool IsDirectory => (Mode & ModelMapper.GoModeDir) != 0;

        /// <summary>The last modification time, UTC (stat's mtime).</summary>
        public DateTime Modified { get; }

        /// <summary>What a symbolic link points to (stat's linkTarget), or null.</summary>
        public string? LinkTarget { get; }

        /// <summary>The engine the container runs on.</summary>
        public DockerEndpoint Endpoint { get; }

        public override string ToString() => Container + ":" + Path;
    }
}
