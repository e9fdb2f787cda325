using System.Buffers.Binary;
using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using GrpcRelay.Protocol.Liveness;
using GrpcRelay.Protocol.V1;
using GrpcRelay.Server.Policies;

namespace GrpcRelay.Server.Relay;

/// <summary>
/// One connected forwarder: its outbox and the requests it still owes an answer, keyed by
/// nonce (random, so requests of different endpoints never collide).
/// </summary>
internal sealed class ForwarderSession(StreamLease lease, DateTimeOffset connectedAt)
{
    private readonly ConcurrentDictionary<UInt128, PendingRequest> _pending = new();
    private bool _closed;
    private long _lastHeardTicks = connectedAt.UtcTicks;
    private long _owingSinceTicks = connectedAt.UtcTicks;
    private long _roundTripTicks = TimeSpan.TicksPerSecond;
    private bool _sendsHeartbeats;

    /// <summary>The forwarder's key owner id.</summary>
    public string Uuid => lease.Uuid;

    /// <summary>The forwarder's stream, as the server's policies see it.</summary>
    public StreamLease Lease => lease;

    /// <summary>When it said Hello.</summary>
    public DateTimeOffset ConnectedAt => connectedAt;

    /// <summary>Frames on their way to the forwarder.</summary>
    public Outbox Outbox { get; } = new();

    /// <summary>Requests sent and not yet answered.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>True once the forwarder sent a Heartbeat: from then on it is held to them.</summary>
    public bool SendsHeartbeats => Volatile.Read(ref _sendsHeartbeats);

    /// <summary>
    /// How long after a request was sent the forwarder's first sign of life may take, given the
    /// round trip its first Heartbeat (sent as soon as it reads the Ack) measured.
    /// </summary>
    public TimeSpan FirstWordLimit => Heartbeats.FirstWordLimit(TimeSpan.FromTicks(Interlocked.Read(ref _roundTripTicks)));

    /// <summary>
    /// True when the forwarder has said nothing for too long while it owes answers: the silence
    /// limit after its last frame, or <see cref="FirstWordLimit"/> when it has not spoken since it
    /// began to owe.
    /// </summary>
    public bool IsSilentTooLong(DateTimeOffset now)
    {
        if (!SendsHeartbeats || PendingCount == 0)
        {
            return false;
        }

        var lastHeard = Interlocked.Read(ref _lastHeardTicks);
        var owingSince = Interlocked.Read(ref _owingSinceTicks);
        return lastHeard > owingSince
            ? now.UtcTicks - lastHeard > Heartbeats.SilenceLimit.Ticks
            : now.UtcTicks - owingSince > FirstWordLimit.Ticks;
    }

    /// <summary>A frame arrived from the forwarder at <paramref name="now"/>.</summary>
    public void Heard(DateTimeOffset now, bool heartbeat)
    {
        Interlocked.Exchange(ref _lastHeardTicks, now.UtcTicks);
        if (heartbeat && !Volatile.Read(ref _sendsHeartbeats))
        {
            // The first Heartbeat follows the Ack at once: what it took is one round trip.
            Interlocked.Exchange(ref _roundTripTicks, Math.Max(0, now.UtcTicks - connectedAt.UtcTicks));
            Volatile.Write(ref _sendsHeartbeats, true);
        }
    }

    /// <summary>Ends this forwarder's stream: a newer one of the same uuid took over (newest wins).</summary>
    public void Replace() => lease.Close(StatusCode.Aborted,
        "a newer forwarder of this uuid connected and took over (newest wins); this one was closed");

    /// <summary>
    /// Records a request before it is sent; false when its nonce is already pending or the
    /// forwarder is gone (so no request can slip in after <see cref="FailAll"/> ran).
    /// </summary>
    public bool TryAdd(PendingRequest pending, DateTimeOffset now)
    {
        if (Volatile.Read(ref _closed) || !_pending.TryAdd(KeyOf(pending.Request.Nonce), pending))
        {
            return false;
        }

        if (_pending.Count == 1)
        {
            // It just began to owe an answer: its silence is measured from now, not from its last frame.
            Interlocked.Exchange(ref _owingSinceTicks, now.UtcTicks);
        }

        if (Volatile.Read(ref _closed))
        {
            Forget(pending);
            return false;
        }

        return true;
    }

    /// <summary>Takes the request a reply with this nonce answers, if any.</summary>
    public PendingRequest? TryTake(ByteString nonce) =>
        nonce.Length == 16 && _pending.TryRemove(KeyOf(nonce), out var pending) ? pending : null;

    /// <summary>Removes a request (timed out or failed) without answering it.</summary>
    public void Forget(PendingRequest pending) => _pending.TryRemove(KeyOf(pending.Request.Nonce), out _);

    /// <summary>Fails every outstanding request: the forwarder is gone.</summary>
    public void FailAll(FailureReason reason, string detail)
    {
        Volatile.Write(ref _closed, true);
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var pending) && pending.TrySettle())
            {
                pending.Fail(reason, detail);
            }
        }
    }

    private static UInt128 KeyOf(ByteString nonce) => BinaryPrimitives.ReadUInt128BigEndian(nonce.Span);
}
