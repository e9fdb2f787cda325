using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

[UnsupportedOSPlatform("windows")]
public sealed class TempDirectoryTests
{
    [Fact]
    public void Create_Default_ShortPrivateDirectoryUnderTmp()
    {
        using var directory = TempDirectory.Create();

        Assert.StartsWith("/tmp/gr-", directory.Path, StringComparison.Ordinal);
        Assert.True(directory.Path.Length <= 20, directory.Path);
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(directory.Path));
    }

    [Fact]
    public void Dispose_WithNestedFiles_RemovesEverything()
    {
        var directory = TempDirectory.Create();
        Directory.CreateDirectory(directory.Combine("a", "b"));
        File.WriteAllText(directory.Combine("a", "b", "c.txt"), "x");

        directory.Dispose();

        Assert.False(Directory.Exists(directory.Path));
    }

    [Fact]
    public void Dispose_Twice_DoesNotThrow()
    {
        var directory = TempDirectory.Create();

        directory.Dispose();
        directory.Dispose();

        Assert.False(Directory.Exists(directory.Path));
    }
}
