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
    /// <para>Timestamped (the logs API asked for timestamps=1): each log message of each stream starts with the
    /// engine's timestamp and a space (<see cref="LogTimestamp"/>), taken off the bytes before they are decoded and
    /// given as the line's <see cref="OutputLine.Timestamp"/>. A message ends at its "\n"; a line the engine's log
    /// driver cut into partial messages of <see cref="PartialMessageBytes"/> bytes (json-file, local) comes as
    /// several messages, each with its timestamp: the later ones are taken off too (when what follows the 16 KiB
    /// really is a timestamp), so the line comes out whole, with its first message's time, and a character cut
    /// between two messages is decoded whole.</para>
    /// </summary>
    internal sealed class LineSplitter
    {
        /// <summary>The default longest line kept whole: 64 Ki characters.</summary>
        internal const int DefaultMaxLineLength = 64 * 1024;

        /// <summary>The size of the partial messages docker's log copier cuts a long line into (its 16 KiB buffer).</summary>
        internal const int PartialMessageBytes = 16 * 1024;

        private readonly PartialLine _stdout;
        private readonly PartialLine _stderr;

        internal LineSplitter(int maxLineLength = DefaultMaxLineLength, bool timestamped = false)
        {
            if (maxLineLength < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLineLength), maxLineLength, "A line must be allowed at least 2 characters.");
            }

            MaxLineLength = maxLineLength;
            Timestamped = timestamped;
            _stdout = new PartialLine(OutputStreamKind.StandardOutput, maxLineLength, timestamped);
            _stderr = new PartialLine(OutputStreamKind.StandardError, maxLineLength, timestamped);
        }

        /// <summary>The longest line given whole; longer ones are given in pieces of this many characters.</summary>
        internal int MaxLineLength { get; }

        /// <summary>True when each message starts with the engine's timestamp (see the class remarks).</summary>
        internal bool Timestamped { get; }

        /// <summary>Decodes <paramref name="count"/> bytes of one stream and adds every line they complete to <paramref name="lines"/>.</summary>
        internal void Add(OutputStreamKind stream, byte[] buffer, int offset, int count, Queue<OutputLine> lines)
        {
            PartialLine partial = stream == OutputStreamKind.StandardError ? _stderr : _stdout;
            partial.Add(buffer, offset, count, lines);
        }

        /// <summary>At the end of the output: adds the unfinished last line of each stream (stdout first), if any.</summary>
        internal void Flush(Queue<OutputLine> lines)
        {
            _stdout.Flush(lines);
            _stderr.Flush(lines);
        }

        private sealed class PartialLine
        {
            private readonly OutputStreamKind _stream;
            private readonly int _maxLength;
            private readonly bool _timestamped;
            private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
            private readonly StringBuilder _text = new StringBuilder();
            private char[] _chars = new char[1024];
            private bool _continued;

            // Timestamped mode: where the bytes are in the current message, and the time of the line being built.
            private readonly byte[] _prefix = new byte[LogTimestamp.MaxLength];
            private int _prefixLength;
            private bool _atMessageStart = true;
            private int _messageBytes;
            private bool _lineOpen;
            private DateTime _lineTime;
            private int _lineSubTick;

            internal PartialLine(OutputStreamKind stream, int maxLength, bool timestamped)
            {
                _stream = stream;
                _maxLength = maxLength;
                _timestamped = timestamped;
            }

            internal void Add(byte[] buffer, int offset, int count, Queue<OutputLine> lines)
            {
                if (!_timestamped)
                {
                    Decode(buffer, offset, count, lines);
                    return;
                }

                int i = offset;
                int end = offset + count;
                while (i < end)
                {
                    if (_atMessageStart)
                    {
                        // The timestamp runs up to the first space; kept aside until it is whole.
                        bool complete = false;
                        while (i < end)
                        {
                            byte b = buffer[i++];
                            if (b == (byte)' ')
                            {
                                complete = true;
                                break;
                            }

                            _prefix[_prefixLength++] = b;
                            if (b == (byte)'\n' || _prefixLength == _prefix.Length)
                            {
                                break;
                            }
                        }

                        if (complete && LogTimestamp.TryParse(_prefix, 0, _prefixLength, out DateTime time, out int subTick))
                        {
                            if (!_lineOpen)
                            {
                                _lineTime = time;
                                _lineSubTick = subTick;
                            }

                            StartMessage(0);
                        }
                        else if (complete || _prefixLength == _prefix.Length || (_prefixLength > 0 && _prefix[_prefixLength - 1] == (byte)'\n'))
                        {
                            // Not a timestamp: what was kept aside is text of the message (a line the engine did not cut).
                            int kept = _prefixLength;
                            StartMessage(0);
                            Payload(_prefix, 0, kept, lines);
                            if (complete)
                            {
                                _prefix[0] = (byte)' ';
                                Payload(_prefix, 0, 1, lines);
                            }
                        }
                    }
                    else
                    {
                        // Up to the message's newline, or to the 16 KiB where a partial message ends.
                        int limit = Math.Min(end, i + (PartialMessageBytes - _messageBytes));
                        int newline = Array.IndexOf(buffer, (byte)'\n', i, limit - i);
                        int stop = newline >= 0 ? newline + 1 : limit;
                        Payload(buffer, i, stop - i, lines);
                        i = stop;
                    }
                }
            }

            private void StartMessage(int bytes)
            {
                _prefixLength = 0;
                _atMessageStart = false;
                _messageBytes = bytes;
            }

            /// <summary>Message text (timestamped mode): decoded, counted, and the message's end noted.</summary>
            private void Payload(byte[] buffer, int offset, int count, Queue<OutputLine> lines)
            {
                if (count == 0)
                {
                    return;
                }

                Decode(buffer, offset, count, lines);
                _messageBytes += count;
                if (buffer[offset + count - 1] == (byte)'\n')
                {
                    _atMessageStart = true;
                    _lineOpen = false;
                }
                else
                {
                    _lineOpen = true;
                    if (_messageBytes >= PartialMessageBytes)
                    {
                        _atMessageStart = true;
                    }
                }
            }

            private void Decode(byte[] buffer, int offset, int count, Queue<OutputLine> lines)
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
                Append(_chars, decoded, _maxLength, lines);
            }

            internal void Flush(Queue<OutputLine> lines)
            {
                if (_timestamped && _atMessageStart && _prefixLength > 0)
                {
                    // A message cut off inside its timestamp: keep what came as text.
                    int kept = _prefixLength;
                    _prefixLength = 0;
                    Decode(_prefix, 0, kept, lines);
                }

                // Bytes of a character cut off at the very end become U+FFFD.
                int decoded = _decoder.GetChars(Array.Empty<byte>(), 0, 0, _chars, 0, flush: true);
                Append(_chars, decoded, int.MaxValue, lines);
                if (_text.Length > 0)
                {
                    lines.Enqueue(Line(_text.ToString()));
                }

                _text.Clear();
                _continued = false;
                _lineOpen = false;
                _atMessageStart = true;
            }

            private OutputLine Line(string text) => _timestamped
                ? new OutputLine(_stream, text, _lineTime, _lineSubTick)
                : new OutputLine(_stream, text);

            private void Append(char[] chars, int count, int maxLength, Queue<OutputLine> lines)
            {
                int start = 0;
                for (int i = 0; i < count; i++)
                {
                    if (chars[i] != '\n')
                    {
                        continue;
                    }

                    if (_text.Length == 0 && i - start <= maxLength)
                    {
                        // The whole line is in this chunk: one string, straight from the decoded characters.
                        int whole = i - start;
                        if (whole > 0 && chars[i - 1] == '\r')
                        {
                            whole--;
                        }

                        if (whole > 0 || !_continued)
                        {
                            lines.Enqueue(Line(new string(chars, start, whole)));
                        }

                        _continued = false;
                        start = i + 1;
                        continue;
                    }

                    AppendCapped(chars, start, i - start, maxLength, lines);
                    int length = _text.Length;
                    if (length > 0 && _text[length - 1] == '\r')
                    {
                        length--;
                    }

                    // A line given in pieces ends with its last piece, not with an extra empty line.
                    if (length > 0 || !_continued)
                    {
                        lines.Enqueue(Line(_text.ToString(0, length)));
                    }

                    _text.Clear();
                    _continued = false;
                    start = i + 1;
                }

                AppendCapped(chars, start, count - start, maxLength, lines);
            }

            private void AppendCapped(char[] chars, int start, int count, int maxLength, Queue<OutputLine> lines)
            {
                _text.Append(chars, start, count);
                while (_text.Length > maxLength)
                {
                    // Cut before a "\r" at the edge, so a "\r\n" pair stays together and is dropped as one line ending.
                    int piece = _text[maxLength - 1] == '\r' ? maxLength - 1 : maxLength;
                    lines.Enqueue(Line(_text.ToString(0, piece)));
                    _text.Remove(0, piece);
                    _continued = true;
                }
            }
        }
    }
}
