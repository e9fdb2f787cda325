using System.Net.Sockets;
using System.Security.Cryptography;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>
/// A minimal ssh-agent client for tests that need what OpenSSH's tools cannot do on demand:
/// many requests on one connection, at high rate, and raw bytes.
/// </summary>
internal sealed class AgentSocketClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private NetworkStream? _stream;

    /// <summary>SSH_AGENT_RSA_SHA2_256: ask for an rsa-sha2-256 signature.</summary>
    public const uint RsaSha256Flag = 2;

    /// <summary>Connects to the agent socket at <paramref name="path"/>.</summary>
    public static async Task<AgentSocketClient> ConnectAsync(string path)
    {
        var client = new AgentSocketClient();
        await client._socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        client._stream = new NetworkStream(client._socket, ownsSocket: false);
        return client;
    }

    /// <summary>The raw stream, for tests that send malformed bytes.</summary>
    public NetworkStream Stream => _stream!;

    /// <summary>Sends a whole message and reads the whole reply (null when the agent hung up).</summary>
    public async Task<byte[]?> RequestAsync(byte[] message, CancellationToken cancellationToken = default)
    {
        await Stream.WriteAsync(message, cancellationToken);
        return await AgentMessageReader.ReadAsync(Stream, AgentMessage.DefaultMaxLength, cancellationToken);
    }

    /// <summary>The identities the agent offers.</summary>
    public async Task<IReadOnlyList<AgentIdentity>> ListAsync()
    {
        var reply = await RequestAsync(AgentMessage.Create(AgentMessageType.RequestIdentities, []))
                    ?? throw new IOException("no reply to REQUEST_IDENTITIES");
        return IdentitiesAnswer.Parse(reply);
    }

    /// <summary>A SIGN_REQUEST message for <paramref name="keyBlob"/> over <paramref name="data"/>.</summary>
    public static byte[] SignRequestMessage(byte[] keyBlob, byte[] data, uint flags = 0) => new SignRequest(keyBlob, data, flags).Encode();

    /// <summary>
    /// True when <paramref name="signResponse"/> is an rsa-sha2-256 signature of <paramref name="data"/>
    /// by the RSA key <paramref name="keyBlob"/>, checked with .NET's own RSA.
    /// </summary>
    public static bool IsValidRsaSha256Signature(byte[] keyBlob, byte[] data, byte[] signResponse)
    {
        if (signResponse.Length < 5 || signResponse[4] != (byte)AgentMessageType.SignResponse)
        {
            return false;
        }

        var key = new SshWireReader(keyBlob, "key blob");
        key.ReadString("key type");
        var exponent = key.ReadString("e").ToArray();
        var modulus = key.ReadString("n").ToArray();

        var response = new SshWireReader(signResponse.AsSpan(5), "sign response");
        var signature = new SshWireReader(response.ReadString("signature"), "signature");
        if (!signature.ReadString("algorithm").SequenceEqual("rsa-sha2-256"u8))
        {
            return false;
        }

        var bytes = signature.ReadString("signature bytes").ToArray();
        using var rsa = RSA.Create(new RSAParameters { Exponent = TrimSign(exponent), Modulus = TrimSign(modulus) });
        return rsa.VerifyData(data, bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    // SSH mpints carry a leading zero byte when the top bit is set; RSAParameters wants none.
    private static byte[] TrimSign(byte[] mpint) => mpint.Length > 1 && mpint[0] == 0 ? mpint[1..] : mpint;

    public void Dispose()
    {
        _stream?.Dispose();
        _socket.Dispose();
    }
}
