using System.Security.Cryptography.X509Certificates;

namespace GrpcRelay.Protocol.Tls;

/// <summary>
/// The server's check of a client certificate: issued directly by the server's client CA, in
/// its validity period, a leaf (not a CA) and explicitly meant for TLS client authentication.
/// The system trust store plays no part: only certificates from our own CA get in.
/// </summary>
/// <remarks>
/// Kestrel validates a client certificate against the system store before it asks us; the
/// server must therefore set <c>ClientCertificateValidation</c> to this validator and ignore
/// the SslPolicyErrors it is handed. Which role and uuid the certificate may act for is
/// decided separately, by <see cref="ClientCertificateIdentity.TryRead"/>.
/// </remarks>
internal sealed class ClientCertificateValidator
{
    private const string AnchorDescription = "the client CA";

    private readonly X509Certificate2 _clientCertificateAuthority;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a validator that trusts certificates issued by <paramref name="clientCertificateAuthority"/>.</summary>
    public ClientCertificateValidator(X509Certificate2 clientCertificateAuthority, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(clientCertificateAuthority);
        if (!CertificateChecks.IsCertificateAuthority(clientCertificateAuthority))
        {
            throw new ArgumentException("The client CA certificate is not a certificate authority (basic constraints).", nameof(clientCertificateAuthority));
        }

        _clientCertificateAuthority = clientCertificateAuthority;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Accepts or refuses the certificate a client presented (null: it presented none).</summary>
    public CertificateValidationResult Validate(X509Certificate2? presented)
    {
        if (presented is null)
        {
            return CertificateValidationResult.Invalid("no client certificate presented");
        }

        var now = _timeProvider.GetUtcNow();
        if (CertificateChecks.ValidityProblem(presented, now) is { } timeProblem)
        {
            return CertificateValidationResult.Invalid(timeProblem);
        }

        if (CertificateChecks.IsCertificateAuthority(presented))
        {
            return CertificateValidationResult.Invalid("certificate is a CA certificate, not a client certificate");
        }

        // A certificate without any EKU is valid for every purpose in X509Chain's eyes; we
        // issue every client certificate with the client-auth EKU, so insist on seeing it.
        if (!CertificateChecks.ListsExtendedKeyUsage(presented, CertificateFactory.ClientAuthenticationOid))
        {
            return CertificateValidationResult.Invalid("certificate lacks the TLS client authentication extended key usage");
        }

        var chainProblem = CertificateChecks.ChainProblem(
            presented,
            _clientCertificateAuthority,
            CertificateFactory.ClientAuthenticationOid,
            now,
            AnchorDescription,
            allowAnchorItself: false);
        return chainProblem is null ? CertificateValidationResult.Valid : CertificateValidationResult.Invalid(chainProblem);
    }
}
