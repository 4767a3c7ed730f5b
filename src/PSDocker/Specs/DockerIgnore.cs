using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace PSDocker.Specs
{
    /// <summary>
    /// The .dockerignore file of a build context, read as the docker CLI reads it (moby/patternmatcher's
    /// ignorefile.ReadAll): a UTF-8 byte-order mark on the first line is dropped; a line starting with "#" is a
    /// comment (only in the first column); each other line is trimmed of white space, blank lines are skipped;
    /// a leading "!" marks an exception (white space after it is trimmed too); the pattern is cleaned as Go's
    /// filepath.Clean cleans a path ("./a//b/" is "a/b", "a/../b" is "b") and a leading "/" is dropped.
    /// </summary>
    internal static class DockerIgnore
    {
        /// <summary>The file's name in the context folder.</summary>
        internal const string FileName = ".dockerignore";

        /// <summary>The patterns of a .dockerignore file's text, in the file's order.</summary>
        internal static List<string> ReadAll(string text)
        {
            var patterns = new List<string>();
            using var reader = new StringReader(text ?? "");
            bool first = true;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (first && line.Length > 0 && line[0] == '\uFEFF')
                {
                    line = line.Substring(1);
                }

                first = false;
                if (line.StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }

                string pattern = GoTrimSpace(line);
                if (pattern.Length == 0)
                {
                    continue;
                }

                bool invert = pattern[0] == '!';
                if (invert)
                {
                    pattern = GoTrimSpace(pattern.Substring(1));
                }

                if (pattern.Length > 0)
                {
                    pattern = GoPath.Clean(pattern);
                    if (pattern.Length > 1 && pattern[0] == '/')
                    {
                        pattern = pattern.Substring(1);
                    }
                }

                patterns.Add(invert ? "!" + pattern : pattern);
            }

            return patterns;
        }

        /// <summary>Reads the .dockerignore of <paramref name="contextFolder"/>: no file, no patterns.</summary>
        internal static List<string> ReadFolder(string contextFolder, out string? text)
        {
            string path = Path.Combine(contextFolder, FileName);
            text = null;
            if (!File.Exists(path))
            {
                return new List<string>();
            }

            // Go reads bytes; invalid UTF-8 stays as it is in a pattern, which .NET shows as U+FFFD.
            text = File.ReadAllText(path, new UTF8Encoding(false));
            return ReadAll(text);
        }

        /// <summary>
        /// The CLI's TrimBuildFilesFromExcludes: when the patterns exclude .dockerignore or the Dockerfile
        /// (path relative to the context, with "/"), an exception for it is added at the end, so both reach the
        /// engine (which removes them itself after reading them). Uses patternmatcher.Matches, as the CLI does.
        /// </summary>
        internal static List<string> KeepBuildFiles(List<string> patterns, string? dockerfile)
        {
            var result = new List<string>(patterns);
            if (Matches(FileName, result))
            {
                result.Add("!" + FileName);
            }

            if (dockerfile is not null && Matches(dockerfile, result))
            {
                result.Add("!" + dockerfile);
            }

            return result;
        }

        private static bool Matches(string file, List<string> patterns)
        {
            try
            {
                var matcher = new PatternMatcher(patterns);
                file = GoPath.Clean(file);
                return file != "." && matcher.Matches(file);
            }
            catch (SpecException)
            {
                return false;
            }
        }

        /// <summary>strings.TrimSpace: Unicode white space at both ends.</summary>
        internal static string GoTrimSpace(string s)
        {
            int start = 0, end = s.Length;
            while (start < end && char.IsWhiteSpace(s[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(s[end - 1]))
            {
                end--;
            }

            return s.Substring(start, end - start);
        }
    }

    /// <summary>Go's path/filepath functions on "/"-separated paths, as the CLI runs them on Linux.</summary>
    internal static class GoPath
    {
        /// <summary>
        /// filepath.Clean: one "/" between elements, no "." elements, ".." removed with the element before it
        /// (kept at the start of a relative path, dropped after a leading "/"), no trailing "/"; "" is ".".
        /// </summary>
        internal static string Clean(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return ".";
            }

            bool rooted = path[0] == '/';
            var parts = new List<string>();
            foreach (string element in path.Split('/'))
            {
                if (element.Length == 0 || element == ".")
                {
                    continue;
                }

                if (element == "..")
                {
                    if (parts.Count > 0 && parts[parts.Count - 1] != "..")
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }
                    else if (!rooted)
                    {
                        parts.Add("..");
                    }

                    continue;
                }

                parts.Add(element);
            }

            string joined = string.Join("/", parts);
            if (rooted)
            {
                return "/" + joined;
            }

            return joined.Length == 0 ? "." : joined;
        }

        /// <summary>filepath.Dir: all but the last element, cleaned ("." for a single element).</summary>
        internal static string Dir(string path)
        {
            int i = path.LastIndexOf('/');
            return Clean(i < 0 ? "" : path.Substring(0, i + 1));
        }

        /// <summary>
        /// The syntax check of filepath.Match (Unix): a "\" escapes the next character and may not end the pattern;
        /// a "[" class needs a closing "]", at least one range, and no unescaped "-" or "]" where a character is due.
        /// Returns null for a well-formed pattern, else why not.
        /// </summary>
        internal static string? CheckMatchSyntax(string pattern)
        {
            int i = 0;
            while (i < pattern.Length)
            {
                char c = pattern[i];
                if (c == '\\')
                {
                    if (i + 1 >= pattern.Length)
                    {
                        return "a trailing \\ escapes nothing";
                    }

                    i += 2;
                    continue;
                }

                if (c != '[')
                {
                    i++;
                    continue;
                }

                i++;
                if (i < pattern.Length && pattern[i] == '^')
                {
                    i++;
                }

                int ranges = 0;
                while (true)
                {
                    if (i < pattern.Length && pattern[i] == ']' && ranges > 0)
                    {
                        i++;
                        break;
                    }

                    if (!ClassChar(pattern, ref i))
                    {
                        return "a character class is not closed or has an empty range";
                    }

                    if (pattern[i] == '-')
                    {
                        i++;
                        if (!ClassChar(pattern, ref i))
                        {
                            return "a character range is not complete";
                        }
                    }

                    ranges++;
                }
            }

            return null;
        }

        // getEsc: one (possibly escaped) character of a class, which must be followed by more of the pattern.
        private static bool ClassChar(string pattern, ref int i)
        {
            if (i >= pattern.Length || pattern[i] == '-' || pattern[i] == ']')
            {
                return false;
            }

            if (pattern[i] == '\\')
            {
                i++;
                if (i >= pattern.Length)
                {
                    return false;
                }
            }

            i += char.IsHighSurrogate(pattern[i]) && i + 1 < pattern.Length ? 2 : 1;
            return i < pattern.Length;
        }
    }

    /// <summary>
    /// moby/patternmatcher's PatternMatcher, the matcher behind .dockerignore, with its exact semantics (Linux):
    /// each pattern is trimmed and cleaned; "!" makes an exception; a pattern with "*", "?", "[...]" or an escape
    /// becomes a regular expression in which "*" is any run of characters but "/", "?" one character but "/",
    /// "**" any number of path elements (also none), "[...]" a regular-expression class as written, "\x" the
    /// character x (or the class x stands for in a regular expression); a pattern that is only a literal path
    /// matches exactly, "literal**" by prefix and "**/literal" by suffix. Later patterns win: a path is
    /// excluded when the last pattern that matches it (or one of its parent folders) is not an exception.
    /// A pattern that is not well formed is a SpecException (InvalidDockerIgnorePattern).
    /// </summary>
    internal sealed class PatternMatcher
    {
        internal const string ErrorId = "InvalidDockerIgnorePattern";

        private readonly List<IgnorePattern> _patterns = new List<IgnorePattern>();

        internal PatternMatcher(IEnumerable<string> patterns)
        {
            foreach (string raw in patterns)
            {
                string p = DockerIgnore.GoTrimSpace(raw);
                if (p.Length == 0)
                {
                    continue;
                }

                p = GoPath.Clean(p);
                bool exclusion = false;
                if (p[0] == '!')
                {
                    if (p.Length == 1)
                    {
                        throw new SpecException(ErrorId, raw, "illegal exclusion pattern: \"!\"");
                    }

                    exclusion = true;
                    p = p.Substring(1);
                    Exclusions = true;
                }

                if (GoPath.CheckMatchSyntax(p) is string reason)
                {
                    throw new SpecException(ErrorId, raw, "syntax error in pattern: " + reason);
                }

                _patterns.Add(new IgnorePattern(p, exclusion));
            }
        }

        /// <summary>True when any pattern is an exception ("!...").</summary>
        internal bool Exclusions { get; }

        /// <summary>The patterns, cleaned, in order.</summary>
        internal IReadOnlyList<IgnorePattern> Patterns => _patterns;

        /// <summary>
        /// patternmatcher's deprecated Matches, which the CLI still uses to decide whether to keep the
        /// Dockerfile and .dockerignore: a pattern is also tried on the parent path that has as many elements as it.
        /// </summary>
        internal bool Matches(string file)
        {
            bool matched = false;
            string parentPath = GoPath.Dir(file);
            string[] parentDirs = parentPath.Split('/');
            foreach (IgnorePattern pattern in _patterns)
            {
                if (pattern.Exclusion != matched)
                {
                    continue;
                }

                bool match = pattern.Match(file);
                if (!match && parentPath != "." && pattern.Dirs.Length <= parentDirs.Length)
                {
                    match = pattern.Match(string.Join("/", parentDirs, 0, pattern.Dirs.Length));
                }

                if (match)
                {
                    matched = !pattern.Exclusion;
                }
            }

            return matched;
        }

        /// <summary>MatchesOrParentMatches: the path or any of its parent folders matches.</summary>
        internal bool MatchesOrParentMatches(string file)
        {
            bool matched = false;
            string parentPath = GoPath.Dir(file);
            string[] parentDirs = parentPath.Split('/');
            foreach (IgnorePattern pattern in _patterns)
            {
                if (pattern.Exclusion != matched)
                {
                    continue;
                }

                bool match = pattern.Match(file);
                if (!match && parentPath != ".")
                {
                    for (int i = 0; i < parentDirs.Length && !match; i++)
                    {
                        match = pattern.Match(string.Join("/", parentDirs, 0, i + 1));
                    }
                }

                if (match)
                {
                    matched = !pattern.Exclusion;
                }
            }

            return matched;
        }

        /// <summary>
        /// MatchesUsingParentResults, what the CLI's tar walk uses: <paramref name="parent"/> holds, per pattern,
        /// whether the parent folder matched it (null: unknown, then parents are tried as MatchesOrParentMatches
        /// does). Returns whether the path is excluded and its own per-pattern results for its children.
        /// </summary>
        internal bool MatchesUsingParentResults(string file, bool[]? parent, out bool[] results)
        {
            bool matched = false;
            results = new bool[_patterns.Count];
            for (int i = 0; i < _patterns.Count; i++)
            {
                IgnorePattern pattern = _patterns[i];
                bool match = parent is not null && parent[i];
                if (!match)
                {
                    if (pattern.Exclusion != matched)
                    {
                        continue;
                    }

                    match = pattern.Match(file);
                    if (!match && parent is null)
                    {
                        string parentPath = GoPath.Dir(file);
                        if (parentPath != ".")
                        {
                            string[] parentDirs = parentPath.Split('/');
                            for (int j = 0; j < parentDirs.Length && !match; j++)
                            {
                                match = pattern.Match(string.Join("/", parentDirs, 0, j + 1));
                            }
                        }
                    }
                }

                results[i] = match;
                if (match)
                {
                    matched = !pattern.Exclusion;
                }
            }

            return matched;
        }
    }

    /// <summary>One cleaned pattern of a <see cref="PatternMatcher"/> and how it matches (patternmatcher.Pattern).</summary>
    internal sealed class IgnorePattern
    {
        private enum Kind { Unknown, Exact, Prefix, Suffix, Regex }

        private Kind _kind;
        private Regex? _regex;

        internal IgnorePattern(string cleaned, bool exclusion)
        {
            Cleaned = cleaned;
            Exclusion = exclusion;
            Dirs = cleaned.Split('/');
        }

        /// <summary>The pattern after cleaning, without its "!".</summary>
        internal string Cleaned { get; }

        /// <summary>True for an exception ("!pattern").</summary>
        internal bool Exclusion { get; }

        internal string[] Dirs { get; }

        public override string ToString() => Cleaned;

        /// <summary>Whether <paramref name="path"/> ("/"-separated, relative to the context) matches.</summary>
        internal bool Match(string path)
        {
            if (_kind == Kind.Unknown)
            {
                Compile();
            }

            switch (_kind)
            {
                case Kind.Exact:
                    return path == Cleaned;
                case Kind.Prefix:
                    return path.StartsWith(Cleaned.Substring(0, Cleaned.Length - 2), StringComparison.Ordinal);
                case Kind.Suffix:
                    string suffix = Cleaned.Substring(2);
                    if (path.EndsWith(suffix, StringComparison.Ordinal))
                    {
                        return true;
                    }

                    return suffix.Length > 0 && suffix[0] == '/' && path == suffix.Substring(1);
                case Kind.Regex:
                    return _regex!.IsMatch(path);
                default:
                    return false;
            }
        }

        // patternmatcher's compile, step for step: the first "**" makes a suffix match, a trailing "**" after a
        // literal a prefix match; "*", "?", "[", "]" and escapes make a regular expression.
        private void Compile()
        {
            var re = new StringBuilder("^");
            Kind kind = Kind.Exact;
            string p = Cleaned;
            int pos = 0;
            for (int i = 0; pos < p.Length; i++)
            {
                char ch = p[pos++];
                if (ch == '*')
                {
                    if (pos < p.Length && p[pos] == '*')
                    {
                        pos++;
                        if (pos < p.Length && p[pos] == '/')
                        {
                            pos++;
                        }

                        if (pos >= p.Length)
                        {
                            if (kind == Kind.Exact)
                            {
                                kind = Kind.Prefix;
                            }
                            else
                            {
                                re.Append(".*");
                                kind = Kind.Regex;
                            }
                        }
                        else
                        {
                            re.Append("(.*/)?");
                            kind = Kind.Regex;
                        }

                        if (i == 0)
                        {
                            kind = Kind.Suffix;
                        }
                    }
                    else
                    {
                        re.Append("[^/]*");
                        kind = Kind.Regex;
                    }
                }
                else if (ch == '?')
                {
                    re.Append("[^/]");
                    kind = Kind.Regex;
                }
                else if (".+()|{}$".IndexOf(ch) >= 0)
                {
                    re.Append('\\').Append(ch);
                }
                else if (ch == '\\')
                {
                    if (pos < p.Length)
                    {
                        re.Append('\\').Append(p[pos++]);
                        kind = Kind.Regex;
                    }
                    else
                    {
                        re.Append('\\');
                    }
                }
                else if (ch == '[' || ch == ']')
                {
                    re.Append(ch);
                    kind = Kind.Regex;
                }
                else
                {
                    re.Append(ch);
                }
            }

            if (kind == Kind.Regex)
            {
                // Go's "$" (no multi-line mode) is the end of the text; .NET's also matches before a final newline.
                re.Append("\\z");
                try
                {
                    _regex = new Regex(TranslateClasses(re.ToString()), RegexOptions.CultureInvariant);
                }
                catch (ArgumentException e)
                {
                    throw new SpecException(PatternMatcher.ErrorId, Cleaned, "syntax error in pattern: " + e.Message);
                }
            }

            _kind = kind;
        }

        // Go's regular expressions know POSIX classes inside brackets ([[:alpha:]]); .NET does not.
        private static readonly (string Name, string Class)[] s_posix =
        {
            ("[:alnum:]", "0-9A-Za-z"), ("[:alpha:]", "A-Za-z"), ("[:ascii:]", "\\x00-\\x7F"), ("[:blank:]", "\\t "),
            ("[:cntrl:]", "\\x00-\\x1F\\x7F"), ("[:digit:]", "0-9"), ("[:graph:]", "!-~"), ("[:lower:]", "a-z"),
            ("[:print:]", " -~"), ("[:punct:]", "!-/:-@\\[-`{-~"), ("[:space:]", "\\t\\n\\v\\f\\r "), ("[:upper:]", "A-Z"),
            ("[:word:]", "0-9A-Za-z_"), ("[:xdigit:]", "0-9A-Fa-f"),
        };

        private static string TranslateClasses(string re)
        {
            if (re.IndexOf("[:", StringComparison.Ordinal) < 0)
            {
                return re;
            }

            foreach (var (name, cls) in s_posix)
            {
                re = re.Replace(name, cls);
            }

            return re;
        }
    }
}
