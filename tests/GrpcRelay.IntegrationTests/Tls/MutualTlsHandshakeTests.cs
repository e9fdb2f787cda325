using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Tls;

/// <summary>
/// The certificates of <see cref="CertificateFactory"/>, written to PEM files and loaded back as
/// the programs will load them, in a real TLS handshake over loopback with both validators.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class MutualTlsHandshakeTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.Create("gr-tls-");
    private readonly X509Certificate2 _serverCa = CertificateFactory.CreateCertificateAuthority("Server CA");
    private readonly X509Certificate2 _clientCa = CertificateFactory.CreateCertificateAuthority("Client CA");

    public void Dispose()
    {
        _serverCa.Dispose();
        _clientCa.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Handshake_CertificatesFromPemFiles_BothSidesAcceptAndServerReadsIdentity()
    {
        using var serverCertificate = WriteAndLoad("server", CertificateFactory.IssueServerCertificate(_serverCa, ["localhost"], [IPAddress.Loopback]));
        using var clientCertificate = WriteAndLoad("client", CertificateFactory.IssueClientCertificate(_clientCa, new ClientCertificateIdentity(Role.Forwarder, "0123abcd")));

        var (serverSide, clientSide) = await HandshakeAsync(serverCertificate, clientCertificate, "localhost");

        await using (serverSide)
        await using (clientSide)
        {
            Assert.True(serverSide.IsMutuallyAuthenticated);
            var presented = Assert.IsType<X509Certificate2>(serverSide.RemoteCertificate);
            Assert.True(ClientCertificateIdentity.TryRead(presented, out var identity));
            Assert.Equal(new ClientCertificateIdentity(Role.Forwarder, "0123abcd"), identity);
        }
    }

    [Fact]
    public async Task Handshake_ClientCertificateFromAnotherCa_ServerRefuses()
    {
        using var otherCa = CertificateFactory.CreateCertificateAuthority("Client CA");
        using var serverCertificate = WriteAndLoad("server", CertificateFactory.IssueServerCertificate(_serverCa, ["localhost"], []));
        using var foreignClient = WriteAndLoad("client", CertificateFactory.IssueClientCertificate(otherCa, new ClientCertificateIdentity(Role.Endpoint, "0123abcd")));

        var error = await Record.ExceptionAsync(() => HandshakeAsync(serverCertificate, foreignClient, "localhost"));

        Assert.IsType<AuthenticationException>(error);
        Assert.Contains("not issued by the client CA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_WrongServerName_ClientRefuses()
    {
        using var serverCertificate = WriteAndLoad("server", CertificateFactory.IssueServerCertificate(_serverCa, ["relay.example"], []));
        using var clientCertificate = WriteAndLoad("client", CertificateFactory.IssueClientCertificate(_clientCa, new ClientCertificateIdentity(Role.Endpoint, "0123abcd")));

        var error = await Record.ExceptionAsync(() => HandshakeAsync(serverCertificate, clientCertificate, "localhost"));

        Assert.IsType<AuthenticationException>(error);
        Assert.Contains("does not name the server 'localhost'", error.Message, StringComparison.Ordinal);
    }

    private X509Certificate2 WriteAndLoad(string name, X509Certificate2 issued)
    {
        using (issued)
        {
            var certificatePath = _directory.Combine(name + ".crt");
            var keyPath = _directory.Combine(name + ".key");
            CertificatePemFiles.Write(issued, certificatePath, keyPath);
            return CertificatePemFiles.LoadCertificateWithKey(certificatePath, keyPath);
        }
    }

    // Runs both ends of one handshake; a refusal by either side is rethrown with its reason.
    private async Task<(SslStream Server, SslStream Client)> HandshakeAsync(
        X509Certificate2 serverCertificate, X509Certificate2 clientCertificate, string serverName)
    {
        var clientValidator = new ClientCertificateValidator(_clientCa);
        var serverValidator = ServerCertificateValidator.ForCertificateAuthority(_serverCa, serverName);
        string? refusal = null;

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var clientTcp = new TcpClient();
        await clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, TestContext.Current.CancellationToken);
        var serverTcp = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);

        var server = new SslStream(serverTcp.GetStream(), leaveInnerStreamOpen: false);
        var client = new SslStream(clientTcp.GetStream(), leaveInnerStreamOpen: false);
        var serverTask = server.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions
            {
                ServerCertificate = serverCertificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Check(clientValidator.Validate(certificate as X509Certificate2)),
            },
            TestContext.Current.CancellationToken);
        var clientTask = client.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Check(serverValidator.Validate(certificate as X509Certificate2)),
            },
            TestContext.Current.CancellationToken);

        try
        {
            await Task.WhenAll(serverTask, clientTask);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await server.DisposeAsync();
            await client.DisposeAsync();
            throw new AuthenticationException(refusal ?? e.Message, e);
        }

        return (server, client);

        bool Check(CertificateValidationResult result)
        {
            refusal ??= result.Reason;
            return result.IsValid;
        }
    }
}
