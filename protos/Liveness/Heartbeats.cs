using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Liveness;

/// <summary>
/// The timings of the protocol's Heartbeat frames (see relay.proto): how often a side that is
/// owed answers hears "still here", and how much silence means the other side is gone.
/// </summary>
public static class Heartbeats
{
    /// <summary>How often a Heartbeat is sent while answers are owed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Silence, after the peer last spoke, that means it is frozen or gone.</summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromMilliseconds(700);

    /// <summary>A round trip longer than this is treated as this long (a bound on the allowance).</summary>
    private static readonly TimeSpan LongestRoundTrip = TimeSpan.FromSeconds(5);

    /// <summary>A Heartbeat frame from a client.</summary>
    public static ConnectRequest ToServer() => new() { Heartbeat = new Heartbeat() };

    /// <summary>A Heartbeat frame from the server.</summary>
    public static ConnectResponse ToClient() => new() { Heartbeat = new Heartbeat() };

    /// <summary>
    /// How long a peer may take to say anything after a request went out: the silence limit plus
    /// two round trips, so that a slow link never makes a healthy peer look dead.
    /// </summary>
    public static TimeSpan FirstWordLimit(TimeSpan roundTrip) =>
        SilenceLimit + (2 * (roundTrip < LongestRoundTrip ? roundTrip : LongestRoundTrip));
}
