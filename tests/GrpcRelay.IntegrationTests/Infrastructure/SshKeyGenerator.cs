using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>Makes OpenSSH key pairs with the real ssh-keygen, so that their files and fingerprints are exactly what users have.</summary>
[UnsupportedOSPlatform("windows")]
internal static class SshKeyGenerator
{
    /// <summary>Generates a key pair without passphrase at <paramref name="privateKeyPath"/> (and <c>.pub</c> beside it).</summary>
    public static async Task<SshKey> GenerateAsync(SshKeyType type, string privateKeyPath, string comment)
    {
        var keygen = RequiredProgram.Find("ssh-keygen");
        string[] typeArguments = type switch
        {
            SshKeyType.Ed25519 => ["-t", "ed25519"],
            SshKeyType.EcdsaP256 => ["-t", "ecdsa", "-b", "256"],
            SshKeyType.Rsa => ["-t", "rsa", "-b", "2048"],
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
        await ProcessRunner.RunCheckedAsync(keygen, [.. typeArguments, "-q", "-N", string.Empty, "-C", comment, "-f", privateKeyPath]);

        var publicKeyPath = privateKeyPath + ".pub";
        var fingerprint = await FingerprintAsync(publicKeyPath);
        var publicKey = (await File.ReadAllTextAsync(publicKeyPath)).Trim();
        return new SshKey(type, privateKeyPath, publicKeyPath, publicKey, fingerprint);
    }

    /// <summary>The SHA256 fingerprint of a key file, as <c>ssh-keygen -lf</c> prints it.</summary>
    public static async Task<string> FingerprintAsync(string keyPath)
    {
        var keygen = RequiredProgram.Find("ssh-keygen");
        var result = await ProcessRunner.RunCheckedAsync(keygen, ["-E", "sha256", "-lf", keyPath]);

        // "256 SHA256:abc... comment (ED25519)"
        var fields = result.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || !fields[1].StartsWith("SHA256:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected ssh-keygen -lf output.{Environment.NewLine}{result}");
        }

        return fields[1];
    }
}
