using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Docker.DotNet.Models;
using PSDocker.Specs;

namespace PSDocker
{
    /// <summary>
    /// Registry credentials kept as the docker CLI keeps them, in one docker config folder (DOCKER_CONFIG or
    /// ~/.docker): config.json's <c>credHelpers[registry]</c> helper first, else its <c>credsStore</c> helper,
    /// else <c>auths[registry]</c> (<c>auth</c> = base64 "user:password", or an <c>identitytoken</c>).
    /// Keys are docker's: Docker Hub is https://index.docker.io/v1/, any other registry its host[:port];
    /// entries stored with a scheme or path (https://host:5000, http://host/v2/) are found too, as docker finds them.
    /// Writing config.json keeps every other key of the file, replaces it atomically (a temp file renamed over
    /// it), and creates the folder (0700) and file (0600) when missing, as docker does.
    /// Errors: DockerConfigInvalid (ParserError), CredentialStoreFailed (WriteError), and the helper's
    /// CredentialHelperNotFound / CredentialHelperFailed. No message carries a password, secret or token.
    /// </summary>
    internal sealed class RegistryCredentialStore
    {
        /// <summary>Docker Hub's key (docker's registry.IndexServer).</summary>
        internal const string IndexServer = ImageReference.DockerHubAuthKey;

        private static readonly HashSet<string> s_dockerHubHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "docker.io", "index.docker.io", "registry-1.docker.io",
        };

        private readonly Func<string, CredentialHelper> _helpers;

        /// <param name="directory">The docker config folder (the one DOCKER_CONFIG names).</param>
        /// <param name="helpers">Makes the helper for a credsStore/credHelpers name; tests pass stand-ins.</param>
        internal RegistryCredentialStore(string directory, Func<string, CredentialHelper>? helpers = null)
        {
            Directory = directory;
            _helpers = helpers ?? (name => new CredentialHelper(name));
        }

        /// <summary>The docker config folder.</summary>
        internal string Directory { get; }

        /// <summary>Its config.json.</summary>
        internal string ConfigPath => Path.Combine(Directory, "config.json");

        /// <summary>The store of the folder DOCKER_CONFIG names, else ~/.docker (as the docker CLI picks it).</summary>
        internal static RegistryCredentialStore FromEnvironment() =>
            new RegistryCredentialStore(DockerConfigStore.FromEnvironment(Environment.GetEnvironmentVariable).Directory);

        /// <summary>
        /// The key docker login and logout use for a registry as a user types it: Docker Hub (nothing, docker.io,
        /// index.docker.io, registry-1.docker.io or https://index.docker.io/v1/) is https://index.docker.io/v1/;
        /// anything else is reduced to host[:port] (https://host:5000/v2/ gives host:5000). Null when
        /// <paramref name="text"/> names no host.
        /// </summary>
        internal static string? NormalizeRegistry(string? text)
        {
            if (text is null || text.Trim().Length == 0)
            {
                return IndexServer;
            }

            string t = text.Trim();
            if (string.Equals(t, IndexServer, StringComparison.OrdinalIgnoreCase))
            {
                return IndexServer;
            }

            string host = ConvertToHostname(t);
            if (host.Length == 0 || host.IndexOfAny(new[] { ' ', '\t', '@', '\\', '?', '#' }) >= 0 || host.StartsWith(":", StringComparison.Ordinal) ||
                host.EndsWith(":", StringComparison.Ordinal))
            {
                return null;
            }

            return s_dockerHubHosts.Contains(host) ? IndexServer : host;
        }

        /// <summary>
        /// docker's ConvertToHostname: "https://host:5000/v2/" is "host:5000", "host:5000/path" is "host:5000".
        /// </summary>
        internal static string ConvertToHostname(string maybeUrl)
        {
            string stripped = maybeUrl;
            int scheme = stripped.IndexOf("://", StringComparison.Ordinal);
            if (scheme >= 0)
            {
                string rest = stripped.Substring(scheme + 3);
                int end = rest.IndexOfAny(new[] { '/', '?', '#' });
                string authority = end < 0 ? rest : rest.Substring(0, end);
                int at = authority.LastIndexOf('@');
                if (at >= 0)
                {
                    authority = authority.Substring(at + 1);
                }

                if (authority.Length > 0)
                {
                    return authority;
                }
            }

            int slash = stripped.IndexOf('/');
            return slash < 0 ? stripped : stripped.Substring(0, slash);
        }

        /// <summary>The helper name for <paramref name="key"/>: credHelpers[key], else credsStore, else null (auths).</summary>
        internal string? HelperNameFor(string key) => HelperNameFor(Load(), key);

        /// <summary>Throws CredentialHelperNotFound when <paramref name="key"/>'s helper (if any) is not on PATH.</summary>
        internal void EnsureHelperInstalled(string key)
        {
            string? helper = HelperNameFor(key);
            if (helper is not null)
            {
                _helpers(helper).EnsureInstalled();
            }
        }

