using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace GrpcRelay.Protocol.Tls;

/// <summary>
/// A client's check of the server certificate, in one of two modes: the certificate chains
/// to a CA the user trusts (<c>ca_path</c>), or it is exactly the certificate the user pinned
/// (<c>cert_path</c>/<c>cert</c>, how the original system trusts its single self-signed
/// server certificate). Either way it must be in its validity period, allow TLS server
/// authentication and name the host the client expects (<c>tls_server_name</c>) in a DNS or
/// IP SubjectAlternativeName. The system trust store plays no part.
/// </summary>
internal sealed class ServerCertificateValidator
{
    private readonly X509Certificate2? _certificateAuthority;
    private readonly X509Certificate2? _pinned;
    private readonly string _expectedHostName;
    private readonly TimeProvider _timeProvider;

    private ServerCertificateValidator(
        X509Certificate2? certificateAuthority,
        X509Certificate2? pinned,
        string expectedHostName,
        TimeProvider? timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedHostName);
        var hostName = StripBrackets(expectedHostName.Trim());
        if (Uri.CheckHostName(hostName) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            throw new ArgumentException($"'{expectedHostName}' is not a DNS name or an IP address (tls_server_name).", nameof(expectedHostName));
        }

        _certificateAuthority = certificateAuthority;
        _pinned = pinned;
        _expectedHostName = hostName;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Trusts any server certificate issued directly by <paramref name="certificateAuthority"/> (or that certificate itself).</summary>
    public static ServerCertificateValidator ForCertificateAuthority(
        X509Certificate2 certificateAuthority,
        string expectedHostName,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(certificateAuthority);
        return new ServerCertificateValidator(certificateAuthority, null, expectedHostName, timeProvider);
    }

    /// <summary>Trusts exactly <paramref name="pinned"/> and nothing else.</summary>
    public static ServerCertificateValidator ForPinnedCertificate(
        X509Certificate2 pinned,
        string expectedHostName,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(pinned);
        return new ServerCertificateValidator(null, pinned, expectedHostName, timeProvider);
    }

    /// <summary>The DNS name or IP address the server certificate must name.</summary>
    public string ExpectedHostName => _expectedHostName;

    /// <summary>Accepts or refuses the certificate the server presented (null: it presented none).</summary>
    public CertificateValidationResult Validate(X509Certificate2? presented)
    {
        if (presented is null)
        {
            return CertificateValidationResult.Invalid("no server certificate presented");
        }

        var now = _timeProvider.GetUtcNow();
        if (_pinned is not null
            && !presented.RawDataMemory.Span.SequenceEqual(_pinned.RawDataMemory.Span))
        {
            return CertificateValidationResult.Invalid("certificate differs from the pinned server certificate");
        }

        if (CertificateChecks.ValidityProblem(presented, now) is { } timeProblem)
        {
            return CertificateValidationResult.Invalid(timeProblem);
        }

        // Server certificates may come from elsewhere (openssl, an ACME CA): one without any
        // EKU is fine, as in every TLS client; one whose EKU leaves out server auth is not.
        if (CertificateChecks.HasExtendedKeyUsages(presented)
            && !CertificateChecks.ListsExtendedKeyUsage(presented, CertificateFactory.ServerAuthenticationOid))
        {
            return CertificateValidationResult.Invalid("certificate lacks the TLS server authentication extended key usage");
        }

        if (_certificateAuthority is not null)
        {
            var chainProblem = CertificateChecks.ChainProblem(
                presented,
                _certificateAuthority,
                CertificateFactory.ServerAuthenticationOid,
                now,
                "the trusted CA",
                // A user may trust a self-signed server certificate by naming it as the CA.
                allowAnchorItself: true);
            if (chainProblem is not null)
            {
                return CertificateValidationResult.Invalid(chainProblem);
            }
        }

        // Only SubjectAlternativeNames count, as in current browsers and Go: the common name is
        // free text that was never meant to be matched.
        if (!presented.MatchesHostname(_expectedHostName, allowWildcards: true, allowCommonName: false))
        {
            return CertificateValidationResult.Invalid($"certificate does not name the server '{_expectedHostName}' (tls_server_name)");
        }

        return CertificateValidationResult.Valid;
    }

    // "[::1]" is how an IPv6 address appears in host:port; the certificate holds the bare address.
    private static string StripBrackets(string host) =>
        host.Length > 2 && host[0] == '[' && host[^1] == ']' && IPAddress.TryParse(host[1..^1], out _)
            ? host[1..^1]
            : host;
}
