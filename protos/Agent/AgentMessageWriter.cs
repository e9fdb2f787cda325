namespace GrpcRelay.Protocol.Agent;

/// <summary>Writes whole agent messages to a byte stream.</summary>
internal static class AgentMessageWriter
{
    /// <summary>
    /// Writes one message (length field included) and flushes, since the peer waits for it
    /// before it says anything more.
    /// </summary>
    /// <param name="stream">The stream to write to.</param>
    /// <param name="message">A whole message, as <see cref="AgentMessage.Create(byte, ReadOnlySpan{byte})"/> or <see cref="AgentMessageReader.ReadAsync"/> return it.</param>
    /// <param name="maxLength">Cap on the length field; default <see cref="AgentMessage.DefaultMaxLength"/>.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <exception cref="AgentProtocolException">
    /// <paramref name="message"/> is not exactly one well-formed message (see
    /// <see cref="AgentMessage.Parse"/>); nothing is written, because a bad length field would
    /// leave the peer out of step for the rest of the connection.
    /// </exception>
    public static async ValueTask WriteAsync(
        Stream stream,
        ReadOnlyMemory<byte> message,
        int maxLength = AgentMessage.DefaultMaxLength,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        AgentMessage.Parse(message.Span, out _, maxLength);
        await stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