        /// <summary>
        /// Where <see cref="Store"/> keeps credentials for <paramref name="key"/>, as users read it:
        /// "docker-credential-NAME", or the config.json path.
        /// </summary>
        internal string Describe(string key)
        {
            string? helper = HelperNameFor(key);
            return helper is null ? ConfigPath : CredentialHelper.ProgramPrefix + helper;
        }

        /// <summary>
        /// The stored credentials for <paramref name="key"/> (a registry key as <see cref="NormalizeRegistry"/> or
        /// <see cref="ImageReference.AuthKey"/> gives it), or null when there are none (anonymous), as docker's
        /// GetAuthConfig finds them. The AuthConfig has Username and Password, or an IdentityToken, and ServerAddress.
        /// </summary>
        internal AuthConfig? Get(string key)
        {
            JsonObject config = Load();
            string? helper = HelperNameFor(config, key);
            if (helper is not null)
            {
                return FromHelper(_helpers(helper).Get(key), key);
            }

            JsonObject? auths = config["auths"] as JsonObject;
            if (auths is null)
            {
                return null;
            }

            if (auths[key] is JsonObject exact)
            {
                return FromEntry(exact, key);
            }

            // Entries stored by older clients with a scheme or path (https://host:5000, http://host/v2/).
            foreach (KeyValuePair<string, JsonNode?> entry in auths)
            {
                if (entry.Value is JsonObject o && ConvertToHostname(entry.Key) == key)
                {
                    return FromEntry(o, key);
                }
            }

            return null;
        }

        /// <summary>
        /// Every stored credential, keyed by registry, as docker's GetAllCredentials: the default store's (the
        /// credsStore helper's list, or auths), then each credHelpers registry's, which win.
        /// </summary>
        internal IDictionary<string, AuthConfig> GetAll()
        {
            JsonObject config = Load();
            var result = new Dictionary<string, AuthConfig>(StringComparer.Ordinal);
            string? store = StringValue(config["credsStore"]);
            if (!string.IsNullOrEmpty(store))
            {
                CredentialHelper helper = _helpers(store!);
                foreach (string server in helper.List().Keys)
                {
                    AuthConfig? auth = FromHelper(helper.Get(server), server);
                    if (auth is not null)
                    {
                        result[server] = auth;
                    }
                }
            }
            else if (config["auths"] is JsonObject auths)
            {
                foreach (KeyValuePair<string, JsonNode?> entry in auths)
                {
                    if (entry.Value is JsonObject o)
                    {
                        AuthConfig? auth = FromEntry(o, entry.Key);
                        if (auth is not null)
                        {
                            result[entry.Key] = auth;
                        }
                    }
                }
            }

            if (config["credHelpers"] is JsonObject helpers)
            {
                foreach (KeyValuePair<string, JsonNode?> entry in helpers)
                {
                    string? name = StringValue(entry.Value);
                    if (!string.IsNullOrEmpty(name))
                    {
                        AuthConfig? auth = FromHelper(_helpers(name!).Get(entry.Key), entry.Key);
                        if (auth is not null)
                        {
                            result[entry.Key] = auth;
                        }
                    }
                }
            }

            return result;
        }

