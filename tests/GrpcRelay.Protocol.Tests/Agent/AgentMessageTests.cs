using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class AgentMessageTests
{
    [Fact]
    public void Failure_Always_IsTheFiveSpecifiedBytes()
    {
        byte[] expected = [0x00, 0x00, 0x00, 0x01, 0x05];

        var failure = AgentMessage.Failure.ToArray();
        var created = AgentMessage.CreateFailure();

        Assert.Equal(expected, failure);
        Assert.Equal(expected, created);
    }

    [Fact]
    public void Create_TypeAndContents_PrefixesBigEndianLengthAndType()
    {
        byte[] contents = [0xAA, 0xBB, 0xCC];

        var message = AgentMessage.Create(AgentMessageType.SignRequest, contents);

        Assert.Equal([0x00, 0x00, 0x00, 0x04, 13, 0xAA, 0xBB, 0xCC], message);
    }

    [Fact]
    public void Create_EmptyContents_IsTypeOnly()
    {
        var message = AgentMessage.Create(AgentMessageType.RequestIdentities, []);

        Assert.Equal([0x00, 0x00, 0x00, 0x01, 11], message);
    }

    [Fact]
    public void Parse_WellFormed_ReturnsTypeAndContents()
    {
        byte[] message = [0x00, 0x00, 0x00, 0x03, 12, 0x01, 0x02];

        var type = AgentMessage.Parse(message, out var contents);

        Assert.Equal(12, type);
        Assert.Equal([0x01, 0x02], contents.ToArray());
    }

    [Fact]
    public void Parse_ZeroLength_ThrowsZeroLength()
    {
        byte[] message = [0x00, 0x00, 0x00, 0x00];

        var error = Assert.Throws<AgentProtocolException>(() => AgentMessage.Parse(message, out _));

        Assert.Equal(AgentProtocolError.ZeroLength, error.Error);
    }

    [Fact]
    public void Parse_LengthAboveCap_ThrowsTooLong()
    {
        byte[] message = [0x00, 0x00, 0x00, 0x05, 12, 0, 0, 0, 0];

        var error = Assert.Throws<AgentProtocolException>(() => AgentMessage.Parse(message, out _, maxLength: 4));

        Assert.Equal(AgentProtocolError.TooLong, error.Error);
    }

    [Fact]
    public void Parse_FewerBytesThanDeclared_ThrowsTruncated()
    {
        byte[] message = [0x00, 0x00, 0x00, 0x03, 12, 0x01];

        var error = Assert.Throws<AgentProtocolException>(() => AgentMessage.Parse(message, out _));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Parse_NoCompleteLengthField_ThrowsTruncated(int size)
    {
        var message = new byte[size];

        var error = Assert.Throws<AgentProtocolException>(() => AgentMessage.Parse(message, out _));

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public void Parse_BytesAfterMessage_ThrowsTrailingData()
    {
        byte[] message = [0x00, 0x00, 0x00, 0x01, 5, 0xFF];

        var error = Assert.Throws<AgentProtocolException>(() => AgentMessage.Parse(message, out _));

        Assert.Equal(AgentProtocolError.TrailingData, error.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Parse_UnusableCap_ThrowsArgumentOutOfRange(int maxLength)
    {
        byte[] message = [0x00, 0x00, 0x00, 0x01, 5];

        Assert.Throws<ArgumentOutOfRangeException>(() => AgentMessage.Parse(message, out _, maxLength));
    }

    [Fact]
    public void TryParse_Malformed_ReturnsFalse()
    {
        byte[] message = [0x00, 0x00, 0x00, 0x02, 5];

        var parsed = AgentMessage.TryParse(message, out _, out _);

        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_Failure_ReturnsFailureType()
    {
        var parsed = AgentMessage.TryParse(AgentMessage.Failure, out var type, out var contents);

        Assert.True(parsed);
        Assert.Equal((byte)AgentMessageType.Failure, type);
        Assert.True(contents.IsEmpty);
    }
}
