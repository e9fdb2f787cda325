namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// Executable names of the three programs. Each name also gives the default configuration
/// file, <c>&lt;name&gt;.yaml</c>; the original system's names are still read as a fallback
/// so that its users' files keep working.
/// </summary>
public static class RelayProgramNames
{
    /// <summary>The server's executable name.</summary>
    public const string Server = "grpcrelay-server";

    /// <summary>The forwarder's executable name.</summary>
    public const string Forwarder = "grpcrelay-forwarder";

    /// <summary>The endpoint's executable name.</summary>
    public const string Endpoint = "grpcrelay-endpoint";

    /// <summary>The program a name belongs to.</summary>
    /// <exception cref="ArgumentException">The name is not one of the three programs.</exception>
    public static RelayPrograms ToProgram(string programName) => programName switch
    {
        Server => RelayPrograms.Server,
        Forwarder => RelayPrograms.Forwarder,
        Endpoint => RelayPrograms.Endpoint,
        _ => throw new ArgumentException(
            $"'{programName}' is not a GrpcRelay program; expected {Server}, {Forwarder} or {Endpoint}.",
            nameof(programName)),
    };

    /// <summary>The executable name of one program.</summary>
    public static string Of(RelayPrograms program) => program switch
    {
        RelayPrograms.Server => Server,
        RelayPrograms.Forwarder => Forwarder,
        RelayPrograms.Endpoint => Endpoint,
        _ => throw new ArgumentOutOfRangeException(nameof(program), program, "Expected exactly one program."),
    };

    /// <summary>
    /// The original system's executable name of the same program: its default file was
    /// <c>&lt;name&gt;.yaml</c>, and its bundle script wrote files with these names.
    /// </summary>
    public static string OriginalNameOf(RelayPrograms program) => program switch
    {
        RelayPrograms.Server => "ssh-platform",
        RelayPrograms.Forwarder => "ssh-agent-forwarder",
        RelayPrograms.Endpoint => "ssh-agent-endpoint",
        _ => throw new ArgumentOutOfRangeException(nameof(program), program, "Expected exactly one program."),
    };
}