        /// <summary>
        /// Stores credentials for <paramref name="key"/> where docker login would: through the registry's
        /// credHelpers helper or the credsStore helper (and then an empty auths entry, as docker leaves one),
        /// else in auths as base64 "user:password" (an identity token as identitytoken, without the password).
        /// Returns where they went (<see cref="Describe"/>).
        /// </summary>
        internal string Store(string key, string userName, string? password, string? identityToken)
        {
            JsonObject config = Load();
            string? helper = HelperNameFor(config, key);
            JsonObject auths = config["auths"] as JsonObject ?? new JsonObject();
            config["auths"] = auths;
            if (helper is not null)
            {
                bool token = !string.IsNullOrEmpty(identityToken);
                _helpers(helper).Store(new HelperCredentials(key,
                    token ? CredentialHelper.TokenUserName : userName, token ? identityToken! : password ?? ""));
                if (!(auths[key] is JsonObject existing && existing.Count == 0))
                {
                    auths[key] = new JsonObject();
                    Save(config);
                }

                return CredentialHelper.ProgramPrefix + helper;
            }

            var entry = new JsonObject();
            string secret = string.IsNullOrEmpty(identityToken) ? password ?? "" : "";
            if (userName.Length > 0 || secret.Length > 0)
            {
                entry["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + secret));
            }

            if (!string.IsNullOrEmpty(identityToken))
            {
                entry["identitytoken"] = identityToken;
            }

            auths[key] = entry;
            Save(config);
            return ConfigPath;
        }

        /// <summary>
        /// The keys docker logout erases for a registry key: the key, and for a registry other than Docker Hub
        /// also http://host and https://host (the forms older clients stored).
        /// </summary>
        internal static IReadOnlyList<string> LogoutKeys(string key)
        {
            if (key == IndexServer)
            {
                return new[] { key };
            }

            string host = ConvertToHostname(key);
            var keys = new List<string> { key };
            foreach (string k in new[] { host, "http://" + host, "https://" + host })
            {
                if (!keys.Contains(k))
                {
                    keys.Add(k);
                }
            }

            return keys;
        }

        /// <summary>
        /// True when credentials for <paramref name="key"/> are stored under any of its <see cref="LogoutKeys"/>:
        /// an auths entry, or credentials its helper has.
        /// </summary>
        internal bool IsStored(string key)
        {
            JsonObject config = Load();
            JsonObject? auths = config["auths"] as JsonObject;
            foreach (string k in LogoutKeys(key))
            {
                if (auths?[k] is JsonObject)
                {
                    return true;
                }

                string? helper = HelperNameFor(config, k);
                if (helper is not null && _helpers(helper).Get(k) is not null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Erases the credentials for <paramref name="key"/> as docker logout does: under each of its
        /// <see cref="LogoutKeys"/>, from that key's helper (if any) and from auths. A key whose erase fails is
        /// reported in the result and the others are still tried.
        /// </summary>
        internal EraseResult Erase(string key)
        {
            var failures = new List<Exception>();
            bool removed = false;
            IReadOnlyList<string> keys = LogoutKeys(key);
            foreach (string k in keys)
            {
                try
                {
                    JsonObject config = Load();
                    string? helper = HelperNameFor(config, k);
                    if (helper is not null && _helpers(helper).Erase(k))
                    {
                        removed = true;
                    }

                    if (config["auths"] is JsonObject auths && auths.ContainsKey(k))
                    {
                        auths.Remove(k);
                        Save(config);
                        removed = true;
                    }
                }
                catch (PSDockerException e)
                {
                    failures.Add(e);
                }
            }

            return new EraseResult(removed, failures, keys.Count);
        }

        /// <summary>The config file as a JSON object (empty when there is none): every key kept as read.</summary>
        internal JsonObject Load()
        {
            string path = ConfigPath;
            if (!File.Exists(path))
            {
                return new JsonObject();
            }

            string text = File.ReadAllText(path);
            if (text.Trim().Length == 0)
            {
                return new JsonObject();
            }

            try
            {
                return JsonNode.Parse(text) as JsonObject
                    ?? throw new PSDockerException($"The docker config file '{path}' does not hold a JSON object.",
                        "DockerConfigInvalid", ErrorCategory.ParserError, path);
            }
            catch (JsonException e)
            {
                throw new PSDockerException($"The docker config file '{path}' is not valid JSON: {e.Message}",
                    "DockerConfigInvalid", ErrorCategory.ParserError, path, e);
            }
        }

        /// <summary>
        /// Writes <paramref name="config"/> to config.json as docker does: tab-indented, through a temp file in the
        /// same folder renamed over the file (through a symbolic link to its target), keeping the file's mode;
        /// a new folder is made 0700 and a new file 0600. A failure is a PSDockerException with
        /// <paramref name="errorId"/> (WriteError).
        /// </summary>
        internal void Save(JsonObject config, string errorId = "CredentialStoreFailed")
        {
            string target = ConfigPath;
            string temp = Path.Combine(Directory, "config.json" + Guid.NewGuid().ToString("n").Substring(0, 10));
            try
            {
                CreateDirectory(Directory);
#if NET
                var info = new FileInfo(target);
                if (info.LinkTarget is not null)
                {
                    FileSystemInfo? resolved = info.ResolveLinkTarget(returnFinalTarget: true);
                    if (resolved is not null)
                    {
                        target = resolved.FullName;
                    }
                }
#endif
                byte[] bytes = Serialize(config);
#if NET
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = File.Exists(target)
                        ? File.GetUnixFileMode(target)
                        : UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var stream = new FileStream(temp, options))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }

                File.Move(temp, target, overwrite: true);
#else
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }

                if (File.Exists(target))
                {
                    File.Replace(temp, target, null);
                }
                else
                {
                    File.Move(temp, target);
                }
#endif
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                try
                {
                    File.Delete(temp);
                }
                catch (Exception)
                {
                }

                throw new PSDockerException($"Could not write the docker config file '{target}': {e.Message}",
                    errorId, ErrorCategory.WriteError, target, e);
            }
        }

        /// <summary>
        /// config.json's text as docker writes it (Go's json.MarshalIndent with tabs): "key": value, {} and [] when empty,
        /// strings escaped as Go escapes them (&lt; &gt; &amp; as \u003c \u003e \u0026), numbers as they were read.
        /// </summary>
        internal static byte[] Serialize(JsonObject config)
        {
            var text = new StringBuilder();
            AppendGoJson(text, config, 0);
            return new UTF8Encoding(false).GetBytes(text.ToString());
        }

        private static void AppendGoJson(StringBuilder sb, JsonNode? node, int depth)
        {
            switch (node)
            {
                case null:
                    sb.Append("null");
                    break;
                case JsonObject o:
                    sb.Append('{');
                    int keys = 0;
                    foreach (KeyValuePair<string, JsonNode?> pair in o)
                    {
                        sb.Append(keys++ == 0 ? "\n" : ",\n").Append('\t', depth + 1);
                        DockerConfigStore.AppendGoString(sb, pair.Key);
                        sb.Append(": ");
                        AppendGoJson(sb, pair.Value, depth + 1);
                    }

                    (keys == 0 ? sb : sb.Append('\n').Append('\t', depth)).Append('}');
                    break;
                case JsonArray a:
                    sb.Append('[');
                    for (int i = 0; i < a.Count; i++)
                    {
                        sb.Append(i == 0 ? "\n" : ",\n").Append('\t', depth + 1);
                        AppendGoJson(sb, a[i], depth + 1);
                    }

                    (a.Count == 0 ? sb : sb.Append('\n').Append('\t', depth)).Append(']');
                    break;
                case JsonValue v when v.TryGetValue(out string? s) && s is not null:
                    DockerConfigStore.AppendGoString(sb, s);
                    break;
                default:
                    sb.Append(node.ToJsonString());
                    break;
            }
        }

        private static void CreateDirectory(string directory)
        {
            if (System.IO.Directory.Exists(directory))
            {
                return;
            }

#if NET
            if (!OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return;
            }
#endif
            System.IO.Directory.CreateDirectory(directory);
        }

        private static string? HelperNameFor(JsonObject config, string key)
        {
            if (key.Length > 0 && config["credHelpers"] is JsonObject helpers)
            {
                string? helper = StringValue(helpers[key]);
                if (helper is not null)
                {
                    return helper.Length == 0 ? null : helper;
                }
            }

            string? store = StringValue(config["credsStore"]);
            return string.IsNullOrEmpty(store) ? null : store;
        }

        private static AuthConfig? FromHelper(HelperCredentials? c, string key)
        {
            if (c is null || (c.UserName.Length == 0 && c.Secret.Length == 0))
            {
                return null;
            }

            return c.IsIdentityToken
                ? new AuthConfig { IdentityToken = c.Secret, ServerAddress = key }
                : new AuthConfig { Username = c.UserName, Password = c.Secret, ServerAddress = key };
        }

        private AuthConfig? FromEntry(JsonObject entry, string key)
        {
            string? user = StringValue(entry["username"]);
            string? password = StringValue(entry["password"]);
            string? auth = StringValue(entry["auth"]);
            if (!string.IsNullOrEmpty(auth))
            {
                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth!));
                }
                catch (FormatException)
                {
                    decoded = "";
                }

