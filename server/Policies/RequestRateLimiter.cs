using System.Threading.RateLimiting;
using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Server.Policies;

/// <summary>max_requests_per_second per uuid: a token bucket per uuid, refilled every tenth of a second.</summary>
internal sealed class RequestRateLimiter(RelaySettings settings) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(uuid =>
        RateLimitPartition.GetTokenBucketLimiter(uuid, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.MaxRequestsPerSecond,
            TokensPerPeriod = Math.Max(1, settings.MaxRequestsPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);

    /// <summary>True when <paramref name="uuid"/> may send one more request now.</summary>
    public bool TryAcquire(string uuid)
    {
        using var lease = _limiter.AttemptAcquire(uuid);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
