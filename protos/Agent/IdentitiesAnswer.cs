namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// <c>SSH_AGENT_IDENTITIES_ANSWER</c> (12): <c>uint32 nkeys</c>, then <c>nkeys</c> times
/// (<c>string key_blob</c>, <c>string comment</c>).
/// </summary>
internal static class IdentitiesAnswer
{
    private const string Context = "SSH_AGENT_IDENTITIES_ANSWER";

    /// <summary>Parses a whole message (length field included).</summary>
    /// <exception cref="AgentProtocolException">
    /// The frame is malformed (see <see cref="AgentMessage.Parse"/>);
    /// <see cref="AgentProtocolError.UnexpectedType"/> if it is not an identities answer;
    /// <see cref="AgentProtocolError.Truncated"/> if fewer keys follow than <c>nkeys</c> says;
    /// <see cref="AgentProtocolError.TrailingData"/> if more bytes follow the last key.
    /// </exception>
    public static IReadOnlyList<AgentIdentity> Parse(ReadOnlySpan<byte> message, int maxLength = AgentMessage.DefaultMaxLength)
    {
        var type = AgentMessage.Parse(message, out var contents, maxLength);
        if (type != (byte)AgentMessageType.IdentitiesAnswer)
        {
            throw new AgentProtocolException(
                AgentProtocolError.UnexpectedType,
                $"Expected {AgentMessageNames.Describe(AgentMessageType.IdentitiesAnswer)} but got {AgentMessageNames.Describe(type)}.");
        }

        var reader = new SshWireReader(contents, Context);
        var count = reader.ReadUInt32("nkeys");

        // No capacity from nkeys: it is untrusted. Each key consumes at least 8 bytes, so the
        // list cannot grow beyond what the (capped) message really holds.
        var identities = new List<AgentIdentity>();
        for (uint i = 0; i < count; i++)
        {
            var keyBlob = reader.ReadString("key_blob");
            var comment = reader.ReadString("comment");
            identities.Add(new AgentIdentity(keyBlob, comment));
        }

        reader.EnsureEnd();
        return identities;
    }

    /// <summary>Encodes a whole message (length field included) listing <paramref name="identities"/> in order.</summary>
    public static byte[] Encode(IEnumerable<AgentIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var list = identities as IReadOnlyCollection<AgentIdentity> ?? [.. identities];
        var writer = new SshWireWriter();
        writer.WriteUInt32((uint)list.Count);
        foreach (var identity in list)
        {
            writer.WriteString(identity.KeyBlob.Span);
            writer.WriteString(identity.Comment.Span);
        }

        return AgentMessage.Create(AgentMessageType.IdentitiesAnswer, writer.WrittenSpan);
    }
}
