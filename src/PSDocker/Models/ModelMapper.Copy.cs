using System;
using System.Text;
using Docker.DotNet.Models;

namespace PSDocker
{
    internal static partial class ModelMapper
    {
        /// <summary>Go's os.ModeDir.</summary>
        internal const uint GoModeDir = 1u << 31;

        /// <summary>Go's os.ModeSymlink.</summary>
        internal const uint GoModeSymlink = 1u << 27;

        /// <summary>Go's type bits (dir, symlink, device, pipe, socket, char device, irregular).</summary>
        internal const uint GoModeType = GoModeDir | GoModeSymlink | (1u << 26) | (1u << 25) | (1u << 24) | (1u << 21) | (1u << 19);

        /// <summary>A path's stat from the engine as a <see cref="ContainerItem"/>.</summary>
        internal static ContainerItem ToContainerItem(string container, string path, ContainerPathStatResponse stat, DockerEndpoint endpoint) =>
            new ContainerItem(container, path, stat.Name ?? "", stat.Size, stat.Mode,
                stat.Mtime.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(stat.Mtime, DateTimeKind.Utc) : stat.Mtime.ToUniversalTime(),
                stat.LinkTarget, endpoint);

        /// <summary>Go's os.FileMode bits as ls -l shows them ("drwxr-xr-x", "-rwsr-xr-x", "lrwxrwxrwx").</summary>
        internal static string FileModeText(uint mode)
        {
            var sb = new StringBuilder(10);
            sb.Append((mode & GoModeDir) != 0 ? 'd'
                : (mode & GoModeSymlink) != 0 ? 'l'
                : (mode & (1u << 25)) != 0 ? 'p'
                : (mode & (1u << 24)) != 0 ? 's'
                : (mode & (1u << 21)) != 0 ? 'c'
                : (mode & (1u << 26)) != 0 ? 'b'
                : '-');
            const string rwx = "rwxrwxrwx";
            for (int i = 0; i < 9; i++)
            {
                sb.Append((mode & (1u << (8 - i))) != 0 ? rwx[i] : '-');
            }

            if ((mode & (1u << 23)) != 0)
            {
                sb[3] = sb[3] == 'x' ? 's' : 'S';
            }

            if ((mode & (1u << 22)) != 0)
            {
                sb[6] = sb[6] == 'x' ? 's' : 'S';
            }

            if ((mode & (1u << 20)) != 0)
            {
                sb[9] = sb[9] == 'x' ? 't' : 'T';
            }

            return sb.ToString();
        }
    }
}
