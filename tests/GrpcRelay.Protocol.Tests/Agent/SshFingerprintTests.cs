using System.Diagnostics;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Protocol.Tests.Agent;

public sealed class SshFingerprintTests
{
    private const string SshKeygen = "/usr/bin/ssh-keygen";

    // SHA-256 of the empty input, in base64 without padding.
    private const string EmptyBlobFingerprint = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    [Fact]
    public void Compute_EmptyBlob_ReturnsHashOfEmptyInputWithoutPadding()
    {
        var fingerprint = SshFingerprint.Compute([]);

        Assert.Equal(EmptyBlobFingerprint, fingerprint);
    }

    [Theory]
    [InlineData("ed25519", null)]
    [InlineData("ecdsa", "256")]
    [InlineData("ecdsa", "384")]
    [InlineData("ecdsa", "521")]
    [InlineData("rsa", "2048")]
    public async Task Compute_KeyMadeBySshKeygen_MatchesWhatSshKeygenPrints(string keyType, string? bits)
    {
        if (!File.Exists(SshKeygen))
        {
            Assert.Skip($"{SshKeygen} is not installed.");
        }

        var directory = Directory.CreateTempSubdirectory("grpcrelay-agent-fingerprint-");
        try
        {
            var keyPath = Path.Combine(directory.FullName, "id_" + keyType);
            string[] size = bits is null ? [] : ["-b", bits];
            await RunSshKeygenAsync(["-q", "-t", keyType, .. size, "-N", "", "-C", "test-key", "-f", keyPath]);
            var listing = await RunSshKeygenAsync(["-l", "-f", keyPath + ".pub"]);
            var publicKeyLine = await File.ReadAllTextAsync(keyPath + ".pub", TestContext.Current.CancellationToken);
            var fields = publicKeyLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var blob = Convert.FromBase64String(fields[1]);
            var expected = listing.Split(' ')[1];

            var fingerprint = SshFingerprint.Compute(blob);

            Assert.Equal(expected, fingerprint);
            Assert.Equal(fields[0], SshKeyBlob.GetKeyType(blob));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("ed25519", null)]
    [InlineData("ecdsa", "256")]
    [InlineData("rsa", "2048")]
    public async Task Compute_CertificateMadeBySshKeygen_IsItsKeysFingerprintAsSshKeygenPrints(string keyType, string? bits)
    {
        if (!File.Exists(SshKeygen))
        {
            Assert.Skip($"{SshKeygen} is not installed.");
        }

        var directory = Directory.CreateTempSubdirectory("grpcrelay-agent-certificate-");
        try
        {
            // An HPC centre's short-lived user certificate: a CA signs the user's key.
            var ca = Path.Combine(directory.FullName, "ca");
            var keyPath = Path.Combine(directory.FullName, "id_" + keyType);
            string[] size = bits is null ? [] : ["-b", bits];
            await RunSshKeygenAsync(["-q", "-t", "ed25519", "-N", "", "-f", ca]);
            await RunSshKeygenAsync(["-q", "-t", keyType, .. size, "-N", "", "-f", keyPath]);
            await RunSshKeygenAsync(["-q", "-s", ca, "-I", "user@hpc", "-n", "user", "-V", "+1h", keyPath + ".pub"]);
            var certificateLine = await File.ReadAllTextAsync(keyPath + "-cert.pub", TestContext.Current.CancellationToken);
            var certificateBlob = Convert.FromBase64String(certificateLine.Split(' ')[1]);
            var keyBlob = Convert.FromBase64String((await File.ReadAllTextAsync(keyPath + ".pub", TestContext.Current.CancellationToken)).Split(' ')[1]);
            var expected = (await RunSshKeygenAsync(["-l", "-f", keyPath + "-cert.pub"])).Split(' ')[1];

            var fingerprint = SshFingerprint.Compute(certificateBlob);

            Assert.Equal(expected, fingerprint);
            Assert.Equal(SshFingerprint.Compute(keyBlob), fingerprint);
            Assert.Equal(keyBlob, SshKeyBlob.TryGetCertifiedKey(certificateBlob));
            Assert.Null(SshKeyBlob.TryGetCertifiedKey(keyBlob));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void TryGetCertifiedKey_TruncatedCertificate_NullNotAnException()
    {
        var writer = new SshWireWriter();
        writer.WriteString("ssh-ed25519-cert-v01@openssh.com"u8);
        writer.WriteString(new byte[32]); // the nonce, then nothing

        Assert.Null(SshKeyBlob.TryGetCertifiedKey(writer.WrittenSpan));
    }

    [Theory]
    [InlineData("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")]
    [InlineData("sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")]
    [InlineData("  SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n")]
    public void TryNormalize_AcceptedSpelling_ReturnsCanonicalForm(string text)
    {
        var valid = SshFingerprint.TryNormalize(text, out var fingerprint);

        Assert.True(valid);
        Assert.Equal(EmptyBlobFingerprint, fingerprint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SHA256:")]
    [InlineData("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF")]
    [InlineData("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    [InlineData("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF!")]
    [InlineData("SHA256:47DEQpj8HBSa-_TImW+5JCeuQeRkm5NMpJWZG3hSuFU")]
    [InlineData("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV")]
    [InlineData("SHA256:47DEQpj8HBSa+/TI W+5JCeuQeRkm5NMpJWZG3hSuFU")]
    [InlineData("MD5:d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7e")]
    [InlineData("SHA512:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")]
    public void TryNormalize_NotAFingerprint_ReturnsFalse(string? text)
    {
        var valid = SshFingerprint.TryNormalize(text, out var fingerprint);

        Assert.False(valid);
        Assert.Null(fingerprint);
    }

    [Fact]
    public void Normalize_NotAFingerprint_ThrowsFormatExceptionQuotingIt()
    {
        var error = Assert.Throws<FormatException>(() => SshFingerprint.Normalize("MD5:d4:1d"));

        Assert.Contains("'MD5:d4:1d'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> RunSshKeygenAsync(string[] arguments)
    {
        var startInfo = new ProcessStartInfo(SshKeygen)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("ssh-keygen did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"ssh-keygen {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }
}
