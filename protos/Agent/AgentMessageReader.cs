using System.Buffers.Binary;

namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// Reads whole agent messages from a byte stream (a Unix socket to ssh or to the agent), however
/// the stream splits them into reads.
/// </summary>
internal static class AgentMessageReader
{
    /// <summary>
    /// Reads exactly one message, and nothing of the next one.
    /// </summary>
    /// <param name="stream">The stream to read from.</param>
    /// <param name="maxLength">Cap on the length field; default <see cref="AgentMessage.DefaultMaxLength"/>.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>
    /// The whole message including its 4-byte length field, or <see langword="null"/> when the
    /// stream ended cleanly before the first byte of a message (the peer closed between messages).
    /// </returns>
    /// <exception cref="AgentProtocolException">
    /// <see cref="AgentProtocolError.ZeroLength"/>, <see cref="AgentProtocolError.TooLong"/>
    /// (checked before the message is allocated), or <see cref="AgentProtocolError.Truncated"/>
    /// when the stream ends after the first byte of a message but before its last.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is not between 1 and <see cref="AgentMessage.MaxSupportedLength"/>.</exception>
    /// <remarks>
    /// Failures of the stream itself (<see cref="IOException"/>, <see cref="ObjectDisposedException"/>)
    /// and cancellation (<see cref="OperationCanceledException"/>) propagate unchanged: they are
    /// about the connection, not the data. After an <see cref="AgentProtocolException"/> the
    /// stream is out of step with the peer and must be closed.
    /// </remarks>
    public static async ValueTask<byte[]?> ReadAsync(
        Stream stream,
        int maxLength = AgentMessage.DefaultMaxLength,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        AgentMessage.ValidateMaxLength(maxLength);

        var header = new byte[AgentMessage.HeaderLength];
        var headerRead = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (headerRead == 0)
        {
            return null;
        }

        if (headerRead < header.Length)
        {
            throw new AgentProtocolException(
                AgentProtocolError.Truncated,
                $"The stream ended after {headerRead} of the 4 bytes of an agent message's length field.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        AgentMessage.CheckLength(length, maxLength);

        var message = new byte[AgentMessage.HeaderLength + (int)length];
        header.CopyTo(message, 0);
        var bodyRead = await stream.ReadAtLeastAsync(message.AsMemory(AgentMessage.HeaderLength), (int)length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (bodyRead < (int)length)
        {
            throw new AgentProtocolException(
                AgentProtocolError.Truncated,
                $"The stream ended after {bodyRead} of the {length} bytes an agent message declared.");
        }

        return message;
    }
}
