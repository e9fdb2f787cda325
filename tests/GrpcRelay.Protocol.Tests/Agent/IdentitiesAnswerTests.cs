using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class IdentitiesAnswerTests
{
    private static readonly byte[] _keyA = TestWire.KeyBlob("ssh-ed25519", [.. Enumerable.Repeat((byte)0xA1, 32)]);
    private static readonly byte[] _keyB = TestWire.KeyBlob("ecdsa-sha2-nistp256", [.. Enumerable.Repeat((byte)0xB2, 65)]);

    [Fact]
    public void Parse_TwoKeys_ReturnsBlobsAndCommentsInOrder()
    {
        var message = TestWire.Message(12, TestWire.UInt32(2), TestWire.String(_keyA), TestWire.String("alice@laptop"), TestWire.String(_keyB), TestWire.String(""));

        var identities = IdentitiesAnswer.Parse(message);

        Assert.Equal(2, identities.Count);
        Assert.Equal(_keyA, identities[0].KeyBlob.ToArray());
        Assert.Equal("alice@laptop", identities[0].CommentText);
        Assert.Equal(_keyB, identities[1].KeyBlob.ToArray());
        Assert.Equal(string.Empty, identities[1].CommentText);
    }

    [Fact]
    public void Parse_NoKeys_ReturnsEmptyList()
    {
        byte[] message = [0, 0, 0, 5, 12, 0, 0, 0, 0];

        var identities = IdentitiesAnswer.Parse(message);

        Assert.Empty(identities);
    }

    [Fact]
    public void Encode_TwoKeys_MatchesHandWrittenBytes()
    {
        var expected = TestWire.Message(12, TestWire.UInt32(2), TestWire.String(_keyA), TestWire.String("a"), TestWire.String(_keyB), TestWire.String("b"));

        var message = IdentitiesAnswer.Encode([new AgentIdentity(_keyA, "a"), new AgentIdentity(_keyB, "b")]);

        Assert.Equal(expected, message);
    }

    [Fact]
    public void Encode_ParsedMessageWithInvalidUtf8Comment_KeepsCommentBytes()
    {
        var message = TestWire.Message(12, TestWire.UInt32(1), TestWire.String(_keyA), TestWire.String([0xFF, 0xFE, 0x00]));

        var reencoded = IdentitiesAnswer.Encode(IdentitiesAnswer.Parse(message));

        Assert.Equal(message, reencoded);
    }

    [Fact]
    public void Parse_CountLargerThanKeysPresent_ThrowsTruncated()
    {
        var message = TestWire.Message(12, TestWire.UInt32(2), TestWire.String(_keyA), TestWire.String("only one"));

        var error = Assert.Throws<AgentProtocolException>(() => IdentitiesAnswer.Parse(message));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public void Parse_MaximumCountWithNoKeys_ThrowsTruncated()
    {
        var message = TestWire.Message(12, TestWire.UInt32(uint.MaxValue));

        var error = Assert.Throws<AgentProtocolException>(() => IdentitiesAnswer.Parse(message));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public void Parse_MissingCount_ThrowsTruncated()
    {
        var message = TestWire.Message(12, [0, 0]);

        var error = Assert.Throws<AgentProtocolException>(() => IdentitiesAnswer.Parse(message));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public void Parse_StringLengthPastEnd_ThrowsTruncated()
    {
        var message = TestWire.Message(12, TestWire.UInt32(1), TestWire.UInt32(0xFFFFFFF0), [1, 2, 3]);

        var error = Assert.Throws<AgentProtocolException>(() => IdentitiesAnswer.Parse(message));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public void Parse_BytesAfterLastKey_ThrowsTrailingData()
    {
        var message = TestWire.Message(12, TestWire.UInt32(1), TestWire.String(_keyA), TestWire.String("c"), [0]);

        var error = Assert.Throws<AgentProtocolException>(() => IdentitiesAnswer.Parse(message));

        Assert.Equal(AgentProtocolError.TrailingData, error.Error);
    }

    [Fact]
    public void Parse_FailureMessage_ThrowsUnexpectedType()
    {
        var failure = AgentMessage.CreateFailure();

        var error = Assert.Throws<AgentProtocolException>(() => IdentitiesAnswer.Parse(failure));

        Assert.Equal(AgentProtocolError.UnexpectedType, error.Error);
    }

    [Fact]
    public void Parse_MalformedFrame_ThrowsFrameError()
    {
        byte[] message = [0, 0, 0, 9, 12, 0, 0, 0, 0];

        var error = Assert.Throws<AgentProtocolException>(() => IdentitiesAnswer.Parse(message));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }
}
