using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace GrpcRelay.Protocol.Transport;

/// <summary>What a client needs for mutual TLS: the certificate it presents and how it judges the server's.</summary>
public sealed record ClientTls(X509Certificate2 ClientCertificate, RemoteCertificateValidationCallback ValidateServer);
