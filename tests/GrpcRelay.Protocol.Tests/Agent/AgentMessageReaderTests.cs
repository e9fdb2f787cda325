using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class AgentMessageReaderTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_OneBytePerRead_ReturnsWholeMessageWithPrefix()
    {
        var expected = TestWire.Message(13, TestWire.String([1, 2, 3]), TestWire.String("data"), TestWire.UInt32(0));
        using var stream = new ChunkedReadStream(expected, chunkSize: 1);

        var message = await AgentMessageReader.ReadAsync(stream, cancellationToken: Token);

        Assert.Equal(expected, message);
    }

    [Fact]
    public async Task ReadAsync_TwoMessagesBackToBack_ReturnsEachThenNull()
    {
        var first = TestWire.Message(11);
        var second = TestWire.Message(13, [9, 9]);
        using var stream = new ChunkedReadStream(TestWire.Concat(first, second), chunkSize: 3);

        var one = await AgentMessageReader.ReadAsync(stream, cancellationToken: Token);
        var two = await AgentMessageReader.ReadAsync(stream, cancellationToken: Token);
        var end = await AgentMessageReader.ReadAsync(stream, cancellationToken: Token);

        Assert.Equal(first, one);
        Assert.Equal(second, two);
        Assert.Null(end);
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_ReturnsNull()
    {
        using var stream = new ChunkedReadStream([]);

        var message = await AgentMessageReader.ReadAsync(stream, cancellationToken: Token);

        Assert.Null(message);
    }

    [Fact]
    public async Task ReadAsync_ZeroLength_ThrowsZeroLength()
    {
        using var stream = new ChunkedReadStream([0, 0, 0, 0, 11]);

        var error = await Assert.ThrowsAsync<AgentProtocolException>(() => AgentMessageReader.ReadAsync(stream, cancellationToken: Token).AsTask());

        Assert.Equal(AgentProtocolError.ZeroLength, error.Error);
    }

    [Fact]
    public async Task ReadAsync_LengthOneAboveDefaultCap_ThrowsTooLong()
    {
        using var stream = new ChunkedReadStream(TestWire.UInt32(256 * 1024 + 1));

        var error = await Assert.ThrowsAsync<AgentProtocolException>(() => AgentMessageReader.ReadAsync(stream, cancellationToken: Token).AsTask());

        Assert.Equal(AgentProtocolError.TooLong, error.Error);
    }

    [Fact]
    public async Task ReadAsync_LengthExactlyAtDefaultCap_ReturnsMessage()
    {
        var contents = new byte[AgentMessage.DefaultMaxLength - 1];
        var expected = AgentMessage.Create(AgentMessageType.SignResponse, contents);
        using var stream = new ChunkedReadStream(expected, chunkSize: 4096);

        var message = await AgentMessageReader.ReadAsync(stream, cancellationToken: Token);

        Assert.Equal(expected, message);
    }

    [Fact]
    public async Task ReadAsync_CustomCap_RefusesLongerMessage()
    {
        using var stream = new ChunkedReadStream(TestWire.Message(12, new byte[16]));

        var error = await Assert.ThrowsAsync<AgentProtocolException>(() => AgentMessageReader.ReadAsync(stream, maxLength: 16, cancellationToken: Token).AsTask());

        Assert.Equal(AgentProtocolError.TooLong, error.Error);
    }

    [Fact]
    public async Task ReadAsync_FourGiBLength_ThrowsTooLongWithoutAllocatingIt()
    {
        byte[] data = [0xFF, 0xFF, 0xFF, 0xFF, 13];
        using var stream = new ChunkedReadStream(data);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = await Assert.ThrowsAsync<AgentProtocolException>(() => AgentMessageReader.ReadAsync(stream, maxLength: AgentMessage.MaxSupportedLength, cancellationToken: Token).AsTask());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(AgentProtocolError.TooLong, error.Error);
        Assert.True(allocated < 1024 * 1024, $"allocated {allocated} bytes");
        Assert.Equal(4, stream.BytesRead);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ReadAsync_StreamEndsInsideLengthField_ThrowsTruncated(int available)
    {
        using var stream = new ChunkedReadStream(new byte[available]);

        var error = await Assert.ThrowsAsync<AgentProtocolException>(() => AgentMessageReader.ReadAsync(stream, cancellationToken: Token).AsTask());

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public async Task ReadAsync_StreamEndsInsideBody_ThrowsTruncated()
    {
        using var stream = new ChunkedReadStream([0, 0, 0, 10, 13, 1, 2]);

        var error = await Assert.ThrowsAsync<AgentProtocolException>(() => AgentMessageReader.ReadAsync(stream, cancellationToken: Token).AsTask());

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }

    [Fact]
    public async Task ReadAsync_StreamEndsRightAfterLengthField_ThrowsTruncated()
    {
        using var stream = new ChunkedReadStream([0, 0, 0, 1]);

        var error = await Assert.ThrowsAsync<AgentProtocolException>(() => AgentMessageReader.ReadAsync(stream, cancellationToken: Token).AsTask());

        Assert.Equal(AgentProtocolError.Truncated, error.Error);
    }
}
