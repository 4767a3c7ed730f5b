using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using Docker.DotNet;
using PSDocker.Specs;

namespace PSDocker
{
    /// <summary>What an image text given to Get-Image or Remove-Image is: a wildcard pattern, an image id, or a reference.</summary>
    internal enum ImageTextKind
    {
        /// <summary>Has wildcards (* ? [ ]): matched against the REPOSITORY:TAG rows of docker images.</summary>
        Wildcard,

        /// <summary>"sha256:" and 1 to 64 hex digits, or 64 hex digits: an image id or id prefix, never a name.</summary>
        Id,

        /// <summary>A reference docker parses (a name, name:tag, name@digest); a short hex text may also be an id prefix.</summary>
        Reference,
    }

    /// <summary>
    /// The one resolver of image texts (references, ids, id prefixes, wildcards) for the image cmdlets: how a text
    /// is read, how a wildcard matches docker images' rows, and which error an engine refusal about an image is.
    /// </summary>
    internal static class ImageIdentity
    {
        internal const string NotFoundErrorId = ImageReadBack.NotFoundErrorId;
        internal const string InUseErrorId = "ImageInUse";
        internal const string MultipleReferencesErrorId = "ImageReferencedInMultipleRepositories";
        internal const string HasChildrenErrorId = "ImageHasDependentChildImages";
        internal const string InvalidIdErrorId = "InvalidImageId";

        private const string IdPrefix = "sha256:";

        /// <summary>
        /// Reads <paramref name="text"/> (trimmed): a wildcard, an id, or a reference parsed with
        /// <see cref="ImageReference.Parse"/> (returned in <paramref name="reference"/>). Throws PSDockerException
        /// (InvalidImageReference; InvalidImageId for "sha256:" with no hex id after it; InvalidWildcard) naming
        /// <paramref name="parameter"/>: a bad text is refused before any request.
        /// </summary>
        internal static ImageTextKind Classify(string text, string parameter, out ImageReference? reference)
        {
            reference = null;
            if (WildcardPattern.ContainsWildcardCharacters(text))
            {
                // The same check as Get-Container's: an unclosed [ is InvalidWildcard before any request.
                return ContainerIdentity.CheckWildcard(text, "-" + parameter) is PSDockerException bad ? throw bad : ImageTextKind.Wildcard;
            }

            if (text.StartsWith(IdPrefix, StringComparison.OrdinalIgnoreCase))
            {
                if (IsHex(text.Substring(IdPrefix.Length), 1))
                {
                    return ImageTextKind.Id;
                }

                throw new PSDockerException($"-{parameter} '{text}' is not an image id: after \"sha256:\" an id is 1 to 64 hexadecimal digits.",
                    InvalidIdErrorId, ErrorCategory.InvalidArgument, text);
            }

            if (text.Length == 64 && IsHex(text, 64))
            {
                return ImageTextKind.Id;   // docker never takes 64 hex digits as a name
            }

            reference = ImageReference.Parse(text, parameter);
            return ImageTextKind.Reference;
        }

        /// <summary>True when the text could be an image id prefix as well as a name (1 to 63 lowercase hex digits).</summary>
        internal static bool CouldBeIdPrefix(string text) => IsHex(text, 1);

        /// <summary>The id text without "sha256:", lowercase.</summary>
        internal static string IdHex(string text) =>
            (text.StartsWith(IdPrefix, StringComparison.OrdinalIgnoreCase) ? text.Substring(IdPrefix.Length) : text).ToLowerInvariant();

        /// <summary>
        /// True when a wildcard <paramref name="pattern"/> matches a tagged row of docker images: its "REPOSITORY:TAG"
        /// or its REPOSITORY alone (as docker's reference filter matches the familiar string or name), ignoring case.
        /// '*' also matches '/'. Untagged rows have no reference and never match.
        /// </summary>
        internal static bool Matches(WildcardPattern pattern, Image row) =>
            row.Reference != row.Id && (pattern.IsMatch(row.Reference) || pattern.IsMatch(row.Repository));

        /// <summary>
        /// True when <paramref name="row"/> has every label of <paramref name="labels"/> ("key": any value, "key=value":
        /// that value), as the engine's label filter decides it.
        /// </summary>
        internal static bool HasLabels(Image row, IEnumerable<string>? labels) =>
            labels is null || labels.All(l =>
            {
                int eq = l.IndexOf('=');
                return eq < 0
                    ? row.Labels.ContainsKey(l)
                    : row.Labels.TryGetValue(l.Substring(0, eq), out string? v) && v == l.Substring(eq + 1);
            });

        /// <summary>The engine's label filter for "key" / "key=value" texts, or null when there are none.</summary>
        internal static IDictionary<string, IDictionary<string, bool>> Filters(IEnumerable<string>? labels, bool? dangling = null, string? reference = null)
        {
            var filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal);
            if (labels is not null && labels.Any())
            {
                filters["label"] = labels.Distinct(StringComparer.Ordinal).ToDictionary(l => l, _ => true, StringComparer.Ordinal);
            }

            if (dangling is bool d)
            {
                filters["dangling"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [d ? "true" : "false"] = true };
            }

            if (reference is not null)
            {
                filters["reference"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [reference] = true };
            }

            return filters;
        }

        /// <summary>
        /// The error for an engine refusal about one image: ImageNotFound (404), and for the engine's 409 conflicts
        /// ImageInUse (a container uses it: ResourceBusy), ImageReferencedInMultipleRepositories (an id with several
        /// tags, without -Force), ImageHasDependentChildImages, else ImageConflict; other statuses as ErrorMapper maps
        /// them. The message is the engine's own. Null for anything that is not an engine refusal.
        /// </summary>
        internal static PSDockerException? ToError(Exception e, string target)
        {
            if (ErrorMapper.Unwrap(e) is not DockerApiException api)
            {
                return null;
            }

            var (id, category, message) = ErrorMapper.Classify(api.StatusCode, api.ResponseBody, "Image");
            if (api.StatusCode == HttpStatusCode.Conflict)
            {
                if (message.IndexOf("is using its referenced image", StringComparison.OrdinalIgnoreCase) >= 0 ||
                    message.IndexOf("image is being used by", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    (id, category) = (InUseErrorId, ErrorCategory.ResourceBusy);
                }
                else if (message.IndexOf("referenced in multiple repositories", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    (id, category) = (MultipleReferencesErrorId, ErrorCategory.InvalidOperation);
                }
                else if (message.IndexOf("dependent child images", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    (id, category) = (HasChildrenErrorId, ErrorCategory.InvalidOperation);
                }
            }

            return new PSDockerException(message, id, category, target, api);
        }

        private static bool IsHex(string s, int minLength) =>
            s.Length >= minLength && s.Length <= 64 && s.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
