using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GrpcRelay.Protocol.Tls;

/// <summary>
/// Checks both validators make before building a chain, so that the common refusals get a
/// precise reason instead of X509Chain's combined status flags.
/// </summary>
internal static class CertificateChecks
{
    /// <summary>A reason when <paramref name="certificate"/> is outside its validity period at <paramref name="now"/>, else null.</summary>
    public static string? ValidityProblem(X509Certificate2 certificate, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (now < notBefore)
        {
            return string.Create(CultureInfo.InvariantCulture, $"certificate is not yet valid (valid from {notBefore:u})");
        }

        if (now > notAfter)
        {
            return string.Create(CultureInfo.InvariantCulture, $"certificate expired ({notAfter:u})");
        }

        return null;
    }

    /// <summary>True when the certificate has an extended key usage extension that lists <paramref name="oid"/>.</summary>
    public static bool ListsExtendedKeyUsage(X509Certificate2 certificate, string oid) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(extension => extension.EnhancedKeyUsages.Cast<Oid>().Any(usage => usage.Value == oid));

    /// <summary>True when the certificate has an extended key usage extension at all.</summary>
    public static bool HasExtendedKeyUsages(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any();

    /// <summary>True when the certificate's basic constraints say it is a certificate authority.</summary>
    public static bool IsCertificateAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(extension => extension.CertificateAuthority);

    /// <summary>
    /// Builds the chain of <paramref name="certificate"/> up to <paramref name="trustAnchor"/> alone
    /// (no system roots, no downloads, no revocation) for the purpose <paramref name="extendedKeyUsageOid"/>,
    /// and returns why that failed, or null when the chain ends at the anchor.
    /// </summary>
    public static string? ChainProblem(
        X509Certificate2 certificate,
        X509Certificate2 trustAnchor,
        string extendedKeyUsageOid,
        DateTimeOffset now,
        string anchorDescription,
        bool allowAnchorItself)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustAnchor);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // A peer's certificate must not make us fetch URLs it names.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(extendedKeyUsageOid));
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;

        var built = chain.Build(certificate);
        var elements = chain.ChainElements;
        try
        {
            if (!built)
            {
                return DescribeFailure(chain.ChainStatus, anchorDescription);
            }

            // CustomRootTrust already ends the chain at a store member; the store holds only the
            // anchor, but compare anyway so that a future change to the store cannot widen trust.
            var root = elements[^1].Certificate;
            if (!root.RawDataMemory.Span.SequenceEqual(trustAnchor.RawDataMemory.Span))
            {
                return $"certificate is not issued by {anchorDescription}";
            }

            if (elements.Count == 1 && !allowAnchorItself)
            {
                return $"certificate is {anchorDescription} itself, not a certificate it issued";
            }

            return null;
        }
        finally
        {
            foreach (var element in elements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private static string DescribeFailure(X509ChainStatus[] statuses, string anchorDescription)
    {
        var flags = statuses.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid)) != 0)
        {
            return $"certificate is not issued by {anchorDescription}";
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return $"a certificate in the chain to {anchorDescription} is outside its validity period";
        }

        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
        {
            return "certificate is not valid for this purpose (extended key usage)";
        }

        var details = string.Join("; ", statuses.Select(status => status.StatusInformation.Trim()).Where(text => text.Length > 0));
        return $"certificate chain is invalid: {(details.Length > 0 ? details : flags.ToString())}";
    }
}
