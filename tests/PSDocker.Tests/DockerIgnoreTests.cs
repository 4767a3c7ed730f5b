using PSDocker.Specs;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// .dockerignore reading and matching, with the test vectors of Docker's own pattern matcher and .dockerignore
/// reader (the Linux cases), and the CLI's rule for keeping the Dockerfile and .dockerignore.
/// </summary>
public class DockerIgnoreTests
{
    public enum Expect { Fail, Exact, Inexact }

    public static TheoryData<string, string, Expect> MatchesTable => new()
    {
        { "**", "file", Expect.Exact },
        { "**", "file/", Expect.Exact },
        { "**/", "file", Expect.Exact },
        { "**/", "file/", Expect.Exact },
        { "**", "/", Expect.Exact },
        { "**/", "/", Expect.Exact },
        { "**", "dir/file", Expect.Exact },
        { "**/", "dir/file", Expect.Exact },
        { "**", "dir/file/", Expect.Exact },
        { "**/", "dir/file/", Expect.Exact },
        { "**/**", "dir/file", Expect.Exact },
        { "**/**", "dir/file/", Expect.Exact },
        { "dir/**", "dir/file", Expect.Exact },
        { "dir/**", "dir/file/", Expect.Exact },
        { "dir/**", "dir/dir2/file", Expect.Exact },
        { "dir/**", "dir/dir2/file/", Expect.Exact },
        { "**/dir", "dir", Expect.Exact },
        { "**/dir", "dir/file", Expect.Inexact },
        { "**/dir2/*", "dir/dir2/file", Expect.Exact },
        { "**/dir2/*", "dir/dir2/file/", Expect.Inexact },
        { "**/dir2/**", "dir/dir2/dir3/file", Expect.Exact },
        { "**/dir2/**", "dir/dir2/dir3/file/", Expect.Exact },
        { "**file", "file", Expect.Exact },
        { "**file", "dir/file", Expect.Exact },
        { "**/file", "dir/file", Expect.Exact },
        { "**file", "dir/dir/file", Expect.Exact },
        { "**/file", "dir/dir/file", Expect.Exact },
        { "**/file*", "dir/dir/file", Expect.Exact },
        { "**/file*", "dir/dir/file.txt", Expect.Exact },
        { "**/file*txt", "dir/dir/file.txt", Expect.Exact },
        { "**/file*.txt", "dir/dir/file.txt", Expect.Exact },
        { "**/file*.txt*", "dir/dir/file.txt", Expect.Exact },
        { "**/**/*.txt", "dir/dir/file.txt", Expect.Exact },
        { "**/**/*.txt2", "dir/dir/file.txt", Expect.Fail },
        { "**/*.txt", "file.txt", Expect.Exact },
        { "**/**/*.txt", "file.txt", Expect.Exact },
        { "a**/*.txt", "a/file.txt", Expect.Exact },
        { "a**/*.txt", "a/dir/file.txt", Expect.Exact },
        { "a**/*.txt", "a/dir/dir/file.txt", Expect.Exact },
        { "a/*.txt", "a/dir/file.txt", Expect.Fail },
        { "a/*.txt", "a/file.txt", Expect.Exact },
        { "a/*.txt**", "a/file.txt", Expect.Exact },
        { "a[b-d]e", "ae", Expect.Fail },
        { "a[b-d]e", "ace", Expect.Exact },
        { "a[b-d]e", "aae", Expect.Fail },
        { "a[^b-d]e", "aze", Expect.Exact },
        { ".*", ".foo", Expect.Exact },
        { ".*", "foo", Expect.Fail },
        { "abc.def", "abcdef", Expect.Fail },
        { "abc.def", "abc.def", Expect.Exact },
        { "abc.def", "abcZdef", Expect.Fail },
        { "abc?def", "abcZdef", Expect.Exact },
        { "abc?def", "abcdef", Expect.Fail },
        { "**/foo/bar", "foo/bar", Expect.Exact },
        { "**/foo/bar", "dir/foo/bar", Expect.Exact },
        { "**/foo/bar", "dir/dir2/foo/bar", Expect.Exact },
        { "abc/**", "abc", Expect.Fail },
        { "abc/**", "abc/def", Expect.Exact },
        { "abc/**", "abc/def/ghi", Expect.Exact },
        { "**/.foo", ".foo", Expect.Exact },
        { "**/.foo", "bar.foo", Expect.Fail },
        { "a(b)c/def", "a(b)c/def", Expect.Exact },
        { "a(b)c/def", "a(b)c/xyz", Expect.Fail },
        { "a.|)$(}+{bc", "a.|)$(}+{bc", Expect.Exact },
        { "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", Expect.Exact },
        { "dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", Expect.Exact },
        { "a\\\\", "a\\", Expect.Exact },
        { "a\\*b", "a*b", Expect.Exact },
    };

