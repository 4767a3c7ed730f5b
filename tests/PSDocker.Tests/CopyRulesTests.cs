using System;
using System.IO;
using System.Linq;
using PSDocker.Specs;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// docker cp's path rules as pure functions: the CLI's splitCpArg, moby's path helpers (Go's path.Clean, Base, Dir,
/// PreserveTrailingDotOrSeparator, SplitPathDirEntry), PrepareArchiveCopy's table and RebaseArchiveEntries' renaming.
/// Expected values are those of the Go functions (and of docker cp for the same paths).
/// </summary>
public class CopyRulesTests
{
    [Theory]
    [InlineData("web:/www", "web", "/www")]
    [InlineData("web:", "web", "")]
    [InlineData("web:relative/dir", "web", "relative/dir")]
    [InlineData("web:/a:b", "web", "/a:b")]
    [InlineData("./file:name.txt", null, "./file:name.txt")]
    [InlineData("../a:b", null, "../a:b")]
    [InlineData("/abs/with:colon", null, "/abs/with:colon")]
    [InlineData("site", null, "site")]
    [InlineData("host0/cname:/x", "host0/cname", "/x")]
    public void Splits_CONTAINER_PATH_as_the_docker_CLI_does_on_unix(string arg, string? container, string path)
    {
        CopyPathSpec spec = CopyPathSpec.Parse(arg, windows: false);
        Assert.Equal(container, spec.Container);
        Assert.Equal(path, spec.Path);
    }

    [Theory]
    [InlineData(@"C:\site", null, @"C:\site")]
    [InlineData("C:/site", null, "C:/site")]
    [InlineData(@"\share\x:y", null, @"\share\x:y")]
    [InlineData("web:/www", "web", "/www")]
    [InlineData("C:site", "C", "site")]
    public void Takes_Windows_absolute_paths_as_local(string arg, string? container, string path)
    {
        CopyPathSpec spec = CopyPathSpec.Parse(arg, windows: true);
        Assert.Equal(container, spec.Container);
        Assert.Equal(path, spec.Path);
    }

    [Theory]
    [InlineData("", ".")]
    [InlineData("/", "/")]
    [InlineData("a/b/../c", "a/c")]
    [InlineData("/../a", "/a")]
    [InlineData("../../a", "../../a")]
    [InlineData("a//b/./", "a/b")]
    [InlineData("a/..", ".")]
    public void Clean_is_Go_path_Clean(string path, string expected) => Assert.Equal(expected, CopyRules.Clean(path));

    [Theory]
    [InlineData("/a/b", "/a", "b")]
    [InlineData("/a/b/", "/a", "b")]
    [InlineData("/a/b/.", "/a/b", ".")]
    [InlineData("/a/b/./", "/a/b", ".")]
    [InlineData("b", ".", "b")]
    [InlineData("/", "/", "/")]
    public void SplitPathDirEntry_keeps_a_final_dot(string path, string dir, string @base)
    {
        Assert.Equal((dir, @base), CopyRules.SplitPathDirEntry(path));
    }

    [Theory]
    [InlineData("/a/b", "a/b/", "/a/b/")]
    [InlineData("/a/b", "a/b/.", "/a/b/.")]
    [InlineData("/", "/.", "/.")]
    [InlineData("/a/b", "a/b", "/a/b")]
    public void Trailing_dot_or_separator_is_put_back(string cleaned, string original, string expected) =>
        Assert.Equal(expected, CopyRules.PreserveTrailingDotOrSeparator(cleaned, original));

    [Theory]
    [InlineData("srcdir/", "srcdir", "www", "www/")]
    [InlineData("srcdir/f.txt", "srcdir", "www", "www/f.txt")]
    [InlineData("./", ".", "www", "www/")]
    [InlineData("./file.txt", ".", "www", "www/file.txt")]
    [InlineData("etc/hosts", "/", "x", "xetc/hosts")]
    [InlineData("a/a", "a", "b", "b/a")]
    public void Rebase_replaces_the_first_occurrence_as_RebaseArchiveEntries(string name, string oldBase, string newBase, string expected) =>
        Assert.Equal(expected, CopyRules.Rebase(name, oldBase, newBase));

    [Theory]
    [InlineData("srcdir", "", true, "", "srcdir/")]
    [InlineData("srcdir", "sub/g.txt", false, "", "srcdir/sub/g.txt")]
    [InlineData(".", "", true, "", "./")]
    [InlineData(".", "f.txt", false, "", "./f.txt")]
    [InlineData("real", "f.txt", false, "link", "link/f.txt")]
    [InlineData("a.txt", "", false, "", "a.txt")]
    public void Source_entries_are_named_as_TarResourceRebase_names_them(string @base, string relative, bool dir, string rebase, string expected) =>
        Assert.Equal(expected, CopyRules.SourceEntryName(@base, relative, dir, rebase));

