using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using Docker.DotNet;

namespace PSDocker
{
    /// <summary>
    /// What the swarm secret and config cmdlets share: which error an engine refusal about one of them is, the names the
    /// engine takes, and reading a value given as a SecureString, a file or pipeline input into bytes without ever
    /// writing it anywhere.
    /// </summary>
    internal static class SwarmObjects
    {
        /// <summary>
        /// The error for an engine refusal about one secret or config (<paramref name="noun"/> SwarmSecret or SwarmConfig):
        /// &lt;noun&gt;NotFound (404), &lt;noun&gt;NameConflict (409: a name in use), &lt;noun&gt;Ambiguous (a prefix
        /// several share), &lt;noun&gt;InUse (a service uses it), else as ErrorMapper classifies it. Null for anything that
        /// is not an engine refusal.
        /// </summary>
        internal static PSDockerException? ToError(Exception e, string noun, string what, string given)
        {
            if (ErrorMapper.Unwrap(e) is not DockerApiException api)
            {
                return null;
            }

            var (id, category, message) = ErrorMapper.Classify(api.StatusCode, api.ResponseBody, noun);
            string kind = noun == "SwarmSecret" ? "secret" : "config";
            string lister = noun == "SwarmSecret" ? "Get-SwarmSecret" : "Get-SwarmConfig";
            if (api.StatusCode == HttpStatusCode.NotFound)
            {
                return new PSDockerException($"No such {kind}: {given}. {lister} lists the swarm's {kind}s.", noun + "NotFound", ErrorCategory.ObjectNotFound, given, api);
            }

            if (api.StatusCode == HttpStatusCode.Conflict && message.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new PSDockerException($"A {kind} named '{given}' already exists: {kind}s cannot be changed; remove it first or choose another name. The engine said: {message}",
                    noun + "NameConflict", ErrorCategory.ResourceExists, given, api);
            }

            if (message.IndexOf("in use by", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new PSDockerException($"The {kind} '{given}' is in use by a service: remove it from the service first. The engine said: {message}",
                    noun + "InUse", ErrorCategory.ResourceBusy, given, api);
            }

            if (message.IndexOf("ambiguous", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new PSDockerException($"'{given}' names several {kind}s: give the whole name or more of the id. The engine said: {message}",
                    noun + "Ambiguous", ErrorCategory.InvalidArgument, given, api);
            }

            return new PSDockerException(message, id, category, given, api);
        }

        /// <summary>
        /// Checks a secret or config name before it is sent, as the engine's rule: 1 to 64 characters, letters, digits,
        /// '-', '_' and '.', starting and ending with a letter or digit. Throws Invalid&lt;kind&gt;Name naming the parameter.
        /// </summary>
        internal static void CheckName(string name, string parameter, string errorId)
        {
            bool valid = name.Length is > 0 and <= 64 &&
                char.IsLetterOrDigit(name[0]) && char.IsLetterOrDigit(name[name.Length - 1]) &&
                name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.'));
            if (!valid)
            {
                throw new PSDockerException(
                    $"-{parameter} '{name}' is not a valid name: 1 to 64 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.",
                    errorId, ErrorCategory.InvalidArgument, name);
            }
        }

        /// <summary>Refuses wildcards in the names a removal takes (InvalidArgument, error id InvalidSwarmObjectName), pointing to Get- and a pipe.</summary>
        internal static void CheckNoWildcards(string[]? names, string parameter, string getter, string remover)
        {
            foreach (string name in names ?? Array.Empty<string>())
            {
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    throw new PSDockerException(
                        $"-{parameter} '{name}' has wildcards, which {remover} does not take: select with {getter} and pipe, as in {getter} '{name}' | {remover}.",
                        "InvalidSwarmObjectName", ErrorCategory.InvalidArgument, name);
                }
            }
        }

        /// <summary>
        /// The bytes of the file <paramref name="path"/> (relative to the cmdlet's current location) for a secret or config
        /// value. A file that cannot be read is an InvalidArgument error (FileNotFound, or FileReadFailed) naming the parameter and the path.
        /// </summary>
        internal static byte[] ReadFile(System.Management.Automation.PSCmdlet cmdlet, string path, string parameter)
        {
            string full = LocationPaths.For(cmdlet)(path);
            try
            {
                return System.IO.File.ReadAllBytes(full);
            }
            catch (Exception e) when (e is System.IO.FileNotFoundException || e is System.IO.DirectoryNotFoundException)
            {
                throw new PSDockerException($"-{parameter} '{path}': there is no file {full}.", "FileNotFound", ErrorCategory.ObjectNotFound, path, e);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                throw new PSDockerException($"-{parameter} '{path}' cannot be read: {e.Message}", "FileReadFailed", ErrorCategory.ReadError, path, e);
            }
        }

        /// <summary>The UTF-8 bytes of a SecureString, read without making a string of it.</summary>
        internal static byte[] Bytes(SecureString value)
        {
            IntPtr p = Marshal.SecureStringToGlobalAllocUnicode(value);
            char[] chars = new char[value.Length];
            try
            {
                Marshal.Copy(p, chars, 0, chars.Length);
                return Encoding.UTF8.GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                Marshal.ZeroFreeGlobalAllocUnicode(p);
            }
        }

        /// <summary>The text of a SecureString, for the one place the engine needs it as text (a join token, an unlock key).</summary>
        internal static string Text(SecureString value)
        {
            IntPtr p = Marshal.SecureStringToGlobalAllocUnicode(value);
            try
            {
                return Marshal.PtrToStringUni(p, value.Length) ?? "";
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(p);
            }
        }

        /// <summary>A SecureString holding <paramref name="text"/>, read-only.</summary>
        internal static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (char c in text ?? "")
            {
                s.AppendChar(c);
            }

            s.MakeReadOnly();
            return s;
        }

        /// <summary>
        /// Gathers pipeline input for a secret or config value: strings (each one a line, joined with "\n" as Get-Content's
        /// lines are), single bytes (a byte[] unrolled by the pipeline) or byte arrays. Mixing text and bytes, or anything
        /// else, is refused with the error id given to Add, never naming the value.
        /// </summary>
        internal sealed class PipedValue
        {
            private readonly List<string> _lines = new List<string>();
            private readonly List<byte> _bytes = new List<byte>();

            internal bool Any => _lines.Count > 0 || _bytes.Count > 0;

            internal void Add(object? input, string errorId)
            {
                object? value = input is PSObject pso ? pso.BaseObject : input;
                switch (value)
                {
                    case null:
                        return;
                    case string s when _bytes.Count == 0:
                        _lines.Add(s);
                        return;
                    case byte b when _lines.Count == 0:
                        _bytes.Add(b);
                        return;
                    case byte[] bytes when _lines.Count == 0:
                        _bytes.AddRange(bytes);
                        return;
                    case object[] items:
                        foreach (object? item in items)
                        {
                            Add(item, errorId);
                        }

                        return;
                    default:
                        throw new PSDockerException(
                            $"-InputObject takes strings (lines of text) or bytes, not both and nothing else; got a {value.GetType().Name}.",
                            errorId, ErrorCategory.InvalidArgument, value.GetType().Name);
                }
            }

            internal byte[] ToBytes() => _bytes.Count > 0 ? _bytes.ToArray() : Encoding.UTF8.GetBytes(string.Join("\n", _lines));
        }
    }
}
