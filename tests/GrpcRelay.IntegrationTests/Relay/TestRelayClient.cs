using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
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
    /// <summary>
    /// A bare Connect call with a valid client certificate for <paramref name="role"/> of
    /// <paramref name="uuid"/>: the test writes whatever frames it likes, Hello or not.
    /// </summary>
    public static RawCall OpenRaw(RelayRig rig, Role role, string? uuid = null)
    {
        var (cert, key) = rig.Certificates.IssueClient(role, uuid ?? rig.Uuid, name: $"raw-{role}-{Guid.NewGuid():N}");
        var channel = RelayChannelFactory.Create(rig.PlatformUrl, HttpProtocol.Http2, Tls(rig, CertificatePemFiles.LoadCertificateWithKey(cert, key)), 1024 * 1024);
        return new RawCall(channel, new RelayService.RelayServiceClient(channel).Connect());
    }

    /// <summary>Opens a session; throws what the server or TLS answered.</summary>
    public static async Task<RelaySession> OpenAsync(RelayRig rig, Role role, string? uuid = null, string? token = null,
        X509Certificate2? clientCertificate = null, bool noCertificate = false, TimeProvider? clock = null,
        HttpProtocol? protocol = null)
    {
        // The rig's own transport, so refusals are also proven over HTTP/3 where QUIC exists.
        var http = protocol ?? (rig.Options.Transport == TransportMode.H3 ? HttpProtocol.Http3 : HttpProtocol.Http2);
        uuid ??= rig.Uuid;
        if (clientCertificate is null && !noCertificate)
        {
            var (cert, key) = rig.Certificates.IssueClient(role, uuid, name: $"test-{role}-{Guid.NewGuid():N}");
            clientCertificate = CertificatePemFiles.LoadCertificateWithKey(cert, key);
        }

        var tls = Tls(rig, clientCertificate);
        var identity = new RelayIdentity(uuid, token ?? rig.Token, role, clock ?? TimeProvider.System, TimeSpan.FromSeconds(30));
        // Room for oversized frames: the server, not this client, must refuse them.
        var channel = RelayChannelFactory.Create(rig.PlatformUrl, http, tls, 1024 * 1024);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await RelaySession.OpenAsync(channel, http, identity, timeout.Token);
    }

    private static ClientTls Tls(RelayRig rig, X509Certificate2? clientCertificate) =>
        ClientSetup.LoadTls(new RelaySettings
        {
            PlatformUrl = rig.PlatformUrl,
            TlsServerName = "localhost",
            CaPath = rig.Certificates.CaPath,
        }, TimeProvider.System, loadClientCertificate: false) with { ClientCertificate = clientCertificate };
}

/// <summary>A Connect call the test drives frame by frame.</summary>
internal sealed class RawCall(GrpcChannel channel, AsyncDuplexStreamingCall<ConnectRequest, ConnectResponse> call) : IDisposable
{
    public Task SendAsync(ConnectRequest frame) => call.RequestStream.WriteAsync(frame);

    /// <summary>The next frame from the server, or the status that ended the call (as an RpcException).</summary>
    public async Task<ConnectResponse?> ReadAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        return await call.ResponseStream.MoveNext(timeout.Token) ? call.ResponseStream.Current : null;
    }

    /// <summary>Reads until the server ends the call; returns its status code (OK when it ended normally).</summary>
    public async Task<StatusCode> StatusAsync(TimeSpan deadline)
    {
        try
        {
            while (await ReadAsync(deadline) is not null)
            {
            }

            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }

    public void Dispose()
    {
        call.Dispose();
        channel.Dispose();
    }
}

/// <summary>A clock set a fixed offset away from the real one, for clock-skew tests.</summary>
internal sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}

/// <summary>Reading a session's frames as a test client does.</summary>
internal static class RelaySessionReading
{
    /// <summary>The next frame that is not a Heartbeat (heartbeats only say the server is alive).</summary>
    public static async Task<ConnectResponse> NextFrameAsync(this RelaySession session, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (await session.Responses.MoveNext(timeout.Token))
        {
            if (session.Responses.Current.FrameCase != ConnectResponse.FrameOneofCase.Heartbeat)
            {
                return session.Responses.Current;
            }
        }

        throw new InvalidOperationException("the server ended the stream instead of answering");
    }

    /// <summary>Reads until the server ends the stream; the status it ended with, or a TimeoutException.</summary>
    public static async Task<RpcException> EndAsync(this RelaySession session, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            while (await session.Responses.MoveNext(timeout.Token))
            {
            }
        }
        catch (RpcException error) when (!timeout.IsCancellationRequested)
        {
            return error;
        }

        throw new TimeoutException($"the server did not end the stream within {deadline.TotalSeconds:0} s");
    }
}
