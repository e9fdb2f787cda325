namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// <c>SSH_AGENTC_SIGN_REQUEST</c> (13): <c>string key_blob</c>, <c>string data</c>,
/// <c>uint32 flags</c>.
/// </summary>
internal sealed class SignRequest
{
    private const string Context = "SSH_AGENTC_SIGN_REQUEST";

    /// <summary>Creates a request from copies of the given bytes.</summary>
    public SignRequest(ReadOnlySpan<byte> keyBlob, ReadOnlySpan<byte> data, uint flags)
    {
        KeyBlob = keyBlob.ToArray();
        Data = data.ToArray();
        Flags = flags;
    }

    /// <summary>The public key blob of the key that should sign.</summary>
    public ReadOnlyMemory<byte> KeyBlob { get; }

    /// <summary>The data to sign; for SSH logins see <see cref="SshUserAuthRequest.TryParse"/>.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Signature flags, e.g. 2 = <c>SSH_AGENT_RSA_SHA2_256</c>, 4 = <c>SSH_AGENT_RSA_SHA2_512</c>.</summary>
    public uint Flags { get; }

    /// <summary>Parses a whole message (length field included).</summary>
    /// <exception cref="AgentProtocolException">
    /// The frame is malformed (see <see cref="AgentMessage.Parse"/>);
    /// <see cref="AgentProtocolError.UnexpectedType"/> if it is not a sign request;
    /// <see cref="AgentProtocolError.Truncated"/> if a field runs past the end;
    /// <see cref="AgentProtocolError.TrailingData"/> if bytes follow <c>flags</c>.
    /// </exception>
    public static SignRequest Parse(ReadOnlySpan<byte> message, int maxLength = AgentMessage.DefaultMaxLength)
    {
        var type = AgentMessage.Parse(message, out var contents, maxLength);
        if (type != (byte)AgentMessageType.SignRequest)
        {
            throw new AgentProtocolException(
                AgentProtocolError.UnexpectedType,
                $"Expected {AgentMessageNames.Describe(AgentMessageType.SignRequest)} but got {AgentMessageNames.Describe(type)}.");
        }

        var reader = new SshWireReader(contents, Context);
        var keyBlob = reader.ReadString("key_blob");
        var data = reader.ReadString("data");
        var flags = reader.ReadUInt32("flags");
        reader.EnsureEnd();
        return new SignRequest(keyBlob, data, flags);
    }

    /// <summary>Encodes the request as a whole message (length field included).</summary>
    public byte[] Encode()
    {
        var writer = new SshWireWriter();
        writer.WriteString(KeyBlob.Span);
        writer.WriteString(Data.Span);
        writer.WriteUInt32(Flags);
        return AgentMessage.Create(AgentMessageType.SignRequest, writer.WrittenSpan);
    }
}
