using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Integrity;

/// <summary>
/// HMAC-SHA256 over the canonical, length-prefixed encoding of a frame, exactly as the
/// comment of relay.proto specifies it. Every field carries a length, so no two
/// different frames share an input (the original concatenated some fields bare).
/// </summary>
public static class MacInput
{
    /// <summary>Length of every MAC and every nonce on the wire.</summary>
    public const int MacBytes = 32;

    /// <summary>Length of every nonce.</summary>
    public const int NonceBytes = 16;

    private static readonly byte[] DomainLabel = "grpcrelay-mac-v1"u8.ToArray();
    private static readonly byte[] HelloKind = "hello"u8.ToArray();
    private static readonly byte[] AckKind = "ack"u8.ToArray();
    private static readonly byte[] AgentPacketKind = "agent-packet"u8.ToArray();

    /// <summary>The MAC of a Hello (its <c>hmac</c> field is ignored).</summary>
    public static byte[] Compute(ReadOnlySpan<byte> key, Hello hello) =>
        Compute(key, HelloKind, hello.Version, hello.TimestampUnixMs, hello.Uuid, hello.Role, hello.Nonce.Span, 0, default);

    /// <summary>The MAC of an Ack (its <c>hmac</c> field is ignored).</summary>
    public static byte[] Compute(ReadOnlySpan<byte> key, Ack ack) =>
        Compute(key, AckKind, ack.Version, ack.TimestampUnixMs, ack.Uuid, ack.Role, ack.Nonce.Span, 0, default);

    /// <summary>The MAC of an AgentPacket (its <c>hmac</c> field is ignored).</summary>
    public static byte[] Compute(ReadOnlySpan<byte> key, AgentPacket packet) =>
        Compute(key, AgentPacketKind, packet.Version, packet.TimestampUnixMs, packet.Uuid, packet.Role,
            packet.Nonce.Span, packet.RequestId, packet.Payload.Span);

    /// <summary>True when the Hello carries its correct MAC; compared in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, Hello hello) => Matches(Compute(key, hello), hello.Hmac.Span);

    /// <summary>True when the Ack carries its correct MAC; compared in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, Ack ack) => Matches(Compute(key, ack), ack.Hmac.Span);

    /// <summary>True when the AgentPacket carries its correct MAC; compared in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, AgentPacket packet) => Matches(Compute(key, packet), packet.Hmac.Span);

    /// <summary>The HMAC key for a token: its UTF-8 bytes.</summary>
    public static byte[] KeyOf(string token) => Encoding.UTF8.GetBytes(token);

    /// <summary>
    /// The canonical MAC input as one array. Only tests and implementers need it; the MAC
    /// itself is computed incrementally so a 256 KiB payload is never copied.
    /// </summary>
    public static byte[] Encode(string kind, uint version, long timestampUnixMs, string uuid, Role role,
        ReadOnlySpan<byte> nonce, ulong requestId, ReadOnlySpan<byte> payload)
    {
        using var buffer = new MemoryStream();
        Append(bytes => buffer.Write(bytes), Encoding.UTF8.GetBytes(kind), version, timestampUnixMs, uuid, role, nonce, requestId, payload);
        return buffer.ToArray();
    }

    private static byte[] Compute(ReadOnlySpan<byte> key, byte[] kind, uint version, long timestampUnixMs, string uuid,
        Role role, ReadOnlySpan<byte> nonce, ulong requestId, ReadOnlySpan<byte> payload)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        Append(hmac.AppendData, kind, version, timestampUnixMs, uuid, role, nonce, requestId, payload);
        return hmac.GetHashAndReset();
    }

    private delegate void Sink(ReadOnlySpan<byte> bytes);

    private static void Append(Sink sink, byte[] kind, uint version, long timestampUnixMs, string uuid, Role role,
        ReadOnlySpan<byte> nonce, ulong requestId, ReadOnlySpan<byte> payload)
    {
        Span<byte> number = stackalloc byte[8];
        Field(sink, DomainLabel);
        Field(sink, kind);
        BinaryPrimitives.WriteUInt32BigEndian(number, version);
        Field(sink, number[..4]);
        BinaryPrimitives.WriteInt64BigEndian(number, timestampUnixMs);
        Field(sink, number);
        Field(sink, Encoding.UTF8.GetBytes(uuid));
        // An unknown role encodes as empty: it can never verify against a real role's MAC.
        Field(sink, Encoding.UTF8.GetBytes(RoleNames.Of(role) ?? ""));
        Field(sink, nonce);
        BinaryPrimitives.WriteUInt64BigEndian(number, requestId);
        Field(sink, number);
        Field(sink, payload);
    }

    private static void Field(Sink sink, ReadOnlySpan<byte> bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        sink(length);
        sink(bytes);
    }

    private static bool Matches(byte[] expected, ReadOnlySpan<byte> actual) =>
        actual.Length == expected.Length && CryptographicOperations.FixedTimeEquals(expected, actual);
}
