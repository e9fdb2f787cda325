using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Server.Relay;

/// <summary>
/// A request from an endpoint on its way to a forwarder and back. Both streams count it as in
/// flight (so neither is closed as idle) until it is settled, exactly once.
/// </summary>
internal sealed class PendingRequest
{
    private ForwarderSession? _forwarder;
    private int _settled;

    public PendingRequest(EndpointSession endpoint, AgentPacket request)
    {
        Endpoint = endpoint;
        Request = request;
        endpoint.Lease.BeginRequest();
    }

    /// <summary>The endpoint waiting for the answer.</summary>
    public EndpointSession Endpoint { get; }

    /// <summary>The request as the endpoint signed it.</summary>
    public AgentPacket Request { get; }

    /// <summary>Cancels the request's timeout once it is settled.</summary>
    public IDisposable? Timeout { get; set; }

    /// <summary>The request now waits on <paramref name="forwarder"/>.</summary>
    public void AssignTo(ForwarderSession forwarder)
    {
        _forwarder = forwarder;
        forwarder.Lease.BeginRequest();
    }

    /// <summary>True exactly once: for whoever settles the request (reply, timeout or failure).</summary>
    public bool TrySettle()
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return false;
        }

        Timeout?.Dispose();
        Endpoint.Lease.EndRequest();
        _forwarder?.Lease.EndRequest();
        return true;
    }

    /// <summary>Tells the endpoint that this request will get no reply.</summary>
    public void Fail(FailureReason reason, string detail) =>
        Endpoint.Outbox.TryPost(new ConnectResponse
        {
            RequestFailure = new RequestFailure { RequestId = Request.RequestId, Nonce = Request.Nonce, Reason = reason, Detail = detail },
        });
}
