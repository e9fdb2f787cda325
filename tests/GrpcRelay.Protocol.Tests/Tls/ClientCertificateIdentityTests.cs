using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Tests.Tls;

public sealed class ClientCertificateIdentityTests : IDisposable
{
    private readonly X509Certificate2 _ca =
        CertificateFactory.CreateCertificateAuthority("Client CA");

    public void Dispose() => _ca.Dispose();

    [Theory]
    [InlineData(Role.Forwarder, "0123456789abcdef0123456789abcdef", "urn:grpcrelay:ssh-agent-forwarder:0123456789abcdef0123456789abcdef")]
    [InlineData(Role.Endpoint, "Test-uuid_1.2", "urn:grpcrelay:ssh-agent-endpoint:Test-uuid_1.2")]
    public void TryRead_IssuedClientCertificate_RoundTripsRoleAndUuid(Role role, string uuid, string expectedUri)
    {
        using var certificate = CertificateFactory.IssueClientCertificate(_ca, new ClientCertificateIdentity(role, uuid));

        var found = ClientCertificateIdentity.TryRead(certificate, out var identity);

        Assert.True(found);
        Assert.Equal(role, identity!.Role);
        Assert.Equal(uuid, identity.Uuid);
        Assert.Equal(expectedUri, identity.Uri);
    }

    [Fact]
    public void TryRead_NoSubjectAlternativeName_NoIdentity()
    {
        using var certificate = UnusualCertificates.IssueWithUris(_ca);

        Assert.False(ClientCertificateIdentity.TryRead(certificate, out var identity));
        Assert.Null(identity);
    }

    [Fact]
    public void TryRead_TwoIdentityUris_NoIdentity()
    {
        using var certificate = UnusualCertificates.IssueWithUris(
            _ca, "urn:grpcrelay:ssh-agent-endpoint:aaaa", "urn:grpcrelay:ssh-agent-forwarder:aaaa");

        Assert.False(ClientCertificateIdentity.TryRead(certificate, out _));
    }

    [Fact]
    public void TryRead_SecondIdentityUriInOtherCase_NoIdentity()
    {
        using var certificate = UnusualCertificates.IssueWithUris(
            _ca, "urn:grpcrelay:ssh-agent-endpoint:aaaa", "URN:GrpcRelay:ssh-agent-endpoint:bbbb");

        Assert.False(ClientCertificateIdentity.TryRead(certificate, out _));
    }

    [Fact]
    public void TryRead_IdentityUriBesideOtherUri_ReadsIdentity()
    {
        using var certificate = UnusualCertificates.IssueWithUris(
            _ca, "spiffe://example.org/workload", "urn:grpcrelay:ssh-agent-endpoint:aaaa");

        Assert.True(ClientCertificateIdentity.TryRead(certificate, out var identity));
        Assert.Equal(new ClientCertificateIdentity(Role.Endpoint, "aaaa"), identity);
    }

    [Theory]
    [InlineData("urn:grpcrelay:ssh-agent-admin:aaaa")]
    [InlineData("urn:grpcrelay:ssh-agent-endpoint")]
    [InlineData("urn:grpcrelay:ssh-agent-endpoint:")]
    [InlineData("urn:grpcrelay:ssh-agent-endpoint:a:b")]
    [InlineData("urn:grpcrelay:SSH-AGENT-ENDPOINT:aaaa")]
    public void TryRead_MalformedIdentityUri_NoIdentity(string uri)
    {
        using var certificate = UnusualCertificates.IssueWithUris(_ca, uri);

        Assert.False(ClientCertificateIdentity.TryRead(certificate, out _));
    }

    [Fact]
    public void TryRead_ServerCertificateWithDnsNamesOnly_NoIdentity()
    {
        using var certificate = CertificateFactory.IssueServerCertificate(_ca, ["localhost"], []);

        Assert.False(ClientCertificateIdentity.TryRead(certificate, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData("ümlaut")]
    public void Constructor_UuidWithForbiddenCharacters_Throws(string uuid)
    {
        Assert.Throws<ArgumentException>(() => new ClientCertificateIdentity(Role.Endpoint, uuid));
    }

    [Fact]
    public void Constructor_UnspecifiedRole_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClientCertificateIdentity(Role.Unspecified, "abc"));
    }

    [Theory]
    [InlineData("ssh-agent-forwarder", Role.Forwarder)]
    [InlineData("ssh-agent-endpoint", Role.Endpoint)]
    [InlineData("ssh-agent", Role.Unspecified)]
    [InlineData(null, Role.Unspecified)]
    public void ParseRoleName_OriginalRoleStrings_MapToRoles(string? roleName, Role expected)
    {
        Assert.Equal(expected, ClientCertificateIdentity.ParseRoleName(roleName));
    }
}
