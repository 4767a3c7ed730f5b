using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Exports a container's filesystem to a tar archive, like docker export -o.</para>
    /// <para type="description">The container's whole filesystem (its image's files with the container's changes; not
    /// the volumes) is streamed from the engine to the file (never held in memory), with progress in bytes written.
    /// The archive is written beside the target and moved into place only when complete: Ctrl+C or a failure leaves no
    /// partial file, and an existing file is kept until the new one is whole. An existing file is replaced, as docker
    /// export -o does, unless -NoClobber is given. One container per call: the archive holds one filesystem, so a
    /// second container (two -Name values, or a second piped object) is refused with SeveralContainers.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "Container", SupportsShouldProcess = true, DefaultParameterSetName = ContainerSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportContainerCommand : ContainerCommandBase
    {
        /// <summary>Error id for more than one container given to one archive (category InvalidArgument).</summary>
        internal const string SeveralErrorId = "SeveralContainers";

        private const int ProgressId = 0x5D0E;

        private string _path = "";
        private int _containers;

        /// <summary>
        /// The archive to write (docker export -o), relative to the current PowerShell location. Its folder must exist
        /// (DirectoryNotFound) and it must not be a folder itself (PathIsDirectory), both checked before anything is
        /// sent; a failed local write is FileWriteFailed.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Refuse to replace an existing file (ResourceExists, error id FileExists) instead of replacing it.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Return the archive's FileInfo once it is written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string Action => $"Export to {_path}";

        protected override void BeginProcessing()
        {
            _path = LocationPaths.For(this)(Path);
            try
            {
                FileDownload.CheckTarget(_path, Path, NoClobber, "docker export", "container.tar");
            }
            catch (PSDockerException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, e.Category, e.Target));
            }
        }

        protected override void ProcessRecord()
        {
            _containers += (Name?.Length ?? 0) + (Id?.Length ?? 0);
            if (_containers > 1)
            {
                object target = (object?)Name ?? Id!;
                ThrowTerminatingError(new ErrorRecord(new PSDockerException(
                    $"Export-Container writes one container to one archive; more than one container was given. Export each to a file of its own, as in " +
                    "Get-Container | ForEach-Object { Export-Container -Id $_.Id -Path \"$($_.Name).tar\" }.",
                    SeveralErrorId, ErrorCategory.InvalidArgument, target), SeveralErrorId, ErrorCategory.InvalidArgument, target));
            }

            base.ProcessRecord();
        }

        private protected override async Task ActAsync(string container, string shown)
        {
            long written;
            using (Stream source = await RequestAsync(RequestLimit.None, (e, token) => e.Client.Containers.ExportContainerAsync(container, token)))
            {
                written = await FileDownload.WriteAsync(this, source, _path, $"Exporting {shown}", ProgressId, CancelToken);
            }

            WriteVerbose($"Exported {shown} to {_path} ({written} bytes).");
            if (PassThru)
            {
                // Through the FileSystem provider, so the object shows as Get-Item shows it.
                WriteObject(InvokeProvider.Item.Get(WildcardPattern.Escape(_path)), true);
            }
        }
    }
}
