using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// A private (0700) directory directly under <c>/tmp</c> that deletes itself with everything in it.
/// </summary>
/// <remarks>
/// Not under <see cref="Path.GetTempPath"/>: <c>$TMPDIR</c> can be long, and a Unix socket path
/// must fit in <c>sockaddr_un.sun_path</c> (108 bytes with its terminator), so sockets of
/// ssh-agent, sshd and our endpoint need a short folder.
/// </remarks>
[UnsupportedOSPlatform("windows")]
internal sealed class TempDirectory : IDisposable
{
    private const string Root = "/tmp";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private TempDirectory(string path) => Path = path;

    /// <summary>Absolute path of the directory, for example <c>/tmp/gr-k3x9q2ab</c>.</summary>
    public string Path { get; }

    /// <summary>Creates a new, empty directory only the current user can enter.</summary>
    public static TempDirectory Create(string prefix = "gr-")
    {
        while (true)
        {
            // 36^8 names: a clash is so unlikely that checking first is enough.
            var path = System.IO.Path.Combine(Root, prefix + RandomNumberGenerator.GetString(Alphabet, 8));
            if (!Directory.Exists(path) && !File.Exists(path))
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return new TempDirectory(path);
            }
        }
    }

    /// <summary>The path of <paramref name="name"/> inside this directory (nothing is created).</summary>
    public string Combine(params string[] name) => System.IO.Path.Combine([Path, .. name]);

    /// <summary>Deletes the directory and everything in it; a directory already gone is fine.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
