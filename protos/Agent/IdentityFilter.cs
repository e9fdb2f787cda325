namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// Limits which of the agent's keys a remote machine can see and use, by SHA256 fingerprint.
/// Hiding a key from the list is not enough (a client can ask to sign with a key it already
/// knows), so sign requests are checked as well.
/// </summary>
internal sealed class IdentityFilter
{
    private readonly HashSet<string> _allowed;

    /// <summary>
    /// Creates a filter allowing the keys with the given fingerprints, each with or without the
    /// <c>SHA256:</c> prefix. An empty list allows every key.
    /// </summary>
    /// <exception cref="FormatException">An entry is not a SHA256 fingerprint; the message quotes it.</exception>
    public IdentityFilter(IEnumerable<string> allowedFingerprints)
    {
        ArgumentNullException.ThrowIfNull(allowedFingerprints);
        _allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in allowedFingerprints)
        {
            _allowed.Add(SshFingerprint.Normalize(entry));
        }
    }

    /// <summary>A filter that allows every key.</summary>
    public static IdentityFilter AllowAll { get; } = new([]);

    /// <summary>Whether the filter lets every key through (it was built from an empty list).</summary>
    public bool AllowsAll => _allowed.Count == 0;

    /// <summary>The allowed fingerprints in canonical form (<c>SHA256:…</c>); empty when all keys are allowed.</summary>
    public IReadOnlyCollection<string> AllowedFingerprints => _allowed;

    /// <summary>Whether the key with this public key blob is allowed.</summary>
    public bool IsKeyAllowed(ReadOnlySpan<byte> keyBlob) =>
        AllowsAll || _allowed.Contains(SshFingerprint.Compute(keyBlob));

    /// <summary>
    /// Re-encodes an <c>SSH_AGENT_IDENTITIES_ANSWER</c> (whole message, length field included)
    /// with only the allowed keys, in their original order and with their original bytes.
    /// </summary>
    /// <exception cref="AgentProtocolException">The message is not a well-formed identities answer (see <see cref="IdentitiesAnswer.Parse"/>).</exception>
    public byte[] FilterIdentitiesAnswer(ReadOnlySpan<byte> message, int maxLength = AgentMessage.DefaultMaxLength)
    {
        var identities = IdentitiesAnswer.Parse(message, maxLength);
        return IdentitiesAnswer.Encode(identities.Where(identity => IsKeyAllowed(identity.KeyBlob.Span)));
    }

    /// <summary>
    /// Whether an <c>SSH_AGENTC_SIGN_REQUEST</c> (whole message, length field included) asks for
    /// an allowed key. The caller answers a refused request with <c>SSH_AGENT_FAILURE</c>.
    /// </summary>
    /// <exception cref="AgentProtocolException">The message is not a well-formed sign request (see <see cref="SignRequest.Parse"/>).</exception>
    public bool IsSignRequestAllowed(ReadOnlySpan<byte> message, int maxLength = AgentMessage.DefaultMaxLength) =>
        IsKeyAllowed(SignRequest.Parse(message, maxLength).KeyBlob.Span);
}
