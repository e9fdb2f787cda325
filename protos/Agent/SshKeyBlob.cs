using System.Diagnostics.CodeAnalysis;

namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// Facts about a public key blob (RFC 4253 §6.6) that need no cryptography: every blob starts
/// with <c>string</c> key type name, e.g. <c>ssh-ed25519</c>.
/// </summary>
internal static class SshKeyBlob
{
    /// <summary>The key type name at the start of <paramref name="keyBlob"/>.</summary>
    /// <exception cref="AgentProtocolException">
    /// <see cref="AgentProtocolError.Truncated"/> if the blob is shorter than its first string;
    /// <see cref="AgentProtocolError.InvalidField"/> if that string is not an SSH name.
    /// </exception>
    public static string GetKeyType(ReadOnlySpan<byte> keyBlob)
    {
        var reader = new SshWireReader(keyBlob, "key blob");
        var name = reader.ReadString("key type");
        return SshNames.TryDecode(name, out var keyType)
            ? keyType
            : throw new AgentProtocolException(AgentProtocolError.InvalidField, "The key type of a key blob is not a valid SSH name.");
    }

    /// <summary>Like <see cref="GetKeyType"/>, but answers <see langword="false"/> instead of throwing.</summary>
    public static bool TryGetKeyType(ReadOnlySpan<byte> keyBlob, [NotNullWhen(true)] out string? keyType)
    {
        keyType = null;
        var reader = new SshWireReader(keyBlob, "key blob");
        return reader.TryReadString(out var name) && SshNames.TryDecode(name, out keyType);
    }
}
