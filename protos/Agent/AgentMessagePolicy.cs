namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// Which message types may cross the relay. A remote machine may use the user's keys but never
/// manage them, so by default only listing keys and signing pass; anything else is answered
/// with <c>SSH_AGENT_FAILURE</c> by the caller.
/// </summary>
internal sealed class AgentMessagePolicy
{
    private readonly bool[] _requests = new bool[256];
    private readonly bool[] _responses = new bool[256];
    private readonly int _maxLength;

    /// <summary>
    /// Creates a policy that allows the given request and response types.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is not between 1 and <see cref="AgentMessage.MaxSupportedLength"/>.</exception>
    public AgentMessagePolicy(
        IEnumerable<AgentMessageType> allowedRequests,
        IEnumerable<AgentMessageType> allowedResponses,
        int maxLength = AgentMessage.DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(allowedRequests);
        ArgumentNullException.ThrowIfNull(allowedResponses);
        AgentMessage.ValidateMaxLength(maxLength);
        foreach (var type in allowedRequests)
        {
            _requests[(byte)type] = true;
        }

        foreach (var type in allowedResponses)
        {
            _responses[(byte)type] = true;
        }

        _maxLength = maxLength;
    }

    /// <summary>Requests allowed by default: <c>SSH_AGENTC_REQUEST_IDENTITIES</c> (11) and <c>SSH_AGENTC_SIGN_REQUEST</c> (13).</summary>
    public static IReadOnlyList<AgentMessageType> DefaultAllowedRequests { get; } =
        [AgentMessageType.RequestIdentities, AgentMessageType.SignRequest];

    /// <summary>
    /// Responses allowed by default: <c>SSH_AGENT_FAILURE</c> (5), <c>SSH_AGENT_SUCCESS</c> (6),
    /// <c>SSH_AGENT_IDENTITIES_ANSWER</c> (12), <c>SSH_AGENT_SIGN_RESPONSE</c> (14) and
    /// <c>SSH_AGENT_EXTENSION_FAILURE</c> (28).
    /// </summary>
    public static IReadOnlyList<AgentMessageType> DefaultAllowedResponses { get; } =
    [
        AgentMessageType.Failure,
        AgentMessageType.Success,
        AgentMessageType.IdentitiesAnswer,
        AgentMessageType.SignResponse,
        AgentMessageType.ExtensionFailure,
    ];

    /// <summary>The default policy: <see cref="DefaultAllowedRequests"/>, <see cref="DefaultAllowedResponses"/>, 256 KiB cap.</summary>
    public static AgentMessagePolicy Default { get; } = new(DefaultAllowedRequests, DefaultAllowedResponses);

    /// <summary>
    /// Whether <paramref name="message"/> (a whole message, length field included) is one
    /// well-formed message whose type is an allowed request. Never throws: malformed data is
    /// simply not allowed.
    /// </summary>
    public bool IsRequestAllowed(ReadOnlySpan<byte> message) =>
        AgentMessage.TryParse(message, out var type, out _, _maxLength) && _requests[type];

    /// <summary>
    /// Whether <paramref name="message"/> (a whole message, length field included) is one
    /// well-formed message whose type is an allowed response. Never throws: malformed data is
    /// simply not allowed.
    /// </summary>
    public bool IsResponseAllowed(ReadOnlySpan<byte> message) =>
        AgentMessage.TryParse(message, out var type, out _, _maxLength) && _responses[type];
}
