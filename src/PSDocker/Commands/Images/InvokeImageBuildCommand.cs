using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;
using PSDocker.Streams;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Builds an image from a Dockerfile and a context folder, like docker build -t NAME . with the legacy builder.</para>
    /// <para type="description">Sends the context folder (-Path) to the engine's build endpoint (POST /build) as a tar
    /// stream written while the files are read, honouring the context's .dockerignore with Docker's own pattern rules,
    /// and returns the built image as an Image (one per -Tag). The build's output lines go to the information stream
    /// (tag PSDocker.Build; shown with -InformationAction Continue or 6>&amp;1) and to the verbose stream, one
    /// record per whole line. Upload progress, and the per-layer progress of the FROM images' pulls, are shown with
    /// Write-Progress; the pulls' status lines go to the verbose stream. A failing step is the terminating error ImageBuildFailed, whose
    /// exception (ImageBuildFailedException) carries the step's exit code; a build never fails silently.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ImageBuild", SupportsShouldProcess = true)]
    [OutputType(typeof(Image))]
    public sealed class InvokeImageBuildCommand : DockerCmdlet
    {
        /// <summary>The information-stream tag of build output lines.</summary>
        public const string InformationTag = "PSDocker.Build";

        /// <summary>
        /// The build context: a folder, resolved against the current PowerShell location (docker build PATH).
        /// Defaults to the current location. Its .dockerignore decides what is sent.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = ".";

        /// <summary>
        /// Names for the image, "name[:tag]" (docker build -t; several allowed). Each is checked as docker checks an
        /// image reference (InvalidImageReference before anything is sent; a digest is refused). Without a tag,
        /// "latest". Without -Tag the image is untagged and returned by id.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Tag { get; set; }

        /// <summary>
        /// The Dockerfile (docker build -f), resolved against the current PowerShell location, not the context.
        /// Default: Dockerfile (or dockerfile) in the context folder. A file outside the context is sent with the
        /// context under a generated name, as the CLI sends it.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? File { get; set; }

        /// <summary>
        /// Build-time variables (docker build --build-arg): @{ NAME = 'value' }. A $null value takes the variable
        /// of the same name from the environment, or leaves it unset, as --build-arg NAME does.
        /// </summary>
        [Parameter]
        public Hashtable? BuildArg { get; set; }

        /// <summary>The stage of a multi-stage Dockerfile to build (docker build --target).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Target { get; set; }

        /// <summary>Do not use the build cache (docker build --no-cache).</summary>
        [Parameter]
        public SwitchParameter NoCache { get; set; }

        /// <summary>Always pull newer versions of the FROM images (docker build --pull).</summary>
        [Parameter]
        public SwitchParameter Pull { get; set; }

        /// <summary>Labels for the image (docker build --label): @{ 'org.example.version' = '1.0' }.</summary>
        [Parameter]
        public Hashtable? Label { get; set; }

        /// <summary>The platform to build for, "os[/arch[/variant]]" (docker build --platform), e.g. linux/amd64.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Platform { get; set; }

        /// <summary>The network of the RUN steps (docker build --network): bridge, host, none, or a network name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Network { get; set; }

        /// <summary>
        /// Extra /etc/hosts entries for the RUN steps (docker build --add-host): "host:ip" or "host=ip", the ip an
        /// IPv4 or IPv6 address or host-gateway. A malformed one is InvalidExtraHostSpec before anything is sent.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ExtraHost { get; set; }

        protected override string ErrorNoun => "Image";

        protected override void ProcessRecord()
        {
            // Every argument is checked before anything is sent.
            List<ImageReference> tags;
            List<string> extraHosts;
            try
            {
                tags = (Tag ?? Array.Empty<string>()).Select(ParseTag).ToList();
                extraHosts = (ExtraHost ?? Array.Empty<string>()).Select(h => SpecException.Check(nameof(ExtraHost), () => ParseExtraHost(h))).ToList();
            }
            catch (PSDockerException e)
            {
                Fail(e);
                return;
            }

            Func<string, string> resolve = LocationPaths.For(this);
            string contextFolder = resolve(Path);
            if (!Directory.Exists(contextFolder))
            {
                Fail(new PSDockerException($"-Path '{Path}': the build context folder '{contextFolder}' does not exist.",
                    "BuildContextNotFound", ErrorCategory.ObjectNotFound, Path));
            }

            string? dockerfile = File is null ? null : resolve(File);
            if (dockerfile is not null && !System.IO.File.Exists(dockerfile))
            {
                Fail(new PSDockerException($"-File '{File}': the Dockerfile '{dockerfile}' does not exist.",
                    "DockerfileNotFound", ErrorCategory.ObjectNotFound, File));
            }

            BuildContext context;
            try
            {
                context = new BuildContext(contextFolder, dockerfile);
            }
            catch (SpecException e)
            {
                Fail(new PSDockerException($"The .dockerignore of '{contextFolder}' has a pattern docker refuses: '{e.Value}': {e.Reason}",
                    e.ErrorId, ErrorCategory.InvalidData, e.Value, e));
                return;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Fail(new PSDockerException($"Could not read the build context '{contextFolder}': {e.Message}", "BuildContextReadFailed",
                    ErrorCategory.ReadError, contextFolder, e));
                return;
            }

            if (dockerfile is null && !System.IO.File.Exists(context.DockerfilePath))
            {
                Fail(new PSDockerException($"The build context '{contextFolder}' has no Dockerfile: add one or name it with -File.",
                    "DockerfileNotFound", ErrorCategory.ObjectNotFound, context.DockerfilePath));
            }

            string shown = tags.Count > 0 ? string.Join(", ", tags.Select(t => t.FamiliarString)) : contextFolder;
            if (!ShouldProcess(shown, $"Build image from '{contextFolder}'"))
            {
                return;
            }

            ImageBuildParameters parameters = CreateParameters(context, tags, extraHosts);
            object target = tags.Count > 0 ? tags[0].FamiliarString : contextFolder;
            Run(() => BuildAsync(context, parameters, tags, target), target);
        }

        private ImageBuildParameters CreateParameters(BuildContext context, List<ImageReference> tags, List<string> extraHosts)
        {
            var parameters = new ImageBuildParameters
            {
                Dockerfile = context.DockerfileName,
                Tags = tags.Count > 0 ? tags.Select(t => t.FamiliarString).ToList() : null,
                Remove = true,
                // docker build --force-rm: a failed step's container is removed too, so a failed build leaves
                // nothing behind (without it the legacy builder keeps the failed step's container).
                ForceRemove = true,
                Target = Target,
                NoCache = NoCache ? true : null,
                Pull = Pull ? "1" : null,
                Platform = Platform,
                NetworkMode = Network,
                ExtraHosts = extraHosts.Count > 0 ? extraHosts : null,
            };

            if (BuildArg is { Count: > 0 })
            {
                var args = new Dictionary<string, string>();
                foreach (DictionaryEntry e in BuildArg)
                {
                    string name = Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    string? value = e.Value is null ? Environment.GetEnvironmentVariable(name) : LanguagePrimitives.ConvertTo<string>(e.Value);
                    if (value is not null)
                    {
                        args[name] = value;
                    }
                }

                parameters.BuildArgs = args;
            }

            if (Label is { Count: > 0 })
            {
                parameters.Labels = Label.Cast<DictionaryEntry>().ToDictionary(
                    e => Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    e => e.Value is null ? "" : LanguagePrimitives.ConvertTo<string>(e.Value));
            }

            return parameters;
        }

        private async Task BuildAsync(BuildContext context, ImageBuildParameters parameters, List<ImageReference> tags, object target)
        {
            IEnumerable<AuthConfig> auths = RegistryCredentials.All()
                .Select(kv => new AuthConfig
                {
                    Username = kv.Value.Username,
                    Password = kv.Value.Password,
                    Auth = kv.Value.Auth,
                    IdentityToken = kv.Value.IdentityToken,
                    RegistryToken = kv.Value.RegistryToken,
                    ServerAddress = string.IsNullOrEmpty(kv.Value.ServerAddress) ? kv.Key : kv.Value.ServerAddress,
                })
                .ToList();

            WriteVerbose($"Build context '{context.Root}', Dockerfile '{context.DockerfileName}'" +
                (context.Patterns.Count > 0 ? $", {context.Patterns.Count} .dockerignore pattern(s)." : "."));
            string shownTarget = tags.Count > 0 ? tags[0].FamiliarString : context.Root;
            var writer = new JsonMessageWriter("Building " + shownTarget, WriteProgress, WriteVerbose, writeStream: WriteBuildLine);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var progress = new ProgressRecord(1, "Invoke-ImageBuild", "Sending build context to the engine");
            bool uploadReported = false;
            Task<bool> build;

            // Ctrl+C cancels the library's request and the upload from the thread pool: the cancellation callbacks of an
            // HTTP request in flight may block for a while, and StopProcessing must return at once. The wait below
            // ends on CancelToken itself.
            using var libraryCancel = new CancellationTokenSource();
            using var forward = CancelToken.Register(() => ThreadPool.QueueUserWorkItem(_ => { try { libraryCancel.Cancel(); } catch (ObjectDisposedException) { } }));
            try
            {
                using (var upload = new ContextUpload(context, libraryCancel.Token))
                {
                    build = RequestAsync(RequestLimit.None, async (c, t) =>
                    {
                        using var stop = t.Register(() => ThreadPool.QueueUserWorkItem(_ => { try { libraryCancel.Cancel(); } catch (ObjectDisposedException) { } }));
                        await c.Client.Images.BuildImageFromDockerfileAsync(parameters, upload.Body, auths, null, writer.Progress, libraryCancel.Token).ConfigureAwait(false);
                        return true;
                    });

                    // The build's messages are drained by the writer on this (the pipeline) thread; this loop shows the upload until the build ends.
                    long shownBytes = -1;
                    while (true)
                    {
                        // A plain delay: one that ends at once on Ctrl+C would spin here without letting the pump run.
                        Task finished = await Task.WhenAny(build, Task.Delay(200));
                        CancelToken.ThrowIfCancellationRequested();
                        long sent = upload.BytesSent;
                        if (!uploadReported && upload.Producer.IsCompleted && upload.ProducerError is null)
                        {
                            uploadReported = true;
                            WriteVerbose($"Sent the build context: {Humanize.Size(sent)} ({sent} bytes), {context.FileCount} file(s) in {watch.Elapsed.TotalSeconds:0.0} s.");
                            progress.RecordType = ProgressRecordType.Completed;
                            WriteProgress(progress);
                        }
                        else if (!uploadReported && sent != shownBytes)
                        {
                            shownBytes = sent;
                            progress.StatusDescription = $"Sending build context: {Humanize.Size(sent)}, {context.FileCount} file(s)";
                            WriteProgress(progress);
                        }

                        if (finished == build)
                        {
                            break;
                        }
                    }

                    try
                    {
                        await build;
                    }
                    catch (Exception e) when (upload.ProducerError is Exception read && !CancelToken.IsCancellationRequested)
                    {
                        throw new PSDockerException($"Could not read the build context '{context.Root}': {read.Message}", "BuildContextReadFailed",
                            ErrorCategory.ReadError, context.Root, e);
                    }
                    catch (DockerApiException e)
                    {
                        string message = ErrorMapper.EngineMessage(e.ResponseBody) ?? $"The engine answered {(int)e.StatusCode} ({e.StatusCode}).";
                        throw new ImageBuildFailedException($"The build failed: {message}", null, target);
                    }
                    finally
                    {
                        if (!uploadReported)
                        {
                            progress.RecordType = ProgressRecordType.Completed;
                            WriteProgress(progress);
                        }
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
                throw new ImageBuildFailedException(error, writer.State.ErrorCode, target, _lastLines.ToArray());
            }

            string? id = writer.State.ImageId;
            if (id is null)
            {
                // Engines before API 1.30 name the image only in text; the tags still find it.
                if (tags.Count == 0)
                {
                    throw new ImageBuildFailedException("The engine ended the build without naming the image it built (no aux ID message).", null, target);
                }

                id = tags[0].FamiliarName + ":" + tags[0].TagOrDefault;
            }

            WriteVerbose($"Built image {id}.");
            var requests = new CmdletEngineRequests(this);
            if (tags.Count == 0)
            {
                WriteObject(await ImageReadBack.ReadAsync(requests, id));
                return;
            }

            foreach (ImageReference tag in tags)
            {
                WriteObject(await ImageReadBack.ReadAsync(requests, id, tag.FamiliarName + ":" + tag.TagOrDefault));
            }
        }

        internal void WriteBuildLine(string line)
        {
            WriteInformation(line, new[] { InformationTag });
            WriteVerbose(line);
            _lastLines.Enqueue(line);
            while (_lastLines.Count > ImageBuildFailedException.OutputLines)
            {
                _lastLines.Dequeue();
            }
        }

        // The build's last output lines, for the error of a failed step.
        private readonly Queue<string> _lastLines = new Queue<string>();

        private static ImageReference ParseTag(string text)
        {
            ImageReference reference = ImageReference.Parse(text, nameof(Tag));
            if (reference.Digest is not null)
            {
                throw new PSDockerException($"-{nameof(Tag)} '{text}' is not valid: a build cannot tag an image with a digest reference.",
                    "InvalidImageReference", ErrorCategory.InvalidArgument, text);
            }

            return reference;
        }

        /// <summary>docker's --add-host: "host:ip" or "host=ip"; the ip an address or host-gateway. Sent as "host:ip".</summary>
        internal static string ParseExtraHost(string value)
        {
            string text = value.Trim();
            int split = text.IndexOf('=');
            if (split < 0)
            {
                split = text.IndexOf(':');
            }

            if (split <= 0 || split == text.Length - 1)
            {
                throw new SpecException("InvalidExtraHostSpec", value, "expected host:ip (or host=ip).");
            }

            string host = text.Substring(0, split).Trim();
            string ip = text.Substring(split + 1).Trim();
            if (ip.StartsWith("[", StringComparison.Ordinal) && ip.EndsWith("]", StringComparison.Ordinal))
            {
                ip = ip.Substring(1, ip.Length - 2);
            }

            if (host.Length == 0 || host.Any(char.IsWhiteSpace))
            {
                throw new SpecException("InvalidExtraHostSpec", value, "the host name is empty or has white space.");
            }

            if (ip != "host-gateway" && !IPAddress.TryParse(ip, out _))
            {
                throw new SpecException("InvalidExtraHostSpec", value, $"'{ip}' is not an IP address (or host-gateway).");
            }

            return host + ":" + ip;
        }

        private void Fail(PSDockerException e) => ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, e.Category, e.Target));
    }
}
