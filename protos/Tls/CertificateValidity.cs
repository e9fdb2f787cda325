namespace GrpcRelay.Protocol.Tls;

/// <summary>
/// The period in which a certificate is valid. Tests pass explicit periods (for example one
/// that has already ended); everything else uses <see cref="FromNow"/>.
/// </summary>
internal readonly record struct CertificateValidity(DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>Lifetime of a certificate authority made by <see cref="CertificateFactory"/>.</summary>
    public static readonly TimeSpan CertificateAuthorityLifetime = TimeSpan.FromDays(5 * 365);

    /// <summary>Lifetime of a server or client certificate made by <see cref="CertificateFactory"/>.</summary>
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(365);

    // Certificates start a little in the past so that a peer whose clock runs a few minutes
    // behind ours does not refuse a certificate we have just issued as "not yet valid".
    private static readonly TimeSpan _backdating = TimeSpan.FromMinutes(5);

    /// <summary>A period that starts now (slightly backdated) and lasts <paramref name="lifetime"/>.</summary>
    public static CertificateValidity FromNow(TimeSpan lifetime, TimeProvider? timeProvider = null)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A certificate lifetime must be positive.");
        }

        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        return new CertificateValidity(now - _backdating, now + lifetime);
    }
}
