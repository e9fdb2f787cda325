using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Tests.Tls;

public sealed class CertificatePemFilesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("grpcrelay-pem-");
    private readonly X509Certificate2 _ca = CertificateFactory.CreateCertificateAuthority("Client CA");

    public void Dispose()
    {
        _ca.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public void Write_ThenLoadCertificateWithKey_SameCertificateWithUsableKey()
    {
        using var original = CertificateFactory.IssueClientCertificate(_ca, new ClientCertificateIdentity(Role.Forwarder, "abc"));
        var certificatePath = Path.Combine(_directory.FullName, "client.crt");
        var keyPath = Path.Combine(_directory.FullName, "client.key");

        CertificatePemFiles.Write(original, certificatePath, keyPath);
        using var loaded = CertificatePemFiles.LoadCertificateWithKey(certificatePath, keyPath);

        Assert.Equal(original.RawData, loaded.RawData);
        Assert.True(loaded.HasPrivateKey);
        using var key = loaded.GetECDsaPrivateKey()!;
        using var publicKey = original.GetECDsaPublicKey()!;
        byte[] data = [42];
        var signature = key.SignData(data, HashAlgorithmName.SHA256);
        Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256));
        Assert.True(ClientCertificateIdentity.TryRead(loaded, out var identity));
        Assert.Equal("abc", identity.Uuid);
    }

    [Fact]
    public void Write_Files_PemWithCertificateAndPkcs8Labels()
    {
        var certificatePath = Path.Combine(_directory.FullName, "ca.crt");
        var keyPath = Path.Combine(_directory.FullName, "ca.key");

        CertificatePemFiles.Write(_ca, certificatePath, keyPath);

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(certificatePath), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(keyPath), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(certificatePath), StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void WritePrivateKey_NewFile_Mode0600()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        var keyPath = Path.Combine(_directory.FullName, "server.key");

        CertificatePemFiles.WritePrivateKey(_ca, keyPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void WritePrivateKey_ExistingWorldReadableFile_ReplacedWithMode0600()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        var keyPath = Path.Combine(_directory.FullName, "server.key");
        File.WriteAllText(keyPath, "old");
        File.SetUnixFileMode(keyPath, (UnixFileMode)0b110_100_100);

        CertificatePemFiles.WritePrivateKey(_ca, keyPath);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(keyPath), StringComparison.Ordinal);
        Assert.Equal(["server.key"], _directory.GetFiles().Select(file => file.Name));
    }

    [Fact]
    public void LoadCertificate_PemFile_PublicPartOnly()
    {
        var certificatePath = Path.Combine(_directory.FullName, "ca.crt");
        CertificatePemFiles.WriteCertificate(_ca, certificatePath);

        using var loaded = CertificatePemFiles.LoadCertificate(certificatePath);

        Assert.Equal(_ca.RawData, loaded.RawData);
        Assert.False(loaded.HasPrivateKey);
    }

    [Fact]
    public void LoadCertificateFromPem_InlineText_SameCertificate()
    {
        using var loaded = CertificatePemFiles.LoadCertificateFromPem(_ca.ExportCertificatePem());

        Assert.Equal(_ca.RawData, loaded.RawData);
    }

    [Fact]
    public void LoadCertificateWithKey_KeyOfAnotherCertificate_ThrowsNamingTheKeyFile()
    {
        using var other = CertificateFactory.CreateCertificateAuthority("Other CA");
        var certificatePath = Path.Combine(_directory.FullName, "ca.crt");
        var keyPath = Path.Combine(_directory.FullName, "other.key");
        CertificatePemFiles.WriteCertificate(_ca, certificatePath);
        CertificatePemFiles.WritePrivateKey(other, keyPath);

        var error = Assert.Throws<InvalidDataException>(() => CertificatePemFiles.LoadCertificateWithKey(certificatePath, keyPath));

        Assert.Contains(keyPath, error.Message, StringComparison.Ordinal);
    }
}
