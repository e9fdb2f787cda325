using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Integrity;

/// <summary>
/// Every check a received frame must pass, in one place and one order: shape, version,
/// MAC, clock, nonce. The MAC comes before the clock and the nonce so that frames from
/// someone without the token can neither fill the replay guard nor learn our clock.
/// </summary>
public sealed class FrameVerifier(TimeProvider time, TimeSpan maxSkew)
{
    /// <summary>The only protocol version this release speaks.</summary>
    public const uint CurrentVersion = 1;

    private readonly ReplayGuard _replayGuard = new(time, maxSkew);

    /// <summary>The clock used for timestamps and the replay window.</summary>
    public TimeProvider Time => time;

    /// <summary>Checks a Hello against the token of its uuid.</summary>
    public Refusal? CheckHello(Hello hello, ReadOnlySpan<byte> key) =>
        CheckShape(hello.Uuid, hello.Role, hello.Nonce.Length, hello.Hmac.Length, "Hello")
        ?? CheckVersion(hello.Version)
        ?? (MacInput.Verify(key, hello) ? null : BadMac("Hello"))
        ?? CheckClock(hello.TimestampUnixMs)
        ?? CheckFresh(hello.Nonce.Span, hello.TimestampUnixMs);

    /// <summary>Checks an Ack against the Hello it answers.</summary>
    public Refusal? CheckAck(Ack ack, Hello hello, ReadOnlySpan<byte> key) =>
        CheckShape(ack.Uuid, ack.Role, ack.Nonce.Length, ack.Hmac.Length, "Ack")
        ?? CheckVersion(ack.Version)
        ?? (MacInput.Verify(key, ack) ? null : BadMac("Ack"))
        ?? (ack.Uuid == hello.Uuid && ack.Role == hello.Role && ack.Nonce.Equals(hello.Nonce)
            ? null
            : new Refusal(RefusalKind.Mismatch, "the Ack does not echo our Hello (uuid, role or nonce differ)"))
        ?? CheckClock(ack.TimestampUnixMs);

    /// <summary>Checks an agent request: sent by an endpoint of <paramref name="uuid"/>, with a fresh nonce.</summary>
    public Refusal? CheckRequest(AgentPacket packet, string uuid, ReadOnlySpan<byte> key) =>
        CheckPacket(packet, uuid, Role.Endpoint, key)
        ?? CheckFresh(packet.Nonce.Span, packet.TimestampUnixMs);

    /// <summary>
    /// Checks an agent reply: sent by the forwarder of <paramref name="uuid"/>. Its nonce is the
    /// request's, echoed, so it is matched against outstanding requests by the caller instead
    /// of the replay guard.
    /// </summary>
    public Refusal? CheckReply(AgentPacket packet, string uuid, ReadOnlySpan<byte> key) =>
        CheckPacket(packet, uuid, Role.Forwarder, key);

    private Refusal? CheckPacket(AgentPacket packet, string uuid, Role sender, ReadOnlySpan<byte> key) =>
        CheckShape(packet.Uuid, packet.Role, packet.Nonce.Length, packet.Hmac.Length, "AgentPacket")
        ?? CheckVersion(packet.Version)
        ?? (packet.Uuid == uuid && packet.Role == sender
            ? null
            : new Refusal(RefusalKind.Mismatch,
                $"an AgentPacket from role {RoleNames.Of(packet.Role) ?? "unknown"} of another uuid or role arrived on a {RoleNames.Of(sender)} stream of {uuid}"))
        ?? (MacInput.Verify(key, packet) ? null : BadMac("AgentPacket"))
        ?? CheckClock(packet.TimestampUnixMs);

    private static Refusal? CheckShape(string uuid, Role role, int nonceLength, int macLength, string frame)
    {
        if (string.IsNullOrEmpty(uuid))
        {
            return Malformed($"the {frame} has an empty uuid");
        }

        if (RoleNames.Of(role) is null)
        {
            return Malformed($"the {frame} has no valid role (expected ROLE_FORWARDER or ROLE_ENDPOINT)");
        }

        if (nonceLength != MacInput.NonceBytes)
        {
            return Malformed($"the {frame} nonce is {nonceLength} bytes; it must be {MacInput.NonceBytes}");
        }

        return macLength == MacInput.MacBytes
            ? null
            : Malformed($"the {frame} hmac is {macLength} bytes; it must be {MacInput.MacBytes}");
    }

    private static Refusal? CheckVersion(uint version) =>
        version == CurrentVersion
            ? null
            : new Refusal(RefusalKind.UnsupportedVersion, $"protocol version {version} is not supported; this program speaks version {CurrentVersion}");

    private Refusal? CheckClock(long timestampUnixMs) =>
        ClockWindow.Check(timestampUnixMs, time.GetUtcNow(), maxSkew) is { } problem
            ? new Refusal(RefusalKind.ClockSkew, problem)
            : null;

    private Refusal? CheckFresh(ReadOnlySpan<byte> nonce, long timestampUnixMs) =>
        _replayGuard.TryAccept(nonce, timestampUnixMs)
            ? null
            : new Refusal(RefusalKind.Replay, "the nonce was used before: a replayed or duplicated message");

    private static Refusal BadMac(string frame) =>
        new(RefusalKind.BadMac, $"the {frame} MAC does not verify: wrong token for this uuid, or the message was altered");

    private static Refusal Malformed(string message) => new(RefusalKind.Malformed, message);
}
