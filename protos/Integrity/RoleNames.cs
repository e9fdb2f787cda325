using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Integrity;

/// <summary>
/// The role strings of the original system. They go into every MAC input and into
/// client certificates, so they must never change.
/// </summary>
public static class RoleNames
{
    /// <summary>MAC and certificate name of <see cref="Role.Forwarder"/>.</summary>
    public const string Forwarder = "ssh-agent-forwarder";

    /// <summary>MAC and certificate name of <see cref="Role.Endpoint"/>.</summary>
    public const string Endpoint = "ssh-agent-endpoint";

    /// <summary>The name of a role; null for <see cref="Role.Unspecified"/> and unknown values.</summary>
    public static string? Of(Role role) => role switch
    {
        Role.Forwarder => Forwarder,
        Role.Endpoint => Endpoint,
        _ => null,
    };

    /// <summary>The role of a name; <see cref="Role.Unspecified"/> for anything else.</summary>
    public static Role Parse(string? name) => name switch
    {
        Forwarder => Role.Forwarder,
        Endpoint => Role.Endpoint,
        _ => Role.Unspecified,
    };
}
