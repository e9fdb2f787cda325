namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// The table of every setting: YAML key, environment variable, flag, kind, programs and
/// description. Reading the YAML file, the environment and the command line, <c>--help</c>
/// and the messages about missing settings are all driven by this one table.
/// </summary>
/// <remarks>
/// The first twelve rows are the original system's names and must not change: users' files,
/// environments and scripts depend on them. Defaults live in <see cref="RelaySettings"/>.
/// </remarks>
public static class SettingDefinitions
{
    private const RelayPrograms Server = RelayPrograms.Server;
    private const RelayPrograms Forwarder = RelayPrograms.Forwarder;
    private const RelayPrograms Endpoint = RelayPrograms.Endpoint;
    private const RelayPrograms Clients = RelayPrograms.Clients;
    private const RelayPrograms AllPrograms = RelayPrograms.All;

    /// <summary>Every setting, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        // --- The original system's settings ---
        SettingDefinition.Text("uuid", "KEY_OWNER_UUID", "--uuid", Clients, s => s.Uuid,
            "Key owner id, shared by a user's forwarder and endpoints."),
        SettingDefinition.Text("token", "SSH_AGENT_TOKEN", "--token", Clients, s => s.Token,
            "Shared secret of the key owner; keys every message authentication code.", isSecret: true),
        SettingDefinition.Text("platform_url", "PLATFORM_URL", "--platform", AllPrograms, s => s.PlatformUrl,
            "host:port of the server: dialled by the clients, listened on by the server."),
        SettingDefinition.Text("cert_path", "CERT_PATH", "--cert", AllPrograms, s => s.CertPath,
            "Server certificate (PEM file): presented by the server, pinned by the clients."),
        SettingDefinition.Text("cert", "CERT", null, AllPrograms, s => s.Cert,
            "The server certificate as inline PEM text, instead of cert_path."),
        SettingDefinition.Text("key_path", "KEY", "--key", Server, s => s.KeyPath,
            "Private key (PEM file) of the server certificate."),
        SettingDefinition.Text("tls_server_name", "TLS_SERVER_NAME", "--tls-server-name", Clients, s => s.TlsServerName,
            "Name expected in the server certificate; default: the host of platform_url."),
        SettingDefinition.Text("socket_dir", "SOCKET_DIR", "--socket-dir", Endpoint, s => s.SocketDir,
            "Folder of agent-endpoint.sock; default: $XDG_RUNTIME_DIR, else ~/.agent-endpoint, else /tmp."),
        // The original's bundle script wrote redis_address and redis_password, which the
        // original silently ignored; reading them as aliases makes those files mean what they say.
        SettingDefinition.Text("redis_addr", "REDIS_ADDRESS", "--redis", Server, s => s.RedisAddr,
            "Redis host:port (token_store redis).", keyAliases: ["redis_address"]),
        SettingDefinition.Text("redis_pass", "REDIS_PASSWORD", "--redis-pass", Server, s => s.RedisPass,
            "Redis password.", isSecret: true, keyAliases: ["redis_password"]),
        SettingDefinition.WholeNumber("redis_db", "REDIS_DB", "--redis-db", Server, s => s.RedisDb,
            "Redis database number.", min: 0, max: int.MaxValue),
        SettingDefinition.List("allowed_identities", "ALLOWED_IDENTITIES", "--allowed-identity", Forwarder, s => s.AllowedIdentities,
            "SHA256 fingerprints of the only keys offered (all keys when empty); the flag may be repeated.", itemName: "fingerprint"),

