using System.Net;
using Google.Protobuf;
using Grpc.Core;
using GrpcRelay.IntegrationTests.Relay;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.Transport;
using GrpcRelay.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.IntegrationTests.Security;

/// <summary>
/// A FAKE intermediary in front of the real server (a TLS-terminating ingress gone bad):
/// it passes every frame through but flips one bit in the payload of each AgentPacket the
/// server sends to the client. A real server never alters frames, so only a fake can show
/// that forwarder and endpoint check every packet's MAC themselves.
/// </summary>
internal sealed class TamperingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TamperingProxy(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port clients dial instead of the server's.</summary>
    public int Port { get; }

    /// <summary>AgentPackets altered so far.</summary>
    public int Tampered => Interlocked.CompareExchange(ref Service.TamperedCount, 0, 0);

    private TamperingService Service => _app.Services.GetRequiredService<TamperingService>();

    /// <summary>Starts a proxy to <paramref name="rig"/>'s server for clients of <paramref name="role"/>.</summary>
    public static async Task<TamperingProxy> StartAsync(RelayRig rig, Role role)
    {
        var (cert, key) = rig.Certificates.IssueClient(role, rig.Uuid, name: $"proxy-{role}-{Guid.NewGuid():N}");
        var upstreamTls = Protocol.Client.ClientSetup.LoadTls(new Protocol.Configuration.RelaySettings
        {
            PlatformUrl = rig.PlatformUrl, TlsServerName = "localhost", CaPath = rig.Certificates.CaPath,
        }, TimeProvider.System, loadClientCertificate: false) with { ClientCertificate = CertificatePemFiles.LoadCertificateWithKey(cert, key) };

        var port = Infrastructure.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(CertificatePemFiles.LoadCertificateWithKey(rig.Certificates.ServerCertPath, rig.Certificates.ServerKeyPath));
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new TamperingService(rig.PlatformUrl, upstreamTls));
        var app = builder.Build();
        app.MapGrpcService<TamperingService>();
        await app.StartAsync();
        return new TamperingProxy(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class TamperingService(string upstream, ClientTls tls) : RelayService.RelayServiceBase
    {
        public int TamperedCount;

        public override async Task Connect(IAsyncStreamReader<ConnectRequest> requests, IServerStreamWriter<ConnectResponse> responses,
            ServerCallContext context)
        {
            using var channel = RelayChannelFactory.Create(upstream, HttpProtocol.Http2, tls, 1024 * 1024);
            using var call = new RelayService.RelayServiceClient(channel).Connect(cancellationToken: context.CancellationToken);
            var up = Task.Run(async () =>
            {
                await foreach (var frame in requests.ReadAllAsync(context.CancellationToken))
                {
                    await call.RequestStream.WriteAsync(frame, context.CancellationToken);
                }
            });

            await foreach (var frame in call.ResponseStream.ReadAllAsync(context.CancellationToken))
            {
                if (frame.AgentPacket is { Payload.Length: >= 5 } packet)
                {
                    var payload = packet.Payload.ToByteArray();
                    payload[^1] ^= 0x01;
                    packet.Payload = ByteString.CopyFrom(payload);
                    Interlocked.Increment(ref TamperedCount);
                }

                await responses.WriteAsync(frame, context.CancellationToken);
            }

            await up;
        }
    }
}
