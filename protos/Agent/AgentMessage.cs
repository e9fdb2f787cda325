using System.Buffers.Binary;

namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// One agent protocol message in memory: <c>uint32 length (big-endian) ‖ byte type ‖ contents</c>,
/// where <c>length</c> counts the type byte and the contents but not itself. Every API in this
/// folder passes whole messages, length prefix included, because that is what travels through
/// the relay unchanged.
/// </summary>
internal static class AgentMessage
{
    /// <summary>Size of the big-endian length field in front of every message.</summary>
    public const int HeaderLength = 4;

    /// <summary>
    /// Default cap on the length field: 256 KiB, the limit OpenSSH's agent and client apply, so
    /// nothing a real agent or client sends is refused.
    /// </summary>
    public const int DefaultMaxLength = 256 * 1024;

    /// <summary>
    /// Largest cap a caller may choose: the whole message, length field included, must fit in
    /// one array.
    /// </summary>
    public static int MaxSupportedLength => Array.MaxLength - HeaderLength;

    /// <summary>The complete <c>SSH_AGENT_FAILURE</c> message: <c>00 00 00 01 05</c>.</summary>
    public static ReadOnlySpan<byte> Failure => [0, 0, 0, 1, (byte)AgentMessageType.Failure];

    /// <summary>A fresh array holding <see cref="Failure"/>, for APIs that need memory rather than a span.</summary>
    public static byte[] CreateFailure() => Failure.ToArray();

    /// <inheritdoc cref="Create(byte, ReadOnlySpan{byte})"/>
    public static byte[] Create(AgentMessageType type, ReadOnlySpan<byte> contents) => Create((byte)type, contents);

    /// <summary>
    /// Builds a whole message, length field included, from its type and contents. No cap is
    /// applied here: the receiver applies its own.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="contents"/> would not fit in one array.</exception>
    public static byte[] Create(byte type, ReadOnlySpan<byte> contents)
    {
        if (contents.Length > MaxSupportedLength - 1)
        {
            throw new ArgumentException("The contents are too large for one agent message.", nameof(contents));
        }

        var message = new byte[HeaderLength + 1 + contents.Length];
        BinaryPrimitives.WriteUInt32BigEndian(message, (uint)(1 + contents.Length));
        message[HeaderLength] = type;
        contents.CopyTo(message.AsSpan(HeaderLength + 1));
        return message;
    }

    /// <summary>
    /// Checks that <paramref name="message"/> is exactly one well-formed message no longer than
    /// <paramref name="maxLength"/> and returns its type and contents.
    /// </summary>
    /// <exception cref="AgentProtocolException">
    /// <see cref="AgentProtocolError.Truncated"/> (shorter than its length field says, or no
    /// complete length field), <see cref="AgentProtocolError.ZeroLength"/>,
    /// <see cref="AgentProtocolError.TooLong"/> or <see cref="AgentProtocolError.TrailingData"/>
    /// (bytes after the message).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is not between 1 and <see cref="MaxSupportedLength"/>.</exception>
    public static byte Parse(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> contents, int maxLength = DefaultMaxLength)
    {
        var error = Check(message, maxLength, out var type, out contents);
        if (error is { } kind)
        {
            throw new AgentProtocolException(kind, Explain(kind, message, maxLength));
        }

        return type;
    }

    /// <summary>
    /// Like <see cref="Parse"/>, but answers <see langword="false"/> instead of throwing when
    /// the message is not well-formed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is not between 1 and <see cref="MaxSupportedLength"/>.</exception>
    public static bool TryParse(ReadOnlySpan<byte> message, out byte type, out ReadOnlySpan<byte> contents, int maxLength = DefaultMaxLength) =>
        Check(message, maxLength, out type, out contents) is null;

    /// <summary>Throws unless <paramref name="maxLength"/> is a usable cap.</summary>
    internal static void ValidateMaxLength(int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, MaxSupportedLength);
    }

    /// <summary>
    /// Checks a length field against the cap. Callers do this before allocating, so a hostile
    /// 4 GiB length costs nothing.
    /// </summary>
    internal static void CheckLength(uint length, int maxLength)
    {
        if (length == 0)
        {
            throw new AgentProtocolException(AgentProtocolError.ZeroLength, "Agent message has length 0; every message has at least a type byte.");
        }

        if (length > (uint)maxLength)
        {
            throw new AgentProtocolException(AgentProtocolError.TooLong, $"Agent message length {length} exceeds the limit of {maxLength} bytes.");
        }
    }

    private static AgentProtocolError? Check(ReadOnlySpan<byte> message, int maxLength, out byte type, out ReadOnlySpan<byte> contents)
    {
        ValidateMaxLength(maxLength);
        type = 0;
        contents = default;
        if (message.Length < HeaderLength)
        {
            return AgentProtocolError.Truncated;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(message);
        if (length == 0)
        {
            return AgentProtocolError.ZeroLength;
        }

        if (length > (uint)maxLength)
        {
            return AgentProtocolError.TooLong;
        }

        var body = message[HeaderLength..];
        if ((uint)body.Length < length)
        {
            return AgentProtocolError.Truncated;
        }

        if ((uint)body.Length > length)
        {
            return AgentProtocolError.TrailingData;
        }

        type = body[0];
        contents = body[1..];
        return null;
    }

    private static string Explain(AgentProtocolError error, ReadOnlySpan<byte> message, int maxLength)
    {
        if (message.Length < HeaderLength)
        {
            return $"Agent message of {message.Length} bytes is shorter than its 4-byte length field.";
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(message);
        var actual = message.Length - HeaderLength;
        return error switch
        {
            AgentProtocolError.ZeroLength => "Agent message has length 0; every message has at least a type byte.",
            AgentProtocolError.TooLong => $"Agent message length {length} exceeds the limit of {maxLength} bytes.",
            AgentProtocolError.Truncated => $"Agent message declares {length} bytes but only {actual} follow its length field.",
            _ => $"Agent message declares {length} bytes but {actual} follow its length field.",
        };
    }
}
