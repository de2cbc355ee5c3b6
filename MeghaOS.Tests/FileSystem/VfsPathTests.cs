// Path normalisation, table-driven: every spelling of a path the user can type and its canonical form.
namespace MeghaOS.Tests.FileSystem;

using System.Text;
using MeghaOS.FileSystem;
using Xunit;

public class VfsPathTests
{
    [Theory]
    [InlineData("/", "/", "/")]
    [InlineData("/", "a", "/a")]
    [InlineData("/", "/a/b", "/a/b")]
    [InlineData("/", "//a///b//", "/a/b")]
    [InlineData("/", "./a/./b/.", "/a/b")]
    [InlineData("/", "a/b/..", "/a")]
    [InlineData("/", "a/../..", "/")]
    [InlineData("/", "..", "/")]
    [InlineData("/", "/../../dev", "/dev")]
    [InlineData("/dev", "pab", "/dev/pab")]
    [InlineData("/dev", "..", "/")]
    [InlineData("/dev", "../sys/pmm", "/sys/pmm")]
    [InlineData("/dev", "/sys", "/sys")]
    [InlineData("/sys/pmm", "../../..", "/")]
    [InlineData("/sys/pmm", ".", "/sys/pmm")]
    [InlineData("/a", "...", "/a/...")]
    [InlineData("/a", ".hidden/..x", "/a/.hidden/..x")]
    public void NormalizeGivesTheCanonicalPath(string current, string path, string expected)
    {
        byte[] output = new byte[VfsPath.MaxPathLength];
        VfsStatus status = VfsPath.Normalize(Encoding.ASCII.GetBytes(current), Encoding.ASCII.GetBytes(path), output, out int length);
        Assert.Equal(VfsStatus.Success, status);
        Assert.Equal(expected, Encoding.ASCII.GetString(output, 0, length));
    }

    [Fact]
    public void EmptyPathIsInvalid()
    {
        byte[] output = new byte[VfsPath.MaxPathLength];
        Assert.Equal(VfsStatus.InvalidArgument, VfsPath.Normalize("/"u8, default, output, out _));
    }

    [Fact]
    public void NulByteIsInvalid()
    {
        byte[] output = new byte[VfsPath.MaxPathLength];
        Assert.Equal(VfsStatus.InvalidArgument, VfsPath.Normalize("/"u8, "a\0b"u8, output, out _));
    }

    [Fact]
    public void NameLongerThanTheLimitIsRefused()
    {
        byte[] output = new byte[VfsPath.MaxPathLength];
        string name = new string('n', VfsPath.MaxNameLength);
        Assert.Equal(VfsStatus.Success, VfsPath.Normalize("/"u8, Encoding.ASCII.GetBytes(name), output, out _));
        Assert.Equal(VfsStatus.NameTooLong, VfsPath.Normalize("/"u8, Encoding.ASCII.GetBytes(name + "n"), output, out _));
    }

    [Fact]
    public void PathLongerThanTheLimitIsRefused()
    {
        byte[] output = new byte[VfsPath.MaxPathLength];
        // 51 components of "/abcd" = 255 bytes fit; 52 (260 bytes) do not.
        string fits = string.Concat(System.Linq.Enumerable.Repeat("/abcd", 51));
        Assert.Equal(VfsStatus.Success, VfsPath.Normalize("/"u8, Encoding.ASCII.GetBytes(fits), output, out int length));
        Assert.Equal(255, length);
        Assert.Equal(VfsStatus.PathTooLong, VfsPath.Normalize("/"u8, Encoding.ASCII.GetBytes(fits + "/abcd"), output, out _));
    }

    [Fact]
    public void LongPathThatCollapsesIsFine()
    {
        byte[] output = new byte[VfsPath.MaxPathLength];
        string path = string.Concat(System.Linq.Enumerable.Repeat("/abcd/..", 200)) + "/x";
        Assert.Equal(VfsStatus.Success, VfsPath.Normalize("/"u8, Encoding.ASCII.GetBytes(path), output, out int length));
        Assert.Equal("/x", Encoding.ASCII.GetString(output, 0, length));
    }

    [Theory]
    [InlineData("/a", "/", "a")]
    [InlineData("/a/b/c", "/a/b", "c")]
    public void SplitLastGivesParentAndName(string path, string parent, string name)
    {
        Assert.True(VfsPath.SplitLast(Encoding.ASCII.GetBytes(path), out var p, out var n));
        Assert.Equal(parent, Encoding.ASCII.GetString(p));
        Assert.Equal(name, Encoding.ASCII.GetString(n));
    }

    [Fact]
    public void SplitLastOfRootFails()
    {
        Assert.False(VfsPath.SplitLast("/"u8, out _, out _));
    }

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", true)]
    [InlineData("/a/b", "/", true)]
    [InlineData("/", "/", true)]
    [InlineData("/ab", "/a", false)]
    [InlineData("/a", "/a/b", false)]
    [InlineData("/b/a", "/a", false)]
    public void IsWithinComparesWholeComponents(string path, string directory, bool within)
    {
        Assert.Equal(within, VfsPath.IsWithin(Encoding.ASCII.GetBytes(path), Encoding.ASCII.GetBytes(directory)));
    }
}
