using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PSDocker
{
    /// <summary>
    /// The write side of the docker config folder: contexts made and removed, and config.json's currentContext,
    /// in exactly the files and layout the docker CLI writes, so a context made by either tool works in the other:
    /// contexts/meta/ID/meta.json (folders 0755, file 0644) and contexts/tls/ID/docker/{ca,cert,key}.pem
    /// (folders 0700, files 0600), ID being the SHA-256 of the name in hex.
    /// A context appears and disappears at once: its files are made in a staging folder under contexts/ and moved
    /// into place (meta last, since the context exists once its meta.json does); a removal moves both folders out
    /// first (meta first), so a failure leaves either the whole context or none of it.
    /// Errors: InvalidContextName, ContextExists, ContextNotFound, ContextStoreFailed (WriteError), and config.json's
    /// DockerConfigInvalid. Messages never carry the contents of a key.
    /// </summary>
    internal sealed partial class DockerConfigStore
    {
        /// <summary>The names docker accepts for a context (cli/context/store's validation).</summary>
        private static readonly Regex s_contextName = new Regex(@"\A[a-zA-Z0-9][a-zA-Z0-9_.+-]+\z", RegexOptions.CultureInvariant);

        /// <summary>The config.json keys docker writes after currentContext (its ConfigFile field order).</summary>
        private static readonly HashSet<string> s_keysAfterCurrentContext = new HashSet<string>(StringComparer.Ordinal)
        {
            "cliPluginsExtraDirs", "plugins", "aliases", "features", "experimental",
        };

        /// <summary>The description docker gives a context made from the built-in "default" one.</summary>
        internal const string DefaultContextDescription = "Current DOCKER_HOST based configuration";

        private const string StoreFailed = "ContextStoreFailed";

        /// <summary>Tests only: runs in CreateContext just before leftovers are removed (where another process may race).</summary>
        internal Action? BeforeLeftoversRemoved { get; set; }

        /// <summary>
        /// Throws InvalidContextName (InvalidArgument) for a name docker would refuse: one that does not match
        /// ^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$, or the reserved "default". <paramref name="parameter"/> names the parameter.
        /// </summary>
        internal static void ValidateName(string? name, string parameter)
        {
            if (name == DefaultContextName)
            {
                throw new PSDockerException($"-{parameter}: \"{DefaultContextName}\" is a reserved context name.",
                    "InvalidContextName", ErrorCategory.InvalidArgument, name);
            }

            if (name is null || !s_contextName.IsMatch(name))
            {
                throw new PSDockerException(
                    $"-{parameter}: the context name \"{name}\" is invalid: names must match ^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$ " +
                    "(a letter or digit, then at least one letter, digit, '_', '.', '+' or '-').",
                    "InvalidContextName", ErrorCategory.InvalidArgument, name);
            }
        }

        /// <summary>
        /// Makes a context as docker context create does, from <paramref name="spec"/> (whose TLS file contents are
        /// already read). Throws ContextExists when the name is taken; nothing is left behind on a failure.
        /// </summary>
        internal void CreateContext(ContextSpec spec)
        {
            ValidateName(spec.Name, "Name");
            string id = ContextId(spec.Name);
            string contexts = Path.Combine(Directory, "contexts");
            string metaDir = Path.Combine(contexts, "meta", id);
            string tlsDir = Path.Combine(contexts, "tls", id);
            if (File.Exists(Path.Combine(metaDir, "meta.json")))
            {
                throw Exists(spec.Name);
            }

            string staging = Path.Combine(contexts, ".psdocker-new-" + Guid.NewGuid().ToString("n").Substring(0, 12));
            bool tlsPlaced = false;
            try
            {
                CreateFolder(Path.Combine(contexts, "meta"), Mode755);
                CreateFolder(staging, Mode700);
                string stagedMeta = Path.Combine(staging, "meta");
                CreateFolder(stagedMeta, Mode755);
                WriteNewFile(Path.Combine(stagedMeta, "meta.json"), MetaJson(spec), Mode644);

                string stagedTls = Path.Combine(staging, "tls");
                if (spec.HasTls)
                {
                    string docker = Path.Combine(stagedTls, "docker");
                    CreateFolder(stagedTls, Mode700);
                    CreateFolder(docker, Mode700);
                    foreach ((string file, byte[]? data) in new[] { ("ca.pem", spec.Ca), ("cert.pem", spec.Cert), ("key.pem", spec.Key) })
                    {
                        if (data is not null)
                        {
                            WriteNewFile(Path.Combine(docker, file), data, Mode600);
                        }
                    }
                }

                // Leftovers of a context removed by hand (a folder without meta.json, TLS files without a meta
                // folder) are replaced, as docker replaces them. The context may have been made by someone else since
                // the check above: look again, and move a leftover aside (one rename) before looking inside it, so a
                // meta.json written meanwhile is put back rather than deleted. TLS files go only while no meta.json names them.
                BeforeLeftoversRemoved?.Invoke();
                string metaJson = Path.Combine(metaDir, "meta.json");
                if (File.Exists(metaJson))
                {
                    throw Exists(spec.Name);
                }

                if (System.IO.Directory.Exists(metaDir))
                {
                    string oldMeta = Path.Combine(staging, "old-meta");
                    System.IO.Directory.Move(metaDir, oldMeta);
                    if (File.Exists(Path.Combine(oldMeta, "meta.json")))
                    {
                        TryMove(oldMeta, metaDir);
                        throw Exists(spec.Name);
                    }
                }

                if (System.IO.Directory.Exists(tlsDir))
                {
                    if (File.Exists(metaJson))
                    {
                        throw Exists(spec.Name);
                    }

                    System.IO.Directory.Move(tlsDir, Path.Combine(staging, "old-tls"));
                }

                if (spec.HasTls)
                {
                    CreateFolder(Path.Combine(contexts, "tls"), Mode700);
                    System.IO.Directory.Move(stagedTls, tlsDir);
                    tlsPlaced = true;
                }

                try
                {
                    System.IO.Directory.Move(stagedMeta, metaDir);
                }
                catch (IOException) when (File.Exists(Path.Combine(metaDir, "meta.json")))
                {
                    // Made by someone else a moment ago: theirs stays.
                    tlsPlaced = false;
                    throw Exists(spec.Name);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                if (tlsPlaced)
                {
                    TryDelete(tlsDir);
                }

                throw new PSDockerException($"Could not write the docker context '{spec.Name}' in '{contexts}': {e.Message}",
                    StoreFailed, ErrorCategory.WriteError, spec.Name, e);
            }
            finally
            {
                TryDelete(staging);
            }
        }

        /// <summary>
        /// Removes a context's meta and TLS folders as docker context rm does, both or neither.
        /// Throws ContextNotFound when there is no such context.
        /// </summary>
        internal void RemoveContext(string name)
        {
            string id = ContextId(name);
            string contexts = Path.Combine(Directory, "contexts");
            string metaDir = Path.Combine(contexts, "meta", id);
            string tlsDir = Path.Combine(contexts, "tls", id);
            if (!File.Exists(Path.Combine(metaDir, "meta.json")))
            {
                throw NotFound(name);
            }

            string trash = Path.Combine(contexts, ".psdocker-rm-" + Guid.NewGuid().ToString("n").Substring(0, 12));
            try
            {
                CreateFolder(trash, Mode700);
                System.IO.Directory.Move(metaDir, Path.Combine(trash, "meta"));
                if (System.IO.Directory.Exists(tlsDir))
                {
                    try
                    {
                        System.IO.Directory.Move(tlsDir, Path.Combine(trash, "tls"));
                    }
                    catch (Exception)
                    {
                        // The TLS files could not go: the context stays whole.
                        TryMove(Path.Combine(trash, "meta"), metaDir);
                        throw;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                TryDelete(trash);
                throw new PSDockerException($"Could not remove the docker context '{name}' from '{contexts}': {e.Message}",
                    StoreFailed, ErrorCategory.WriteError, name, e);
            }

            TryDelete(trash);
        }

        /// <summary>
        /// Sets config.json's currentContext as docker context use does: the name, or for "default" (or null) no
        /// currentContext at all. Every other key is kept, and a new key goes where docker puts it; the file is only
        /// written when the value changes (so "default" with no config file writes nothing, as docker).
        /// Returns true when the file was written.
        /// </summary>
        internal bool WriteCurrentContext(string? name)
        {
            string? value = string.IsNullOrEmpty(name) || name == DefaultContextName ? null : name;
            var file = new RegistryCredentialStore(Directory);
            JsonObject config = file.Load();
            string? now = config["currentContext"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            if (string.IsNullOrEmpty(now))
            {
                now = null;
            }

            if (now == value)
            {
                return false;
            }

            if (!config.ContainsKey("auths"))
            {
                // docker always writes auths (its only config field without omitempty), first.
                config = WithKeyInserted(config, "auths", new JsonObject(), _ => true);
            }

            if (value is null)
            {
                config.Remove("currentContext");
            }
            else if (config.ContainsKey("currentContext"))
            {
                config["currentContext"] = value;
            }
            else
            {
                config = WithKeyInserted(config, "currentContext", JsonValue.Create(value)!, s_keysAfterCurrentContext.Contains);
            }

            file.Save(config, StoreFailed);
            return true;
        }

        /// <summary>
        /// A copy of <paramref name="config"/> with the key placed before the first key <paramref name="before"/> picks
        /// (at the end when it picks none).
        /// </summary>
        private static JsonObject WithKeyInserted(JsonObject config, string key, JsonNode value, Func<string, bool> before)
        {
            var pairs = new List<KeyValuePair<string, JsonNode?>>(config);
            config.Clear();
            var result = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> pair in pairs)
            {
                if (!result.ContainsKey(key) && before(pair.Key))
                {
                    result[key] = value;
                }

                result[pair.Key] = pair.Value;
            }

            if (!result.ContainsKey(key))
            {
                result[key] = value;
            }

            return result;
        }

        /// <summary>
        /// meta.json's text as docker's Go encoder writes it: Name, Metadata (Description when not empty), Endpoints.docker
        /// (Host when not empty, SkipTLSVerify), no spaces, no line break at the end.
        /// </summary>
        internal static byte[] MetaJson(ContextSpec spec)
        {
            var sb = new StringBuilder();
            sb.Append("{\"Name\":");
            AppendGoString(sb, spec.Name);
            sb.Append(",\"Metadata\":{");
            if (!string.IsNullOrEmpty(spec.Description))
            {
                sb.Append("\"Description\":");
                AppendGoString(sb, spec.Description!);
            }

            sb.Append("},\"Endpoints\":{\"docker\":{");
            if (!string.IsNullOrEmpty(spec.Host))
            {
                sb.Append("\"Host\":");
                AppendGoString(sb, spec.Host!);
                sb.Append(',');
            }

            sb.Append("\"SkipTLSVerify\":").Append(spec.SkipTlsVerify ? "true" : "false").Append("}}}");
            return new UTF8Encoding(false).GetBytes(sb.ToString());
        }

        /// <summary>
        /// A JSON string as Go's encoding/json writes it: \" \\ \b \f \n \r \t, other control characters as \u00XX,
        /// &lt; &gt; &amp; U+2028 U+2029 as \u escapes, a lone surrogate as U+FFFD, everything else as is.
        /// </summary>
        internal static void AppendGoString(StringBuilder sb, string text)
        {
            sb.Append('"');
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '<':
                    case '>':
                    case '&':
                    case '\u2028':
                    case '\u2029':
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    default:
                        if (c < 0x20)
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        {
                            sb.Append(c).Append(text[++i]);
                        }
                        else if (char.IsSurrogate(c))
                        {
                            sb.Append('\uFFFD');
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            sb.Append('"');
        }

        internal PSDockerException Exists(string name) =>
            new PSDockerException($"A docker context named '{name}' already exists in '{Directory}'.",
                "ContextExists", ErrorCategory.ResourceExists, name);

        internal PSDockerException NotFound(string name) =>
            new PSDockerException($"No docker context named '{name}' exists in '{Directory}'. Get-DockerContext lists the contexts there.",
                "ContextNotFound", ErrorCategory.ObjectNotFound, name);

        private static void TryMove(string from, string to)
        {
            try
            {
                System.IO.Directory.Move(from, to);
            }
            catch (Exception)
            {
            }
        }

        private static void TryDelete(string folder)
        {
            try
            {
                if (System.IO.Directory.Exists(folder))
                {
                    System.IO.Directory.Delete(folder, recursive: true);
                }
            }
            catch (Exception)
            {
            }
        }

        private const int Mode755 = 0x1ED;
        private const int Mode700 = 0x1C0;
        private const int Mode644 = 0x1A4;
        private const int Mode600 = 0x180;

        /// <summary>Makes a folder (and its parents) with the given Unix mode, as Go's MkdirAll (the umask applies).</summary>
        private static void CreateFolder(string path, int mode)
        {
            if (System.IO.Directory.Exists(path))
            {
                return;
            }

            string? parent = Path.GetDirectoryName(path);
            if (parent is not null && !System.IO.Directory.Exists(parent))
            {
                CreateFolder(parent, Mode755);
            }

#if NET
            if (!OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(path, (UnixFileMode)mode);
                return;
            }
#endif
            System.IO.Directory.CreateDirectory(path);
        }

        /// <summary>Writes a new file with the given Unix mode, as Go's os.WriteFile (the umask applies).</summary>
        private static void WriteNewFile(string path, byte[] data, int mode)
        {
#if NET
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = (UnixFileMode)mode;
            }

            using var stream = new FileStream(path, options);
#else
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
#endif
            stream.Write(data, 0, data.Length);
            stream.Flush(true);
        }
    }

    /// <summary>What a new context holds: name, description, docker endpoint, and the TLS files' contents.</summary>
    internal sealed class ContextSpec
    {
        internal ContextSpec(string name, string? description, string? host, bool skipTlsVerify, byte[]? ca, byte[]? cert, byte[]? key)
        {
            Name = name;
            Description = description;
            Host = host;
            SkipTlsVerify = skipTlsVerify;
            Ca = ca;
            Cert = cert;
            Key = key;
        }

        internal string Name { get; }
        internal string? Description { get; }
        internal string? Host { get; }
        internal bool SkipTlsVerify { get; }
        internal byte[]? Ca { get; }
        internal byte[]? Cert { get; }

        /// <summary>The key's bytes: written to key.pem (0600), never shown.</summary>
        internal byte[]? Key { get; }

        internal bool HasTls => Ca is not null || Cert is not null || Key is not null;

        public override string ToString() => Name;
    }
}
