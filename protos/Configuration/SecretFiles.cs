namespace GrpcRelay.Protocol.Configuration;

/// <summary>Files that hold secrets (tokens, passwords) must be readable by their owner only.</summary>
public static class SecretFiles
{
    /// <summary>True when users other than the owner may read <paramref name="path"/>.</summary>
    public static bool IsReadableByOthers(string path) =>
        !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
}
