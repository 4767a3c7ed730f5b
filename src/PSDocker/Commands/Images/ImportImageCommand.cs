using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Loads images from a tar archive, like docker load -i.</para>
    /// <para type="description">The archive (made by Export-Image or docker save) is streamed from the file to the
    /// engine, never held in memory, with progress in bytes sent of the file's size. Returns the loaded images: each
    /// tag the archive names ("Loaded image: NAME:TAG" in the engine's answer) as an Image row, and each untagged image
    /// ("Loaded image ID: sha256:...") by its id. An archive the engine cannot read gives ImageLoadFailed with the
    /// engine's message (it arrives inside the engine's answer, not as an HTTP error).</para>
    /// </summary>
    [Cmdlet(VerbsData.Import, "Image", SupportsShouldProcess = true)]
    [OutputType(typeof(Image))]
    public sealed class ImportImageCommand : DockerCmdlet
    {
        private const int ProgressId = JsonMessageWriter.ParentActivityId - 1;
        private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// The archive or archives to load (docker load -i), relative to the current PowerShell location; wildcards
        /// are expanded. Bound by property name from piped files (FullName), so `Get-ChildItem *.tar | Import-Image`
        /// loads each. A path that names no file gives ImageArchiveNotFound and the next one is loaded.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        protected override string ErrorNoun => "Image";

        protected override void ProcessRecord()
        {
            var files = new List<string>();
            foreach (string path in Path ?? Array.Empty<string>())
            {
                IEnumerable<string> resolved;
                try
                {
                    resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                    if (provider.Name != "FileSystem")
                    {
                        throw new ItemNotFoundException($"'{path}' is not a file.");
                    }
                }
                catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException)
                {
                    WriteItemError("ImageArchiveNotFound", ErrorCategory.ObjectNotFound, $"-Path '{path}': no such file.", path);
                    continue;
                }

                foreach (string file in resolved)
                {
                    if (File.Exists(file))
                    {
                        files.Add(file);
                    }
                    else
                    {
                        WriteItemError("ImageArchiveNotFound", ErrorCategory.ObjectNotFound, $"-Path '{file}' is not a file.", file);
                    }
                }
            }

            Run(async () =>
            {
                foreach (string file in files)
                {
                    if (ShouldProcess(file, "Load images"))
                    {
                        await LoadAsync(file);
                    }
                }
            }, files.ToArray());
        }

        private async Task LoadAsync(string file)
        {
            string activity = $"Loading {System.IO.Path.GetFileName(file)}";
            var writer = new JsonMessageWriter($"Loading images from {System.IO.Path.GetFileName(file)}", WriteProgress, WriteVerbose);
            try
            {
                using (var upload = new ProgressReadStream(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan)))
                {
                    long total = upload.Length;
                    try
                    {
                        // The client reads the file on its own threads; the upload's progress is drawn here and the
                        // engine's messages by the writer, both on the pipeline thread.
                        Task load = RequestAsync(RequestLimit.None, async (e, token) =>
                        {
                            await e.Client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, upload, writer.Progress, token);
                            return true;
                        });
                        while (await Task.WhenAny(load, Task.Delay(s_progressInterval, CancelToken)) != load)
                        {
                            var (status, percent) = Progress.Of(upload.BytesRead, total);
                            WriteProgress(new ProgressRecord(ProgressId, activity, status + " sent") { PercentComplete = percent });
                        }

                        await load;
                    }
                    catch (Exception e) when (ErrorMapper.Unwrap(e) is Docker.DotNet.DockerApiException)
                    {
                        WriteItemError(e, file);
                        return;
                    }
                    finally
                    {
                        Progress.Complete(this, ProgressId, activity);
                    }
                }

                writer.Flush();
            }
            finally
            {
                writer.Complete();
            }

            if (writer.State.Error is string error)
            {
                WriteItemError("ImageLoadFailed", ErrorCategory.InvalidData, $"The engine could not load '{file}': {error}", file);
                return;
            }

            var engine = new CmdletEngineRequests(this);
            foreach (string loaded in writer.State.Loaded)
            {
                bool isId = loaded.StartsWith("sha256:", StringComparison.Ordinal);
                Image? image = await ImageReadBack.TryReadAsync(engine, loaded, isId ? null : loaded);
                if (image is null)
                {
                    WriteItemError(ImageReadBack.NotFoundErrorId, ErrorCategory.ObjectNotFound,
                        $"The engine said it loaded '{loaded}' from '{file}', but does not have it.", loaded);
                }
                else
                {
                    WriteObject(image);
                }
            }
        }
    }
}
