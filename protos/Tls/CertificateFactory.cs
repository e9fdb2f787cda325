using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GrpcRelay.Protocol.Tls;

/// <summary>
/// Makes the certificates of a GrpcRelay installation without openssl: a certificate
/// authority, server certificates and client certificates bound to a role and uuid
/// (see <see cref="ClientCertificateIdentity"/>). Every key is ECDSA P-256, signed with SHA-256.
/// Every returned certificate carries its private key.
/// </summary>
internal static class CertificateFactory
{
    /// <summary>OID of the TLS server authentication extended key usage.</summary>
    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>OID of the TLS client authentication extended key usage.</summary>
    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Creates a self-signed certificate authority that may sign leaf certificates only.</summary>
    /// <param name="commonName">Subject common name, for example <c>GrpcRelay client CA</c>.</param>
    /// <param name="validity">Default: from now for <see cref="CertificateValidity.CertificateAuthorityLifetime"/>.</param>
    public static X509Certificate2 CreateCertificateAuthority(string commonName, CertificateValidity? validity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        var period = validity ?? CertificateValidity.FromNow(CertificateValidity.CertificateAuthorityLifetime);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(commonName), key, HashAlgorithmName.SHA256);
        // Path length 0: the CA signs leaves directly; an intermediate it signed would not be trusted.
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(pathLengthConstraint: 0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(period.NotBefore, period.NotAfter);
    }

    /// <summary>Issues a server certificate for the given names, valid for TLS server authentication only.</summary>
    /// <param name="issuer">A certificate authority with its private key.</param>
    /// <param name="dnsNames">DNS names clients may dial, for example <c>localhost</c>.</param>
    /// <param name="ipAddresses">IP addresses clients may dial, for example 127.0.0.1.</param>
    /// <param name="validity">Default: from now for <see cref="CertificateValidity.LeafLifetime"/>, ending no later than the issuer.</param>
    public static X509Certificate2 IssueServerCertificate(
        X509Certificate2 issuer,
        IEnumerable<string> dnsNames,
        IEnumerable<IPAddress> ipAddresses,
        CertificateValidity? validity = null)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(ipAddresses);
        var dns = dnsNames.ToList();
        var ips = ipAddresses.ToList();
        if (dns.Count == 0 && ips.Count == 0)
        {
            throw new ArgumentException("A server certificate needs at least one DNS name or IP address.", nameof(dnsNames));
        }

        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dns)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(dnsNames));
            names.AddDnsName(name);
        }

        foreach (var ip in ips)
        {
            names.AddIpAddress(ip);
        }

        var commonName = dns.Count > 0 ? dns[0] : ips[0].ToString();
        return IssueLeaf(issuer, Subject(commonName), names.Build(), ServerAuthenticationOid, validity);
    }

    /// <summary>Issues a client certificate bound to one role and uuid, valid for TLS client authentication only.</summary>
    /// <param name="issuer">The server's client CA, with its private key.</param>
    /// <param name="identity">The role and uuid the certificate is for.</param>
    /// <param name="validity">Default: from now for <see cref="CertificateValidity.LeafLifetime"/>, ending no later than the issuer.</param>
    public static X509Certificate2 IssueClientCertificate(
        X509Certificate2 issuer,
        ClientCertificateIdentity identity,
        CertificateValidity? validity = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(identity.Uri, UriKind.Absolute));
        return IssueLeaf(issuer, Subject(identity.CommonName), names.Build(), ClientAuthenticationOid, validity);
    }

    private static X509Certificate2 IssueLeaf(
        X509Certificate2 issuer,
        X500DistinguishedName subject,
        X509Extension subjectAlternativeName,
        string extendedKeyUsageOid,
        CertificateValidity? validity)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (!issuer.HasPrivateKey)
        {
            throw new ArgumentException("The issuer certificate has no private key to sign with.", nameof(issuer));
        }

        var period = validity ?? DefaultLeafValidity(issuer);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForEndEntity(critical: true));
        // ECDHE key exchange in TLS 1.2 and 1.3 only needs the leaf key to sign.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsageOid)], critical: false));
        request.CertificateExtensions.Add(subjectAlternativeName);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        using var unkeyed = request.Create(issuer, period.NotBefore, period.NotAfter, NewSerialNumber());
        return unkeyed.CopyWithPrivateKey(key);
    }

    // A leaf must lie inside its issuer's period (CertificateRequest.Create insists), so an
    // ageing CA hands out shorter leaves instead of failing.
    private static CertificateValidity DefaultLeafValidity(X509Certificate2 issuer)
    {
        var wanted = CertificateValidity.FromNow(CertificateValidity.LeafLifetime);
        var issuerNotBefore = new DateTimeOffset(issuer.NotBefore.ToUniversalTime());
        var issuerNotAfter = new DateTimeOffset(issuer.NotAfter.ToUniversalTime());
        return new CertificateValidity(
            wanted.NotBefore < issuerNotBefore ? issuerNotBefore : wanted.NotBefore,
            wanted.NotAfter > issuerNotAfter ? issuerNotAfter : wanted.NotAfter);
    }

    // 16 random bytes: unique without a serial-number database. RFC 5280 asks for a positive
    // number of at most 20 octets (hence the cleared top bit); a non-zero first byte keeps the
    // DER integer minimal without being shortened.
    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    private static X500DistinguishedName Subject(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }
}
