namespace GrpcRelay.Protocol.Client;

/// <summary>
/// The server closed this client's stream because a newer client of the same uuid and role
/// connected (newest wins). The program stops instead of reconnecting, so that two
/// forwarders never take a user's requests from each other in turn.
/// </summary>
public sealed class ReplacedByNewerClientException()
    : Exception("stopped: another forwarder of this uuid connected to the server and took over (newest wins). " +
                "Only one forwarder per uuid can serve at a time; stop the other one, then start this one again.");
