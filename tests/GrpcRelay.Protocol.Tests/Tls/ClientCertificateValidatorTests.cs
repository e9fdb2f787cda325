using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Tests.Tls;

public sealed class ClientCertificateValidatorTests : IDisposable
{
    private static readonly ClientCertificateIdentity _identity = new(Role.Endpoint, "0123456789abcdef");

    private readonly X509Certificate2 _ca = CertificateFactory.CreateCertificateAuthority(
        "Client CA", new CertificateValidity(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(365)));

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void Validate_IssuedByClientCa_Valid()
    {
        using var client = CertificateFactory.IssueClientCertificate(_ca, _identity);

        var result = new ClientCertificateValidator(_ca).Validate(client);

        Assert.True(result.IsValid, result.Reason);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void Validate_SameCertificatesAgain_StillValid()
    {
        using var client = CertificateFactory.IssueClientCertificate(_ca, _identity);
        var validator = new ClientCertificateValidator(_ca);
        validator.Validate(client);

        var again = validator.Validate(client);

        Assert.True(again.IsValid, again.Reason);
        Assert.True(ClientCertificateIdentity.TryRead(client, out _));
        Assert.True(_ca.HasPrivateKey);
    }

    [Fact]
    public void Validate_IssuedByAnotherCa_RefusedAsNotIssuedByClientCa()
    {
        using var otherCa = CertificateFactory.CreateCertificateAuthority("Client CA");
        using var client = CertificateFactory.IssueClientCertificate(otherCa, _identity);

        var result = new ClientCertificateValidator(_ca).Validate(client);

        Assert.False(result.IsValid);
        Assert.Contains("not issued by the client CA", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Expired_RefusedAsExpired()
    {
        var now = DateTimeOffset.UtcNow;
        using var client = CertificateFactory.IssueClientCertificate(_ca, _identity, new CertificateValidity(now.AddDays(-10), now.AddDays(-1)));

        var result = new ClientCertificateValidator(_ca).Validate(client);

        Assert.False(result.IsValid);
        Assert.Contains("expired", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidatedAfterItsEnd_RefusedAsExpired()
    {
        using var client = CertificateFactory.IssueClientCertificate(_ca, _identity);
        var later = new FixedTimeProvider(new DateTimeOffset(client.NotAfter.ToUniversalTime()).AddDays(1));

        var result = new ClientCertificateValidator(_ca, later).Validate(client);

        Assert.False(result.IsValid);
        Assert.Contains("expired", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NotYetValid_RefusedAsNotYetValid()
    {
        var now = DateTimeOffset.UtcNow;
        using var client = CertificateFactory.IssueClientCertificate(_ca, _identity, new CertificateValidity(now.AddDays(1), now.AddDays(10)));

        var result = new ClientCertificateValidator(_ca).Validate(client);

        Assert.False(result.IsValid);
        Assert.Contains("not yet valid", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ServerCertificateFromClientCa_RefusedForWrongUsage()
    {
        using var server = CertificateFactory.IssueServerCertificate(_ca, ["localhost"], []);

        var result = new ClientCertificateValidator(_ca).Validate(server);

        Assert.False(result.IsValid);
        Assert.Contains("client authentication", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoExtendedKeyUsage_RefusedForWrongUsage()
    {
        using var client = UnusualCertificates.IssueWithoutExtendedKeyUsage(_ca);

        var result = new ClientCertificateValidator(_ca).Validate(client);

        Assert.False(result.IsValid);
        Assert.Contains("client authentication", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCaItself_Refused()
    {
        var result = new ClientCertificateValidator(_ca).Validate(_ca);

        Assert.False(result.IsValid);
        Assert.Contains("CA certificate", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoCertificate_Refused()
    {
        var result = new ClientCertificateValidator(_ca).Validate(null);

        Assert.False(result.IsValid);
        Assert.Equal("no client certificate presented", result.Reason);
    }

    [Fact]
    public void Constructor_LeafInsteadOfCa_Throws()
    {
        using var leaf = CertificateFactory.IssueClientCertificate(_ca, _identity);

        Assert.Throws<ArgumentException>(() => new ClientCertificateValidator(leaf));
    }
}
