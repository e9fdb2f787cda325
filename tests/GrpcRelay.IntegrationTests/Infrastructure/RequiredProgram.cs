namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// Finds the external programs real-process tests need, and skips the test (with the reason in
/// the test report) where one is not installed, instead of failing on a machine without it.
/// </summary>
internal static class RequiredProgram
{
    // sbin folders are often missing from a normal user's PATH, but sshd lives there.
    private static readonly string[] _extraFolders = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    /// <summary>The absolute path of <paramref name="name"/>; skips the running test when it is not installed.</summary>
    public static string Find(string name)
    {
        var path = TryFind(name);
        if (path is null)
        {
            Assert.Skip($"'{name}' is not installed (not on PATH nor in {string.Join(", ", _extraFolders)}).");
        }

        return path;
    }

    /// <summary>The absolute path of <paramref name="name"/>, or null when it is not installed.</summary>
    public static string? TryFind(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(_extraFolders);
        return folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }
}
