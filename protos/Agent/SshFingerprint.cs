using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// OpenSSH SHA256 key fingerprints, as <c>ssh-keygen -l</c> and <c>ssh-add -l</c> print them:
/// <c>SHA256:</c> followed by the unpadded base64 of SHA-256 over the public key blob (for a
/// certificate, over the blob of the key it certifies, as OpenSSH does).
/// </summary>
internal static class SshFingerprint
{
    /// <summary>The prefix OpenSSH prints in front of the hash.</summary>
    public const string Prefix = "SHA256:";

    /// <summary>Base64 characters of a 32-byte hash without the <c>=</c> padding.</summary>
    public const int HashCharacters = 43;

    /// <summary>The fingerprint of <paramref name="keyBlob"/>, e.g. <c>SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s</c>.</summary>
    public static string Compute(ReadOnlySpan<byte> keyBlob)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        // A certificate is known by its key's fingerprint, as ssh-add -l and ssh-keygen -l show it.
        SHA256.HashData(SshKeyBlob.TryGetCertifiedKey(keyBlob) is { } certifiedKey ? certifiedKey : keyBlob, hash);
        return Prefix + Convert.ToBase64String(hash).TrimEnd('=');
    }

    /// <summary>
    /// Brings a fingerprint typed by a user to the form <see cref="Compute"/> returns: surrounding
    /// white space removed and the <c>SHA256:</c> prefix (optional, any letter case) written
    /// canonically. Answers <see langword="false"/> if what remains is not exactly 43 base64
    /// characters encoding 32 bytes.
    /// </summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? fingerprint)
    {
        fingerprint = null;
        if (text is null)
        {
            return false;
        }

        var hash = text.AsSpan().Trim();
        if (hash.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            hash = hash[Prefix.Length..];
        }

        if (hash.Length != HashCharacters)
        {
            return false;
        }

        // Decode and re-encode: this rejects characters outside the alphabet and spellings whose
        // unused low bits are set, which no hash would ever print and so would never match.
        Span<char> padded = stackalloc char[HashCharacters + 1];
        hash.CopyTo(padded);
        padded[HashCharacters] = '=';
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        Span<char> canonical = stackalloc char[HashCharacters + 1];
        if (!Convert.TryFromBase64Chars(padded, bytes, out var written)
            || written != SHA256.HashSizeInBytes
            || !Convert.TryToBase64Chars(bytes, canonical, out _)
            || !canonical[..HashCharacters].SequenceEqual(hash))
        {
            return false;
        }

        fingerprint = string.Concat(Prefix, hash);
        return true;
    }

    /// <summary>Like <see cref="TryNormalize"/>, but throws for a string that is not a fingerprint.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not a SHA256 fingerprint; the message quotes it.</exception>
    public static string Normalize(string text) =>
        TryNormalize(text, out var fingerprint)
            ? fingerprint
            : throw new FormatException(
                $"'{text}' is not an OpenSSH SHA256 key fingerprint: expected '{Prefix}' (optional) followed by {HashCharacters} base64 characters, as 'ssh-keygen -lf <key>.pub' prints.");
}
