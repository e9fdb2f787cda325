using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GrpcRelay.Protocol.Tls;

/// <summary>
/// Certificates and private keys as PEM files, the format the original system's users already
/// have: the certificate as <c>CERTIFICATE</c>, the key as unencrypted PKCS#8
/// (<c>PRIVATE KEY</c>) in a file only its owner can read.
/// </summary>
internal static class CertificatePemFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes the certificate and its private key to two PEM files (the key file with mode 0600).</summary>
    public static void Write(X509Certificate2 certificate, string certificatePath, string privateKeyPath)
    {
        WriteCertificate(certificate, certificatePath);
        WritePrivateKey(certificate, privateKeyPath);
    }

    /// <summary>Writes the certificate (public part only) as PEM; readable by everyone, as certificates are public.</summary>
    public static void WriteCertificate(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n", Encoding.ASCII);
    }

    /// <summary>Writes the certificate's private key as PKCS#8 PEM to a file created with mode 0600.</summary>
    public static void WritePrivateKey(X509Certificate2 certificate, string path)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var key = PrivateKey(certificate);
        var pem = key.ExportPkcs8PrivateKeyPem() + "\n";

        // Write a new file and rename it over the target: a file created with mode 0600 never
        // holds the key readable by others, even for a moment, and an existing file with a
        // wider mode is replaced rather than reused.
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(pem));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Loads the first certificate of a PEM (or DER) file, without a private key: a CA or a pinned certificate.</summary>
    public static X509Certificate2 LoadCertificate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return X509CertificateLoader.LoadCertificateFromFile(path);
    }

    /// <summary>Loads a certificate given inline as PEM text (the <c>cert</c> setting).</summary>
    public static X509Certificate2 LoadCertificateFromPem(string pem)
    {
        ArgumentException.ThrowIfNullOrEmpty(pem);
        return X509Certificate2.CreateFromPem(pem);
    }

    /// <summary>
    /// Loads a certificate and its unencrypted private key from PEM files, ready for
    /// SslStream and Kestrel to present.
    /// </summary>
    /// <exception cref="InvalidDataException">A file holds no PEM certificate or key, the key is encrypted, or it does not match the certificate.</exception>
    public static X509Certificate2 LoadCertificateWithKey(string certificatePath, string privateKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPath);
        using var fromPem = ReadPemPair(certificatePath, privateKeyPath, () => X509Certificate2.CreateFromPemFile(certificatePath, privateKeyPath));
        return Presentable(fromPem);
    }

    /// <summary>
    /// Like <see cref="LoadCertificateWithKey"/>, for a certificate given inline as PEM text
    /// (the <c>cert</c> setting) and its key in a file.
    /// </summary>
    /// <exception cref="InvalidDataException">The text or file holds no PEM certificate or key, or they do not match.</exception>
    public static X509Certificate2 LoadCertificateWithKeyFromPem(string certificatePem, string privateKeyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePem);
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPath);
        using var fromPem = ReadPemPair("(inline cert)", privateKeyPath,
            () => X509Certificate2.CreateFromPem(certificatePem, File.ReadAllText(privateKeyPath)));
        return Presentable(fromPem);
    }

    private static X509Certificate2 Presentable(X509Certificate2 fromPem)
    {
        // A key read from PEM is ephemeral: Windows' TLS stack cannot use such a key to present
        // the certificate, and the same round trip through PKCS#12 is harmless elsewhere, so one
        // code path serves every platform.
        var pkcs12 = fromPem.Export(X509ContentType.Pkcs12);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pkcs12, password: null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs12);
        }
    }

    // The framework's messages ("The provided key does not match the public key...") name
    // neither file; settings errors must, so that the user knows which file to fix.
    private static X509Certificate2 ReadPemPair(string certificatePath, string privateKeyPath, Func<X509Certificate2> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException)
        {
            throw new InvalidDataException(
                $"Cannot load the certificate '{certificatePath}' with the private key '{privateKeyPath}': {e.Message}", e);
        }
    }

    private static AsymmetricAlgorithm PrivateKey(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
        ?? (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey()
        ?? throw new ArgumentException("The certificate has no ECDSA or RSA private key.", nameof(certificate));
}