    // PrepareArchiveCopy's table: source (path, is a folder), destination (path, exists, is a folder) -> where the
    // archive is extracted and what its first element becomes, or the error id.
    [Theory]
    [InlineData("/l/src.txt", false, "/www", true, true, "/www", "", "")]
    [InlineData("/l/src.txt", false, "/www/f", true, false, "/www", "src.txt", "f")]
    [InlineData("/l/src.txt", false, "/www/new", false, false, "/www", "src.txt", "new")]
    [InlineData("/l/src.txt", false, "/www/new/", false, false, "", "", CopyRules.NotDirectoryErrorId)]
    [InlineData("/l/src.txt", false, "/www/new/.", false, false, "", "", CopyRules.NotDirectoryErrorId)]
    [InlineData("/l/srcdir", true, "/www", true, true, "/www", "", "")]
    [InlineData("/l/srcdir", true, "/www/f", true, false, "", "", CopyRules.CannotCopyDirErrorId)]
    [InlineData("/l/srcdir", true, "/www/new", false, false, "/www", "srcdir", "new")]
    [InlineData("/l/srcdir", true, "/www/new/", false, false, "/www", "srcdir", "new")]
    [InlineData("/l/srcdir/.", true, "/www/new", false, false, "/www", ".", "new")]
    [InlineData("/l/srcdir/.", true, "/www", true, true, "/www", "", "")]
    public void Prepare_follows_PrepareArchiveCopy(string src, bool srcDir, string dst, bool dstExists, bool dstDir,
        string extractTo, string oldBase, string expectedOrError)
    {
        var source = new CopyInfo(src, true, srcDir);
        var destination = new CopyInfo(dst, dstExists, dstDir);
        if (expectedOrError == CopyRules.NotDirectoryErrorId || expectedOrError == CopyRules.CannotCopyDirErrorId)
        {
            CopyRuleException e = Assert.Throws<CopyRuleException>(() => CopyRules.Prepare(source, destination));
            Assert.Equal(expectedOrError, e.ErrorId);
            return;
        }

        CopyPlan plan = CopyRules.Prepare(source, destination);
        Assert.Equal(extractTo, plan.ExtractTo);
        Assert.Equal(oldBase.Length == 0 ? null : oldBase, plan.OldBase);
        Assert.Equal(expectedOrError.Length == 0 ? null : expectedOrError, plan.NewBase);
    }

    [Fact]
    public void A_link_rebase_name_wins_over_the_source_base()
    {
        CopyPlan plan = CopyRules.Prepare(new CopyInfo("/l/real/", true, true, "link"), new CopyInfo("/www/new", false, false));
        Assert.Equal("link", plan.OldBase);
        Assert.Equal("new/f.txt", plan.Rename("link/f.txt"));
    }

    [Theory]
    [InlineData("/a/link", "/a/real", "/a/real", "link")]
    [InlineData("/a/link/", "/a/real", "/a/real/", "link")]
    [InlineData("/a/link/.", "/a/real", "/a/real/.", "")]
    [InlineData("/a/same", "/b/same", "/b/same", "")]
    public void GetRebaseName_names_entries_after_the_link(string path, string resolved, string expectedPath, string expectedName) =>
        Assert.Equal((expectedPath, expectedName), CopyRules.GetRebaseName(path, resolved));

    [Theory]
    [InlineData("a/b", true)]
    [InlineData("./a", true)]
    [InlineData("/etc/passwd", true)]
    [InlineData("../x", false)]
    [InlineData("a/../../x", false)]
    [InlineData("..", false)]
    public void Entries_leading_outside_are_refused(string name, bool inside) => Assert.Equal(inside, CopyRules.StaysInside(name));

    [Theory]
    [InlineData("a/link", "b", true)]
    [InlineData("a/link", "../b", true)]
    [InlineData("a/link", "../../b", false)]
    [InlineData("link", "..", false)]
    [InlineData("link", "/etc/hosts", true)]
    public void Links_pointing_outside_are_refused_as_docker_refuses_them(string name, string target, bool inside) =>
        Assert.Equal(inside, CopyRules.LinkStaysInside(name, target));

    [Theory]
    [InlineData(0x800001EDu, "drwxr-xr-x")]
    [InlineData(0x1A4u, "-rw-r--r--")]
    [InlineData(0x080001FFu, "lrwxrwxrwx")]
    [InlineData(0x008001EDu, "-rwsr-xr-x")]
    [InlineData(0x801001FFu, "drwxrwxrwt")]
    public void Go_file_modes_read_as_ls_shows_them(uint mode, string expected) => Assert.Equal(expected, ModelMapper.FileModeText(mode));

