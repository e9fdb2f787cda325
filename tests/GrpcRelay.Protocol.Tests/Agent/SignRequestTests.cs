using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class SignRequestTests
{
    private static readonly byte[] _key = TestWire.KeyBlob("ssh-ed25519", [.. Enumerable.Repeat((byte)0x5A, 32)]);

    [Fact]
    public void Parse_HandWrittenRequest_ReturnsKeyDataAndFlags()
    {
        var message = TestWire.Message(13, TestWire.String(_key), TestWire.String([1, 2, 3, 4]), TestWire.UInt32(4));

        var request = SignRequest.Parse(message);

        Assert.Equal(_key, request.KeyBlob.ToArray());
        Assert.Equal([1, 2, 3, 4], request.Data.ToArray());
        Assert.Equal(4u, request.Flags);
    }

    [Fact]
    public void Encode_Request_MatchesHandWrittenBytes()
    {
        var expected = TestWire.Message(13, TestWire.String(_key), TestWire.String([9]), TestWire.UInt32(2));

        var message = new SignRequest(_key, [9], 2).Encode();

        Assert.Equal(expected, message);
    }

    [Fact]
    public void Parse_MissingFlags_ThrowsTruncated()
    {
        var message = TestWire.Message(13, TestWire.String(_key), TestWire.String([1]));

        var error = Assert.Throws<AgentProtocolException>(() => SignRequest.Parse(message));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public void Parse_DataLengthPastEnd_ThrowsTruncated()
    {
        var message = TestWire.Message(13, TestWire.String(_key), TestWire.UInt32(1000), [1, 2, 3, 4]);

        var error = Assert.Throws<AgentProtocolException>(() => SignRequest.Parse(message));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public void Parse_ByteAfterFlags_ThrowsTrailingData()
    {
        var message = TestWire.Message(13, TestWire.String(_key), TestWire.String([1]), TestWire.UInt32(0), [0]);

        var error = Assert.Throws<AgentProtocolException>(() => SignRequest.Parse(message));

        Assert.Equal(AgentProtocolError.TrailingData, error.Error);
    }

    [Fact]
    public void Parse_RequestIdentities_ThrowsUnexpectedType()
    {
        var message = TestWire.Message(11);

        var error = Assert.Throws<AgentProtocolException>(() => SignRequest.Parse(message));

        Assert.Equal(AgentProtocolError.UnexpectedType, error.Error);
    }
}
