namespace GrpcRelay.Endpoint.LocalAgent;

/// <summary>Where the endpoint's agent socket lives, with the names the original system uses.</summary>
internal sealed record SocketLocation(string Directory)
{
    /// <summary>The socket's file name.</summary>
    public const string SocketName = "agent-endpoint.sock";

    /// <summary>The socket path to put in SSH_AUTH_SOCK.</summary>
    public string SocketPath => Path.Combine(Directory, SocketName);

    /// <summary>An empty file that appears once the socket accepts connections.</summary>
    public string ReadyPath => SocketPath + ".ready";

    /// <summary>socket_dir if set; else $XDG_RUNTIME_DIR; else ~/.agent-endpoint; else /tmp.</summary>
    public static SocketLocation Resolve(string? socketDir, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(socketDir))
        {
            return new SocketLocation(socketDir);
        }

        if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtime)
        {
            return new SocketLocation(runtime);
        }

        return environment("HOME") is { Length: > 0 } home
            ? new SocketLocation(Path.Combine(home, ".agent-endpoint"))
            : new SocketLocation("/tmp");
    }
}