    [Fact]
    public void Local_paths_keep_their_trailing_slash_or_dot()
    {
        Func<string, string> resolve = p => LocationPaths.Resolve(p, "/base");
        Assert.Equal("/base/site/", LocalCopyPaths.Absolute("site/", resolve));
        Assert.Equal("/base/site/.", LocalCopyPaths.Absolute("site/.", resolve));
        Assert.Equal("/base/site", LocalCopyPaths.Absolute("./site", resolve));
    }

    [Fact]
    public void A_missing_local_source_is_PathNotFound_naming_it()
    {
        string missing = Path.Combine(Path.GetTempPath(), "psdc-" + Guid.NewGuid().ToString("n"));
        PSDockerException e = Assert.Throws<PSDockerException>(() => LocalCopyPaths.SourceInfo(missing, false, "./nothing"));
        Assert.Equal(LocalCopyPaths.PathNotFoundErrorId, e.ErrorId);
        Assert.Contains("./nothing", e.Message);
    }

    [Fact]
    public void A_local_tree_round_trips_through_the_tar_writer_and_the_extractor()
    {
        string root = Path.Combine(Path.GetTempPath(), "psdc-" + Guid.NewGuid().ToString("n"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "src", "sub"));
            Directory.CreateDirectory(Path.Combine(root, "src", "empty"));
            Directory.CreateDirectory(Path.Combine(root, "out"));
            File.WriteAllText(Path.Combine(root, "src", "sub", "f.txt"), "content");
            var stamp = new DateTime(2021, 2, 3, 4, 5, 6, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(Path.Combine(root, "src", "sub", "f.txt"), stamp);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(root, "src", "sub", "f.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.CreateSymbolicLink(Path.Combine(root, "src", "link"), "sub/f.txt");
            }

            string src = LocalCopyPaths.ToSlash(Path.Combine(root, "src"));
            CopyInfo info = LocalCopyPaths.SourceInfo(src, false, src);
            CopyPlan plan = CopyRules.Prepare(info, new CopyInfo(LocalCopyPaths.ToSlash(Path.Combine(root, "out", "copy")), false, false));
            var tar = new MemoryStream();
            using (ITarSink sink = TarSink.Create(tar))
            {
                new LocalCopySource(info, plan).WriteTo(sink, default);
                sink.Finish();
            }

            tar.Position = 0;
            new TarExtractor(plan.ExtractTo, plan.Rename, _ => { }).Extract(tar, default);
            string copied = Path.Combine(root, "out", "copy", "sub", "f.txt");
            Assert.Equal("content", File.ReadAllText(copied));
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(copied));
            Assert.True(Directory.Exists(Path.Combine(root, "out", "copy", "empty")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copied));
                Assert.Equal("sub/f.txt", new FileInfo(Path.Combine(root, "out", "copy", "link")).LinkTarget);
            }
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void An_entry_leaving_the_destination_is_refused_before_it_is_written()
    {
        string root = Path.Combine(Path.GetTempPath(), "psdc-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        try
        {
            var tar = new MemoryStream();
            using (ITarSink sink = TarSink.Create(tar))
            {
                sink.AddSymbolicLink("evil", "../../outside", 0x1FF, DateTimeOffset.UtcNow);
                sink.Finish();
            }

            tar.Position = 0;
            PSDockerException e = Assert.Throws<PSDockerException>(() =>
                new TarExtractor(LocalCopyPaths.ToSlash(root), n => n, _ => { }).Extract(tar, default));
            Assert.Equal(TarExtractor.OutsideErrorId, e.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(root));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void A_file_cut_short_leaves_the_existing_one_and_no_partial_file_and_a_whole_one_replaces_it()
    {
        string root = Path.Combine(Path.GetTempPath(), "psdc-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(root);
        try
        {
            string target = Path.Combine(root, "f.bin");
            File.WriteAllText(target, "old content");
            var content = new byte[1 << 20];
            new Random(7).NextBytes(content);
            var tar = new MemoryStream();
            using (ITarSink sink = TarSink.Create(tar))
            {
                sink.AddFile("f.bin", 0x1A4, DateTimeOffset.UtcNow, new MemoryStream(content), content.Length);
                sink.Finish();
            }

            // The response ends in the middle of the file's data, as when the engine or the connection goes away.
            var cut = new MemoryStream(tar.ToArray(), 0, 600_000);
            Assert.ThrowsAny<Exception>(() => new TarExtractor(LocalCopyPaths.ToSlash(root), n => n, _ => { }).Extract(cut, default));
            Assert.Equal("old content", File.ReadAllText(target));
            Assert.Equal(new[] { "f.bin" }, Directory.GetFileSystemEntries(root).Select(Path.GetFileName).ToArray());

            tar.Position = 0;
            new TarExtractor(LocalCopyPaths.ToSlash(root), n => n, _ => { }).Extract(tar, default);
            Assert.Equal(content, File.ReadAllBytes(target));
            Assert.Equal(new[] { "f.bin" }, Directory.GetFileSystemEntries(root).Select(Path.GetFileName).ToArray());
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
