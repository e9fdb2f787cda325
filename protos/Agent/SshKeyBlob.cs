using System.Diagnostics.CodeAnalysis;

namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// Facts about a public key blob (RFC 4253 §6.6) that need no cryptography: every blob starts
/// with <c>string</c> key type name, e.g. <c>ssh-ed25519</c>.
/// </summary>
internal static class SshKeyBlob
{
    /// <summary>
    /// OpenSSH certificate types (PROTOCOL.certkeys): the plain key type each certifies, and how many
    /// public-key fields follow the certificate's nonce. A certificate's fingerprint is its key's.
    /// </summary>
    private static readonly Dictionary<string, (string PlainType, int KeyFields)> Certificates = new(StringComparer.Ordinal)
    {
        ["ssh-rsa-cert-v01@openssh.com"] = ("ssh-rsa", 2),
        ["ssh-dss-cert-v01@openssh.com"] = ("ssh-dss", 4),
        ["ecdsa-sha2-nistp256-cert-v01@openssh.com"] = ("ecdsa-sha2-nistp256", 2),
        ["ecdsa-sha2-nistp384-cert-v01@openssh.com"] = ("ecdsa-sha2-nistp384", 2),
        ["ecdsa-sha2-nistp521-cert-v01@openssh.com"] = ("ecdsa-sha2-nistp521", 2),
        ["ssh-ed25519-cert-v01@openssh.com"] = ("ssh-ed25519", 1),
        ["sk-ecdsa-sha2-nistp256-cert-v01@openssh.com"] = ("sk-ecdsa-sha2-nistp256@openssh.com", 3),
        ["sk-ssh-ed25519-cert-v01@openssh.com"] = ("sk-ssh-ed25519@openssh.com", 2),
    };

    /// <summary>
    /// The plain public key an OpenSSH certificate blob certifies, as its own blob; null when
    /// <paramref name="keyBlob"/> is not a certificate of a known type or is malformed. OpenSSH
    /// shows a certificate under its key's fingerprint, and so must we.
    /// </summary>
    public static byte[]? TryGetCertifiedKey(ReadOnlySpan<byte> keyBlob)
    {
        if (!TryGetKeyType(keyBlob, out var type) || !Certificates.TryGetValue(type, out var certified))
        {
            return null;
        }

        var reader = new SshWireReader(keyBlob, "certificate");
        if (!reader.TryReadString(out _) || !reader.TryReadString(out _))
        {
            return null; // type, nonce
        }

        var plain = new SshWireWriter();
        plain.WriteString(System.Text.Encoding.ASCII.GetBytes(certified.PlainType));
        for (var i = 0; i < certified.KeyFields; i++)
        {
            if (!reader.TryReadString(out var field))
            {
                return null;
            }

            plain.WriteString(field);
        }

        return plain.WrittenSpan.ToArray();
    }

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
