using GrpcRelay.Protocol.Integrity;
using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.Protocol.Tls;

/// <summary>
/// The role and key owner uuid that a client certificate is issued for.
/// </summary>
/// <remarks>
/// <para>
/// Identity binding (part of the security design): the server's client CA issues every
/// forwarder and endpoint certificate for exactly one role and one uuid, and the server
/// refuses a Hello whose role or uuid differs from its certificate's (PERMISSION_DENIED).
/// A stolen token is then useless without a certificate for the same uuid, and a
/// certificate issued to an endpoint cannot be used to impersonate the forwarder.
/// </para>
/// <para>
/// The binding lives in one URI SubjectAlternativeName:
/// <c>urn:grpcrelay:&lt;role-name&gt;:&lt;uuid&gt;</c>, where role-name is
/// <c>ssh-agent-forwarder</c> or <c>ssh-agent-endpoint</c> (the role strings of the original
/// system and of the MAC input) and uuid consists of ASCII letters, digits, <c>-</c>,
/// <c>_</c> and <c>.</c> (so it needs no escaping in a URI and compares byte for byte with
/// the Hello's uuid).
/// </para>
/// <para>
/// A certificate carries an identity only when exactly one SubjectAlternativeName URI starts
/// with <c>urn:grpcrelay:</c> (compared without regard to case, as RFC 8141 does for the
/// scheme and namespace) and that URI is well formed. No such URI, two of them, or a malformed
/// one means no identity: a certificate that claims two identities is refused rather than
/// guessed at. URIs of other schemes are ignored so that the same certificate may also carry,
/// say, a SPIFFE id.
/// </para>
/// <para>
/// The subject is <c>CN=&lt;role-name&gt;/&lt;uuid&gt;</c> so that people reading logs and
/// <c>openssl x509 -text</c> see who a certificate is for; it is never read back, because
/// a distinguished name is free text with escaping rules while the SAN is a single typed
/// value.
/// </para>
/// </remarks>
internal sealed record ClientCertificateIdentity
{
    /// <summary>The prefix every identity URI starts with.</summary>
    public const string UriPrefix = "urn:grpcrelay:";

    private const string SubjectAlternativeNameOid = "2.5.29.17";

    // A uuid bigger than this is no uuid; the limit keeps names and log lines short.
    private const int MaxUuidLength = 128;

    // GeneralName ::= CHOICE { ..., uniformResourceIdentifier [6] IA5String, ... } (RFC 5280).
    private static readonly Asn1Tag _uriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>Creates an identity; throws when the role is unspecified or the uuid has characters outside the allowed set.</summary>
    public ClientCertificateIdentity(Role role, string uuid)
    {
        ArgumentNullException.ThrowIfNull(uuid);
        if (role is not (Role.Forwarder or Role.Endpoint))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "A client certificate is issued for the forwarder or the endpoint role.");
        }

        if (!IsValidUuid(uuid))
        {
            throw new ArgumentException(
                $"A uuid in a client certificate must be 1 to {MaxUuidLength} ASCII letters, digits, '-', '_' or '.'.",
                nameof(uuid));
        }

        Role = role;
        Uuid = uuid;
    }

    /// <summary>The role the certificate was issued for.</summary>
    public Role Role { get; }

    /// <summary>The key owner uuid the certificate was issued for.</summary>
    public string Uuid { get; }

    /// <summary><c>ssh-agent-forwarder</c> or <c>ssh-agent-endpoint</c>.</summary>
    public string RoleName => RoleNames.Of(Role)!;

    /// <summary>The SubjectAlternativeName URI, <c>urn:grpcrelay:&lt;role-name&gt;:&lt;uuid&gt;</c>.</summary>
    public string Uri => $"{UriPrefix}{RoleName}:{Uuid}";

    /// <summary>The subject common name, <c>&lt;role-name&gt;/&lt;uuid&gt;</c>.</summary>
    public string CommonName => $"{RoleName}/{Uuid}";

    /// <summary>True when <paramref name="uuid"/> may appear in an identity URI.</summary>
    public static bool IsValidUuid(string? uuid) =>
        !string.IsNullOrEmpty(uuid)
        && uuid.Length <= MaxUuidLength
        && uuid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The role whose certificate and MAC name is <paramref name="roleName"/>, or <see cref="Role.Unspecified"/>.</summary>
    public static Role ParseRoleName(string? roleName) => RoleNames.Parse(roleName);

    /// <summary>
    /// Reads the identity a client certificate was issued for; false when it carries none
    /// (see the remarks on <see cref="ClientCertificateIdentity"/> for the exact rule).
    /// This does not say the certificate is trusted: validate its chain first.
    /// </summary>
    public static bool TryRead(X509Certificate2 certificate, [NotNullWhen(true)] out ClientCertificateIdentity? identity)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        identity = null;

        X509Extension? subjectAlternativeName = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAlternativeNameOid)
            {
                continue;
            }

            // RFC 5280 allows each extension once; two SAN extensions could disagree.
            if (subjectAlternativeName is not null)
            {
                return false;
            }

            subjectAlternativeName = extension;
        }

        if (subjectAlternativeName is null || !TryReadSingleIdentityUri(subjectAlternativeName.RawData, out var uri))
        {
            return false;
        }

        return TryParseUri(uri, out identity);
    }

    /// <summary>Parses <c>urn:grpcrelay:&lt;role-name&gt;:&lt;uuid&gt;</c>; false for anything else.</summary>
    public static bool TryParseUri(string uri, [NotNullWhen(true)] out ClientCertificateIdentity? identity)
    {
        ArgumentNullException.ThrowIfNull(uri);
        identity = null;
        if (!uri.StartsWith(UriPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = uri.AsSpan(UriPrefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        var role = ParseRoleName(rest[..colon].ToString());
        var uuid = rest[(colon + 1)..].ToString();
        if (role == Role.Unspecified || !IsValidUuid(uuid))
        {
            return false;
        }

        identity = new ClientCertificateIdentity(role, uuid);
        return true;
    }

    private static bool TryReadSingleIdentityUri(ReadOnlyMemory<byte> subjectAlternativeName, [NotNullWhen(true)] out string? identityUri)
    {
        identityUri = null;
        var found = 0;
        try
        {
            var outer = new AsnReader(subjectAlternativeName, AsnEncodingRules.DER);
            var names = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            while (names.HasData)
            {
                if (!names.PeekTag().HasSameClassAndValue(_uriTag))
                {
                    names.ReadEncodedValue();
                    continue;
                }

                var uri = names.ReadCharacterString(UniversalTagNumber.IA5String, _uriTag);
                if (uri.StartsWith(UriPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    found++;
                    identityUri = uri;
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            // A SAN we cannot parse proves nothing about who the client is.
            identityUri = null;
            return false;
        }

        if (found != 1)
        {
            identityUri = null;
        }

        return identityUri is not null;
    }
}