        // --- GrpcRelay's own settings ---
        SettingDefinition.Text("client_cert_path", "CLIENT_CERT_PATH", "--client-cert", Clients, s => s.ClientCertPath,
            "Client certificate (PEM file) presented to the server."),
        SettingDefinition.Text("client_key_path", "CLIENT_KEY", "--client-key", Clients, s => s.ClientKeyPath,
            "Private key (PEM file) of the client certificate."),
        SettingDefinition.Text("ca_path", "CA_PATH", "--ca", Clients, s => s.CaPath,
            "CA (PEM file) trusted for the server certificate, instead of pinning cert_path."),
        SettingDefinition.Text("client_ca_path", "CLIENT_CA_PATH", "--client-ca", Server, s => s.ClientCaPath,
            "CA (PEM file) that signs client certificates; clients without one are refused."),
        SettingDefinition.Boolean("bind_identity_to_certificate", "BIND_IDENTITY_TO_CERTIFICATE", "--bind-identity-to-certificate", Server,
            s => s.BindIdentityToCertificate,
            "Refuse a Hello whose uuid or role differs from the client certificate's."),
        SettingDefinition.Choice("transport", "RELAY_TRANSPORT", "--transport", Clients, s => s.Transport,
            "auto (HTTP/3, else HTTP/2), h3 or h2."),
        SettingDefinition.Text("msquic_path", "MSQUIC_PATH", "--msquic-path", AllPrograms, s => s.MsquicPath,
            "Path of libmsquic, where the system does not provide it."),
        SettingDefinition.Text("agent_socket", "SSH_AUTH_SOCK", "--agent-socket", Forwarder, s => s.AgentSocket,
            "The ssh-agent socket to serve."),
        SettingDefinition.Choice("token_store", "TOKEN_STORE", "--token-store", Server, s => s.TokenStore,
            "Where tokens are looked up: file (tokens_file) or redis (key token:<uuid>)."),
        SettingDefinition.Text("tokens_file", "TOKENS_FILE", "--tokens-file", Server, s => s.TokensFile,
            "YAML map of uuid to token (token_store file); re-read when it changes."),
        SettingDefinition.Duration("max_clock_skew", "MAX_CLOCK_SKEW", "--max-clock-skew", AllPrograms, s => s.MaxClockSkew,
            "How far a peer's clock may be from ours, either way."),
        SettingDefinition.Duration("forwarder_wait", "FORWARDER_WAIT", "--forwarder-wait", Server, s => s.ForwarderWait,
            "How long an endpoint request waits for its forwarder to connect.", allowZero: true),
        SettingDefinition.Duration("request_timeout", "REQUEST_TIMEOUT", "--request-timeout", Server, s => s.RequestTimeout,
            "How long a forwarder has to answer one request."),
        SettingDefinition.Duration("hello_timeout", "HELLO_TIMEOUT", "--hello-timeout", Server, s => s.HelloTimeout,
            "How long a client has to send its Hello."),
        SettingDefinition.WholeNumber("max_message_bytes", "MAX_MESSAGE_BYTES", "--max-message-bytes", AllPrograms, s => s.MaxMessageBytes,
            "Largest agent message relayed, in bytes.", min: 1024, max: 16 * 1024 * 1024,
            expectation: "a whole number of bytes from 1024 (1 KiB) to 16777216 (16 MiB)"),

        // --- Server limits ---
        SettingDefinition.WholeNumber("max_streams_per_uuid", "MAX_STREAMS_PER_UUID", "--max-streams-per-uuid", Server, s => s.MaxStreamsPerUuid,
            "Open streams (forwarder and endpoints together) allowed per uuid.", min: 1, max: 100_000),
        SettingDefinition.WholeNumber("max_requests_per_second", "MAX_REQUESTS_PER_SECOND", "--max-requests-per-second", Server,
            s => s.MaxRequestsPerSecond, "Agent requests per second allowed per uuid (a burst of as many is allowed).", min: 1, max: 1_000_000),
        SettingDefinition.WholeNumber("max_pending_requests", "MAX_PENDING_REQUESTS", "--max-pending-requests", Server, s => s.MaxPendingRequests,
            "Requests a forwarder may owe answers to at once.", min: 1, max: 1_000_000),
        SettingDefinition.Duration("idle_timeout", "IDLE_TIMEOUT", "--idle-timeout", Server, s => s.IdleTimeout,
            "Close a stream that sent no frame for this long (0: never); clients reconnect by themselves.", allowZero: true),
        SettingDefinition.Duration("token_recheck_interval", "TOKEN_RECHECK_INTERVAL", "--token-recheck-interval", Server,
            s => s.TokenRecheckInterval, "How often the tokens of open streams are looked up again; a revoked token ends its streams."),
    ];

    /// <summary>The setting with YAML key <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No setting has that key.</exception>
    public static SettingDefinition Get(string key) =>
        All.FirstOrDefault(setting => setting.Key == key)
        ?? throw new KeyNotFoundException($"No setting has the key '{key}'.");

    /// <summary>The settings <paramref name="program"/> reads.</summary>
    public static IEnumerable<SettingDefinition> For(RelayPrograms program) =>
        All.Where(setting => setting.IsUsedBy(program));

    /// <summary>The setting a YAML key (or one of its aliases) names, compared exactly as the original did.</summary>
    internal static SettingDefinition? FindByYamlKey(string key) =>
        All.FirstOrDefault(setting => setting.Key == key || setting.KeyAliases.Contains(key, StringComparer.Ordinal));
}
