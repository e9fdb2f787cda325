using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Tests.Tls;

public sealed class ServerCertificateValidatorTests : IDisposable
{
    private readonly X509Certificate2 _ca = CertificateFactory.CreateCertificateAuthority("Server CA");
    private readonly X509Certificate2 _server;

    public ServerCertificateValidatorTests()
    {
        _server = CertificateFactory.IssueServerCertificate(_ca, ["relay.example", "localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);
    }

    public void Dispose()
    {
        _server.Dispose();
        _ca.Dispose();
    }

    [Theory]
    [InlineData("relay.example")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public void Validate_IssuedByTrustedCaForHost_Valid(string hostName)
    {
        var result = ServerCertificateValidator.ForCertificateAuthority(_ca, hostName).Validate(_server);

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Validate_IssuedByAnotherCa_RefusedAsNotIssuedByTrustedCa()
    {
        using var otherCa = CertificateFactory.CreateCertificateAuthority("Server CA");

        var result = ServerCertificateValidator.ForCertificateAuthority(otherCa, "localhost").Validate(_server);

        Assert.False(result.IsValid);
        Assert.Contains("not issued by the trusted CA", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other.example")]
    [InlineData("127.0.0.2")]
    public void Validate_WrongHostName_Refused(string hostName)
    {
        var result = ServerCertificateValidator.ForCertificateAuthority(_ca, hostName).Validate(_server);

        Assert.False(result.IsValid);
        Assert.Contains("does not name the server", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Server CA")]
    [InlineData("relay.example:443")]
    [InlineData(" ")]
    public void ForCertificateAuthority_NotAHostName_Throws(string hostName)
    {
        Assert.Throws<ArgumentException>(() => ServerCertificateValidator.ForCertificateAuthority(_ca, hostName));
    }

    [Fact]
    public void Validate_PinnedCertificatePresented_Valid()
    {
        var result = ServerCertificateValidator.ForPinnedCertificate(_server, "localhost").Validate(_server);

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Validate_PinnedSelfSignedCaStyleCertificate_Valid()
    {
        // What `openssl req -x509` gives the original system: self-signed, CA flag set, no EKU.
        using var selfSigned = SelfSignedWithDnsName("relay.example");

        var result = ServerCertificateValidator.ForPinnedCertificate(selfSigned, "relay.example").Validate(selfSigned);

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Validate_OtherCertificateThanPinned_Refused()
    {
        using var sameNames = CertificateFactory.IssueServerCertificate(_ca, ["relay.example", "localhost"], [IPAddress.Loopback]);

        var result = ServerCertificateValidator.ForPinnedCertificate(_server, "localhost").Validate(sameNames);

        Assert.False(result.IsValid);
        Assert.Contains("pinned", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PinnedButWrongHostName_Refused()
    {
        var result = ServerCertificateValidator.ForPinnedCertificate(_server, "other.example").Validate(_server);

        Assert.False(result.IsValid);
        Assert.Contains("does not name the server", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PinnedButExpired_Refused()
    {
        var later = new FixedTimeProvider(new DateTimeOffset(_server.NotAfter.ToUniversalTime()).AddDays(1));

        var result = ServerCertificateValidator.ForPinnedCertificate(_server, "localhost", later).Validate(_server);

        Assert.False(result.IsValid);
        Assert.Contains("expired", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCertificateFromTrustedCa_RefusedForWrongUsage()
    {
        using var client = CertificateFactory.IssueClientCertificate(_ca, new ClientCertificateIdentity(Role.Forwarder, "abc"));

        var result = ServerCertificateValidator.ForCertificateAuthority(_ca, "localhost").Validate(client);

        Assert.False(result.IsValid);
        Assert.Contains("server authentication", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoCertificate_Refused()
    {
        var result = ServerCertificateValidator.ForPinnedCertificate(_server, "localhost").Validate(null);

        Assert.False(result.IsValid);
    }

    private static X509Certificate2 SelfSignedWithDnsName(string dnsName)
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority());
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
