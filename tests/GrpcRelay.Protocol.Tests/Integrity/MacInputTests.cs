using Google.Protobuf;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Tests.Integrity;

public sealed class MacInputTests
{
    private static readonly byte[] Key = MacInput.KeyOf("test-token-1234");

    private static Hello WorkedExampleHello() => new()
    {
        Version = 1,
        TimestampUnixMs = 1_700_000_000_000,
        Uuid = "test-uuid-1234",
        Role = Role.Forwarder,
        Nonce = ByteString.CopyFrom(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray()),
    };

    [Fact]
    public void Encode_WorkedExampleOfTheProto_MatchesDocumentedBytes()
    {
        var input = MacInput.Encode("hello", 1, 1_700_000_000_000, "test-uuid-1234", Role.Forwarder,
            Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(), 0, []);

        Assert.Equal(126, input.Length);
        Assert.Equal(
            "000000106772706372656c61792d6d61632d7631" + "0000000568656c6c6f" + "0000000400000001" +
            "000000080000018bcfe56800" + "0000000e746573742d757569642d31323334" +
            "000000137373682d6167656e742d666f72776172646572" + "00000010000102030405060708090a0b0c0d0e0f" +
            "000000080000000000000000" + "00000000",
            Convert.ToHexStringLower(input));
    }

    [Fact]
    public void Compute_WorkedExampleOfTheProto_MatchesDocumentedMac()
    {
        var mac = MacInput.Compute(Key, WorkedExampleHello());

        Assert.Equal("8dca1a6ce0387eab2615876495ef31b995df1e16b64cf0fd29449c29015d23a3", Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Compute_ProtoCommentExample_IsTheOneThisTestChecks()
    {
        // The worked example lives in relay.proto for implementers; keep the two in step.
        var proto = File.ReadAllText(Path.Combine(RepositoryRoot(), "protos", "grpcrelay", "v1", "relay.proto"));

        Assert.Contains("8dca1a6ce0387eab2615876495ef31b995df1e16b64cf0fd29449c29015d23a3", proto);
        Assert.Contains("mac_input (hex, 126 bytes)", proto);
    }

    [Fact]
    public void Verify_EveryCoveredFieldChanged_Fails()
    {
        var signer = new FrameSigner("uuid-1", Key, TimeProvider.System);
        var packet = signer.Request(7, ByteString.CopyFrom(0, 0, 0, 1, 11));
        var alterations = new Action<AgentPacket>[]
        {
            p => p.Version++,
            p => p.TimestampUnixMs++,
            p => p.Uuid = "uuid-2",
            p => p.Role = Role.Forwarder,
            p => p.Nonce = ByteString.CopyFrom(new byte[16]),
            p => p.RequestId++,
            p => p.Payload = ByteString.CopyFrom(0, 0, 0, 1, 13),
        };

        Assert.True(MacInput.Verify(Key, packet));
        foreach (var alter in alterations)
        {
            var altered = packet.Clone();
            alter(altered);
            Assert.False(MacInput.Verify(Key, altered));
        }
    }

    [Fact]
    public void Verify_OneFlippedBitAnywhereInTheEncodedFrame_Fails()
    {
        var packet = new FrameSigner("uuid-1", Key, TimeProvider.System).Request(3, ByteString.CopyFrom(0, 0, 0, 1, 11));
        var wire = packet.ToByteArray();

        for (var bit = 0; bit < wire.Length * 8; bit++)
        {
            var flipped = (byte[])wire.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            AgentPacket parsed;
            try
            {
                parsed = AgentPacket.Parser.ParseFrom(flipped);
            }
            catch (InvalidProtocolBufferException)
            {
                continue; // refused by protobuf itself
            }

            Assert.False(MacInput.Verify(Key, parsed) && parsed.Equals(packet) is false, $"bit {bit} flipped and still verified");
        }
    }

    [Fact]
    public void Compute_FieldBoundaryMovedBetweenUuidAndRole_GivesAnotherMac()
    {
        // With bare concatenation "ab" + "c" and "a" + "bc" would collide; length prefixes prevent it.
        var first = MacInput.Encode("hello", 1, 0, "uuid-ssh-agent-", Role.Forwarder, new byte[16], 0, []);
        var second = MacInput.Encode("hello", 1, 0, "uuid-", Role.Forwarder, new byte[16], 0, []);

        Assert.NotEqual(Convert.ToHexString(first), Convert.ToHexString(second));
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GrpcRelay.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GrpcRelay.sln not found above " + AppContext.BaseDirectory);
    }
}
