using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Hosting;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.Transport;
using GrpcRelay.Server.Audit;
using GrpcRelay.Server.Policies;
using GrpcRelay.Server.Relay;
using GrpcRelay.Server.Tokens;
using StackExchange.Redis;

namespace GrpcRelay.Server;

/// <summary>Composes the server from its settings: Kestrel with mutual TLS, the token store, the relay.</summary>
internal static class ServerHost
{
    /// <summary>Builds the web application; the caller runs it.</summary>
    public static WebApplication Build(RelaySettings settings, string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        ConsoleLogging.Configure(builder.Logging);
        // Kestrel reports TLS handshakes it refused (no client certificate at all) only at Debug.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.Https", LogLevel.Debug);

        var serverCertificate = LoadServerCertificate(settings);
        var clientValidator = new ClientCertificateValidator(CertificatePemFiles.LoadCertificate(settings.ClientCaPath!));
        var (addresses, port) = ParseListenAddress(settings.PlatformUrl!);
        var http3 = Quic.ListenerSupported;

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            foreach (var address in addresses)
            {
                kestrel.Listen(address, port, listen =>
                {
                    // HTTP/3 and HTTP/2 share the port number (UDP and TCP). Without libmsquic Kestrel
                    // silently serves HTTP/2 only, so we decide ourselves and say so once.
                    listen.Protocols = http3 ? HttpProtocols.Http1AndHttp2AndHttp3 : HttpProtocols.Http2;
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = serverCertificate,
                        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                        // Refused here, before any RPC runs; the reason goes to the log.
                        ClientCertificateValidation = (certificate, _, _) => Accept(clientValidator, certificate, kestrel.ApplicationServices),
                    });
                });
            }
        });

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new FrameVerifier(services.GetRequiredService<TimeProvider>(), settings.MaxClockSkew));
        builder.Services.AddSingleton<ForwarderRegistry>();
        builder.Services.AddSingleton<OpenStreams>();
        builder.Services.AddSingleton<RequestRateLimiter>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddHostedService<StreamSweeper>();
        AddTokenStore(builder.Services, settings);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = settings.MaxMessageBytes + 4096;
            grpc.MaxSendMessageSize = settings.MaxMessageBytes + 4096;
        });

        var app = builder.Build();
        app.MapGrpcService<RelayStreamHandler>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILogger<RelayStreamHandler>>();
            if (!http3)
            {
                Log.Http3Off(logger, Quic.UnavailableReason);
            }

            Log.Listening(logger, string.Join(", ", addresses.Select(address => new IPEndPoint(address, port))), http3 ? " and HTTP/3 over UDP" : "");
            Log.TokenStore(logger, settings.TokenStore == TokenStoreKind.Redis
                ? $"Redis at {settings.RedisAddr}, database {settings.RedisDb}, keys token:<uuid>"
                : $"the file {Path.GetFullPath(TokensFileOf(settings))}, re-read when it changes");
        });
        return app;
    }

    private static bool Accept(ClientCertificateValidator validator, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate,
        IServiceProvider services)
    {
        var result = validator.Validate(certificate);
        if (!result.IsValid)
        {
            Log.ClientCertificateRefused(services.GetRequiredService<ILogger<RelayStreamHandler>>(), certificate.Subject, result.Reason ?? "invalid");
        }

        return result.IsValid;
    }

    private static void AddTokenStore(IServiceCollection services, RelaySettings settings)
    {
        if (settings.TokenStore == TokenStoreKind.Redis)
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(new ConfigurationOptions
            {
                EndPoints = { settings.RedisAddr! },
                Password = settings.RedisPass,
                DefaultDatabase = settings.RedisDb,
                AbortOnConnectFail = false,
            }));
            services.AddSingleton<ITokenStore>(s => new RedisTokenStore(s.GetRequiredService<IConnectionMultiplexer>(), settings.RedisDb));
        }
        else
        {
            services.AddSingleton<ITokenStore>(s => new FileTokenStore(TokensFileOf(settings), s.GetRequiredService<ILogger<FileTokenStore>>()));
        }
    }

    private static string TokensFileOf(RelaySettings settings) => settings.TokensFile ?? "tokens.yaml";

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 LoadServerCertificate(RelaySettings settings) =>
        settings.Cert is { Length: > 0 } pem
            ? CertificatePemFiles.LoadCertificateWithKeyFromPem(pem, File.ReadAllText(settings.KeyPath!))
            : CertificatePemFiles.LoadCertificateWithKey(settings.CertPath!, settings.KeyPath!);

    /// <summary>
    /// The addresses and port of <c>host:port</c>: an IP address, <c>localhost</c>, empty or <c>*</c> for
    /// every interface, or a host name, which is resolved as the original system did.
    /// </summary>
    /// <exception cref="FormatException">Not host:port, a port outside 1-65535, or a name that does not resolve.</exception>
    public static (IReadOnlyList<IPAddress> Addresses, int Port) ParseListenAddress(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(hostPort[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"platform_url '{hostPort}' must be host:port with a port from 1 to 65535 (port 0 would silently turn HTTP/3 off)");
        }

        var host = hostPort[..colon].Trim('[', ']');
        if (host is "" or "*")
        {
            return ([IPAddress.Any], port);
        }

        if (host == "localhost")
        {
            return ([IPAddress.Loopback], port);
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return ([ip], port);
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return addresses.Length > 0
                ? (addresses, port)
                : throw new FormatException($"platform_url '{hostPort}': the name '{host}' has no addresses to listen on");
        }
        catch (System.Net.Sockets.SocketException error)
        {
            throw new FormatException($"platform_url '{hostPort}': the name '{host}' does not resolve ({error.Message}); listen on an IP address or '*'");
        }
    }
}
