using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace PSDocker
{
    /// <summary>
    /// One docker credential helper program, docker-credential-NAME on PATH, spoken to as the docker CLI
    /// speaks to it (the docker-credential-helpers protocol): the action is the only argument, the input goes
    /// to stdin, the answer comes on stdout, and on failure stdout carries the message.
    /// <list type="bullet">
    /// <item><c>get</c>: the server URL on stdin; JSON {"ServerURL","Username","Secret"} back. A Username of
    /// "&lt;token&gt;" means Secret is an identity token. "credentials not found in native keychain" means none.</item>
    /// <item><c>store</c>: that JSON on stdin.</item>
    /// <item><c>erase</c>: the server URL on stdin.</item>
    /// <item><c>list</c>: JSON {server URL: username} back.</item>
    /// </list>
    /// Failures are PSDockerException CredentialHelperNotFound (ObjectNotFound) or CredentialHelperFailed
    /// (InvalidResult) with the helper's own message; what was sent on stdin never appears in them.
    /// </summary>
    internal class CredentialHelper
    {
        /// <summary>The username a helper keeps an identity token under.</summary>
        internal const string TokenUserName = "<token>";

        /// <summary>What helpers answer when they have nothing for a server (docker-credential-helpers).</summary>
        internal const string NotFoundMessage = "credentials not found in native keychain";

        internal const string ProgramPrefix = "docker-credential-";

        /// <summary>How long a helper may take for one action before it is stopped.</summary>
        internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        internal CredentialHelper(string name)
        {
            Name = name;
        }

        /// <summary>The helper's name as config.json gives it ("pass", "osxkeychain").</summary>
        internal string Name { get; }

        /// <summary>The program run: docker-credential-NAME.</summary>
        internal string Program => ProgramPrefix + Name;

        /// <summary>
        /// Throws CredentialHelperNotFound when the program is on no PATH folder, so a login can say so before the
        /// password is sent anywhere (docker only finds out when it stores them).
        /// </summary>
        internal virtual void EnsureInstalled()
        {
            string path = Environment.GetEnvironmentVariable("PATH") ?? "";
            bool windows = System.IO.Path.DirectorySeparatorChar == '\\';
            string[] extensions = windows
                ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
                : new[] { "" };
            foreach (string dir in path.Split(new[] { System.IO.Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (string ext in extensions)
                {
                    try
                    {
                        if (System.IO.File.Exists(System.IO.Path.Combine(dir.Trim('"'), Program + ext)))
                        {
                            return;
                        }
                    }
                    catch (ArgumentException)
                    {
                        // A PATH entry that is not a valid path is skipped, as the shell skips it.
                    }
                }
            }

            throw new PSDockerException(
                $"The credential helper {Program} (the docker config's credsStore or credHelpers '{Name}') is not on PATH. " +
                $"Put {Program} on PATH, or change the docker config.",
                "CredentialHelperNotFound", ErrorCategory.ObjectNotFound, Program);
        }

        /// <summary>The stored credentials for <paramref name="serverUrl"/>, or null when the helper has none.</summary>
        internal HelperCredentials? Get(string serverUrl)
        {
            HelperResult r = Run("get", serverUrl);
            if (r.ExitCode != 0)
            {
                if (IsNotFound(r.Output))
                {
                    return null;
                }

                throw Failed("get", serverUrl, r.Output);
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(r.Output);
                JsonElement root = doc.RootElement;
                string? user = StringProperty(root, "Username");
                string? secret = StringProperty(root, "Secret");
                string? url = StringProperty(root, "ServerURL");
                return new HelperCredentials(string.IsNullOrEmpty(url) ? serverUrl : url!, user ?? "", secret ?? "");
            }
            catch (JsonException e)
            {
                // The answer holds a secret: say only that it was not JSON.
                throw new PSDockerException(
                    $"The credential helper {Program} answered 'get' for {serverUrl} with something that is not JSON.",
                    "CredentialHelperFailed", ErrorCategory.InvalidResult, serverUrl, new FormatException(e.GetType().Name));
            }
        }

        /// <summary>Stores credentials (Username "&lt;token&gt;" with the token as Secret for an identity token).</summary>
        internal void Store(HelperCredentials credentials)
        {
            string json;
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteString("ServerURL", credentials.ServerUrl);
                    writer.WriteString("Username", credentials.UserName);
                    writer.WriteString("Secret", credentials.Secret);
                    writer.WriteEndObject();
                }

                json = Encoding.UTF8.GetString(buffer.ToArray());
            }

            HelperResult r = Run("store", json + "\n");
            if (r.ExitCode != 0)
            {
                throw Failed("store", credentials.ServerUrl, r.Output);
            }
        }

        /// <summary>Erases the credentials for <paramref name="serverUrl"/>; false when the helper had none.</summary>
        internal bool Erase(string serverUrl)
        {
            HelperResult r = Run("erase", serverUrl);
            if (r.ExitCode != 0)
            {
                if (IsNotFound(r.Output))
                {
                    return false;
                }

                throw Failed("erase", serverUrl, r.Output);
            }

            return true;
        }

        /// <summary>Every server URL the helper keeps credentials for, with its username.</summary>
        internal IDictionary<string, string> List()
        {
            HelperResult r = Run("list", "unused");
            if (r.ExitCode != 0)
            {
                throw Failed("list", null, r.Output);
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                using JsonDocument doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(r.Output) ? "{}" : r.Output);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty p in doc.RootElement.EnumerateObject())
                    {
                        result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : "";
                    }
                }
            }
            catch (JsonException e)
            {
                throw new PSDockerException($"The credential helper {Program} answered 'list' with something that is not JSON: {e.Message}",
                    "CredentialHelperFailed", ErrorCategory.InvalidResult, Program, e);
            }

            return result;
        }

        internal static bool IsNotFound(string output) =>
            output.Trim().IndexOf("credentials not found", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>Runs the helper with one action and its stdin; the exit code and the trimmed stdout.</summary>
        protected virtual HelperResult Run(string action, string input)
        {
            var start = new ProcessStartInfo(Program, action)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new Win32Exception("the program did not start");
            }
            catch (Win32Exception e)
            {
                // As docker says it: the program named by config.json's credsStore or credHelpers is not on PATH.
                throw new PSDockerException(
                    $"The credential helper {Program} (the docker config's credsStore or credHelpers '{Name}') could not be run: {e.Message}. " +
                    $"Put {Program} on PATH, or change the docker config.",
                    "CredentialHelperNotFound", ErrorCategory.ObjectNotFound, Program, e);
            }

            using (process)
            {
                Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                Task<string> stderr = process.StandardError.ReadToEndAsync();
                try
                {
                    process.StandardInput.Write(input);
                    process.StandardInput.Close();
                }
                catch (System.IO.IOException)
                {
                    // The helper exited without reading its input: its exit code and output tell why.
                }

                if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
                {
                    try
                    {
                        process.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    throw new PSDockerException(
                        $"The credential helper {Program} did not answer '{action}' within {Timeout.TotalSeconds} seconds and was stopped.",
                        "CredentialHelperFailed", ErrorCategory.OperationTimeout, Program);
                }

                process.WaitForExit();
                string output = stdout.GetAwaiter().GetResult().Trim();
                string errors = stderr.GetAwaiter().GetResult().Trim();
                return new HelperResult(process.ExitCode, output.Length == 0 && process.ExitCode != 0 ? errors : output);
            }
        }

        private PSDockerException Failed(string action, string? serverUrl, string output) =>
            new PSDockerException(
                $"The credential helper {Program} failed to {action} credentials{(serverUrl is null ? "" : " for " + serverUrl)}: " +
                (output.Length == 0 ? "it exited with an error and said nothing." : output),
                "CredentialHelperFailed", ErrorCategory.InvalidResult, (object?)serverUrl ?? Program);

        private static string? StringProperty(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    /// <summary>What a helper keeps for one server.</summary>
    internal sealed class HelperCredentials
    {
        internal HelperCredentials(string serverUrl, string userName, string secret)
        {
            ServerUrl = serverUrl;
            UserName = userName;
            Secret = secret;
        }

        internal string ServerUrl { get; }
        internal string UserName { get; }
        internal string Secret { get; }
        internal bool IsIdentityToken => UserName == CredentialHelper.TokenUserName;
    }

    /// <summary>A helper run's exit code and trimmed output.</summary>
    internal readonly struct HelperResult
    {
        internal HelperResult(int exitCode, string output)
        {
            ExitCode = exitCode;
            Output = output;
        }

        internal int ExitCode { get; }
        internal string Output { get; }
    }
}
