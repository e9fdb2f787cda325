using System.Text;
using System.Text.Unicode;

namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// What a client is logging in as, read from the data of a sign request that signs an SSH
/// public key user authentication (RFC 4252 §7), for audit logs.
/// </summary>
/// <param name="UserName">The user name the client logs in as.</param>
/// <param name="ServiceName">The service requested, normally <c>ssh-connection</c>.</param>
/// <param name="Method"><c>publickey</c>, or OpenSSH's <c>publickey-hostbound-v00@openssh.com</c>.</param>
/// <param name="Algorithm">The public key algorithm name, e.g. <c>ssh-ed25519</c> or <c>rsa-sha2-512</c>.</param>
/// <param name="KeyBlob">The public key blob being used.</param>
/// <param name="HostKeyBlob">The server's host key for the host-bound method; empty otherwise.</param>
internal sealed record SshUserAuthRequest(
    string UserName,
    string ServiceName,
    string Method,
    string Algorithm,
    ReadOnlyMemory<byte> KeyBlob,
    ReadOnlyMemory<byte> HostKeyBlob)
{
    /// <summary>The standard method name (RFC 4252 §7).</summary>
    public const string PublicKeyMethod = "publickey";

    /// <summary>
    /// OpenSSH's method (its PROTOCOL file) that also binds the signature to the server's host key;
    /// OpenSSH 8.9 and later use it with servers that offer it.
    /// </summary>
    public const string HostBoundPublicKeyMethod = "publickey-hostbound-v00@openssh.com";

    private const byte SshMsgUserAuthRequest = 50;

    /// <summary>
    /// Reads <paramref name="data"/> (the <c>data</c> field of a sign request) as signed
    /// user-authentication data: <c>string session_id</c>, <c>byte 50</c>,
    /// <c>string user</c>, <c>string service</c>, <c>string method</c>, <c>bool TRUE</c>,
    /// <c>string algorithm</c>, <c>string key_blob</c>, and for the host-bound method
    /// <c>string host_key</c>. Never throws.
    /// </summary>
    /// <returns>
    /// The request, or <see langword="null"/> when the data is anything else: other signed data
    /// (e.g. <c>ssh-keygen -Y sign</c>), truncated or trailing bytes, a user name that is not
    /// UTF-8 or contains control characters (it would go to a log), or names that are not SSH names.
    /// </returns>
    public static SshUserAuthRequest? TryParse(ReadOnlySpan<byte> data)
    {
        var reader = new SshWireReader(data, "user-authentication request");
        if (!reader.TryReadString(out _)
            || !reader.TryReadByte(out var messageNumber) || messageNumber != SshMsgUserAuthRequest
            || !reader.TryReadString(out var userBytes) || !TryDecodeUserName(userBytes, out var userName)
            || !reader.TryReadString(out var serviceBytes) || !SshNames.TryDecode(serviceBytes, out var serviceName)
            || !reader.TryReadString(out var methodBytes) || !SshNames.TryDecode(methodBytes, out var method)
            || !reader.TryReadByte(out var hasSignature) || hasSignature == 0
            || !reader.TryReadString(out var algorithmBytes) || !SshNames.TryDecode(algorithmBytes, out var algorithm)
            || !reader.TryReadString(out var keyBlob))
        {
            return null;
        }

        ReadOnlySpan<byte> hostKeyBlob = default;
        var known = method switch
        {
            PublicKeyMethod => true,
            HostBoundPublicKeyMethod => reader.TryReadString(out hostKeyBlob),
            _ => false,
        };
        if (!known || reader.Remaining != 0)
        {
            return null;
        }

        return new SshUserAuthRequest(userName, serviceName, method, algorithm, keyBlob.ToArray(), hostKeyBlob.ToArray());
    }

    private static bool TryDecodeUserName(ReadOnlySpan<byte> bytes, out string userName)
    {
        userName = string.Empty;
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(bytes);
        foreach (var c in decoded)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        userName = decoded;
        return true;
    }
}
