using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

/// <summary>
/// FsCheck generators of agent protocol inputs: valid messages built by hand (see
/// <see cref="TestWire"/>), the same messages mutated the ways a broken or hostile peer would
/// send them, and plain random bytes.
/// </summary>
internal static class AgentGenerators
{
    public static Gen<byte> Byte { get; } = Gen.Choose(0, 255).Select(i => (byte)i);

    /// <summary>Random bytes; the length grows with FsCheck's size, up to about 100.</summary>
    public static Gen<byte[]> Bytes { get; } = Byte.ArrayOf();

    /// <summary>Lengths and counts: mostly small, sometimes at the edges, sometimes anything.</summary>
    public static Gen<uint> UInt32 { get; } = Gen.Frequency(
        (4, Gen.Choose(0, 300).Select(i => (uint)i)),
        (1, Gen.Elements(0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 0x00040000u, 0x00040001u)),
        (2, Gen.Choose(0, 0xFFFF).Zip(Gen.Choose(0, 0xFFFF), (high, low) => ((uint)high << 16) | (uint)low)));

    public static Gen<string> KeyType { get; } =
        Gen.Elements("ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", "sk-ssh-ed25519@openssh.com");

    public static Gen<byte[]> KeyBlob { get; } =
        from keyType in KeyType
        from material in Bytes
        select TestWire.KeyBlob(keyType, material);

    public static Gen<AgentIdentity[]> Identities { get; } =
        (from keyBlob in Gen.Frequency((3, KeyBlob), (1, Bytes))
         from comment in Bytes
         select new AgentIdentity(keyBlob, comment)).ArrayOf();

    public static Gen<byte[]> IdentitiesAnswerMessage { get; } = Identities.Select(EncodeByHand);

    public static Gen<string> UserName { get; } = Gen.Elements("git", "root", "jürgen", "first last", "", "日本");

    public static Gen<string> Method { get; } =
        Gen.Elements(SshUserAuthRequest.PublicKeyMethod, SshUserAuthRequest.HostBoundPublicKeyMethod);

    public static Gen<byte[]> UserAuthData { get; } =
        from sessionId in Bytes
        from user in UserName
        from service in Gen.Elements("ssh-connection", "ssh-userauth")
        from method in Method
        from algorithm in Gen.Elements("ssh-ed25519", "rsa-sha2-512", "ecdsa-sha2-nistp256")
        from keyBlob in KeyBlob
        from hostKey in KeyBlob
        select TestWire.UserAuthData(sessionId, user, service, method, algorithm, keyBlob, method == SshUserAuthRequest.PublicKeyMethod ? null : hostKey);

    public static Gen<byte[]> SignRequestMessage { get; } =
        from keyBlob in KeyBlob
        from data in Gen.OneOf(Bytes, UserAuthData)
        from flags in UInt32
        select TestWire.Message(13, TestWire.String(keyBlob), TestWire.String(data), TestWire.UInt32(flags));

    public static Gen<byte[]> AnyTypeMessage { get; } =
        from type in Byte
        from contents in Bytes
        select TestWire.Message(type, contents);

    public static Gen<byte[]> ValidMessage { get; } = Gen.OneOf(
        IdentitiesAnswerMessage,
        SignRequestMessage,
        AnyTypeMessage,
        Gen.Constant(TestWire.Message(5)),
        Gen.Constant(TestWire.Message(11)));

    /// <summary>Random bytes, or a valid message of <paramref name="source"/> that is often damaged.</summary>
    public static Gen<byte[]> Fuzz(Gen<byte[]> source) => Gen.Frequency((1, Bytes), (4, Mutated(source)));

    /// <summary>Several fuzzed messages back to back, as a stream would carry them.</summary>
    public static Gen<byte[]> FuzzStream { get; } =
        Fuzz(ValidMessage).ArrayOf().Select(parts => TestWire.Concat(parts));

    public static Gen<byte[]> Mutated(Gen<byte[]> source) =>
        from message in source
        from kind in Gen.Choose(0, 7)
        from position in Gen.Choose(0, 1 << 16)
        from value in Byte
        from number in UInt32
        from extra in Bytes
        select Mutate(message, kind, position, value, number, extra);

    /// <summary>Encodes an identities answer without the library, to compare against it.</summary>
    public static byte[] EncodeByHand(IReadOnlyCollection<AgentIdentity> identities) =>
        TestWire.Message(
            12,
            [.. TestWire.UInt32((uint)identities.Count), .. identities.SelectMany(identity =>
                TestWire.Concat(TestWire.String(identity.KeyBlob.ToArray()), TestWire.String(identity.Comment.ToArray())))]);

    private static byte[] Mutate(byte[] message, int kind, int position, byte value, uint number, byte[] extra)
    {
        if (message.Length == 0)
        {
            return extra;
        }

        var at = position % message.Length;
        var copy = (byte[])message.Clone();
        switch (kind)
        {
            case 1:
                copy[at] = value;
                return copy;
            case 2:
                return message[..at];
            case 3:
                return TestWire.Concat(message, extra);
            case 4:
                return [.. message[..at], .. message[(at + 1)..]];
            case 5:
                return [.. message[..at], value, .. message[at..]];
            case 6 when message.Length >= 4:
                // Any inner length, count or flags field.
                BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(Math.Min(at, message.Length - 4)), number);
                return copy;
            case 7 when message.Length >= 4:
                BinaryPrimitives.WriteUInt32BigEndian(copy, number);
                return copy;
            default:
                return message;
        }
    }
}
