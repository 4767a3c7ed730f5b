using System;
using System.Collections.Generic;

namespace PSDocker.Streams
{
    /// <summary>
    /// Watches the keys typed in an interactive session for the detach sequence (docker's --detach-keys,
    /// Ctrl+P Ctrl+Q by default), as docker's own client does. Bytes that begin the sequence are held back; when
    /// the next byte does not continue it, the held bytes are passed on after all, in order; when the whole
    /// sequence has been typed, nothing of it is passed on and <see cref="Detached"/> is set. A prefix may span
    /// several reads (a key typed after a pause).
    /// </summary>
    internal sealed class DetachKeyFilter
    {
        private readonly byte[] _keys;
        private int _matched;

        /// <param name="keys">The sequence (see Specs.DetachKeysSpec); empty means no detaching.</param>
        internal DetachKeyFilter(byte[] keys) => _keys = keys ?? throw new ArgumentNullException(nameof(keys));

        /// <summary>True once the whole sequence has been typed.</summary>
        internal bool Detached { get; private set; }

        /// <summary>
        /// The bytes of <paramref name="input"/> (the first <paramref name="count"/>) to send to the container:
        /// everything but what is held back as the start of the sequence. After the sequence is complete the rest
        /// of the read is dropped too: the session ends.
        /// </summary>
        internal byte[] Filter(byte[] input, int count)
        {
            if (_keys.Length == 0 || Detached)
            {
                byte[] all = new byte[Detached ? 0 : count];
                Array.Copy(input, all, all.Length);
                return all;
            }

            var output = new List<byte>(count + _matched);
            for (int i = 0; i < count; i++)
            {
                byte b = input[i];
                if (b == _keys[_matched])
                {
                    _matched++;
                    if (_matched == _keys.Length)
                    {
                        Detached = true;
                        _matched = 0;
                        return output.ToArray();
                    }

                    continue;
                }

                if (_matched > 0)
                {
                    // Not the sequence after all: what was held goes on, and this byte may begin it again.
                    for (int k = 0; k < _matched; k++)
                    {
                        output.Add(_keys[k]);
                    }

                    _matched = 0;
                    if (b == _keys[0])
                    {
                        _matched = 1;
                        if (_keys.Length == 1)
                        {
                            Detached = true;
                            return output.ToArray();
                        }

                        continue;
                    }
                }

                output.Add(b);
            }

            return output.ToArray();
        }
    }
}
