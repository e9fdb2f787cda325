using System.Net;
using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>A throwaway CA, the server's certificate and role-bound client certificates, as PEM files.</summary>
internal sealed class RigCertificates
{
    private readonly string _folder;

    private RigCertificates(string folder, X509Certificate2 authority)
    {
        _folder = folder;
        Authority = authority;
        CaPath = Path.Combine(folder, "ca.pem");
        CertificatePemFiles.WriteCertificate(authority, CaPath);
        var server = CertificateFactory.IssueServerCertificate(authority, ["localhost"], [IPAddress.Loopback]);
        ServerCertPath = Path.Combine(folder, "server.pem");
        ServerKeyPath = Path.Combine(folder, "server-key.pem");
        CertificatePemFiles.Write(server, ServerCertPath, ServerKeyPath);
    }

    /// <summary>The CA, with its key, that signs the server's and the clients' certificates.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The CA certificate file.</summary>
    public string CaPath { get; }

    /// <summary>The server certificate file.</summary>
    public string ServerCertPath { get; }

    /// <summary>The server key file.</summary>
    public string ServerKeyPath { get; }

    /// <summary>Creates a CA and the server's certificate under <paramref name="folder"/>.</summary>
    public static RigCertificates Create(string folder, string name = "GrpcRelay test CA")
    {
        Directory.CreateDirectory(folder);
        return new RigCertificates(folder, CertificateFactory.CreateCertificateAuthority(name));
    }

    /// <summary>Issues a client certificate for <paramref name="role"/> of <paramref name="uuid"/>; returns its (cert, key) files.</summary>
    public (string CertPath, string KeyPath) IssueClient(Role role, string uuid, CertificateValidity? validity = null, string? name = null)
    {
        name ??= $"{role.ToString().ToLowerInvariant()}-{uuid}";
        var certificate = CertificateFactory.IssueClientCertificate(Authority, new ClientCertificateIdentity(role, uuid), validity);
        var paths = (Path.Combine(_folder, name + ".pem"), Path.Combine(_folder, name + "-key.pem"));
        CertificatePemFiles.Write(certificate, paths.Item1, paths.Item2);
        return paths;
    }
}
