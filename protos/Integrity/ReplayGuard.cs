using System.Buffers.Binary;

namespace GrpcRelay.Protocol.Integrity;

/// <summary>
/// Remembers every nonce accepted within the timestamp window and refuses a repeat.
/// A nonce is forgotten once its message's timestamp has left the window: from then on
/// the clock check alone refuses a replay, so memory stays bounded by the traffic of
/// one window.
/// </summary>
public sealed class ReplayGuard(TimeProvider time, TimeSpan window)
{
    private readonly Lock _lock = new();
    private readonly HashSet<UInt128> _seen = [];
    private readonly PriorityQueue<UInt128, long> _expiries = new();

    /// <summary>Nonces currently remembered (for tests and metrics).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>
    /// Records the nonce of a message stamped <paramref name="timestampUnixMs"/>; false
    /// when it was seen before (a replay) or is not exactly 16 bytes.
    /// </summary>
    public bool TryAccept(ReadOnlySpan<byte> nonce, long timestampUnixMs)
    {
        if (nonce.Length != MacInput.NonceBytes)
        {
            return false;
        }

        var key = BinaryPrimitives.ReadUInt128BigEndian(nonce);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        // Keep it until the message could no longer pass the clock check, and at least one
        // window from now, so a message stamped in the past cannot shorten its own stay.
        var expiry = Math.Max(timestampUnixMs, now) + (long)window.TotalMilliseconds;
        lock (_lock)
        {
            ForgetExpired(now);
            if (!_seen.Add(key))
            {
                return false;
            }

            _expiries.Enqueue(key, expiry);
            return true;
        }
    }

    private void ForgetExpired(long now)
    {
        while (_expiries.TryPeek(out var key, out var expiry) && expiry < now)
        {
            _expiries.Dequeue();
            _seen.Remove(key);
        }
    }
}
