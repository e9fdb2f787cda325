namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// The three programs, as flags so that one value can say which programs use a setting.
/// </summary>
[Flags]
public enum RelayPrograms
{
    /// <summary>No program.</summary>
    None = 0,

    /// <summary><c>grpcrelay-server</c>: the relay in the middle.</summary>
    Server = 1,

    /// <summary><c>grpcrelay-forwarder</c>: beside the user's ssh-agent.</summary>
    Forwarder = 2,

    /// <summary><c>grpcrelay-endpoint</c>: where the work happens; serves an agent socket.</summary>
    Endpoint = 4,

    /// <summary>Forwarder and endpoint, the two programs that dial the server.</summary>
    Clients = Forwarder | Endpoint,

    /// <summary>All three programs.</summary>
    All = Server | Clients,
}
