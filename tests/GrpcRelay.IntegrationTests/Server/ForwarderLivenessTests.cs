using Google.Protobuf;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.V1;
using GrpcRelay.Server.Policies;
using GrpcRelay.Server.Relay;

namespace GrpcRelay.IntegrationTests.Server;

/// <summary>When the server presumes a forwarder gone: silence while it owes answers, allowing for slow links.</summary>
public sealed class ForwarderLivenessTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static (ForwarderSession Forwarder, EndpointSession Endpoint) Sessions()
    {
        var lease = new StreamLease("uuid-1", Role.Forwarder, "token", DateTimeOffset.MaxValue, TimeProvider.System, _ => { });
        var endpointLease = new StreamLease("uuid-1", Role.Endpoint, "token", DateTimeOffset.MaxValue, TimeProvider.System, _ => { });
        return (new ForwarderSession(lease, Start), new EndpointSession(endpointLease, "CN=endpoint"));
    }

    private static PendingRequest Request(EndpointSession endpoint) =>
        new(endpoint, new FrameSigner("uuid-1", MacInput.KeyOf("token"), TimeProvider.System).Request(1, ByteString.CopyFrom(0, 0, 0, 1, 11)));

    [Fact]
    public void IsSilentTooLong_ForwarderThatNeverSentAHeartbeat_NeverPresumedGone()
    {
        var (forwarder, endpoint) = Sessions();
        forwarder.TryAdd(Request(endpoint), Start);

        Assert.False(forwarder.IsSilentTooLong(Start.AddMinutes(5)));
    }

    [Fact]
    public void IsSilentTooLong_NothingOwed_NeverPresumedGone()
    {
        var (forwarder, _) = Sessions();
        forwarder.Heard(Start.AddMilliseconds(10), heartbeat: true);

        Assert.False(forwarder.IsSilentTooLong(Start.AddMinutes(5)));
    }

    [Fact]
    public void IsSilentTooLong_OwingAndHeardSinceItBegan_PresumedGoneOnlyAfterTheLimit()
    {
        var (forwarder, endpoint) = Sessions();
        forwarder.Heard(Start.AddMilliseconds(10), heartbeat: true);
        forwarder.TryAdd(Request(endpoint), Start.AddSeconds(1));
        var lastWord = Start.AddSeconds(1).AddMilliseconds(20);
        forwarder.Heard(lastWord, heartbeat: true);

        Assert.False(forwarder.IsSilentTooLong(lastWord.AddMilliseconds(690)));
        Assert.True(forwarder.IsSilentTooLong(lastWord.AddMilliseconds(710)));
    }

    [Fact]
    public void IsSilentTooLong_SlowLinkBeforeFirstWordSinceOwing_GetsTwoRoundTripsMore()
    {
        var (forwarder, endpoint) = Sessions();
        forwarder.Heard(Start.AddSeconds(1), heartbeat: true); // the first Heartbeat took 1 s: a 1 s round trip
        var owingSince = Start.AddSeconds(10);
        forwarder.TryAdd(Request(endpoint), owingSince);

        Assert.Equal(TimeSpan.FromMilliseconds(2700), forwarder.FirstWordLimit);
        Assert.False(forwarder.IsSilentTooLong(owingSince.AddMilliseconds(2600)));
        Assert.True(forwarder.IsSilentTooLong(owingSince.AddMilliseconds(2800)));
    }
}
