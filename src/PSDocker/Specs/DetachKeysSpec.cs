using System;
using System.Collections.Generic;

namespace PSDocker.Specs
{
    /// <summary>
    /// docker's --detach-keys syntax: keys separated by commas, each a single character ("q") or a control key
    /// "ctrl-X" where X is a letter a-z or one of @ [ \ ] ^ _ (ctrl-@ is byte 0, ctrl-a is 1, ... ctrl-_ is 31),
    /// case-insensitive. No spaces are trimmed, as docker trims none. docker's default is "ctrl-p,ctrl-q".
    /// </summary>
    internal static class DetachKeysSpec
    {
        /// <summary>The error id of a detach key sequence that does not parse.</summary>
        internal const string ErrorId = "InvalidDetachKeysSpec";

        /// <summary>docker's default detach sequence (Ctrl+P then Ctrl+Q).</summary>
        internal const string Default = "ctrl-p,ctrl-q";

        private const string ControlNames = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

        /// <summary>The bytes of a detach key sequence; a <see cref="SpecException"/> when it does not parse.</summary>
        internal static byte[] Parse(string spec)
        {
            if (string.IsNullOrEmpty(spec))
            {
                throw new SpecException(ErrorId, spec ?? "", "give one or more keys separated by commas, such as ctrl-p,ctrl-q.");
            }

            var bytes = new List<byte>();
            foreach (string key in spec.Split(','))
            {
                if (key.Length == 1)
                {
                    if (key[0] > 0x7f)
                    {
                        throw new SpecException(ErrorId, spec, $"'{key}' is not an ASCII character.");
                    }

                    bytes.Add((byte)key[0]);
                    continue;
                }

                if (key.Length == 6 && key.StartsWith("ctrl-", StringComparison.OrdinalIgnoreCase))
                {
                    int code = ControlNames.IndexOf(char.ToLowerInvariant(key[5]));
                    if (code >= 0)
                    {
                        bytes.Add((byte)code);
                        continue;
                    }
                }

                throw new SpecException(ErrorId, spec,
                    $"'{key}' is not a key: give one character, or ctrl- followed by a letter or one of @ [ \\ ] ^ _.");
            }

            return bytes.ToArray();
        }
    }
}
