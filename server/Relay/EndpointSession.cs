using GrpcRelay.Server.Policies;

namespace GrpcRelay.Server.Relay;

/// <summary>One connected endpoint: where its replies and failures are posted.</summary>
internal sealed class EndpointSession(StreamLease lease, string subject)
{
    /// <summary>The endpoint's key owner id.</summary>
    public string Uuid => lease.Uuid;

    /// <summary>The endpoint's stream, as the server's policies see it.</summary>
    public StreamLease Lease => lease;

    /// <summary>The subject of the endpoint's client certificate, for audit records.</summary>
    public string Subject => subject;

    /// <summary>Frames on their way to the endpoint.</summary>
    public Outbox Outbox { get; } = new();
}
