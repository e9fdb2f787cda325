using Google.Protobuf;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Integrity;

/// <summary>Makes signed frames for one uuid and token: the only place frames are built.</summary>
public sealed class FrameSigner(string uuid, byte[] key, TimeProvider time)
{
    /// <summary>The uuid every frame carries.</summary>
    public string Uuid => uuid;

    /// <summary>A Hello for <paramref name="role"/> with a fresh nonce.</summary>
    public Hello Hello(Role role)
    {
        var hello = new Hello
        {
            Version = FrameVerifier.CurrentVersion,
            TimestampUnixMs = Now(),
            Uuid = uuid,
            Role = role,
            Nonce = Nonce.Create(),
        };
        hello.Hmac = ByteString.CopyFrom(MacInput.Compute(key, hello));
        return hello;
    }

    /// <summary>The Ack of an accepted Hello.</summary>
    public Ack Ack(Hello hello, int maxPayloadBytes)
    {
        var ack = new Ack
        {
            Version = FrameVerifier.CurrentVersion,
            TimestampUnixMs = Now(),
            Uuid = uuid,
            Role = hello.Role,
            Nonce = hello.Nonce,
            MaxPayloadBytes = (uint)maxPayloadBytes,
        };
        ack.Hmac = ByteString.CopyFrom(MacInput.Compute(key, ack));
        return ack;
    }

    /// <summary>An endpoint's agent request with a fresh nonce.</summary>
    public AgentPacket Request(ulong requestId, ByteString payload) =>
        Packet(Role.Endpoint, Nonce.Create(), requestId, payload);

    /// <summary>A forwarder's reply, echoing the request's nonce and id.</summary>
    public AgentPacket Reply(AgentPacket request, ByteString payload) =>
        Packet(Role.Forwarder, request.Nonce, request.RequestId, payload);

    private AgentPacket Packet(Role role, ByteString nonce, ulong requestId, ByteString payload)
    {
        var packet = new AgentPacket
        {
            Version = FrameVerifier.CurrentVersion,
            TimestampUnixMs = Now(),
            Uuid = uuid,
            Role = role,
            Nonce = nonce,
            RequestId = requestId,
            Payload = payload,
        };
        packet.Hmac = ByteString.CopyFrom(MacInput.Compute(key, packet));
        return packet;
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
