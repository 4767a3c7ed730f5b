using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Removes images, like docker rmi and docker image prune.</para>
    /// <para type="description">Removes each -Image as docker rmi does: a reference loses that tag, and the image is
    /// deleted with its last tag (its untagged parents too, unless -NoPrune). What the engine untagged and deleted
    /// goes to the verbose stream, as docker rmi prints it. -Label removes every image with the labels, row by row
    /// (each tag, then the image). -Dangling prunes untagged images (docker image prune), -Unused every image no
    /// container uses (docker image prune -a), optionally only those with -Label; they write what the engine
    /// deleted and the space it freed. The bulk forms ask for confirmation unless -Force or -Confirm:$false.
    /// -PassThru writes what each docker rmi did (an ImageRemoveResult: the references untagged, the ids deleted).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "Image", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ImageSet)]
    [OutputType(typeof(ImageRemoveResult), ParameterSetName = new[] { ImageSet, LabelSet })]
    [OutputType(typeof(ImagePruneResult), ParameterSetName = new[] { DanglingSet, UnusedSet })]
    public sealed class RemoveImageCommand : DockerCmdlet
    {
        private const string ImageSet = "Image";
        private const string LabelSet = "Label";
        private const string DanglingSet = "Dangling";
        private const string UnusedSet = "Unused";


        /// <summary>
        /// Images by reference ("busybox", "127.0.0.1:5000/app:1.0", "app@sha256:...") or id (full, a unique prefix,
        /// with or without "sha256:"), as docker rmi takes them; a reference without a tag means ":latest". No
        /// wildcards: select with Get-Image and pipe. Strings bind by value; Image objects bind their Reference
        /// ("repository:tag", or the id of an untagged image), so each row of Get-Image is removed as docker rmi
        /// REPOSITORY:TAG removes it.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Reference")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ImageReferenceCompleter))]
        public string[]? Image { get; set; }

        /// <summary>
        /// With -Dangling or -Unused: prune only images with these labels (docker image prune --filter label=...).
        /// Alone: remove every image with these labels (docker rmi of each REPOSITORY:TAG docker images --filter
        /// label=... prints). "key" (any value) or "key=value", or a hashtable (@{ suite = 'web' }); an image must
        /// have all of them.
        /// </summary>
        [Parameter(ParameterSetName = LabelSet, Mandatory = true)]
        [Parameter(ParameterSetName = DanglingSet)]
        [Parameter(ParameterSetName = UnusedSet)]
        [KeyValueTransformation]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>Prune dangling (untagged) images (docker image prune; POST /images/prune with dangling=true).</summary>
        [Parameter(ParameterSetName = DanglingSet, Mandatory = true)]
        public SwitchParameter Dangling { get; set; }

        /// <summary>Prune every image no container uses, tagged or not (docker image prune -a; dangling=false).</summary>
        [Parameter(ParameterSetName = UnusedSet, Mandatory = true)]
        public SwitchParameter Unused { get; set; }

        /// <summary>
        /// With -Image or -Label: remove images that have several tags given by id, and untag images that stopped
        /// containers use (docker rmi -f; the API's force). An image a running container uses is still refused. An
        /// image that does not exist is then no error (the engine's answer goes to Verbose), as docker rmi -f.
        /// With -Label, -Dangling or -Unused: also remove without asking for confirmation (docker image prune -f).
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Do not delete untagged parent images (docker rmi --no-prune; the API's noprune).</summary>
        [Parameter(ParameterSetName = ImageSet)]
        [Parameter(ParameterSetName = LabelSet)]
        public SwitchParameter NoPrune { get; set; }

        /// <summary>
        /// With -Image or -Label: write what each docker rmi did, an ImageRemoveResult (Reference as removed, Untagged:
        /// the references the engine untagged, Deleted: the ids it deleted), so a test can assert what went. Nothing for
        /// an image not removed.
        /// </summary>
        [Parameter(ParameterSetName = ImageSet)]
        [Parameter(ParameterSetName = LabelSet)]
        public SwitchParameter PassThru { get; set; }

        protected override string ErrorNoun => "Image";

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case LabelSet:
                    Run(RemoveLabelledAsync, Label);
                    return;
                case DanglingSet:
                case UnusedSet:
                    Run(PruneAsync, Label ?? (object)ParameterSetName);
                    return;
            }

            // Each text is read first: a malformed reference stops the call before anything is sent.
            var targets = new List<string>();
            foreach (string given in Image ?? Array.Empty<string>())
            {
                string text = given.Trim();
                CheckInput(given, () =>
                {
                    if (ImageIdentity.Classify(text, nameof(Image), out _) == ImageTextKind.Wildcard)
                    {
                        throw new PSDockerException(
                            $"-Image '{given}' has wildcards, which Remove-Image does not take: select the images with Get-Image and pipe them, as in Get-Image '{given}' | Remove-Image.",
                            "InvalidImageReference", ErrorCategory.InvalidArgument, given);
                    }
                });

                targets.Add(text);
            }

            Run(async () =>
            {
                foreach (string target in targets)
                {
                    if (ShouldProcess(target, "Remove image"))
                    {
                        await RemoveOneAsync(target);
                    }
                }
            }, Image);
        }

        /// <summary>docker rmi of one reference or id; the engine's report to Verbose, its refusal as this image's error.</summary>
        private async Task RemoveOneAsync(string target)
        {
            var parameters = new ImageDeleteParameters();
            if (Force)
            {
                parameters.Force = true;
            }

            if (NoPrune)
            {
                parameters.NoPrune = true;
            }

            IList<IDictionary<string, string>> report;
            DockerEndpoint? endpoint = null;
            try
            {
                report = await RequestAsync(RequestLimit.Default, (e, token) =>
                {
                    endpoint = e.Endpoint;
                    return e.Client.Images.DeleteImageAsync(target, parameters, token);
                });
            }
            catch (DockerApiException e) when (ImageIdentity.ToError(e, target) is PSDockerException mapped)
            {
                if (Force && mapped.ErrorId == ImageIdentity.NotFoundErrorId)
                {
                    WriteVerbose($"No image '{target}': nothing to remove (-Force).");   // as docker rmi -f
                    return;
                }

                WriteItemError(mapped, target);
                return;
            }

            foreach (IDictionary<string, string> line in report ?? new List<IDictionary<string, string>>())
            {
                foreach (KeyValuePair<string, string> entry in line)
                {
                    WriteVerbose($"{entry.Key}: {entry.Value}");   // as docker rmi prints it: "Untagged: app:1.0", "Deleted: sha256:..."
                }
            }

            if (PassThru)
            {
                WriteObject(ModelMapper.ToImageRemoveResult(target, report, endpoint!));
            }
        }

        /// <summary>-Label alone: each row of docker images --filter label=..., confirmed one by one, removed as docker rmi REPOSITORY:TAG.</summary>
        private async Task RemoveLabelledAsync()
        {
            EngineConnection engine = await ConnectAsync();
            IList<ImagesListResponse> found = await RequestAsync(RequestLimit.Default, (e, token) =>
                e.Client.Images.ListImagesAsync(new ImagesListParameters { Filters = ImageIdentity.Filters(Label) }, token));
            List<Image> rows = found.SelectMany(i => ModelMapper.ToImageRows(i, engine.Endpoint)).ToList();
            string what = $"images with label {string.Join(", ", Label!)}";
            WriteVerbose($"{rows.Count} rows of {what}.");
            foreach (Image row in rows)
            {
                if (ConfirmBulk(row.Reference, "Remove image", $"Remove the image '{row.Reference}' ({row.ShortId}, {row.SizeText})?", $"Remove {what}"))
                {
                    await RemoveOneAsync(row.Reference);
                }
            }
        }

        /// <summary>
        /// docker image prune [-a] [--filter label=...]: one request to the engine, confirmed once, naming what it would
        /// remove (the top-level images that match and that no container uses, as the engine selects them); writes what
        /// it did.
        /// </summary>
        private async Task PruneAsync()
        {
            EngineConnection engine = await ConnectAsync();
            var filters = ImageIdentity.Filters(Label, dangling: !Unused);
            Task<IList<ImagesListResponse>> images = RequestAsync(RequestLimit.Default, (e, token) =>
                e.Client.Images.ListImagesAsync(new ImagesListParameters { Filters = filters }, token));
            Task<IList<ContainerListResponse>> containers = RequestAsync(RequestLimit.Default, (e, token) =>
                e.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, token));
            await Task.WhenAll(images, containers);
            var used = new HashSet<string>(containers.Result.Select(c => c.ImageID ?? ""), StringComparer.Ordinal);
            List<string> candidates = images.Result.Where(i => !used.Contains(i.ID ?? ""))
                .Select(i => ModelMapper.ToImageRows(i, engine.Endpoint).First())
                .Select(row => row.Reference == row.Id ? row.ShortId : string.Join(", ", row.RepoTags))
                .ToList();

            string what = (Unused ? "unused image" : "dangling image") + (candidates.Count == 1 ? "" : "s") +
                (Label is null ? "" : $" with label {string.Join(", ", Label)}");
            string target = $"{candidates.Count} {what}" + (candidates.Count == 0 ? "" : ": " + string.Join("; ", candidates));
            string action = Unused ? "Remove (docker image prune -a)" : "Remove (docker image prune)";
            if (candidates.Count == 0 ? !ShouldProcess(target, action) : !ConfirmBulk(target, action, $"Remove {target}?", "Prune images"))
            {
                return;
            }

            ImagesPruneResponse answer = await RequestAsync(RequestLimit.None, (e, token) =>
                e.Client.Images.PruneImagesAsync(new ImagesPruneParameters { Filters = filters }, token));
            var deleted = new List<string>();
            var untagged = new List<string>();
            foreach (ImageDeleteResponse item in answer.ImagesDeleted ?? new List<ImageDeleteResponse>())
            {
                if (!string.IsNullOrEmpty(item.Untagged))
                {
                    untagged.Add(item.Untagged!);
                    WriteVerbose($"Untagged: {item.Untagged}");
                }

                if (!string.IsNullOrEmpty(item.Deleted))
                {
                    deleted.Add(item.Deleted!);
                    WriteVerbose($"Deleted: {item.Deleted}");
                }
            }

            WriteObject(new ImagePruneResult(deleted, untagged, (long)Math.Min(answer.SpaceReclaimed, long.MaxValue), engine.Endpoint));
        }
    }
}
