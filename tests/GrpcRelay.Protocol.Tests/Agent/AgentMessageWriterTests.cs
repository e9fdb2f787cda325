using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class AgentMessageWriterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteAsync_WellFormedMessage_WritesExactBytes()
    {
        var message = TestWire.Message(14, TestWire.String([7, 7, 7]));
        using var stream = new MemoryStream();

        await AgentMessageWriter.WriteAsync(stream, message, cancellationToken: Token);

        Assert.Equal(message, stream.ToArray());
    }

    [Fact]
    public async Task WriteAsync_LengthFieldDisagreesWithSize_ThrowsAndWritesNothing()
    {
        byte[] message = [0, 0, 0, 9, 14, 1];
        using var stream = new MemoryStream();

        var error = await Assert.ThrowsAsync<AgentProtocolException>(() => AgentMessageWriter.WriteAsync(stream, message, cancellationToken: Token).AsTask());

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public async Task WriteAsync_ThenReadAsync_ReturnsSameMessage()
    {
        var message = AgentMessage.Create(AgentMessageType.IdentitiesAnswer, TestWire.UInt32(0));
        using var stream = new MemoryStream();
        await AgentMessageWriter.WriteAsync(stream, message, cancellationToken: Token);
        stream.Position = 0;

        var read = await AgentMessageReader.ReadAsync(stream, cancellationToken: Token);

        Assert.Equal(message, read);
    }
}
