using Google.Protobuf;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Tests.Integrity;

public sealed class FrameVerifierTests
{
    private static readonly byte[] Key = MacInput.KeyOf("token-a");
    private static readonly byte[] OtherKey = MacInput.KeyOf("token-b");
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private FrameVerifier Verifier() => new(_time, TimeSpan.FromSeconds(30));

    private FrameSigner Signer(byte[]? key = null) => new("uuid-1", key ?? Key, _time);

    [Fact]
    public void CheckHello_ValidHello_Accepted()
    {
        Assert.Null(Verifier().CheckHello(Signer().Hello(Role.Endpoint), Key));
    }

    [Fact]
    public void CheckHello_WrongToken_BadMacWithoutSecrets()
    {
        var refusal = Verifier().CheckHello(Signer(OtherKey).Hello(Role.Endpoint), Key);

        Assert.Equal(RefusalKind.BadMac, refusal?.Kind);
        Assert.DoesNotContain("token-", refusal!.Message);
    }

    [Fact]
    public void CheckHello_SameHelloTwice_SecondIsReplay()
    {
        var verifier = Verifier();
        var hello = Signer().Hello(Role.Forwarder);

        Assert.Null(verifier.CheckHello(hello, Key));
        Assert.Equal(RefusalKind.Replay, verifier.CheckHello(hello, Key)?.Kind);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(-31)]
    public void CheckHello_TimestampOutsideWindow_ClockSkewNamingBothTimes(int offsetSeconds)
    {
        var hello = Signer().Hello(Role.Endpoint);
        _time.Advance(TimeSpan.FromSeconds(-offsetSeconds));

        var refusal = Verifier().CheckHello(hello, Key);

        Assert.Equal(RefusalKind.ClockSkew, refusal?.Kind);
        Assert.Contains("2026-11-23 12:00:00.000Z", refusal!.Message);
        Assert.Contains(offsetSeconds > 0 ? "ahead of" : "behind", refusal.Message);
        Assert.Contains("30 s", refusal.Message);
    }

    [Fact]
    public void CheckHello_TimestampAtEdgeOfWindow_Accepted()
    {
        var hello = Signer().Hello(Role.Endpoint);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(Verifier().CheckHello(hello, Key));
    }

    [Fact]
    public void CheckHello_MissingFields_MalformedNamingTheField()
    {
        var verifier = Verifier();
        var noUuid = Signer().Hello(Role.Endpoint);
        noUuid.Uuid = "";
        var noRole = Signer().Hello(Role.Unspecified);
        var shortNonce = Signer().Hello(Role.Endpoint);
        shortNonce.Nonce = ByteString.CopyFrom(1, 2, 3);

        Assert.Contains("uuid", verifier.CheckHello(noUuid, Key)!.Message);
        Assert.Contains("role", verifier.CheckHello(noRole, Key)!.Message);
        Assert.Contains("nonce is 3 bytes", verifier.CheckHello(shortNonce, Key)!.Message);
    }

    [Fact]
    public void CheckHello_OtherVersion_UnsupportedVersion()
    {
        var hello = Signer().Hello(Role.Endpoint);
        hello.Version = 2;
        hello.Hmac = ByteString.CopyFrom(MacInput.Compute(Key, hello));

        Assert.Equal(RefusalKind.UnsupportedVersion, Verifier().CheckHello(hello, Key)?.Kind);
    }

    [Fact]
    public void CheckAck_EchoesHello_Accepted_AndForeignNonce_Mismatch()
    {
        var hello = Signer().Hello(Role.Endpoint);
        var ack = Signer().Ack(hello, 1024);
        var otherHello = Signer().Hello(Role.Endpoint);

        Assert.Null(Verifier().CheckAck(ack, hello, Key));
        Assert.Equal(RefusalKind.Mismatch, Verifier().CheckAck(ack, otherHello, Key)?.Kind);
    }

    [Fact]
    public void CheckRequest_FromForwarderRole_Mismatch()
    {
        var request = Signer().Request(1, ByteString.CopyFrom(0, 0, 0, 1, 11));
        var reply = Signer().Reply(request, ByteString.CopyFrom(0, 0, 0, 1, 5));

        Assert.Null(Verifier().CheckRequest(request, "uuid-1", Key));
        Assert.Equal(RefusalKind.Mismatch, Verifier().CheckRequest(reply, "uuid-1", Key)?.Kind);
        Assert.Null(Verifier().CheckReply(reply, "uuid-1", Key));
        Assert.Equal(RefusalKind.Mismatch, Verifier().CheckReply(reply, "uuid-2", Key)?.Kind);
    }

    [Fact]
    public void CheckRequest_RecordedRequestSentAgain_Replay()
    {
        var verifier = Verifier();
        var request = Signer().Request(1, ByteString.CopyFrom(0, 0, 0, 1, 11));

        Assert.Null(verifier.CheckRequest(request, "uuid-1", Key));
        Assert.Equal(RefusalKind.Replay, verifier.CheckRequest(request, "uuid-1", Key)?.Kind);
    }
}
