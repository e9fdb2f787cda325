using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.IntegrationTests.Relay;
using GrpcRelay.Protocol.Agent;
using GrpcRelay.Protocol.Client;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Security;

/// <summary>A relay with tight limits for the attack suite.</summary>
public sealed class AttackRig : RigFixture
{
    internal override RigOptions Options => new()
    {
        Store = TokenStoreKind.Redis,
        Transport = TransportMode.H2,
        ServerSettings = new Dictionary<string, string>
        {
            ["hello_timeout"] = "1s",
            ["max_streams_per_uuid"] = "12",
            ["max_requests_per_second"] = "30",
            ["token_recheck_interval"] = "1s",
        },
    };
}

/// <summary>
/// Every attack we know of, tried against a running relay; each must be refused. A new
/// attack is one new entry in <see cref="Attacks"/>. Ends with the line
/// "security: N attacks tried, N refused, 0 accepted".
/// </summary>
public sealed class AttackSuiteTests(AttackRig fixture) : IClassFixture<AttackRig>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>An attack: true when the relay refused it.</summary>
    private sealed record Attack(string Name, Func<RelayRig, Task<bool>> Refused);

    /// <summary>What the last refusal check saw, for the failure message of an attack that got through (attacks run one at a time).</summary>
    private static string? s_seen;

    private static IEnumerable<Attack> Attacks()
    {
        // --- Credentials and identity ---
        yield return new("Hello with a wrong token", rig => RefusedWith(StatusCode.Unauthenticated, () => TestRelayClient.OpenAsync(rig, Role.Endpoint, token: "guessed")));
        yield return new("Hello for an unknown uuid", rig => RefusedWith(StatusCode.Unauthenticated, () => TestRelayClient.OpenAsync(rig, Role.Endpoint, uuid: "nobody")));
        yield return new("no client certificate", rig => RefusedAtTls(rig, () => TestRelayClient.OpenAsync(rig, Role.Endpoint, noCertificate: true)));
        yield return new("client certificate from another CA", rig => RefusedAtTls(rig, () =>
        {
            var other = RigCertificates.Create(rig.Directory.Combine("attack-other-ca"), "Attacker CA");
            var (cert, key) = other.IssueClient(Role.Endpoint, rig.Uuid);
            return TestRelayClient.OpenAsync(rig, Role.Endpoint, clientCertificate: CertificatePemFiles.LoadCertificateWithKey(cert, key));
        }));
        yield return new("expired client certificate", rig => RefusedAtTls(rig, () =>
        {
            var validity = new CertificateValidity(rig.Certificates.Authority.NotBefore.ToUniversalTime(), DateTimeOffset.UtcNow.AddMinutes(-1));
            var (cert, key) = rig.Certificates.IssueClient(Role.Endpoint, rig.Uuid, validity, "attack-expired");
            return TestRelayClient.OpenAsync(rig, Role.Endpoint, clientCertificate: CertificatePemFiles.LoadCertificateWithKey(cert, key));
        }));
        yield return new("stolen endpoint credentials registering a forwarder", rig => RefusedWith(StatusCode.PermissionDenied, () =>
        {
            var (cert, key) = rig.Certificates.IssueClient(Role.Endpoint, rig.Uuid, name: "attack-endpoint-as-forwarder");
            return TestRelayClient.OpenAsync(rig, Role.Forwarder, clientCertificate: CertificatePemFiles.LoadCertificateWithKey(cert, key));
        }));
        yield return new("certificate of another uuid", rig => RefusedWith(StatusCode.PermissionDenied, async () =>
        {
            await rig.GrantTokenAsync("attack-other-uuid", rig.Token);
            var (cert, key) = rig.Certificates.IssueClient(Role.Endpoint, "attack-other-uuid");
            return await TestRelayClient.OpenAsync(rig, Role.Endpoint, clientCertificate: CertificatePemFiles.LoadCertificateWithKey(cert, key));
        }));

        // --- Handshake ---
        yield return new("Hello stamped 5 minutes ago", rig => RefusedWith(StatusCode.FailedPrecondition, () => TestRelayClient.OpenAsync(rig, Role.Endpoint, clock: new OffsetClock(TimeSpan.FromMinutes(-5)))));
        yield return new("Hello stamped 5 minutes ahead", rig => RefusedWith(StatusCode.FailedPrecondition, () => TestRelayClient.OpenAsync(rig, Role.Endpoint, clock: new OffsetClock(TimeSpan.FromMinutes(5)))));
        yield return new("recorded Hello sent again", async rig =>
        {
            var hello = Signer(rig).Hello(Role.Endpoint);
            using (var first = TestRelayClient.OpenRaw(rig, Role.Endpoint))
            {
                await first.SendAsync(new ConnectRequest { Hello = hello });
                if ((await first.ReadAsync(Deadline))?.Ack is null)
                {
                    return false;
                }
            }

            using var replay = TestRelayClient.OpenRaw(rig, Role.Endpoint);
            await replay.SendAsync(new ConnectRequest { Hello = hello });
            return await replay.StatusAsync(Deadline) == StatusCode.FailedPrecondition;
        });
        yield return new("Hello with one flipped bit", rig => RawRefused(rig, StatusCode.Unauthenticated, hello => hello.Nonce = Flip(hello.Nonce)));
        yield return new("Hello of protocol version 2", rig => RawRefused(rig, StatusCode.FailedPrecondition, hello => hello.Version = 2, resign: true));
        yield return new("Hello whose uuid forges a log line", rig => RawRefused(rig, StatusCode.InvalidArgument,
            hello => hello.Uuid = "x\n2026-01-01T00:00:00.000Z info: forged line", resign: true));
        yield return new("Hello without a role", rig => RawRefused(rig, StatusCode.InvalidArgument, hello => hello.Role = Role.Unspecified, resign: true));
        yield return new("first frame not a Hello", async rig =>
        {
            using var call = TestRelayClient.OpenRaw(rig, Role.Endpoint);
            await call.SendAsync(new ConnectRequest { AgentPacket = Signer(rig).Request(1, ListRequest) });
            return await call.StatusAsync(Deadline) == StatusCode.InvalidArgument;
        });
        yield return new("no Hello at all (slowloris)", async rig =>
        {
            using var call = TestRelayClient.OpenRaw(rig, Role.Endpoint);
            return await call.StatusAsync(Deadline) == StatusCode.DeadlineExceeded;
        });
        yield return new("second Hello mid-stream", async rig =>
        {
            await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint);
            await session.SendAsync(new ConnectRequest { Hello = Signer(rig).Hello(Role.Endpoint) }, default);
            return await EndsWith(session, StatusCode.InvalidArgument);
        });

        // --- Agent packets ---
        yield return new("recorded request sent again", async rig =>
        {
            await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint);
            var request = Signer(rig).Request(1, ListRequest);
            var first = await RoundTripAsync(session, request);
            var second = await RoundTripAsync(session, request);
            return first.AgentPacket is not null && second.RequestFailure?.Reason == FailureReason.Refused;
        });
        yield return new("request with one flipped payload bit", rig => PacketRefused(rig, Signer(rig).Request(2, ListRequest), p => p.Payload = Flip(p.Payload)));
        yield return new("request with another uuid", rig => PacketRefused(rig, new FrameSigner("someone-else", MacInput.KeyOf(rig.Token), TimeProvider.System).Request(3, ListRequest)));
        yield return new("request posing as the forwarder", rig => PacketRefused(rig, ReplyShaped(rig)));
        yield return new("request stamped 5 minutes ago", rig => PacketRefused(rig,
            new FrameSigner(rig.Uuid, MacInput.KeyOf(rig.Token), new OffsetClock(TimeSpan.FromMinutes(-5))).Request(4, ListRequest)));
        foreach (var (name, type) in ForbiddenRequests)
        {
            yield return new($"agent request {name}", rig => PacketRefused(rig, Signer(rig).Request(5, ByteString.CopyFrom(AgentMessage.Create(type, [0, 0, 0, 0])))));
        }

        yield return new("agent message of 300 KiB", rig => PacketRefused(rig, Signer(rig).Request(6, ByteString.CopyFrom(Oversized()))));
        yield return new("signing with a key outside allowed_identities", async rig =>
        {
            using var client = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
            var rsa = rig.Agent.Keys.Single(k => k.Type == SshKeyType.Rsa);
            var reply = await client.RequestAsync(AgentSocketClient.SignRequestMessage(Convert.FromBase64String(rsa.PublicKey.Split(' ')[1]), RandomNumberGenerator.GetBytes(32), 2));
            return reply is not null && reply.AsSpan().SequenceEqual(AgentMessage.Failure);
        });

        // --- Local socket ---
        yield return new("local client claims a 4 GiB message", async rig =>
        {
            using var client = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
            var reply = await client.RequestAsync([0xff, 0xff, 0xff, 0xff, 13]);
            using var healthy = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
            return reply is not null && reply.AsSpan().SequenceEqual(AgentMessage.Failure) && (await healthy.ListAsync()).Count == 1;
        });
        yield return new("local client sends a zero-length message", async rig =>
        {
            using var client = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
            var reply = await client.RequestAsync([0, 0, 0, 0]);
            return reply is not null && reply.AsSpan().SequenceEqual(AgentMessage.Failure);
        });

        // --- Limits ---
        yield return new("more streams than max_streams_per_uuid", async rig =>
        {
            var sessions = new List<RelaySession>();
            try
            {
                for (var i = 0; i < 20; i++)
                {
                    sessions.Add(await TestRelayClient.OpenAsync(rig, Role.Endpoint));
                }

                return false;
            }
            catch (RpcException error)
            {
                return error.StatusCode == StatusCode.ResourceExhausted;
            }
            finally
            {
                foreach (var session in sessions)
                {
                    await session.DisposeAsync();
                }
            }
        });
        yield return new("request flood beyond max_requests_per_second", async rig =>
        {
            await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint);
            var signer = Signer(rig);
            for (ulong id = 100; id < 300; id++)
            {
                await session.SendAsync(new ConnectRequest { AgentPacket = signer.Request(id, ListRequest) }, default);
            }

            var limited = 0;
            for (var i = 0; i < 200; i++)
            {
                limited += (await NextAsync(session)).RequestFailure?.Reason == FailureReason.RateLimited ? 1 : 0;
            }

            return limited > 0;
        });

        yield return new("forged reply matching no outstanding request", async rig =>
        {
            // Posing as the forwarder (newest wins) and answering a request that was never made.
            await using var fake = await TestRelayClient.OpenAsync(rig, Role.Forwarder);
            try
            {
                var neverAsked = Signer(rig).Request(4242, ListRequest);
                await fake.SendAsync(new ConnectRequest { AgentPacket = new FrameSigner(rig.Uuid, MacInput.KeyOf(rig.Token), TimeProvider.System).Reply(neverAsked, ListRequest) }, default);
                await rig.Server.WaitForLineAsync(l => l.Contains("matches no outstanding request", StringComparison.Ordinal), Deadline, "the dropped reply in the server log");
                return true;
            }
            finally
            {
                await rig.StartForwarderAsync(allowedIdentities: [rig.Agent.Keys.Single(k => k.Type == SshKeyType.Ed25519).Fingerprint]);
            }
        });

        // --- Revocation (last: it ends the rig's own streams too, and gives the token back) ---
        yield return new("token deleted while streams are open", async rig =>
        {
            await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint);
            await rig.RevokeTokenAsync(rig.Uuid);
            try
            {
                var ended = await EndsWith(session, StatusCode.Unauthenticated, TimeSpan.FromSeconds(5));
                var newHello = await RefusedWith(StatusCode.Unauthenticated, () => TestRelayClient.OpenAsync(rig, Role.Endpoint));
                return ended && newHello;
            }
            finally
            {
                await rig.GrantTokenAsync(rig.Uuid, rig.Token);
            }
        });
        yield return new("token expired by its Redis TTL while streams are open", async rig =>
        {
            await rig.GrantTokenAsync(rig.Uuid, rig.Token, TimeSpan.FromSeconds(2));
            await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint);
            try
            {
                return await EndsWith(session, StatusCode.Unauthenticated, TimeSpan.FromSeconds(2 + 5));
            }
            finally
            {
                await rig.GrantTokenAsync(rig.Uuid, rig.Token);
            }
        });
    }

    [Fact]
    public async Task AttackSuite_EveryKnownAttack_IsRefused()
    {
        var rig = await fixture.RigAsync();
        var ed25519 = rig.Agent.Keys.Single(k => k.Type == SshKeyType.Ed25519);
        await rig.ReplaceForwarderAsync(allowedIdentities: [ed25519.Fingerprint]);
        var accepted = new List<string>();
        var tried = 0;

        foreach (var attack in Attacks())
        {
            tried++;
            s_seen = null;
            bool refused;
            try
            {
                refused = await attack.Refused(rig);
            }
            catch (Exception error)
            {
                refused = false;
                accepted.Add($"{attack.Name}: the attack itself broke ({error.GetType().Name}: {error.Message})");
                continue;
            }

            if (!refused)
            {
                accepted.Add($"{attack.Name} (saw: {s_seen ?? "no refusal"})");
            }
        }

        TestReport.Write($"security: {tried} attacks tried, {tried - accepted.Count} refused, {accepted.Count} accepted");
        Assert.True(accepted.Count == 0, "not refused:\n" + string.Join("\n", accepted) + "\n" + rig.Logs());
        Assert.True(tried >= 30, $"only {tried} attacks were tried");
    }

    private static readonly (string Name, AgentMessageType Type)[] ForbiddenRequests =
    [
        ("ADD_IDENTITY", AgentMessageType.AddIdentity),
        ("REMOVE_IDENTITY", AgentMessageType.RemoveIdentity),
        ("REMOVE_ALL_IDENTITIES", AgentMessageType.RemoveAllIdentities),
        ("ADD_SMARTCARD_KEY", AgentMessageType.AddSmartcardKey),
        ("LOCK", AgentMessageType.Lock),
        ("UNLOCK", AgentMessageType.Unlock),
        ("ADD_ID_CONSTRAINED", AgentMessageType.AddIdConstrained),
        ("EXTENSION (session-bind and others)", AgentMessageType.Extension),
    ];

    private static readonly ByteString ListRequest = ByteString.CopyFrom(AgentMessage.Create(AgentMessageType.RequestIdentities, []));

    private static FrameSigner Signer(RelayRig rig) => new(rig.Uuid, MacInput.KeyOf(rig.Token), TimeProvider.System);

    private static ByteString Flip(ByteString bytes)
    {
        var copy = bytes.ToByteArray();
        copy[copy.Length / 2] ^= 0x01;
        return ByteString.CopyFrom(copy);
    }

    private static byte[] Oversized()
    {
        var contents = new byte[300 * 1024];
        return [.. new byte[] { 0x00, 0x04, 0xB0, 0x01 }, (byte)AgentMessageType.SignRequest, .. contents];
    }

    private static AgentPacket ReplyShaped(RelayRig rig)
    {
        var request = Signer(rig).Request(7, ListRequest);
        return Signer(rig).Reply(request, ListRequest);
    }

    private static async Task<bool> RefusedWith<T>(StatusCode expected, Func<Task<T>> attempt) where T : IAsyncDisposable
    {
        try
        {
            await (await attempt()).DisposeAsync();
            return false;
        }
        catch (RpcException error)
        {
            s_seen = $"{error.StatusCode}: {error.Status.Detail}";
            return error.StatusCode == expected;
        }
    }

    /// <summary>
    /// Refused during the TLS handshake: the attempt fails and the server logs why. With TLS 1.3 the
    /// client certificate is judged after the client considers the handshake done, so the client may
    /// only see the connection break; the server's log is the proof.
    /// </summary>
    private static async Task<bool> RefusedAtTls<T>(RelayRig rig, Func<Task<T>> attempt) where T : IAsyncDisposable
    {
        static bool IsTlsRefusal(string line) =>
            line.Contains("Client certificate refused", StringComparison.Ordinal)
            || line.Contains("Failed to authenticate HTTPS connection", StringComparison.Ordinal);
        var before = rig.Server.Log.Lines.Count(l => IsTlsRefusal(l.Text));
        try
        {
            await (await attempt()).DisposeAsync();
            return false;
        }
        catch (Exception error)
        {
            s_seen = RelayFailure.Describe(error);
        }

        await Wait.UntilAsync(() => rig.Server.Log.Lines.Count(l => IsTlsRefusal(l.Text)) > before, Deadline, "the server to log the TLS refusal");
        return true;
    }

    private static async Task<bool> RawRefused(RelayRig rig, StatusCode expected, Action<Hello> tamper, bool resign = false)
    {
        var hello = Signer(rig).Hello(Role.Endpoint);
        tamper(hello);
        if (resign)
        {
            hello.Hmac = ByteString.CopyFrom(MacInput.Compute(MacInput.KeyOf(rig.Token), hello));
        }

        using var call = TestRelayClient.OpenRaw(rig, Role.Endpoint);
        await call.SendAsync(new ConnectRequest { Hello = hello });
        return await call.StatusAsync(Deadline) == expected;
    }

    private static async Task<bool> PacketRefused(RelayRig rig, AgentPacket packet, Action<AgentPacket>? tamper = null)
    {
        tamper?.Invoke(packet);
        await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint);
        try
        {
            var answer = await RoundTripAsync(session, packet);
            s_seen = answer.ToString();
            return answer.RequestFailure?.Reason == FailureReason.Refused;
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.ResourceExhausted or StatusCode.InvalidArgument)
        {
            // Refused by the server's frame size limit: the whole stream ends.
            return true;
        }
    }

    private static async Task<ConnectResponse> RoundTripAsync(RelaySession session, AgentPacket request)
    {
        await session.SendAsync(new ConnectRequest { AgentPacket = request }, default);
        return await NextAsync(session);
    }

    private static Task<ConnectResponse> NextAsync(RelaySession session) => session.NextFrameAsync(TimeSpan.FromSeconds(10));

    private static async Task<bool> EndsWith(RelaySession session, StatusCode expected, TimeSpan? within = null)
    {
        var error = await session.EndAsync(within ?? Deadline);
        s_seen = $"{error.StatusCode}: {error.Status.Detail}";
        return error.StatusCode == expected;
    }
}
