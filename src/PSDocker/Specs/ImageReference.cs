using System;
using System.Management.Automation;

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

        /// <summary>Parses without throwing; <paramref name="reason"/> says why a text is refused, as docker says it.</summary>
        internal static bool TryParse(string text, out ImageReference? reference, out string? reason)
        {
            // First cut: splits domain, path, tag and digest; the full grammar and its vectors replace it.
            reference = null;
            reason = null;
            if (string.IsNullOrEmpty(text))
            {
                reason = "repository name must have at least one component";
                return false;
            }

            string rest = text;
            string? digest = null;
            int at = rest.IndexOf('@');
            if (at >= 0)
            {
                digest = rest.Substring(at + 1);
                rest = rest.Substring(0, at);
            }

            string? tag = null;
            int colon = rest.LastIndexOf(':');
            if (colon > rest.LastIndexOf('/'))
            {
                tag = rest.Substring(colon + 1);
                rest = rest.Substring(0, colon);
            }

            string domain = DefaultDomain;
            string path = rest;
            int slash = rest.IndexOf('/');
            if (slash > 0)
            {
                string first = rest.Substring(0, slash);
                if (first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first == "localhost" || first.ToLowerInvariant() != first)
                {
                    domain = first;
                    path = rest.Substring(slash + 1);
                }
            }

            if (domain == "index.docker.io")
            {
                domain = DefaultDomain;
            }

            if (domain == DefaultDomain && path.IndexOf('/') < 0)
            {
                path = "library/" + path;
            }

            reference = new ImageReference(domain, path, tag, digest);
            return true;
        }
    }
}
