using System.Buffers.Binary;

namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// Reads RFC 4251 §5 data types (byte, boolean, uint32, string) from a span, checking every
/// length against what is actually left, so a hostile length can neither read out of bounds nor
/// make anything allocate. The <c>Try</c> methods never throw; the others throw
/// <see cref="AgentProtocolException"/> with <see cref="AgentProtocolError.Truncated"/>.
/// </summary>
internal ref struct SshWireReader
{
    private readonly string _context;
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Reads <paramref name="data"/>; <paramref name="context"/> names the structure in error messages.</summary>
    public SshWireReader(ReadOnlySpan<byte> data, string context)
    {
        _remaining = data;
        _context = context;
    }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _remaining.Length;

    /// <summary>Reads one byte, or answers <see langword="false"/> at the end.</summary>
    public bool TryReadByte(out byte value)
    {
        if (_remaining.IsEmpty)
        {
            value = 0;
            return false;
        }

        value = _remaining[0];
        _remaining = _remaining[1..];
        return true;
    }

    /// <summary>Reads a big-endian uint32, or answers <see langword="false"/> if fewer than 4 bytes are left.</summary>
    public bool TryReadUInt32(out uint value)
    {
        if (!BinaryPrimitives.TryReadUInt32BigEndian(_remaining, out value))
        {
            return false;
        }

        _remaining = _remaining[4..];
        return true;
    }

    /// <summary>
    /// Reads a <c>string</c> (uint32 length ‖ bytes) without copying, or answers
    /// <see langword="false"/> (and consumes nothing) if it runs past the end.
    /// </summary>
    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!BinaryPrimitives.TryReadUInt32BigEndian(_remaining, out var length)
            || length > (uint)(_remaining.Length - 4))
        {
            return false;
        }

        value = _remaining.Slice(4, (int)length);
        _remaining = _remaining[(4 + (int)length)..];
        return true;
    }

    /// <summary>Reads one byte or throws <see cref="AgentProtocolError.Truncated"/> naming <paramref name="field"/>.</summary>
    public byte ReadByte(string field) => TryReadByte(out var value) ? value : throw Truncated(field);

    /// <summary>Reads a uint32 or throws <see cref="AgentProtocolError.Truncated"/> naming <paramref name="field"/>.</summary>
    public uint ReadUInt32(string field) => TryReadUInt32(out var value) ? value : throw Truncated(field);

    /// <summary>Reads a string or throws <see cref="AgentProtocolError.Truncated"/> naming <paramref name="field"/>.</summary>
    public ReadOnlySpan<byte> ReadString(string field) => TryReadString(out var value) ? value : throw Truncated(field);

    /// <summary>Throws <see cref="AgentProtocolError.TrailingData"/> unless everything was read.</summary>
    public readonly void EnsureEnd()
    {
        if (!_remaining.IsEmpty)
        {
            throw new AgentProtocolException(
                AgentProtocolError.TrailingData,
                $"{_context} has {_remaining.Length} unexpected bytes after its last field.");
        }
    }

    private readonly AgentProtocolException Truncated(string field) =>
        new(AgentProtocolError.Truncated, $"{_context} ends inside its field '{field}'.");
}
