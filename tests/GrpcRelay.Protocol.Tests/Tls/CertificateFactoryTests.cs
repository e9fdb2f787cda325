using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Tests.Tls;

public sealed class CertificateFactoryTests
{
    [Fact]
    public void CreateCertificateAuthority_Default_IsCaThatSignsCertificatesForFiveYears()
    {
        using var ca = CertificateFactory.CreateCertificateAuthority("Test CA");

        var constraints = Assert.Single(ca.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(constraints.CertificateAuthority);
        var usage = Assert.Single(ca.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.True(ca.HasPrivateKey);
        Assert.Equal("ECC", ca.PublicKey.Oid.FriendlyName);
        Assert.Equal(ca.SubjectName.Name, ca.IssuerName.Name);
        var lifetime = ca.NotAfter - ca.NotBefore;
        Assert.InRange(lifetime.TotalDays, 5 * 365, 5 * 365 + 1);
    }

    [Fact]
    public void IssueServerCertificate_DnsNamesAndIpAddresses_AllInSubjectAlternativeNames()
    {
        using var ca = CertificateFactory.CreateCertificateAuthority("Test CA");

        using var server = CertificateFactory.IssueServerCertificate(
            ca, ["relay.example", "localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);

        var names = Assert.Single(server.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["relay.example", "localhost"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        var usages = Assert.Single(server.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages;
        Assert.Equal(CertificateFactory.ServerAuthenticationOid, Assert.Single(usages.Cast<Oid>()).Value);
        Assert.True(server.HasPrivateKey);
        Assert.Equal("CN=relay.example", server.Subject);
    }

    [Fact]
    public void IssueServerCertificate_NoNames_Throws()
    {
        using var ca = CertificateFactory.CreateCertificateAuthority("Test CA");

        Assert.Throws<ArgumentException>(() => CertificateFactory.IssueServerCertificate(ca, [], []));
    }

    [Fact]
    public void IssueClientCertificate_Default_ClientAuthLeafValidForOneYear()
    {
        using var ca = CertificateFactory.CreateCertificateAuthority("Test CA");

        using var client = CertificateFactory.IssueClientCertificate(ca, new ClientCertificateIdentity(Role.Forwarder, "0123456789abcdef"));

        var usages = Assert.Single(client.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages;
        Assert.Equal(CertificateFactory.ClientAuthenticationOid, Assert.Single(usages.Cast<Oid>()).Value);
        Assert.False(Assert.Single(client.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
        Assert.Equal("CN=ssh-agent-forwarder/0123456789abcdef", client.Subject);
        Assert.Equal(ca.Subject, client.Issuer);
        Assert.InRange((client.NotAfter - client.NotBefore).TotalDays, 365, 366);
    }

    [Fact]
    public void IssueClientCertificate_CaEndsSooner_LeafEndsWithCa()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = CertificateFactory.CreateCertificateAuthority("Short CA", new CertificateValidity(now.AddDays(-1), now.AddDays(30)));

        using var client = CertificateFactory.IssueClientCertificate(ca, new ClientCertificateIdentity(Role.Endpoint, "abc"));

        Assert.Equal(ca.NotAfter, client.NotAfter);
    }

    [Fact]
    public void IssueClientCertificate_ExplicitValidity_Used()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = CertificateFactory.CreateCertificateAuthority("Test CA", new CertificateValidity(now.AddDays(-10), now.AddDays(10)));
        var wanted = new CertificateValidity(now.AddDays(-3), now.AddDays(-2));

        using var client = CertificateFactory.IssueClientCertificate(ca, new ClientCertificateIdentity(Role.Endpoint, "abc"), wanted);

        Assert.Equal(wanted.NotBefore.UtcDateTime, client.NotBefore.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(wanted.NotAfter.UtcDateTime, client.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void IssueClientCertificate_IssuerWithoutPrivateKey_Throws()
    {
        using var ca = CertificateFactory.CreateCertificateAuthority("Test CA");
        using var publicOnly = X509CertificateLoader.LoadCertificate(ca.RawData);

        Assert.Throws<ArgumentException>(() =>
            CertificateFactory.IssueClientCertificate(publicOnly, new ClientCertificateIdentity(Role.Endpoint, "abc")));
    }

    [Fact]
    public void IssueClientCertificate_KeyDisposedAfterIssue_CertificateStillSigns()
    {
        using var ca = CertificateFactory.CreateCertificateAuthority("Test CA");
        using var client = CertificateFactory.IssueClientCertificate(ca, new ClientCertificateIdentity(Role.Endpoint, "abc"));

        using var key = client.GetECDsaPrivateKey();
        byte[] data = [1, 2, 3];
        var signature = key!.SignData(data, HashAlgorithmName.SHA256);

        using var publicKey = client.GetECDsaPublicKey();
        Assert.True(publicKey!.VerifyData(data, signature, HashAlgorithmName.SHA256));
    }
}
