using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using GrpcRelay.IntegrationTests.Relay;
using GrpcRelay.Protocol.Agent;
using GrpcRelay.Protocol.Client;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Security;

/// <summary>A relay with a small pending-request cap and a fast sweep.</summary>
public sealed class LimitsRig : RigFixture
{
    internal override RigOptions Options => new()
    {
        ServerSettings = new Dictionary<string, string> { ["max_pending_requests"] = "2", ["token_recheck_interval"] = "500ms" },
    };
}

/// <summary>A relay that closes streams idle for two seconds.</summary>
public sealed class IdleRig : RigFixture
{
    internal override RigOptions Options => new()
    {
        ServerSettings = new Dictionary<string, string> { ["idle_timeout"] = "2s", ["token_recheck_interval"] = "500ms" },
    };
}

/// <summary>The server's limits on what one uuid may hold open or in flight, and for how long.</summary>
public sealed class LimitsTests(LimitsRig fixture) : IClassFixture<LimitsRig>
{
    private static readonly ByteString ListRequest = ByteString.CopyFrom(AgentMessage.Create(AgentMessageType.RequestIdentities, []));

    [Fact]
    public async Task PendingRequests_BeyondMaxPendingRequests_FailAtOnceWhileOthersWait()
    {
        var rig = await fixture.RigAsync();
        await using var stall = StallingAgentProxy.Start(rig.Directory.Combine("stall-limits.sock"), rig.Agent.SocketPath);
        try
        {
            await rig.ReplaceForwarderAsync(agentSocket: stall.SocketPath);
            await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint);
            var signer = new FrameSigner(rig.Uuid, MacInput.KeyOf(rig.Token), TimeProvider.System);
            for (ulong id = 1; id <= 2; id++)
            {
                await session.SendAsync(new ConnectRequest { AgentPacket = signer.Request(id, ListRequest) }, default);
            }

            await GrpcRelay.IntegrationTests.Infrastructure.Wait.UntilAsync(() => stall.Held == 2, TimeSpan.FromSeconds(10), "two requests held at the agent");
            await session.SendAsync(new ConnectRequest { AgentPacket = signer.Request(3, ListRequest) }, default);
            var third = await NextAsync(session);
            stall.Release();
            var first = await NextAsync(session);
            var second = await NextAsync(session);

            Assert.Equal(FailureReason.RateLimited, third.RequestFailure?.Reason);
            Assert.Equal(3UL, third.RequestFailure!.RequestId);
            Assert.NotNull(first.AgentPacket);
            Assert.NotNull(second.AgentPacket);
        }
        finally
        {
            stall.Release();
            await rig.ReplaceForwarderAsync();
        }
    }

    [Fact]
    public async Task ClientCertificate_ExpiresWhileStreamOpen_StreamClosedUnauthenticated()
    {
        var rig = await fixture.RigAsync();
        var notAfter = DateTimeOffset.UtcNow.AddSeconds(3);
        var (cert, key) = rig.Certificates.IssueClient(Role.Endpoint, rig.Uuid,
            new CertificateValidity(rig.Certificates.Authority.NotBefore.ToUniversalTime(), notAfter), "short-lived");
        await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint, clientCertificate: CertificatePemFiles.LoadCertificateWithKey(cert, key));

        var error = await session.EndAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("client certificate expired", error.Status.Detail);
        Assert.True(DateTimeOffset.UtcNow < notAfter.AddSeconds(5), "the stream outlived its certificate by more than the sweep allows");
    }

    [Fact]
    public async Task TokenRotated_WhileStreamOpen_StreamClosedAndNewTokenWorks()
    {
        var rig = await fixture.RigAsync();
        var uuid = "rotated-" + Guid.NewGuid().ToString("N")[..8];
        await rig.GrantTokenAsync(uuid, "first-token");
        await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint, uuid: uuid, token: "first-token");
        var clock = Stopwatch.StartNew();

        await rig.GrantTokenAsync(uuid, "second-token");
        var error = await session.EndAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"closed only after {clock.Elapsed.TotalSeconds:0.0} s");
        await using var renewed = await TestRelayClient.OpenAsync(rig, Role.Endpoint, uuid: uuid, token: "second-token");
        Assert.NotNull(renewed.Ack);
    }

    [Fact]
    public async Task TokenRemovedFromTokensFile_WhileStreamOpen_StreamClosedWithinFiveSecondsAndNewHelloRefused()
    {
        var rig = await fixture.RigAsync();
        var uuid = "removed-" + Guid.NewGuid().ToString("N")[..8];
        await rig.GrantTokenAsync(uuid, rig.Token);
        await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint, uuid: uuid);
        var clock = Stopwatch.StartNew();

        await rig.RevokeTokenAsync(uuid);
        var error = await session.EndAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"closed only after {clock.Elapsed.TotalSeconds:0.0} s");
        var refused = await Assert.ThrowsAsync<RpcException>(() => TestRelayClient.OpenAsync(rig, Role.Endpoint, uuid: uuid));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    private static Task<ConnectResponse> NextAsync(RelaySession session) => session.NextFrameAsync(TimeSpan.FromSeconds(10));
}

/// <summary>Idle streams are closed; the programs reconnect by themselves and keep serving.</summary>
public sealed class IdleTimeoutTests(IdleRig fixture) : IClassFixture<IdleRig>
{
    [Fact]
    public async Task IdleStream_NoFramesForIdleTimeout_ClosedWithDeadlineExceeded_ProgramsStillServe()
    {
        var rig = await fixture.RigAsync();
        await using var session = await TestRelayClient.OpenAsync(rig, Role.Endpoint);
        var clock = Stopwatch.StartNew();

        var error = await session.EndAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(5));
        Assert.Equal(3, (await GrpcRelay.IntegrationTests.Infrastructure.SshAgent.ListFingerprintsAsync(rig.EndpointSocket)).Count);
    }
}
