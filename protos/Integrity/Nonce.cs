using System.Security.Cryptography;
using Google.Protobuf;

namespace GrpcRelay.Protocol.Integrity;

/// <summary>Fresh nonces from the operating system's cryptographic random generator.</summary>
public static class Nonce
{
    /// <summary>16 new random bytes.</summary>
    public static ByteString Create() => ByteString.CopyFrom(RandomNumberGenerator.GetBytes(MacInput.NonceBytes));
}
