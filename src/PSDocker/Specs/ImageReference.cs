using System;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace PSDocker.Specs
{
    /// <summary>
    /// An image reference parsed as Docker parses it (the distribution reference grammar and docker's
    /// normalisation): "busybox" is docker.io/library/busybox, "127.0.0.1:5000/app:1.0" has domain
    /// 127.0.0.1:5000, path app and tag 1.0. Every cmdlet that takes an image reference parses it here, before
    /// anything is sent; a malformed one is a terminating InvalidImageReference error naming the parameter.
    /// </summary>
    internal sealed class ImageReference
    {
        internal const string DefaultDomain = "docker.io";
        internal const string DefaultTag = "latest";

        /// <summary>The key docker keeps Docker Hub credentials under in config.json and credential helpers.</summary>
        internal const string DockerHubAuthKey = "https://index.docker.io/v1/";

        private ImageReference(string domain, string path, string? tag, string? digest)
        {
            Domain = domain;
            Path = path;
            Tag = tag;
            Digest = digest;
        }

        /// <summary>The registry host (and port): "docker.io" when none is given.</summary>
        internal string Domain { get; }

        /// <summary>The repository path in the registry: "library/busybox" for "busybox".</summary>
        internal string Path { get; }

        /// <summary>The tag, or null when none was given.</summary>
        internal string? Tag { get; }

        /// <summary>The digest ("sha256:..."), or null when none was given.</summary>
        internal string? Digest { get; }

        /// <summary>The fully qualified repository name: "docker.io/library/busybox".</summary>
        internal string Name => Domain + "/" + Path;

        /// <summary>The repository as docker shows it: "busybox" for docker.io/library/busybox, "127.0.0.1:5000/app".</summary>
        internal string FamiliarName =>
            Domain == DefaultDomain
                ? (Path.StartsWith("library/", StringComparison.Ordinal) && Path.IndexOf('/', 8) < 0 ? Path.Substring(8) : Path)
                : Name;

        /// <summary>The reference as docker shows it: familiar name, ":tag" and "@digest" when present.</summary>
        internal string FamiliarString => FamiliarName + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

        /// <summary>The tag a pull or run uses: the tag, or "latest" when neither tag nor digest was given.</summary>
        internal string? TagOrDefault => Tag ?? (Digest is null ? DefaultTag : null);

        /// <summary>The registry's key in docker's credential stores: <see cref="DockerHubAuthKey"/> for Docker Hub, else the domain.</summary>
        internal string AuthKey => Domain == DefaultDomain ? DockerHubAuthKey : Domain;

        /// <summary>The fully qualified reference: "docker.io/library/busybox:latest".</summary>
        public override string ToString() => Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

        /// <summary>
        /// Parses <paramref name="text"/> as docker does (ParseNormalizedNamed). Throws PSDockerException
        /// InvalidImageReference (InvalidArgument, the text as target) naming <paramref name="parameter"/>.
        /// </summary>
        internal static ImageReference Parse(string text, string parameter)
        {
            if (TryParse(text, out ImageReference? reference, out string? reason))
            {
                return reference!;
            }

            throw new PSDockerException(
                $"-{parameter} '{text}' is not a valid image reference: {reason}",
                "InvalidImageReference", ErrorCategory.InvalidArgument, text);
        }

        /// <summary>The most characters a repository path may have (RepositoryNameTotalLengthMax).</summary>
        internal const int PathLengthMax = 255;

        // The grammar of the distribution reference package, written out here (reference.go documents it):
        //   reference := name [ ":" tag ] [ "@" digest ];  name := [domain "/"] path
        //   domain    := host [":" port]; host := domain-name | "[" IPv6 "]"
        //   path      := component ("/" component)*; component := [a-z0-9]+ (separator [a-z0-9]+)*
        //   separator := "." | "_" | "__" | "-"+;  tag := [\w][\w.-]{0,127} (ASCII word characters)
        //   digest    := algorithm ":" hex{32,}; algorithm := [A-Za-z][A-Za-z0-9]* ([-_+.] [A-Za-z][A-Za-z0-9]*)*
        private const string DomainLabel = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
        private const string Host = "(?:" + DomainLabel + "(?:\\." + DomainLabel + ")*|\\[[a-fA-F0-9:]+\\])";
        private const string DomainPattern = Host + "(?::[0-9]+)?";
        private const string Component = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
        private const string PathPattern = Component + "(?:/" + Component + ")*";
        private const string TagPattern = "[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}";
        private const string DigestPattern = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

        private static readonly TimeSpan s_matchTimeout = TimeSpan.FromSeconds(1);

        private static readonly Regex s_reference = new Regex(
            "^(?<name>(?:" + DomainPattern + "/)?" + PathPattern + ")(?::(?<tag>" + TagPattern + "))?(?:@(?<digest>" + DigestPattern + "))?\\z",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, s_matchTimeout);

        private static readonly Regex s_name = new Regex(
            "^(?:(?<domain>" + DomainPattern + ")/)?(?<path>" + PathPattern + ")\\z",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, s_matchTimeout);

        private static readonly Regex s_identifier = new Regex("^[a-f0-9]{64}\\z", RegexOptions.CultureInvariant, s_matchTimeout);

        /// <summary>
        /// Parses without throwing; <paramref name="reason"/> says why a text is refused, in docker's words
        /// ("invalid reference format", "invalid reference format: repository name (library/Busybox) must be
        /// lowercase", "repository name must not be more than 255 characters", "invalid checksum digest length",
        /// "unsupported digest algorithm", "invalid repository name (...), cannot specify 64-byte hexadecimal strings").
        /// Follows ParseNormalizedNamed as the docker CLI runs it: the first path element is the registry when it
        /// is "localhost", holds a "." or ":", or has an uppercase letter; otherwise the registry is docker.io, and a
        /// one-element docker.io path gets "library/". index.docker.io is docker.io. The path may have at most 255
        /// characters (the registry not counted, as in the docker CLI; engines before 25 also count "docker.io/").
        /// </summary>
        internal static bool TryParse(string text, out ImageReference? reference, out string? reason)
        {
            reference = null;
            reason = null;
            text ??= "";
            try
            {
                reason = Refusal(text, out reference);
            }
            catch (RegexMatchTimeoutException)
            {
                reason = "invalid reference format";
            }

            reference = reason is null ? reference : null;
            return reason is null;
        }

        private static string? Refusal(string text, out ImageReference? reference)
        {
            reference = null;
            if (s_identifier.IsMatch(text))
            {
                return $"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings";
            }

            // Where the registry ends (splitDockerDomain).
            string domain;
            string remainder;
            int slash = text.IndexOf('/');
            string first = slash < 0 ? "" : text.Substring(0, slash);
            if (slash < 0)
            {
                domain = DefaultDomain;
                remainder = "library/" + text;
            }
            else if (first == "localhost" || first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first.ToLowerInvariant() != first)
            {
                domain = first == "index.docker.io" ? DefaultDomain : first;
                remainder = text.Substring(slash + 1);
            }
            else
            {
                domain = DefaultDomain;
                remainder = text;
            }

            if (domain == DefaultDomain && remainder.IndexOf('/') < 0)
            {
                remainder = "library/" + remainder;
            }

            int colon = remainder.IndexOf(':');
            string remote = colon < 0 ? remainder : remainder.Substring(0, colon);
            if (remote.ToLowerInvariant() != remote)
            {
                return $"invalid reference format: repository name ({remote}) must be lowercase";
            }

            string full = domain + "/" + remainder;
            Match match = s_reference.Match(full);
            if (!match.Success)
            {
                string lower = full.ToLowerInvariant();
                return lower != full && s_reference.IsMatch(lower) ? "repository name must be lowercase" : "invalid reference format";
            }

            Match name = s_name.Match(match.Groups["name"].Value);
            string path = name.Groups["path"].Value;
            if (path.Length > PathLengthMax)
            {
                return $"repository name must not be more than {PathLengthMax} characters";
            }

            string? digest = match.Groups["digest"].Success ? match.Groups["digest"].Value : null;
            if (digest is not null && DigestRefusal(digest) is string bad)
            {
                return bad;
            }

            reference = new ImageReference(
                name.Groups["domain"].Value, path, match.Groups["tag"].Success ? match.Groups["tag"].Value : null, digest);
            return null;
        }

        /// <summary>
        /// Checks a text that names an existing image as the docker CLI checks a source (ParseAnyReference): an image
        /// id ("sha256:" and 64 hex digits, or the 64 hex digits alone), or a reference as <see cref="TryParse"/> takes
        /// it (an id prefix such as "78d79d8e0d8a" is one). Throws InvalidImageReference naming <paramref name="parameter"/>.
        /// </summary>
        internal static void CheckSource(string text, string parameter)
        {
            if (IsImageId(text))
            {
                return;
            }

            Parse(text, parameter);
        }

        /// <summary>True for a full image id: "sha256:" and 64 lowercase hex digits, or the 64 digits alone.</summary>
        internal static bool IsImageId(string text) =>
            s_identifier.IsMatch(text) ||
            (text.StartsWith("sha256:", StringComparison.Ordinal) && s_identifier.IsMatch(text.Substring(7)));

        /// <summary>
        /// Why a digest that fits the grammar is still refused (go-digest's Validate): the algorithms docker knows
        /// (sha256, sha384, sha512) need exactly their length of lowercase hex digits.
        /// </summary>
        private static string? DigestRefusal(string digest)
        {
            int colon = digest.IndexOf(':');
            string algorithm = digest.Substring(0, colon);
            string hex = digest.Substring(colon + 1);
            int length = algorithm switch
            {
                "sha256" => 64,
                "sha384" => 96,
                "sha512" => 128,
                _ => 0,
            };
            if (length == 0)
            {
                return "unsupported digest algorithm";
            }

            if (hex.Length != length)
            {
                return "invalid checksum digest length";
            }

            foreach (char c in hex)
            {
                if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f'))
                {
                    return "invalid checksum digest format";
                }
            }

            return null;
        }
    }
}
