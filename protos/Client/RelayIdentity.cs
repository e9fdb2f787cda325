using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Client;

/// <summary>Who a client is on the relay, and the tools to sign and check frames as that identity.</summary>
public sealed class RelayIdentity
{
    /// <summary>An identity for <paramref name="role"/> of <paramref name="uuid"/>, keyed with <paramref name="token"/>.</summary>
    public RelayIdentity(string uuid, string token, Role role, TimeProvider time, TimeSpan maxClockSkew)
    {
        Uuid = uuid;
        Role = role;
        Key = MacInput.KeyOf(token);
        Signer = new FrameSigner(uuid, Key, time);
        Verifier = new FrameVerifier(time, maxClockSkew);
    }

    /// <summary>The key owner id.</summary>
    public string Uuid { get; }

    /// <summary>The role this program plays.</summary>
    public Role Role { get; }

    /// <summary>The MAC key (the token's bytes). Never logged.</summary>
    public byte[] Key { get; }

    /// <summary>Makes this identity's frames.</summary>
    public FrameSigner Signer { get; }

    /// <summary>Checks frames received (one replay guard for the life of the program).</summary>
    public FrameVerifier Verifier { get; }
}
