using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Tls;

namespace GrpcRelay.Protocol.Tests.Tls;

/// <summary>
/// Client certificates that <see cref="CertificateFactory"/> would never make (missing or
/// conflicting identity URIs, no EKU, the wrong EKU), built from scratch so that the readers
/// and validators can be shown to refuse them.
/// </summary>
internal static class UnusualCertificates
{
    public static X509Certificate2 IssueWithUris(X509Certificate2 issuer, params string[] uris)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var uri in uris)
        {
            names.AddUri(new Uri(uri, UriKind.Absolute));
        }

        return Issue(issuer, "unusual", uris.Length > 0 ? names.Build() : null, CertificateFactory.ClientAuthenticationOid);
    }

    public static X509Certificate2 IssueWithoutExtendedKeyUsage(X509Certificate2 issuer) =>
        Issue(issuer, "no-eku", SingleIdentity(), extendedKeyUsageOid: null);

    public static X509Certificate2 Issue(
        X509Certificate2 issuer,
        string commonName,
        X509Extension? subjectAlternativeName,
        string? extendedKeyUsageOid)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForEndEntity());
        if (subjectAlternativeName is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeName);
        }

        if (extendedKeyUsageOid is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsageOid)], critical: false));
        }

        var now = DateTimeOffset.UtcNow;
        using var unkeyed = request.Create(issuer, now.AddMinutes(-1), now.AddDays(1), [0x01, 0x02, 0x03, 0x04]);
        return unkeyed.CopyWithPrivateKey(key);
    }

    private static X509Extension SingleIdentity()
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri("urn:grpcrelay:ssh-agent-endpoint:0123456789abcdef", UriKind.Absolute));
        return names.Build();
    }
}
