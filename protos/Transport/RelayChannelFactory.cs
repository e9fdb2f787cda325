using System.Net;
using System.Security.Authentication;
using Grpc.Net.Client;

namespace GrpcRelay.Protocol.Transport;

/// <summary>
/// Builds gRPC channels that use exactly one HTTP version. Asking for 3.0 with
/// RequestVersionOrLower would go over HTTP/2 first and upgrade only after Alt-Svc, so
/// each attempt asks for its version exactly and the caller falls back itself.
/// </summary>
public static class RelayChannelFactory
{
    /// <summary>How long one attempt may take to reach the server before it counts as failed.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A channel to <paramref name="hostPort"/> (<c>host:port</c>) over <paramref name="protocol"/> only.</summary>
    public static GrpcChannel Create(string hostPort, HttpProtocol protocol, ClientTls tls, int maxMessageBytes)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            EnableMultipleHttp2Connections = false,
            // Keep-alive pings find a dead server or a silently dropped NAT mapping.
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            SslOptions =
            {
                ClientCertificates = tls.ClientCertificate is null ? [] : [tls.ClientCertificate],
                RemoteCertificateValidationCallback = tls.ValidateServer,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                // A resumed TLS session carries the certificate of the session it resumes; a full
                // handshake makes the server judge the certificate configured now (renewed or not).
                AllowTlsResume = false,
            },
        };

        // An HttpClient, not HttpHandler: given a bare handler, Grpc.Net.Client first probes the
        // port over TCP, which fails against a QUIC-only listener.
        var httpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        return GrpcChannel.ForAddress($"https://{hostPort}", new GrpcChannelOptions
        {
            HttpClient = httpClient,
            DisposeHttpClient = true,
            HttpVersion = protocol == HttpProtocol.Http3 ? HttpVersion.Version30 : HttpVersion.Version20,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            MaxReceiveMessageSize = maxMessageBytes + 4096,
            MaxSendMessageSize = maxMessageBytes + 4096,
        });
    }

    /// <summary>Name of a protocol for logs.</summary>
    public static string Describe(HttpProtocol protocol) => protocol == HttpProtocol.Http3 ? "HTTP/3" : "HTTP/2";
}
