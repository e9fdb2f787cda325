namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// Message numbers of the SSH agent protocol: OpenSSH's PROTOCOL.agent, draft-miller-ssh-agent
/// and its successor RFC 9987. The number is the byte that follows a message's length field.
/// Requests go from a client (ssh, git, ...) to the agent (<c>SSH_AGENTC_*</c>), responses come
/// back (<c>SSH_AGENT_*</c>).
/// </summary>
internal enum AgentMessageType : byte
{
    // Protocol 1 numbers: no current agent implements them, but the drafts keep them reserved
    // and naming them makes a log of an ancient client readable.

    /// <summary><c>SSH_AGENTC_REQUEST_RSA_IDENTITIES</c>: protocol 1 key list (reserved).</summary>
    Ssh1RequestRsaIdentities = 1,

    /// <summary><c>SSH_AGENT_RSA_IDENTITIES_ANSWER</c>: protocol 1 key list reply (reserved).</summary>
    Ssh1RsaIdentitiesAnswer = 2,

    /// <summary><c>SSH_AGENTC_RSA_CHALLENGE</c>: protocol 1 challenge (reserved).</summary>
    Ssh1RsaChallenge = 3,

    /// <summary><c>SSH_AGENT_RSA_RESPONSE</c>: protocol 1 challenge reply (reserved).</summary>
    Ssh1RsaResponse = 4,

    /// <summary><c>SSH_AGENT_FAILURE</c>: the generic refusal, with no contents.</summary>
    Failure = 5,

    /// <summary><c>SSH_AGENT_SUCCESS</c>: the generic acknowledgement, with no contents.</summary>
    Success = 6,

    /// <summary><c>SSH_AGENTC_ADD_RSA_IDENTITY</c>: protocol 1 key add (reserved).</summary>
    Ssh1AddRsaIdentity = 7,

    /// <summary><c>SSH_AGENTC_REMOVE_RSA_IDENTITY</c>: protocol 1 key removal (reserved).</summary>
    Ssh1RemoveRsaIdentity = 8,

    /// <summary><c>SSH_AGENTC_REMOVE_ALL_RSA_IDENTITIES</c>: protocol 1 removal of all keys (reserved).</summary>
    Ssh1RemoveAllRsaIdentities = 9,

    /// <summary><c>SSH_AGENTC_REQUEST_IDENTITIES</c>: list the agent's public keys.</summary>
    RequestIdentities = 11,

    /// <summary><c>SSH_AGENT_IDENTITIES_ANSWER</c>: the public keys and their comments.</summary>
    IdentitiesAnswer = 12,

    /// <summary><c>SSH_AGENTC_SIGN_REQUEST</c>: sign data with one of the agent's keys.</summary>
    SignRequest = 13,

    /// <summary><c>SSH_AGENT_SIGN_RESPONSE</c>: the signature.</summary>
    SignResponse = 14,

    /// <summary><c>SSH_AGENTC_ADD_IDENTITY</c>: give the agent a private key.</summary>
    AddIdentity = 17,

    /// <summary><c>SSH_AGENTC_REMOVE_IDENTITY</c>: remove one key.</summary>
    RemoveIdentity = 18,

    /// <summary><c>SSH_AGENTC_REMOVE_ALL_IDENTITIES</c>: remove every key.</summary>
    RemoveAllIdentities = 19,

    /// <summary><c>SSH_AGENTC_ADD_SMARTCARD_KEY</c>: load keys from a PKCS#11 provider.</summary>
    AddSmartcardKey = 20,

    /// <summary><c>SSH_AGENTC_REMOVE_SMARTCARD_KEY</c>: unload a PKCS#11 provider's keys.</summary>
    RemoveSmartcardKey = 21,

    /// <summary><c>SSH_AGENTC_LOCK</c>: lock the agent with a passphrase.</summary>
    Lock = 22,

    /// <summary><c>SSH_AGENTC_UNLOCK</c>: unlock the agent with its passphrase.</summary>
    Unlock = 23,

    /// <summary><c>SSH_AGENTC_ADD_RSA_ID_CONSTRAINED</c>: protocol 1 constrained key add (reserved).</summary>
    Ssh1AddRsaIdConstrained = 24,

    /// <summary><c>SSH_AGENTC_ADD_ID_CONSTRAINED</c>: add a private key with constraints.</summary>
    AddIdConstrained = 25,

    /// <summary><c>SSH_AGENTC_ADD_SMARTCARD_KEY_CONSTRAINED</c>: load PKCS#11 keys with constraints.</summary>
    AddSmartcardKeyConstrained = 26,

    /// <summary><c>SSH_AGENTC_EXTENSION</c>: a named vendor extension (e.g. <c>session-bind@openssh.com</c>).</summary>
    Extension = 27,

    /// <summary><c>SSH_AGENT_EXTENSION_FAILURE</c>: the extension exists but failed.</summary>
    ExtensionFailure = 28,

    /// <summary><c>SSH_AGENT_EXTENSION_RESPONSE</c>: an extension's reply (added by RFC 9987).</summary>
    ExtensionResponse = 29,
}
