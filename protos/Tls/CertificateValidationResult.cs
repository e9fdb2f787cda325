namespace GrpcRelay.Protocol.Tls;

/// <summary>Whether a peer's certificate was accepted, and if not, why (for logs and error messages).</summary>
/// <param name="IsValid">True when the certificate was accepted.</param>
/// <param name="Reason">Why the certificate was refused; null when it was accepted.</param>
internal readonly record struct CertificateValidationResult(bool IsValid, string? Reason)
{
    /// <summary>The certificate was accepted.</summary>
    public static CertificateValidationResult Valid { get; } = new(true, null);

    /// <summary>The certificate was refused for <paramref name="reason"/>.</summary>
    public static CertificateValidationResult Invalid(string reason) => new(false, reason);
}
