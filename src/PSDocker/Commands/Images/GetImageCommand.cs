using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets images, like docker images and docker image inspect.</para>
    /// <para type="description">Writes one Image per repository:tag, as docker images prints one row per tag (an
    /// untagged image is one row with Repository and Tag "&lt;none&gt;"). Without -Reference it lists the engine's
    /// images in one request; -All adds intermediate images, -Dangling keeps only untagged ones, -Label only those
    /// with the labels. A reference or id given exactly carries what docker image inspect knows (IsInspected);
    /// wildcard matches are listed only.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Image")]
    [OutputType(typeof(Image))]
    public sealed class GetImageCommand : DockerCmdlet
    {
        /// <summary>
        /// Images by reference or id. A reference with a tag or digest ("busybox:latest", "app@sha256:...") names one
        /// row; a name without a tag ("busybox", "127.0.0.1:5000/app") names all of its tags, as `docker images
        /// busybox` does. An id is the full id or a unique prefix, with or without "sha256:". Wildcards (* ? [ ])
        /// match the REPOSITORY:TAG of each tagged row or its REPOSITORY alone, ignoring case ('*' also matches
        /// '/'): '127.0.0.1:5000/*', 'busybox:lat*'. A reference or id that matches nothing is an ImageNotFound
        /// error (non-terminating, per reference); a wildcard that matches nothing writes nothing. Strings and
        /// Image objects (through their Reference property) bind from the pipeline.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ImageReferenceCompleter))]
        public string[]? Reference { get; set; }

        /// <summary>Include intermediate images, the untagged parents the legacy builder leaves (docker images -a).</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>Only untagged images (docker images --filter dangling=true).</summary>
        [Parameter]
        public SwitchParameter Dangling { get; set; }

        /// <summary>Only images with these labels: "key" (any value) or "key=value". All must match (docker images --filter label=...).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        protected override string ErrorNoun => "Image";

        protected override bool SeveralEngines => true;

        protected override void ProcessRecord()
        {
            // Every text is read first: a malformed reference stops the call before anything is sent.
            var texts = new List<(string Text, ImageTextKind Kind, ImageReference? Reference)>();
            foreach (string given in Reference ?? Array.Empty<string>())
            {
                string text = given.Trim();
                ImageReference? parsed = null;
                ImageTextKind kind = CheckInput(given, () => ImageIdentity.Classify(text, nameof(Reference), out parsed));
                texts.Add((text, kind, parsed));
            }

            Run(async () =>
            {
                EngineConnection engine = await ConnectAsync();
                DockerEndpoint endpoint = engine.Endpoint;
                IList<ImagesListResponse>? listed = null;
                async Task<IList<ImagesListResponse>> ListAsync() => listed ??= await RequestAsync(RequestLimit.Default, (e, token) =>
                    e.Client.Images.ListImagesAsync(new ImagesListParameters
                    {
                        All = All ? true : null,
                        Filters = ImageIdentity.Filters(Label, Dangling ? true : null),
                    }, token));

                if (texts.Count == 0)
                {
                    // A listing: one request, nothing inspected.
                    foreach (ImagesListResponse item in await ListAsync())
                    {
                        foreach (Image row in ModelMapper.ToImageRows(item, endpoint))
                        {
                            WriteObject(row);
                        }
                    }

                    return;
                }

                // Each row once, where it was first selected.
                var written = new HashSet<string>(StringComparer.Ordinal);
                void Write(Image row)
                {
                    if (written.Add(row.Id + "\n" + row.Reference))
                    {
                        WriteObject(row);
                    }
                }

                foreach (var (text, kind, parsed) in texts)
                {
                    if (kind == ImageTextKind.Wildcard)
                    {
                        var pattern = new WildcardPattern(text, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                        foreach (Image row in (await ListAsync()).SelectMany(item => ModelMapper.ToImageRows(item, endpoint))
                            .Where(row => ImageIdentity.Matches(pattern, row)))
                        {
                            Write(row);
                        }

                        continue;
                    }

                    List<Image>? rows;
                    try
                    {
                        rows = await FindExactAsync(text, kind, parsed!, endpoint);
                    }
                    catch (DockerApiException e) when (ImageIdentity.ToError(e, text) is PSDockerException mapped)
                    {
                        WriteItemError(mapped, text);
                        continue;
                    }

                    if (rows is null)
                    {
                        WriteItemError(ImageIdentity.NotFoundErrorId, ErrorCategory.ObjectNotFound,
                            $"No such image: {text}. Get-Image lists the images the engine has.", text);
                        continue;
                    }

                    var matching = rows.Where(Selected).ToList();
                    if (matching.Count == 0)
                    {
                        WriteVerbose($"'{text}' ({rows[0].ShortId}) does not match -Dangling or -Label.");
                    }

                    matching.ForEach(Write);
                }
            }, Reference);
        }

        /// <summary>True when a row found by exact reference matches -Dangling and -Label (the list's filters, applied here).</summary>
        private bool Selected(Image row) =>
            (!Dangling || row.RepoTags.Count == 0) && ImageIdentity.HasLabels(row, Label);

        /// <summary>
        /// The inspected rows an exact text names, or null when the engine has no such image:
        /// <list type="bullet">
        /// <item>an id: every row of the image (docker image inspect ID);</item>
        /// <item>a reference with a tag: its row; with a digest: the rows of its repository (else all the image's);</item>
        /// <item>a name without tag: every tag of the repository (docker images NAME), each inspected; when there is
        /// none and the name could be an id prefix, the image with that id.</item>
        /// </list>
        /// </summary>
        private async Task<List<Image>?> FindExactAsync(string text, ImageTextKind kind, ImageReference reference, DockerEndpoint endpoint)
        {
            if (kind == ImageTextKind.Id)
            {
                return await InspectRowsAsync(text, endpoint);
            }

            if (reference.Tag is null && reference.Digest is null)
            {
                string name = reference.FamiliarName;
                IList<ImagesListResponse> items = await RequestAsync(RequestLimit.Default, (e, token) =>
                    e.Client.Images.ListImagesAsync(new ImagesListParameters { Filters = ImageIdentity.Filters(null, reference: name) }, token));
                if (items.Count == 0)
                {
                    return ImageIdentity.CouldBeIdPrefix(text) ? await InspectRowsAsync(text, endpoint) : null;
                }

                var rows = new List<Image>();
                foreach (ImagesListResponse item in items)
                {
                    ImageInspectResponse? inspect = await TryInspectAsync(item.ID);
                    rows.AddRange(ModelMapper.ToImageRows(item, endpoint, inspect).Where(r => r.Repository == name));
                }

                return rows.Count == 0 ? null : rows;
            }

            ImageInspectResponse? found = await TryInspectAsync(text);
            if (found is null)
            {
                return null;
            }

            List<Image> all = ModelMapper.ToImageRows(found, endpoint).ToList();
            string? wanted = reference.Tag is null ? null : reference.FamiliarName + ":" + reference.Tag;
            List<Image> named = all.Where(r => wanted is null ? r.Repository == reference.FamiliarName : r.Reference == wanted).ToList();
            return named.Count > 0 ? named : all.Take(1).ToList();
        }

        private async Task<List<Image>?> InspectRowsAsync(string id, DockerEndpoint endpoint)
        {
            ImageInspectResponse? inspect = await TryInspectAsync(id);
            return inspect is null ? null : ModelMapper.ToImageRows(inspect, endpoint).ToList();
        }

        /// <summary>docker image inspect (GET /images/{name}/json); null when the engine has no such image.</summary>
        private async Task<ImageInspectResponse?> TryInspectAsync(string nameOrId)
        {
            try
            {
                return await RequestAsync(RequestLimit.Default, (e, token) => e.Client.Images.InspectImageAsync(nameOrId, token));
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }
    }
}
