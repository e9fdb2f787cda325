using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Server.Relay;

/// <summary>A request sent to a forwarder and not yet answered.</summary>
internal sealed class PendingRequest(EndpointSession endpoint, AgentPacket request) : IDisposable
{
    private int _settled;

    /// <summary>The endpoint waiting for the answer.</summary>
    public EndpointSession Endpoint => endpoint;

    /// <summary>The request as the endpoint signed it.</summary>
    public AgentPacket Request => request;

    /// <summary>Cancels the request's timeout once it is settled.</summary>
    public IDisposable? Timeout { get; set; }

    /// <summary>True exactly once: for whoever settles the request (reply, timeout or failure).</summary>
    public bool TrySettle()
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return false;
        }

        Timeout?.Dispose();
        return true;
    }

    /// <summary>Tells the endpoint that this request will get no reply.</summary>
    public void Fail(FailureReason reason, string detail) =>
        endpoint.Outbox.TryPost(new ConnectResponse
        {
            RequestFailure = new RequestFailure { RequestId = request.RequestId, Nonce = request.Nonce, Reason = reason, Detail = detail },
        });

    public void Dispose() => Timeout?.Dispose();
}
