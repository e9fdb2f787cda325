namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// Log-friendly names of agent message numbers, in the spelling of the specification so that a
/// log line can be searched for in PROTOCOL.agent.
/// </summary>
internal static class AgentMessageNames
{
    // Built once: a relay describes every message it refuses, and a byte has only 256 values.
    private static readonly string[] _descriptions = BuildDescriptions();

    /// <summary>
    /// The specification's name of a known message number (<c>SSH_AGENTC_SIGN_REQUEST</c>), or
    /// <see langword="null"/> for a number no specification assigns.
    /// </summary>
    public static string? GetSpecificationName(byte type) => (AgentMessageType)type switch
    {
        AgentMessageType.Ssh1RequestRsaIdentities => "SSH_AGENTC_REQUEST_RSA_IDENTITIES",
        AgentMessageType.Ssh1RsaIdentitiesAnswer => "SSH_AGENT_RSA_IDENTITIES_ANSWER",
        AgentMessageType.Ssh1RsaChallenge => "SSH_AGENTC_RSA_CHALLENGE",
        AgentMessageType.Ssh1RsaResponse => "SSH_AGENT_RSA_RESPONSE",
        AgentMessageType.Failure => "SSH_AGENT_FAILURE",
        AgentMessageType.Success => "SSH_AGENT_SUCCESS",
        AgentMessageType.Ssh1AddRsaIdentity => "SSH_AGENTC_ADD_RSA_IDENTITY",
        AgentMessageType.Ssh1RemoveRsaIdentity => "SSH_AGENTC_REMOVE_RSA_IDENTITY",
        AgentMessageType.Ssh1RemoveAllRsaIdentities => "SSH_AGENTC_REMOVE_ALL_RSA_IDENTITIES",
        AgentMessageType.RequestIdentities => "SSH_AGENTC_REQUEST_IDENTITIES",
        AgentMessageType.IdentitiesAnswer => "SSH_AGENT_IDENTITIES_ANSWER",
        AgentMessageType.SignRequest => "SSH_AGENTC_SIGN_REQUEST",
        AgentMessageType.SignResponse => "SSH_AGENT_SIGN_RESPONSE",
        AgentMessageType.AddIdentity => "SSH_AGENTC_ADD_IDENTITY",
        AgentMessageType.RemoveIdentity => "SSH_AGENTC_REMOVE_IDENTITY",
        AgentMessageType.RemoveAllIdentities => "SSH_AGENTC_REMOVE_ALL_IDENTITIES",
        AgentMessageType.AddSmartcardKey => "SSH_AGENTC_ADD_SMARTCARD_KEY",
        AgentMessageType.RemoveSmartcardKey => "SSH_AGENTC_REMOVE_SMARTCARD_KEY",
        AgentMessageType.Lock => "SSH_AGENTC_LOCK",
        AgentMessageType.Unlock => "SSH_AGENTC_UNLOCK",
        AgentMessageType.Ssh1AddRsaIdConstrained => "SSH_AGENTC_ADD_RSA_ID_CONSTRAINED",
        AgentMessageType.AddIdConstrained => "SSH_AGENTC_ADD_ID_CONSTRAINED",
        AgentMessageType.AddSmartcardKeyConstrained => "SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED",
        AgentMessageType.Extension => "SSH_AGENTC_EXTENSION",
        AgentMessageType.ExtensionFailure => "SSH_AGENT_EXTENSION_FAILURE",
        AgentMessageType.ExtensionResponse => "SSH_AGENT_EXTENSION_RESPONSE",
        _ => null,
    };

    /// <summary>
    /// Name and number of any message type byte for logs: <c>SSH_AGENTC_SIGN_REQUEST (13)</c>,
    /// or <c>unknown (200)</c> for a number no specification assigns.
    /// </summary>
    public static string Describe(byte type) => _descriptions[type];

    /// <inheritdoc cref="Describe(byte)"/>
    public static string Describe(AgentMessageType type) => _descriptions[(byte)type];

    private static string[] BuildDescriptions()
    {
        var descriptions = new string[256];
        for (var i = 0; i < descriptions.Length; i++)
        {
            var type = (byte)i;
            descriptions[i] = $"{GetSpecificationName(type) ?? "unknown"} ({type})";
        }

        return descriptions;
    }
}
