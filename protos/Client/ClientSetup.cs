using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.Transport;
using GrpcRelay.Protocol.V1;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.Protocol.Client;

/// <summary>Turns the settings of a forwarder or endpoint into its identity and its relay client.</summary>
public static class ClientSetup
{
    /// <summary>
    /// The relay client (and through it the identity) for <paramref name="role"/>; the settings were validated by the
    /// configuration binder, so what fails here is the machine (files, QUIC).
    /// </summary>
    /// <exception cref="InvalidOperationException">A certificate cannot be loaded, or HTTP/3 was required and QUIC is missing.</exception>
    public static RelayClient Create(RelaySettings settings, Role role, ILoggerFactory loggers, TimeProvider time)
    {
        if (settings.MsquicPath is { Length: > 0 } msquic)
        {
            MsquicLoader.Use(msquic);
        }

        var plan = TransportPlan.For(settings.Transport, Quic.ClientSupported);
        var identity = new RelayIdentity(settings.Uuid!, settings.Token!, role, time, settings.MaxClockSkew);
        return new RelayClient(settings.PlatformUrl!, plan, LoadTls(settings, time), identity, settings.MaxMessageBytes, time,
            loggers.CreateLogger("GrpcRelay.Client"));
    }

    /// <summary>
    /// The client certificate and server check that <paramref name="settings"/> describe.
    /// <paramref name="loadClientCertificate"/> false leaves the certificate out (tests of refusals set their own).
    /// </summary>
    public static ClientTls LoadTls(RelaySettings settings, TimeProvider time, bool loadClientCertificate = true)
    {
        try
        {
            var clientCertificate = loadClientCertificate
                ? CertificatePemFiles.LoadCertificateWithKey(
                    settings.ClientCertPath ?? throw new InvalidOperationException("client_cert_path is required for mutual TLS"),
                    settings.ClientKeyPath ?? throw new InvalidOperationException("client_key_path is required for mutual TLS"))
                : null;
            var hostName = settings.TlsServerName ?? HostOf(settings.PlatformUrl!);
            var validator = settings.CaPath is { Length: > 0 } caPath
                ? ServerCertificateValidator.ForCertificateAuthority(CertificatePemFiles.LoadCertificate(caPath), hostName, time)
                : ServerCertificateValidator.ForPinnedCertificate(
                    settings.Cert is { Length: > 0 } pem ? CertificatePemFiles.LoadCertificateFromPem(pem) : CertificatePemFiles.LoadCertificate(settings.CertPath!),
                    hostName, time);
            return new ClientTls(clientCertificate, (_, certificate, _, _) =>
                certificate is not null && validator.Validate(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())).IsValid);
        }
        catch (Exception error) when (error is IOException or InvalidDataException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"TLS set-up failed: {error.Message}", error);
        }
    }

    private static string HostOf(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        return (colon > 0 ? hostPort[..colon] : hostPort).Trim('[', ']');
    }
}
