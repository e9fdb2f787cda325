using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Tests.Integrity;

/// <summary>
/// Frames from the network with odd field values — any version, timestamp, uuid, role
/// number, nonce and MAC length, request id and payload, or plain random bytes — are refused
/// with a <see cref="Refusal"/> (or by protobuf's own parse error), never with any other
/// exception, and never accepted without the token.
/// </summary>
public sealed class FramePropertyTests
{
    private const int Cases = 2000;
    private static readonly byte[] Key = MacInput.KeyOf("property-token");

    private static readonly Gen<byte[]> Bytes = Gen.Choose(0, 80).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n));

    private static readonly Gen<AgentPacket> OddPackets =
        from version in Gen.Elements(0u, 1u, 2u, uint.MaxValue)
        from timestamp in Gen.Elements(0L, -1L, long.MinValue, long.MaxValue, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
        from uuid in Gen.Elements("", "uuid-1", "uuid-2", new string('x', 5000), "\0", "ünï")
        from role in Gen.Elements(0, 1, 2, 3, -1, int.MaxValue)
        from nonce in Bytes
        from requestId in Gen.Elements(0UL, 1UL, ulong.MaxValue)
        from payload in Bytes
        from hmac in Bytes
        select new AgentPacket
        {
            Version = version, TimestampUnixMs = timestamp, Uuid = uuid, Role = (Role)role, Nonce = ByteString.CopyFrom(nonce),
            RequestId = requestId, Payload = ByteString.CopyFrom(payload), Hmac = ByteString.CopyFrom(hmac),
        };

    private static FrameVerifier Verifier() => new(TimeProvider.System, TimeSpan.FromSeconds(30));

    [Property(MaxTest = Cases)]
    public Property CheckRequestAndReply_OddFieldValues_RefusedWithoutThrowing() =>
        Prop.ForAll(Arb.From(OddPackets), packet =>
        {
            var verifier = Verifier();
            return verifier.CheckRequest(packet, "uuid-1", Key) is not null && verifier.CheckReply(packet, "uuid-1", Key) is not null;
        });

    [Property(MaxTest = Cases)]
    public Property CheckHello_OddFieldValues_RefusedWithoutThrowing() =>
        Prop.ForAll(Arb.From(OddPackets), packet =>
        {
            var hello = new Hello
            {
                Version = packet.Version, TimestampUnixMs = packet.TimestampUnixMs, Uuid = packet.Uuid, Role = packet.Role,
                Nonce = packet.Nonce, Hmac = packet.Hmac,
            };
            return Verifier().CheckHello(hello, Key) is not null;
        });

    [Property(MaxTest = Cases)]
    public Property ParseConnectRequest_RandomBytes_ParsesOrFailsWithProtobufErrorAndNeverVerifies() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))), bytes =>
        {
            ConnectRequest frame;
            try
            {
                frame = ConnectRequest.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                return true;
            }

            var verifier = Verifier();
            return frame.FrameCase switch
            {
                ConnectRequest.FrameOneofCase.Hello => verifier.CheckHello(frame.Hello, Key) is not null,
                ConnectRequest.FrameOneofCase.AgentPacket => verifier.CheckRequest(frame.AgentPacket, "uuid-1", Key) is not null,
                _ => true,
            };
        });

    [Property(MaxTest = Cases)]
    public Property SignedPacket_AnySingleByteOfItsEncodingChanged_NoLongerVerifiesAsTheSameRequest() =>
        Prop.ForAll(Arb.From(Bytes.Zip(Gen.Choose(0, int.MaxValue)).Zip(Gen.Choose(1, 255))), input =>
        {
            var ((payload, position), xor) = input;
            var signer = new FrameSigner("uuid-1", Key, TimeProvider.System);
            var original = signer.Request(42, ByteString.CopyFrom(payload));
            var wire = original.ToByteArray();
            wire[position % wire.Length] ^= (byte)xor;
            try
            {
                var altered = AgentPacket.Parser.ParseFrom(wire);
                return altered.Equals(original) || Verifier().CheckRequest(altered, "uuid-1", Key) is not null;
            }
            catch (InvalidProtocolBufferException)
            {
                return true;
            }
        });
}
