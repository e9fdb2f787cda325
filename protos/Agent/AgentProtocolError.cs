namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// Why agent protocol data was refused; carried by <see cref="AgentProtocolException"/>.
/// </summary>
internal enum AgentProtocolError
{
    /// <summary>
    /// A message's length field is 0. Every message has at least its type byte, and OpenSSH
    /// treats an empty message as a protocol error too.
    /// </summary>
    ZeroLength,

    /// <summary>
    /// A message's length field is above the cap (by default 256 KiB, OpenSSH's own limit).
    /// Reported before anything of that size is allocated.
    /// </summary>
    TooLong,

    /// <summary>
    /// The data ended before a length said it would: the stream ended in the middle of a
    /// message, a buffer is shorter than its length field, or a field inside a message runs
    /// past the message's end.
    /// </summary>
    Truncated,

    /// <summary>Bytes follow the end of a message or of the structure a message must hold.</summary>
    TrailingData,

    /// <summary>The message is well-formed but not of the type the caller asked to parse.</summary>
    UnexpectedType,

    /// <summary>A field has a value its format forbids (e.g. a key type name that is not an SSH name).</summary>
    InvalidField,
}
