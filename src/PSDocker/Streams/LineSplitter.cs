using System;
using System.Collections.Generic;
using System.Text;

namespace PSDocker.Streams
{
    /// <summary>
    /// Turns chunks of a container's output bytes, as they arrive, into lines: UTF-8 decoded with a decoder per
    /// stream (so a character split across two chunks or frames comes out whole, and stdout and stderr never mix
    /// inside one line), split at "\n" with a "\r" before it dropped (CRLF), and the last line given by
    /// <see cref="Flush"/> even without a newline. A line longer than <see cref="MaxLineLength"/> characters is
    /// given in pieces of that length, so memory stays flat however long the output is. Bytes that are not
    /// valid UTF-8 become U+FFFD.
    /// </summary>
    internal sealed class LineSplitter
    {
        /// <summary>The default longest line kept whole: 64 Ki characters.</summary>
        internal const int DefaultMaxLineLength = 64 * 1024;

        private readonly PartialLine _stdout = new PartialLine();
        private readonly PartialLine _stderr = new PartialLine();

        internal LineSplitter(int maxLineLength = DefaultMaxLineLength)
        {
            if (maxLineLength < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLineLength), maxLineLength, "A line must be allowed at least 2 characters.");
            }

            MaxLineLength = maxLineLength;
        }

        /// <summary>The longest line given whole; longer ones are given in pieces of this many characters.</summary>
        internal int MaxLineLength { get; }

        /// <summary>Decodes <paramref name="count"/> bytes of one stream and adds every line they complete to <paramref name="lines"/>.</summary>
        internal void Add(OutputStreamKind stream, byte[] buffer, int offset, int count, Queue<OutputLine> lines)
        {
            PartialLine partial = stream == OutputStreamKind.StandardError ? _stderr : _stdout;
            partial.Add(stream, buffer, offset, count, MaxLineLength, lines);
        }

        /// <summary>At the end of the output: adds the unfinished last line of each stream (stdout first), if any.</summary>
        internal void Flush(Queue<OutputLine> lines)
        {
            _stdout.Flush(OutputStreamKind.StandardOutput, lines);
            _stderr.Flush(OutputStreamKind.StandardError, lines);
        }

        private sealed class PartialLine
        {
            private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
            private readonly StringBuilder _text = new StringBuilder();
            private char[] _chars = new char[1024];
            private bool _continued;

            internal void Add(OutputStreamKind stream, byte[] buffer, int offset, int count, int maxLength, Queue<OutputLine> lines)
            {
                if (count == 0)
                {
                    return;
                }

                int needed = _decoder.GetCharCount(buffer, offset, count, flush: false);
                if (needed > _chars.Length)
                {
                    _chars = new char[Math.Max(needed, _chars.Length * 2)];
                }

                int decoded = _decoder.GetChars(buffer, offset, count, _chars, 0, flush: false);
                Append(stream, _chars, decoded, maxLength, lines);
            }

            internal void Flush(OutputStreamKind stream, Queue<OutputLine> lines)
            {
                // Bytes of a character cut off at the very end become U+FFFD.
                int decoded = _decoder.GetChars(Array.Empty<byte>(), 0, 0, _chars, 0, flush: true);
                Append(stream, _chars, decoded, int.MaxValue, lines);
                if (_text.Length > 0)
                {
                    lines.Enqueue(new OutputLine(stream, _text.ToString()));
                }

                _text.Clear();
                _continued = false;
            }

            private void Append(OutputStreamKind stream, char[] chars, int count, int maxLength, Queue<OutputLine> lines)
            {
                int start = 0;
                for (int i = 0; i < count; i++)
                {
                    if (chars[i] != '\n')
                    {
                        continue;
                    }

                    AppendCapped(stream, chars, start, i - start, maxLength, lines);
                    int length = _text.Length;
                    if (length > 0 && _text[length - 1] == '\r')
                    {
                        length--;
                    }

                    // A line given in pieces ends with its last piece, not with an extra empty line.
                    if (length > 0 || !_continued)
                    {
                        lines.Enqueue(new OutputLine(stream, _text.ToString(0, length)));
                    }

                    _text.Clear();
                    _continued = false;
                    start = i + 1;
                }

                AppendCapped(stream, chars, start, count - start, maxLength, lines);
            }

            private void AppendCapped(OutputStreamKind stream, char[] chars, int start, int count, int maxLength, Queue<OutputLine> lines)
            {
                _text.Append(chars, start, count);
                while (_text.Length > maxLength)
                {
                    // Cut before a "\r" at the edge, so a "\r\n" pair stays together and is dropped as one line ending.
                    int piece = _text[maxLength - 1] == '\r' ? maxLength - 1 : maxLength;
                    lines.Enqueue(new OutputLine(stream, _text.ToString(0, piece)));
                    _text.Remove(0, piece);
                    _continued = true;
                }
            }
        }
    }
}
