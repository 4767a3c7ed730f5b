using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace PSDocker.Specs
{
    /// <summary>
    /// The .dockerignore file of a build context, read by the docker CLI's rules:
    /// <list type="bullet">
    /// <item>Lines end at "\n"; one "\r" before it is dropped (a lone "\r" does not end a line).</item>
    /// <item>A UTF-8 byte-order mark at the start of the file is dropped.</item>
    /// <item>A line whose first character is "#" is a comment ("  #x" is a pattern: the test comes before trimming).</item>
    /// <item>Other lines are trimmed of Unicode white space; blank lines are skipped.</item>
    /// <item>A leading "!" marks an exception; white space after it is trimmed too.</item>
    /// <item>The rest is cleaned as a "/"-separated path (<see cref="ContextPath.Clean"/>: "./a//b/" is "a/b",
    /// "a/../b" is "b") and a leading "/" is dropped, so "/a" and "a" are the same pattern.</item>
    /// </list>
    /// </summary>
    internal static class DockerIgnore
    {
        /// <summary>The file's name in the context folder.</summary>
        internal const string FileName = ".dockerignore";

        /// <summary>The patterns of a .dockerignore file's text, in the file's order (exceptions keep their "!").</summary>
        internal static List<string> ReadAll(string text)
        {
            var patterns = new List<string>();
            string[] lines = (text ?? "").Split('\n');
            for (int n = 0; n < lines.Length; n++)
            {
                string line = lines[n];
                if (line.EndsWith("\r", StringComparison.Ordinal))
                {
                    line = line.Substring(0, line.Length - 1);
                }

                if (n == 0 && line.StartsWith("\uFEFF", StringComparison.Ordinal))
                {
                    line = line.Substring(1);
                }

                if (line.StartsWith("#", StringComparison.Ordinal))
                {
                    continue;
                }

                string pattern = TrimWhiteSpace(line);
                if (pattern.Length == 0)
                {
                    continue;
                }

                string prefix = "";
                if (pattern[0] == '!')
                {
                    prefix = "!";
                    pattern = TrimWhiteSpace(pattern.Substring(1));
                }

                if (pattern.Length > 0)
                {
                    pattern = ContextPath.Clean(pattern);
                    if (pattern.Length > 1 && pattern[0] == '/')
                    {
                        pattern = pattern.Substring(1);
                    }
                }

                patterns.Add(prefix + pattern);
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

            // Bytes that are not UTF-8 stay in a pattern as they are for docker; here they read as U+FFFD.
            text = File.ReadAllText(path, new UTF8Encoding(false));
            return ReadAll(text);
        }

        /// <summary>
        /// The CLI sends .dockerignore and the Dockerfile even when the patterns exclude them (the engine reads both,
        /// then removes them from the context itself): for each of the two that the patterns exclude by
        /// <see cref="IgnoreMatcher.ExcludesBuildFile"/>, an exception naming it is appended, .dockerignore first.
        /// <paramref name="dockerfile"/> is relative to the context, with "/". A pattern list that does not compile
        /// keeps nothing (the walk reports the bad pattern).
        /// </summary>
        internal static List<string> KeepBuildFiles(List<string> patterns, string? dockerfile)
        {
            var result = new List<string>(patterns);
            if (ExcludesBuildFile(result, FileName))
            {
                result.Add("!" + FileName);
            }

            if (dockerfile is not null && ExcludesBuildFile(result, dockerfile))
            {
                result.Add("!" + dockerfile);
            }

            return result;
        }

        private static bool ExcludesBuildFile(List<string> patterns, string file)
        {
            try
            {
                return new IgnoreMatcher(patterns).ExcludesBuildFile(file);
            }
            catch (SpecException)
            {
                return false;
            }
        }

        /// <summary>Removes Unicode white space (char.IsWhiteSpace) from both ends.</summary>
        internal static string TrimWhiteSpace(string s)
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

    /// <summary>"/"-separated paths relative to a build context, handled as the docker CLI handles them on Linux.</summary>
    internal static class ContextPath
    {
        /// <summary>
        /// The path's canonical form: one "/" between names, no "." names, each ".." removed together with the name
        /// before it (kept at the start of a relative path, dropped right after a leading "/"), no trailing "/";
        /// an empty result is ".".
        /// </summary>
        internal static string Clean(string path)
        {
            if (string.IsNullOrEmpty(path))
            {
                return ".";
            }

            bool absolute = path[0] == '/';
            var names = new List<string>();
            foreach (string name in path.Split('/'))
            {
                switch (name)
                {
                    case "":
                    case ".":
                        break;
                    case "..":
                        if (names.Count > 0 && names[names.Count - 1] != "..")
                        {
                            names.RemoveAt(names.Count - 1);
                        }
                        else if (!absolute)
                        {
                            names.Add(name);
                        }

                        break;
                    default:
                        names.Add(name);
                        break;
                }
            }

            string joined = string.Join("/", names);
            if (absolute)
            {
                return "/" + joined;
            }

            return joined.Length == 0 ? "." : joined;
        }

        /// <summary>The folder holding <paramref name="path"/>, cleaned; "." for a name at the top.</summary>
        internal static string Parent(string path)
        {
            int slash = path.LastIndexOf('/');
            return Clean(slash < 0 ? "" : path.Substring(0, slash + 1));
        }
    }

    /// <summary>
    /// The .dockerignore patterns of a build context and whether they exclude a path (Linux rules, as docker build
    /// applies them):
    /// <list type="bullet">
    /// <item>Each pattern is trimmed of white space (blank ones are dropped) and cleaned (<see cref="ContextPath.Clean"/>);
    /// a leading "!" then makes it an exception. "!" alone, or a pattern that is not well formed
    /// (<see cref="IgnorePattern.SyntaxError"/>), is a SpecException with error id InvalidDockerIgnorePattern.</item>
    /// <item>The last pattern that matches a path decides: an exclusion excludes it, an exception keeps it; no
    /// match keeps it. A pattern that matched a folder also matches everything in it.</item>
    /// <item>A pattern is tried on a path only when it could change the verdict of the patterns before it (an
    /// exclusion while the path is kept, an exception while it is excluded); a pattern not tried counts as not
    /// matched, also for what the folder holds.</item>
    /// <item>An excluded folder is left out with all it holds, except that it is still walked (its own entry not
    /// sent) when an exception pattern names it or something under it (<see cref="ExceptionMayMatchUnder"/>).</item>
    /// </list>
    /// How one pattern matches one path: <see cref="IgnorePattern"/>.
    /// </summary>
    internal sealed class IgnoreMatcher
    {
        /// <summary>Error id of a pattern that is not well formed.</summary>
        internal const string ErrorId = "InvalidDockerIgnorePattern";

        private readonly List<IgnorePattern> _patterns = new List<IgnorePattern>();

        internal IgnoreMatcher(IEnumerable<string> patterns)
        {
            foreach (string line in patterns)
            {
                string text = DockerIgnore.TrimWhiteSpace(line);
                if (text.Length == 0)
                {
                    continue;
                }

                text = ContextPath.Clean(text);
                bool isException = text[0] == '!';
                if (isException)
                {
                    if (text.Length == 1)
                    {
                        throw new SpecException(ErrorId, line, "illegal exclusion pattern: \"!\"");
                    }

                    text = text.Substring(1);
                    HasExceptions = true;
                }

                string? error = IgnorePattern.SyntaxError(text);
                if (error is not null)
                {
                    throw new SpecException(ErrorId, line, "syntax error in pattern: " + error);
                }

                _patterns.Add(new IgnorePattern(text, isException));
            }
        }

        /// <summary>True when any pattern is an exception ("!...").</summary>
        internal bool HasExceptions { get; }

        /// <summary>The patterns, cleaned, in order.</summary>
        internal IReadOnlyList<IgnorePattern> Patterns => _patterns;

        /// <summary>
        /// The verdict on <paramref name="path"/> ("/"-separated, relative to the context).
        /// <paramref name="folder"/> is the verdict on the folder holding it, as a walk of the context has it at
        /// hand; null for a path at the top of the context, or to have the folders above the path matched first,
        /// top down.
        /// </summary>
        /// <exception cref="SpecException">A pattern that fails to compile when first tried (InvalidDockerIgnorePattern).</exception>
        internal IgnoreVerdict Match(string path, IgnoreVerdict? folder = null)
        {
            if (folder is null)
            {
                for (int slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
                {
                    folder = Decide(path.Substring(0, slash), folder, null);
                }
            }

            return Decide(path, folder, null);
        }

        /// <summary>
        /// The rule the CLI uses to decide whether to keep .dockerignore and the Dockerfile (see
        /// <see cref="DockerIgnore.KeepBuildFiles"/>), which differs from the walk's: no folder verdicts; a pattern
        /// of N names that does not match the path is also tried on the path's first N folder names, when the path
        /// sits in at least N folders. "." is never excluded.
        /// </summary>
        internal bool ExcludesBuildFile(string path)
        {
            path = ContextPath.Clean(path);
            if (path == ".")
            {
                return false;
            }

            string parent = ContextPath.Parent(path);
            return Decide(path, null, parent == "." ? null : parent.Split('/')).Excluded;
        }

        /// <summary>
        /// True when an exception pattern, as written, is <paramref name="folder"/> or starts with it and "/": then
        /// an excluded folder is still walked, since something under it may be kept.
        /// </summary>
        internal bool ExceptionMayMatchUnder(string folder)
        {
            string under = folder + "/";
            foreach (IgnorePattern pattern in _patterns)
            {
                if (pattern.IsException && (pattern.Text == folder || pattern.Text.StartsWith(under, StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            return false;
        }

        // The one pass over the patterns. folderNames: the build-file rule's folder names (null in a walk).
        private IgnoreVerdict Decide(string path, IgnoreVerdict? folder, string[]? folderNames)
        {
            var matched = new bool[_patterns.Count];
            bool excluded = false;
            for (int i = 0; i < _patterns.Count; i++)
            {
                IgnorePattern pattern = _patterns[i];
                bool hit = folder is not null && folder.Matched[i];
                if (!hit && pattern.IsException == excluded)
                {
                    hit = pattern.Matches(path)
                        || (folderNames is not null && pattern.NameCount <= folderNames.Length
                            && pattern.Matches(string.Join("/", folderNames, 0, pattern.NameCount)));
                }

                matched[i] = hit;
                if (hit)
                {
                    excluded = !pattern.IsException;
                }
            }

            return new IgnoreVerdict(excluded, matched);
        }
    }

    /// <summary>What the patterns say about one path: excluded or not, and which patterns matched it.</summary>
    internal sealed class IgnoreVerdict
    {
        internal IgnoreVerdict(bool excluded, bool[] matched)
        {
            Excluded = excluded;
            Matched = matched;
        }

        /// <summary>True when the path is left out of the context.</summary>
        internal bool Excluded { get; }

        /// <summary>Per pattern (in order): whether it matched the path (false for a pattern not tried).</summary>
        internal bool[] Matched { get; }
    }

    /// <summary>
    /// One cleaned .dockerignore pattern and how it matches a "/"-separated path. The pattern is read as tokens:
    /// <list type="table">
    /// <listheader><term>token</term><description>regular expression</description></listheader>
    /// <item><term>"**" (with the "/" after it, if any), last in the pattern</term><description>".*": anything, also "/"</description></item>
    /// <item><term>"**" (with the "/" after it, if any), elsewhere</term><description>"(.*/)?": any number of folders, none too</description></item>
    /// <item><term>"*"</term><description>"[^/]*": a run of characters without "/"</description></item>
    /// <item><term>"?"</term><description>"[^/]": one character but "/"</description></item>
    /// <item><term>"[" and "]"</term><description>as written: a class; "[^...]" negates it, "a-z" is a range (the characters
    /// in between go through this same table, so "*" or "?" inside a class is translated too, as docker does)</description></item>
    /// <item><term>"\" and the character after it</term><description>as written, a regular-expression escape: "\*" is a literal "*"</description></item>
    /// <item><term>". + ( ) | { } $"</term><description>escaped: literal</description></item>
    /// <item><term>any other character (including "^")</term><description>as written</description></item>
    /// </list>
    /// The expression must match the whole path (case-sensitive, ordinal); POSIX classes ("[:alpha:]" ...) are spelled
    /// out, since .NET does not know them. Patterns of plain characters need no expression:
    /// <list type="bullet">
    /// <item>No token but characters: the path must equal the pattern.</item>
    /// <item>Characters and a final "**": the path must start with the characters ("abc/**" does not match "abc").</item>
    /// <item>A leading "**" and characters: the path must end with the text after "**", or, when that text starts
    /// with "/", equal the rest ("**/a" matches "a", "x/a" and "xa/a" but not "xa").</item>
    /// </list>
    /// The expression is built when the pattern is first tried; one .NET refuses is a SpecException
    /// (InvalidDockerIgnorePattern) at that point.
    /// </summary>
    internal sealed class IgnorePattern
    {
        private enum TokenKind { Character, AnyFolders, AnyName, AnyCharacter, Bracket, Escape }

        private enum Form { Equal, StartsWith, EndsWith, Expression }

        private bool _compiled;
        private Form _form;
        private string _literal = "";
        private Regex? _expression;

        internal IgnorePattern(string text, bool isException)
        {
            Text = text;
            IsException = isException;
            NameCount = text.Split('/').Length;
        }

        /// <summary>The pattern after cleaning, without its "!".</summary>
        internal string Text { get; }

        /// <summary>True for an exception ("!pattern").</summary>
        internal bool IsException { get; }

        /// <summary>How many "/"-separated names the pattern has.</summary>
        internal int NameCount { get; }

        public override string ToString() => (IsException ? "!" : "") + Text;

        /// <summary>Whether <paramref name="path"/> ("/"-separated, relative to the context) matches the pattern itself.</summary>
        internal bool Matches(string path)
        {
            if (!_compiled)
            {
                Compile();
            }

            switch (_form)
            {
                case Form.Equal:
                    return path == _literal;
                case Form.StartsWith:
                    return path.StartsWith(_literal, StringComparison.Ordinal);
                case Form.EndsWith:
                    return path.EndsWith(_literal, StringComparison.Ordinal)
                        || (_literal.StartsWith("/", StringComparison.Ordinal) && path == _literal.Substring(1));
                default:
                    return _expression!.IsMatch(path);
            }
        }

        /// <summary>
        /// Why <paramref name="pattern"/> is not well formed, or null. Outside brackets every character stands for
        /// itself, but "\" needs a character after it. A class is "[", an optional "^", one or more items, "]"; an item
        /// is a character or a range "c-c"; such a character is anything but "-", "]" or "\", or "\" and any character.
        /// </summary>
        internal static string? SyntaxError(string pattern)
        {
            int at = 0;
            while (at < pattern.Length)
            {
                switch (pattern[at])
                {
                    case '\\':
                        if (at + 1 == pattern.Length)
                        {
                            return "a trailing \\ escapes nothing";
                        }

                        at += 2;
                        break;
                    case '[':
                        string? error = SkipClass(pattern, ref at);
                        if (error is not null)
                        {
                            return error;
                        }

                        break;
                    default:
                        at++;
                        break;
                }
            }

            return null;
        }

        // at: on the "["; on success, just after the closing "]".
        private static string? SkipClass(string pattern, ref int at)
        {
            at++;
            if (at < pattern.Length && pattern[at] == '^')
            {
                at++;
            }

            int items = 0;
            while (items == 0 || at >= pattern.Length || pattern[at] != ']')
            {
                if (!SkipClassCharacter(pattern, ref at))
                {
                    return "a character class is not closed or has an empty range";
                }

                if (at < pattern.Length && pattern[at] == '-')
                {
                    at++;
                    if (!SkipClassCharacter(pattern, ref at))
                    {
                        return "a character range is not complete";
                    }
                }

                items++;
            }

            at++;
            return null;
        }

        // One character of a class; false when there is none, or when nothing follows it (the class is not closed).
        private static bool SkipClassCharacter(string pattern, ref int at)
        {
            if (at >= pattern.Length || pattern[at] == '-' || pattern[at] == ']')
            {
                return false;
            }

            if (pattern[at] == '\\' && ++at >= pattern.Length)
            {
                return false;
            }

            at += char.IsHighSurrogate(pattern[at]) && at + 1 < pattern.Length ? 2 : 1;
            return at < pattern.Length;
        }

        private void Compile()
        {
            List<(TokenKind Kind, string Text)> tokens = Tokenize(Text);
            bool leadingAnyFolders = tokens.Count > 0 && tokens[0].Kind == TokenKind.AnyFolders;
            bool trailingAnyFolders = tokens.Count > 1 && tokens[tokens.Count - 1].Kind == TokenKind.AnyFolders;
            int from = leadingAnyFolders ? 1 : 0;
            int to = trailingAnyFolders && !leadingAnyFolders ? tokens.Count - 1 : tokens.Count;
            bool plain = true;
            var literal = new StringBuilder();
            for (int i = from; i < to; i++)
            {
                plain &= tokens[i].Kind == TokenKind.Character;
                literal.Append(tokens[i].Text);
            }

            if (plain && leadingAnyFolders)
            {
                _form = Form.EndsWith;
                _literal = Text.Substring(2);
            }
            else if (plain)
            {
                _form = trailingAnyFolders ? Form.StartsWith : Form.Equal;
                _literal = literal.ToString();
            }
            else
            {
                _form = Form.Expression;
                _expression = BuildExpression(tokens);
            }

            _compiled = true;
        }

        private static List<(TokenKind Kind, string Text)> Tokenize(string pattern)
        {
            var tokens = new List<(TokenKind, string)>();
            int at = 0;
            while (at < pattern.Length)
            {
                int start = at;
                char c = pattern[at++];
                TokenKind kind;
                switch (c)
                {
                    case '*':
                        kind = TokenKind.AnyName;
                        if (at < pattern.Length && pattern[at] == '*')
                        {
                            kind = TokenKind.AnyFolders;
                            at++;
                            if (at < pattern.Length && pattern[at] == '/')
                            {
                                at++;
                            }
                        }

                        break;
                    case '?':
                        kind = TokenKind.AnyCharacter;
                        break;
                    case '[':
                    case ']':
                        kind = TokenKind.Bracket;
                        break;
                    case '\\':
                        // A trailing "\" is refused by SyntaxError before a pattern is compiled.
                        kind = at < pattern.Length ? TokenKind.Escape : TokenKind.Character;
                        at = Math.Min(at + 1, pattern.Length);
                        break;
                    default:
                        kind = TokenKind.Character;
                        break;
                }

                tokens.Add((kind, pattern.Substring(start, at - start)));
            }

            return tokens;
        }

        private Regex BuildExpression(List<(TokenKind Kind, string Text)> tokens)
        {
            var expression = new StringBuilder("^");
            for (int i = 0; i < tokens.Count; i++)
            {
                (TokenKind kind, string text) = tokens[i];
                switch (kind)
                {
                    case TokenKind.AnyFolders:
                        expression.Append(i == tokens.Count - 1 ? ".*" : "(.*/)?");
                        break;
                    case TokenKind.AnyName:
                        expression.Append("[^/]*");
                        break;
                    case TokenKind.AnyCharacter:
                        expression.Append("[^/]");
                        break;
                    case TokenKind.Character when ".+()|{}$".IndexOf(text[0]) >= 0:
                        expression.Append('\\').Append(text);
                        break;
                    default:
                        expression.Append(text);
                        break;
                }
            }

            // "\z": the end of the path ("$" in .NET also matches before a final "\n").
            expression.Append("\\z");
            string spelledOut = expression.ToString();
            if (spelledOut.IndexOf("[:", StringComparison.Ordinal) >= 0)
            {
                foreach (KeyValuePair<string, string> posix in s_posixClasses)
                {
                    spelledOut = spelledOut.Replace(posix.Key, posix.Value);
                }
            }

            try
            {
                return new Regex(spelledOut, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw new SpecException(IgnoreMatcher.ErrorId, Text, "syntax error in pattern: " + e.Message);
            }
        }

        // POSIX classes, by their ASCII members.
        private static readonly Dictionary<string, string> s_posixClasses = new Dictionary<string, string>
        {
            ["[:alnum:]"] = "0-9A-Za-z",
            ["[:alpha:]"] = "A-Za-z",
            ["[:ascii:]"] = "\\x00-\\x7F",
            ["[:blank:]"] = "\\t ",
            ["[:cntrl:]"] = "\\x00-\\x1F\\x7F",
            ["[:digit:]"] = "0-9",
            ["[:graph:]"] = "!-~",
            ["[:lower:]"] = "a-z",
            ["[:print:]"] = " -~",
            ["[:punct:]"] = "!-/:-@\\[-`{-~",
            ["[:space:]"] = "\\t\\n\\v\\f\\r ",
            ["[:upper:]"] = "A-Z",
            ["[:word:]"] = "0-9A-Za-z_",
            ["[:xdigit:]"] = "0-9A-Fa-f",
        };
    }
}
