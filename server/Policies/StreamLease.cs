using Grpc.Core;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Server.Policies;

/// <summary>
/// One open Connect stream as the server's policies see it. Anything may close it from
/// outside — token revocation, certificate expiry, idleness, a newer forwarder — with the
/// status its client then receives; the stream handler watches <see cref="Closed"/>.
/// </summary>
internal sealed class StreamLease(string uuid, Role role, string token, DateTimeOffset certificateNotAfter, TimeProvider time,
    Action<StreamLease> release) : IDisposable
{
    private readonly CancellationTokenSource _closed = new();
    private long _lastActivityTicks = time.GetUtcNow().UtcTicks;
    private int _inFlight;
    private Status? _closeStatus;
    private int _closing;

    /// <summary>The stream's key owner id.</summary>
    public string Uuid => uuid;

    /// <summary>The client's role.</summary>
    public Role Role => role;

    /// <summary>The token the stream authenticated with; kept in memory only, to notice revocation or rotation.</summary>
    public string Token => token;

    /// <summary>When the client certificate stops being valid.</summary>
    public DateTimeOffset CertificateNotAfter => certificateNotAfter;

    /// <summary>When the client last sent a frame.</summary>
    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>Fires when the stream must end.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>The status to end the call with, once closed.</summary>
    public Status? CloseStatus => Volatile.Read(ref _closing) == 0 ? null : _closeStatus;

    /// <summary>Ends the stream with <paramref name="code"/>; the first reason wins.</summary>
    public void Close(StatusCode code, string detail)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            _closeStatus = new Status(code, detail);
            _closed.Cancel();
        }
    }

    /// <summary>Requests this stream sent (endpoint) or was given (forwarder) that are not yet settled.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>A frame went either way on the stream.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastActivityTicks, time.GetUtcNow().UtcTicks);

    /// <summary>A request involving this stream started: the stream is busy, not idle.</summary>
    public void BeginRequest()
    {
        Interlocked.Increment(ref _inFlight);
        Touch();
    }

    /// <summary>A request involving this stream was settled.</summary>
    public void EndRequest()
    {
        Interlocked.Decrement(ref _inFlight);
        Touch();
    }

    public void Dispose()
    {
        release(this);
        _closed.Dispose();
    }
}