                int colon = decoded.IndexOf(':');
                if (colon <= 0)
                {
                    // docker's own words ("Invalid auth configuration file"); the value itself is never shown.
                    throw new PSDockerException(
                        $"The docker config file '{ConfigPath}' has an invalid auth for '{key}': it must be base64 of user:password.",
                        "DockerConfigInvalid", ErrorCategory.ParserError, ConfigPath);
                }

                user = decoded.Substring(0, colon);
                password = decoded.Substring(colon + 1).Trim('\0');
            }

            string? token = StringValue(entry["identitytoken"]);
            string? registryToken = StringValue(entry["registrytoken"]);
            if (string.IsNullOrEmpty(user) && string.IsNullOrEmpty(password) && string.IsNullOrEmpty(token) && string.IsNullOrEmpty(registryToken))
            {
                return null;
            }

            return new AuthConfig
            {
                Username = NullIfEmpty(user),
                Password = NullIfEmpty(password),
                IdentityToken = NullIfEmpty(token),
                RegistryToken = NullIfEmpty(registryToken),
                ServerAddress = key,
            };
        }

        private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

        private static string? StringValue(JsonNode? node) =>
            node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
    }

    /// <summary>What an erase did: whether anything was removed, and the keys whose erase failed.</summary>
    internal sealed class EraseResult
    {
        internal EraseResult(bool removed, IReadOnlyList<Exception> failures, int keysTried)
        {
            Removed = removed;
            Failures = failures;
            KeysTried = keysTried;
        }

        internal bool Removed { get; }
        internal IReadOnlyList<Exception> Failures { get; }
        internal int KeysTried { get; }

        /// <summary>True when every key failed (docker logout then warns "could not erase credentials").</summary>
        internal bool AllFailed => Failures.Count > 0 && Failures.Count == KeysTried;
    }
}