    // Exact: the pattern itself matches the path; Inexact: it matches one of the folders above the path.
    [Theory]
    [MemberData(nameof(MatchesTable))]
    public void PatternMatchesThePathItself(string pattern, string text, Expect expect)
    {
        var matcher = new IgnoreMatcher(new[] { pattern });
        Assert.Equal(expect == Expect.Exact, matcher.Patterns[0].Matches(text));
    }

    [Theory]
    [MemberData(nameof(MatchesTable))]
    public void PathOrAFolderAboveItIsExcluded(string pattern, string text, Expect expect) =>
        Assert.Equal(expect != Expect.Fail, new IgnoreMatcher(new[] { pattern }).Match(text).Excluded);

    [Theory]
    [MemberData(nameof(MatchesTable))]
    public void FolderVerdictsHandedDownAsInAWalk(string pattern, string text, Expect expect) =>
        Assert.Equal(expect != Expect.Fail, Walk(new IgnoreMatcher(new[] { pattern }), text));

    public static TheoryData<string[], string, bool> MultiPatternTable => new()
    {
        { new[] { "**", "!util/docker/web" }, "util/docker/web/foo", false },
        { new[] { "**", "!util/docker/web", "util/docker/web/foo" }, "util/docker/web/foo", true },
        { new[] { "**", "!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl" }, "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false },
        { new[] { "**", "!dist/*.whl" }, "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false },
    };

    [Theory]
    [MemberData(nameof(MultiPatternTable))]
    public void MultiplePatterns(string[] patterns, string text, bool excluded)
    {
        var matcher = new IgnoreMatcher(patterns);
        Assert.Equal(excluded, matcher.Match(text).Excluded);
        Assert.Equal(excluded, Walk(matcher, text));
    }

    // Go's filepath.Match vectors, through the rule the CLI uses to keep the Dockerfile and .dockerignore.
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("*", "abc", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "abc", true)]
    [InlineData("a*", "ab/c", true)]
    [InlineData("a*/b", "abc/b", true)]
    [InlineData("a*/b", "a/c/b", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzx", true)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzy", false)]
    [InlineData("ab[c]", "abc", true)]
    [InlineData("ab[b-d]", "abc", true)]
    [InlineData("ab[e-g]", "abc", false)]
    [InlineData("ab[^c]", "abc", false)]
    [InlineData("ab[^b-d]", "abc", false)]
    [InlineData("ab[^e-g]", "abc", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "ab", false)]
    [InlineData("a?b", "a☺b", true)]
    [InlineData("a[^a]b", "a☺b", true)]
    [InlineData("a???b", "a☺b", false)]
    [InlineData("a[^a][^a][^a]b", "a☺b", false)]
    [InlineData("[a-ζ]*", "α", true)]
    [InlineData("*[a-ζ]", "A", false)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("a*b", "a/b", false)]
    [InlineData("[\\]a]", "]", true)]
    [InlineData("[\\-]", "-", true)]
    [InlineData("[x\\-]", "x", true)]
    [InlineData("[x\\-]", "-", true)]
    [InlineData("[x\\-]", "z", false)]
    [InlineData("[\\-x]", "x", true)]
    [InlineData("[\\-x]", "-", true)]
    [InlineData("[\\-x]", "a", false)]
    [InlineData("*x", "xxx", true)]
    public void BuildFileRule(string pattern, string text, bool match) =>
        Assert.Equal(match, new IgnoreMatcher(new[] { pattern }).ExcludesBuildFile(text));

    [Theory]
    [InlineData("[]a]")]
    [InlineData("[-]")]
    [InlineData("[x-]")]
    [InlineData("[-x]")]
    [InlineData("\\")]
    [InlineData("[a-b-c]")]
    [InlineData("[")]
    [InlineData("[^")]
    [InlineData("[^bc")]
    [InlineData("a[")]
    [InlineData("!")]
    public void MalformedPatternsAreRefused(string pattern)
    {
        SpecException e = Assert.Throws<SpecException>(() => new IgnoreMatcher(new[] { pattern }));
        Assert.Equal("InvalidDockerIgnorePattern", e.ErrorId);
    }

    [Fact]
    public void ReadAllFollowsIgnorefile()
    {
        const string content = "\uFEFFtest1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ";
        Assert.Equal(new[] { "test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "!", "!" }, DockerIgnore.ReadAll(content));
    }

    [Theory]
    [InlineData("a\r\nb\r\n", new[] { "a", "b" })]
    [InlineData("a\rb\n", new[] { "a\rb" })]
    [InlineData("a\r\r\nb", new[] { "a", "b" })]
    [InlineData("\r\n#c\r\n\r\n!x\r", new[] { "!x" })]
    public void LinesEndAtNewlineOnly(string content, string[] expected) =>
        Assert.Equal(expected, DockerIgnore.ReadAll(content));

    [Theory]
    [InlineData(new[] { "deep", "!deep/*/b/c" }, "deep", true)]
    [InlineData(new[] { "deep", "!deep" }, "deep", true)]
    [InlineData(new[] { "deep", "!deeper/x" }, "deep", false)]
    [InlineData(new[] { "deep", "!*/b" }, "deep", false)]
    [InlineData(new[] { "deep", "deep/x" }, "deep", false)]
    [InlineData(new[] { "a/b", "!a/b/c" }, "a", true)]
    public void ExcludedFolderIsWalkedWhenAnExceptionNamesSomethingUnderIt(string[] patterns, string folder, bool walked) =>
        Assert.Equal(walked, new IgnoreMatcher(patterns).ExceptionMayMatchUnder(folder));

    [Fact]
    public void AFolderMatchCarriesToWhatItHolds()
    {
        var matcher = new IgnoreMatcher(new[] { "build", "!build/keep.txt" });
        IgnoreVerdict folder = matcher.Match("build", null);
        Assert.True(folder.Excluded);
        Assert.True(matcher.Match("build/out.bin", folder).Excluded);
        Assert.False(matcher.Match("build/keep.txt", folder).Excluded);
        Assert.Equal(new[] { true, false }, folder.Matched);
    }

    // docker build sends f/x here: the second "f" is not tried on the excluded folder, so it does not carry down.
    [Fact]
    public void APatternNotTriedOnTheFolderDoesNotCarryDown()
    {
        var matcher = new IgnoreMatcher(new[] { "f", "!f/x", "f" });
        IgnoreVerdict folder = matcher.Match("f", null);
        Assert.Equal(new[] { true, false, false }, folder.Matched);
        Assert.False(matcher.Match("f/x", folder).Excluded);
        Assert.True(matcher.Match("f/y", folder).Excluded);
    }

    [Theory]
    [InlineData("./a//b/", "a/b")]
    [InlineData("a/../b", "b")]
    [InlineData("../x", "../x")]
    [InlineData("/", "/")]
    [InlineData("  *.log   ", "*.log")]
    [InlineData(" # not a comment", "# not a comment")]
    [InlineData("!  ./keep/ ", "!keep")]
    [InlineData("/../a", "a")]
    [InlineData(".", ".")]
    public void ReadAllCleansPatterns(string line, string expected)
    {
        Assert.Equal(new[] { expected }, DockerIgnore.ReadAll(line));
    }

    [Theory]
    [InlineData(new[] { "Dockerfile" }, "Dockerfile", new[] { "Dockerfile", "!Dockerfile" })]
    [InlineData(new[] { "*" }, "Dockerfile", new[] { "*", "!.dockerignore", "!Dockerfile" })]
    [InlineData(new[] { "build" }, "build/Dockerfile", new[] { "build", "!build/Dockerfile" })]
    [InlineData(new[] { "*.md" }, "Dockerfile", new[] { "*.md" })]
    [InlineData(new[] { ".dockerignore" }, "Dockerfile", new[] { ".dockerignore", "!.dockerignore" })]
    public void TheBuildFilesAreKept(string[] patterns, string dockerfile, string[] expected) =>
        Assert.Equal(expected, DockerIgnore.KeepBuildFiles(new List<string>(patterns), dockerfile));

    // As BuildContext walks: each folder's verdict handed to the next path down (null at the top).
    private static bool Walk(IgnoreMatcher matcher, string text)
    {
        IgnoreVerdict? folder = null;
        for (int slash = text.IndexOf('/'); slash >= 0; slash = text.IndexOf('/', slash + 1))
        {
            folder = matcher.Match(text.Substring(0, slash), folder);
        }

        return matcher.Match(text, folder).Excluded;
    }
}
