namespace GrpcRelay.Protocol.Client;

/// <summary>
/// Jittered exponential back-off: 1 s doubling to 30 s, each delay drawn between half and
/// all of its step so that many clients cut off together do not return together.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan maximum, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private TimeSpan _step = TimeSpan.Zero;

    /// <summary>The default for reconnecting to the relay server.</summary>
    public static Backoff ForReconnect() => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>The delay before the next attempt; each call doubles the step up to the maximum.</summary>
    public TimeSpan Next()
    {
        var step = _step == TimeSpan.Zero ? initial : _step;
        _step = TimeSpan.FromTicks(Math.Min(maximum.Ticks, step.Ticks * 2));
        return TimeSpan.FromTicks((long)(step.Ticks * (0.5 + (_random.NextDouble() / 2))));
    }

    /// <summary>Jumps to the longest step: for failures that retrying soon will not cure.</summary>
    public TimeSpan Longest()
    {
        _step = maximum;
        return Next();
    }

    /// <summary>Starts again from the initial step, after a healthy connection.</summary>
    public void Reset() => _step = TimeSpan.Zero;
}
