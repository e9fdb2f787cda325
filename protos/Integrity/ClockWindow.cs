namespace GrpcRelay.Protocol.Integrity;

/// <summary>Checks a peer's timestamp against our clock, allowing a skew either way.</summary>
public static class ClockWindow
{
    /// <summary>
    /// Null when <paramref name="timestampUnixMs"/> lies within <paramref name="maxSkew"/> of
    /// <paramref name="now"/>; otherwise a message naming both times and what to do.
    /// </summary>
    public static string? Check(long timestampUnixMs, DateTimeOffset now, TimeSpan maxSkew)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var skewMs = timestampUnixMs - nowMs;
        if (Math.Abs(skewMs) <= (long)maxSkew.TotalMilliseconds)
        {
            return null;
        }

        var theirs = DescribeTime(timestampUnixMs);
        var direction = skewMs > 0 ? "ahead of" : "behind";
        return $"clock skew: the peer's time {theirs} is {Math.Abs(skewMs) / 1000.0:0.0} s {direction} " +
               $"this machine's time {now.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z; at most {maxSkew.TotalSeconds:0.#} s is allowed. " +
               "Synchronise both clocks (NTP) or raise max_clock_skew.";
    }

    private static string DescribeTime(long unixMs) =>
        unixMs is < -62135596800000 or > 253402300799999
            ? $"{unixMs} ms since 1970 (out of range)"
            : $"{DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}Z";
}
