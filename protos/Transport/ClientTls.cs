using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace GrpcRelay.Protocol.Transport;

/// <summary>
/// What a client needs for mutual TLS: the certificate it presents (null presents none, which
/// only tests of the server's refusal want) and how it judges the server's.
/// </summary>
public sealed record ClientTls(X509Certificate2? ClientCertificate, RemoteCertificateValidationCallback ValidateServer);
