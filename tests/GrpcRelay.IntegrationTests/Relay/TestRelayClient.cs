using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Client;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.Transport;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>
/// Opens sessions to a rig's server from inside the test, with whatever identity, clock and
/// certificate a refusal test needs; the same client code the programs use.
/// </summary>
internal static class TestRelayClient
{
    /// <summary>Opens a session; throws what the server or TLS answered.</summary>
    public static async Task<RelaySession> OpenAsync(RelayRig rig, Role role, string? uuid = null, string? token = null,
        X509Certificate2? clientCertificate = null, bool noCertificate = false, TimeProvider? clock = null,
        HttpProtocol protocol = HttpProtocol.Http2)
    {
        uuid ??= rig.Uuid;
        if (clientCertificate is null && !noCertificate)
        {
            var (cert, key) = rig.Certificates.IssueClient(role, uuid, name: $"test-{role}-{Guid.NewGuid():N}");
            clientCertificate = CertificatePemFiles.LoadCertificateWithKey(cert, key);
        }

        var tls = ClientSetup.LoadTls(new RelaySettings
        {
            PlatformUrl = rig.PlatformUrl,
            TlsServerName = "localhost",
            CaPath = rig.Certificates.CaPath,
            ClientCertPath = "unused",
            ClientKeyPath = "unused",
        }, TimeProvider.System, loadClientCertificate: false) with { ClientCertificate = clientCertificate };
        var identity = new RelayIdentity(uuid, token ?? rig.Token, role, clock ?? TimeProvider.System, TimeSpan.FromSeconds(30));
        var channel = RelayChannelFactory.Create(rig.PlatformUrl, protocol, tls, 256 * 1024);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await RelaySession.OpenAsync(channel, protocol, identity, timeout.Token);
    }
}

/// <summary>A clock set a fixed offset away from the real one, for clock-skew tests.</summary>
internal sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
