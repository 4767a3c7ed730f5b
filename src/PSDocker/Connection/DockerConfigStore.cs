using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PSDocker
{
    /// <summary>
    /// Reads what the docker CLI keeps in its config folder (DOCKER_CONFIG or ~/.docker):
    /// the current context in config.json and each context's endpoint and TLS files under contexts/.
    /// Reads credentials never; the write side (contexts and currentContext) is in DockerConfigStore.Write.cs.
    /// </summary>
    internal sealed partial class DockerConfigStore
    {
        internal const string DefaultContextName = "default";

        internal DockerConfigStore(string directory)
        {
            Directory = directory;
        }

        internal string Directory { get; }

        /// <summary>The folder DOCKER_CONFIG names (a relative one taken by <paramref name="fullPath"/>), else ~/.docker.</summary>
        internal static DockerConfigStore FromEnvironment(Func<string, string?> getEnv, Func<string, string>? fullPath = null)
        {
            string? dir = getEnv("DOCKER_CONFIG");
            if (string.IsNullOrEmpty(dir))
            {
                string home = getEnv("HOME") ?? getEnv("USERPROFILE") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                dir = Path.Combine(home, ".docker");
            }
            else
            {
                dir = (fullPath ?? Path.GetFullPath)(dir!);
            }

            return new DockerConfigStore(dir!);
        }

        /// <summary>The currentContext of config.json, or null when unset, "default", or the file is absent.</summary>
        internal string? ReadCurrentContext()
        {
            string path = Path.Combine(Directory, "config.json");
            if (!File.Exists(path))
            {
                return null;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
                if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                    doc.RootElement.TryGetProperty("currentContext", out JsonElement current) &&
                    current.ValueKind == JsonValueKind.String)
                {
                    string? name = current.GetString()?.Trim();
                    return string.IsNullOrEmpty(name) || name == DefaultContextName ? null : name;
                }
            }
            catch (JsonException e)
            {
                throw new EndpointResolutionException(
                    "DockerConfigInvalid", $"The docker config file '{path}' is not valid JSON: {e.Message}", path);
            }

            return null;
        }

        /// <summary>Every context stored in the config folder (the built-in "default" is not among them).</summary>
        internal IReadOnlyList<ContextEntry> ListContexts()
        {
            var result = new List<ContextEntry>();
            string metaRoot = Path.Combine(Directory, "contexts", "meta");
            if (!System.IO.Directory.Exists(metaRoot))
            {
                return result;
            }

            foreach (string dir in System.IO.Directory.GetDirectories(metaRoot))
            {
                string meta = Path.Combine(dir, "meta.json");
                if (File.Exists(meta))
                {
                    ContextEntry? entry = ReadMeta(meta, Path.GetFileName(dir));
                    if (entry is not null)
                    {
                        result.Add(entry);
                    }
                }
            }

            result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return result;
        }

        /// <summary>Reads one context by name; null when there is no such context.</summary>
        internal ContextEntry? ReadContext(string name)
        {
            string id = ContextId(name);
            string meta = Path.Combine(Directory, "contexts", "meta", id, "meta.json");
            return File.Exists(meta) ? ReadMeta(meta, id) : null;
        }

        /// <summary>The folder name docker uses for a context: the SHA-256 of its name, in hex.</summary>
        internal static string ContextId(string name)
        {
            using SHA256 sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(name));
            var sb = new StringBuilder(hash.Length * 2);
            foreach (byte b in hash)
            {
                sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }

        private ContextEntry? ReadMeta(string metaPath, string id)
        {
            try
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(metaPath));
                JsonElement root = doc.RootElement;
                string? name = root.TryGetProperty("Name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                if (string.IsNullOrEmpty(name))
                {
                    return null;
                }

                string? description = null;
                if (root.TryGetProperty("Metadata", out JsonElement md) && md.ValueKind == JsonValueKind.Object &&
                    md.TryGetProperty("Description", out JsonElement d) && d.ValueKind == JsonValueKind.String)
                {
                    description = d.GetString();
                }

                string? host = null;
                bool skipVerify = false;
                if (root.TryGetProperty("Endpoints", out JsonElement eps) && eps.ValueKind == JsonValueKind.Object &&
                    eps.TryGetProperty("docker", out JsonElement docker) && docker.ValueKind == JsonValueKind.Object)
                {
                    if (docker.TryGetProperty("Host", out JsonElement h) && h.ValueKind == JsonValueKind.String)
                    {
                        host = h.GetString();
                    }

                    if (docker.TryGetProperty("SkipTLSVerify", out JsonElement s) &&
                        (s.ValueKind == JsonValueKind.True || s.ValueKind == JsonValueKind.False))
                    {
                        skipVerify = s.GetBoolean();
                    }
                }

                string tlsDir = Path.Combine(Directory, "contexts", "tls", id, "docker");
                string? ca = ExistingFile(tlsDir, "ca.pem");
                string? cert = ExistingFile(tlsDir, "cert.pem");
                string? key = ExistingFile(tlsDir, "key.pem");

                return new ContextEntry(name!, description, host, skipVerify, ca, cert, key);
            }
            catch (JsonException e)
            {
                throw new EndpointResolutionException(
                    "DockerContextInvalid", $"The docker context file '{metaPath}' is not valid JSON: {e.Message}", metaPath);
            }
        }

        private static string? ExistingFile(string dir, string name)
        {
            string path = Path.Combine(dir, name);
            return File.Exists(path) ? path : null;
        }
    }

    /// <summary>One context as stored by the docker CLI.</summary>
    internal sealed class ContextEntry
    {
        internal ContextEntry(string name, string? description, string? host, bool skipTlsVerify, string? caFile, string? certFile, string? keyFile)
        {
            Name = name;
            Description = description;
            Host = host;
            SkipTlsVerify = skipTlsVerify;
            CaFile = caFile;
            CertFile = certFile;
            KeyFile = keyFile;
        }

        internal string Name { get; }
        internal string? Description { get; }
        internal string? Host { get; }
        internal bool SkipTlsVerify { get; }
        internal string? CaFile { get; }
        internal string? CertFile { get; }
        internal string? KeyFile { get; }
        internal bool HasTlsMaterial => CaFile is not null || CertFile is not null;
    }
}
