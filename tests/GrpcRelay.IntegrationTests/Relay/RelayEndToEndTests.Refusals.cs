using Grpc.Core;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.Transport;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>Every bad credential is refused by the server, and the server log says why.</summary>
public abstract partial class RelayEndToEndTests<TRig>
{
    private static readonly TimeSpan LogDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Hello_WrongToken_UnauthenticatedAndLogged()
    {
        var rig = await fixture.RigAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => TestRelayClient.OpenAsync(rig, Role.Endpoint, token: "not-the-token"));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        await rig.Server.WaitForLineAsync(l => l.Contains("MAC does not verify", StringComparison.Ordinal), LogDeadline, "the bad MAC in the server log");
        Assert.DoesNotContain("not-the-token", string.Join("\n", rig.Server.Log.Lines.Select(l => l.Text)));
    }

    [Fact]
    public async Task Hello_UnknownUuid_UnauthenticatedAndLogged()
    {
        var rig = await fixture.RigAsync();
        var stranger = "unknown-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<RpcException>(() => TestRelayClient.OpenAsync(rig, Role.Endpoint, uuid: stranger));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        await rig.Server.WaitForLineAsync(l => l.Contains(stranger, StringComparison.Ordinal) && l.Contains("no valid token", StringComparison.Ordinal),
            LogDeadline, "the unknown uuid in the server log");
    }

    [Fact]
    public async Task Connect_NoClientCertificate_RefusedBeforeAnyRpcAndLogged()
    {
        var rig = await fixture.RigAsync();

        // Over HTTP/2: Kestrel logs a refused TLS handshake there; QUIC's refusals are logged by msquic's own layer.
        // With TLS 1.3 the client may see only a broken connection; the server's log is the proof.
        await Assert.ThrowsAnyAsync<Exception>(() => TestRelayClient.OpenAsync(rig, Role.Endpoint, noCertificate: true, protocol: HttpProtocol.Http2));

        await rig.Server.WaitForLineAsync(l => l.Contains("no client certificate", StringComparison.OrdinalIgnoreCase)
                                               || l.Contains("Failed to authenticate HTTPS connection", StringComparison.Ordinal),
            LogDeadline, "the missing certificate in the server log");
        Assert.DoesNotContain(rig.Server.Log.Lines, l => l.Text.Contains("connected over", StringComparison.Ordinal) && l.Text.Contains("no client certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_CertificateFromAnotherCa_RefusedAndLogged()
    {
        var rig = await fixture.RigAsync();
        var otherCa = RigCertificates.Create(rig.Directory.Combine($"other-ca-{Guid.NewGuid():N}"), "Some other CA");
        var (cert, key) = otherCa.IssueClient(Role.Endpoint, rig.Uuid);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            TestRelayClient.OpenAsync(rig, Role.Endpoint, clientCertificate: CertificatePemFiles.LoadCertificateWithKey(cert, key)));

        await rig.Server.WaitForLineAsync(l => l.Contains("Client certificate refused", StringComparison.Ordinal), LogDeadline,
            "the foreign certificate in the server log");
    }

    [Fact]
    public async Task Hello_StaleTimestamp_FailedPreconditionNamingClockSkew()
    {
        var rig = await fixture.RigAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            TestRelayClient.OpenAsync(rig, Role.Endpoint, clock: new OffsetClock(TimeSpan.FromMinutes(-5))));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("clock skew", error.Status.Detail);
        await rig.Server.WaitForLineAsync(l => l.Contains("clock skew", StringComparison.Ordinal), LogDeadline, "the clock skew in the server log");
    }

    [Fact]
    public async Task Hello_EndpointCertificateClaimingForwarderRole_PermissionDenied()
    {
        var rig = await fixture.RigAsync();
        var (cert, key) = rig.Certificates.IssueClient(Role.Endpoint, rig.Uuid, name: $"stolen-endpoint-{Guid.NewGuid():N}");

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            TestRelayClient.OpenAsync(rig, Role.Forwarder, clientCertificate: CertificatePemFiles.LoadCertificateWithKey(cert, key)));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        await rig.Server.WaitForLineAsync(l => l.Contains("PermissionDenied", StringComparison.Ordinal), LogDeadline, "the role mismatch in the server log");
    }
}
