using System.Buffers.Binary;
using System.Text;

namespace GrpcRelay.Protocol.Tests.Agent;

/// <summary>
/// Hand-rolled SSH wire encoding for building test inputs, independent of the library's own
/// writer so that a symmetric bug in both cannot hide.
/// </summary>
internal static class TestWire
{
    public static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] String(byte[] value) => [.. UInt32((uint)value.Length), .. value];

    public static byte[] String(string value) => String(Encoding.UTF8.GetBytes(value));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    /// <summary>A whole agent message: length ‖ type ‖ contents.</summary>
    public static byte[] Message(byte type, params byte[][] contents)
    {
        var body = Concat(contents);
        return Concat(UInt32((uint)(body.Length + 1)), [type], body);
    }

    /// <summary>A key blob shaped like a real one: string type name, then one string of key material.</summary>
    public static byte[] KeyBlob(string keyType, byte[] material) => Concat(String(keyType), String(material));

    /// <summary>Signed data of an SSH public key user authentication (RFC 4252 §7).</summary>
    public static byte[] UserAuthData(
        byte[] sessionId,
        string user,
        string service,
        string method,
        string algorithm,
        byte[] keyBlob,
        byte[]? hostKey = null)
    {
        var data = Concat(
            String(sessionId),
            [50],
            String(user),
            String(service),
            String(method),
            [1],
            String(algorithm),
            String(keyBlob));
        return hostKey is null ? data : Concat(data, String(hostKey));
    }
}
