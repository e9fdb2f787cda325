namespace GrpcRelay.Protocol.Configuration;

/// <summary>
/// Every setting of the three programs, after the YAML file, the environment and the
/// command line have been merged (in that order of precedence, lowest first).
/// The keys, environment variables and flags of each property are listed in
/// <c>SettingDefinitions</c>; defaults live here and nowhere else.
/// </summary>
public sealed class RelaySettings
{
    // --- Identity (forwarder and endpoint) ---

    /// <summary>Key owner id shared by a user's forwarder and endpoints.</summary>
    public string? Uuid { get; set; }

    /// <summary>Shared secret that keys every MAC. Never logged.</summary>
    public string? Token { get; set; }

    // --- Server address and TLS ---

    /// <summary><c>host:port</c> to dial (clients) or to listen on (server).</summary>
    public string? PlatformUrl { get; set; }

    /// <summary>Server certificate (PEM file): presented by the server, trusted (pinned) by clients.</summary>
    public string? CertPath { get; set; }

    /// <summary>The server certificate inline as PEM text, instead of <see cref="CertPath"/>.</summary>
    public string? Cert { get; set; }

    /// <summary>Server private key (PEM file).</summary>
    public string? KeyPath { get; set; }

    /// <summary>Name the clients expect in the server certificate; default: the host of <see cref="PlatformUrl"/>.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Client certificate (PEM file) that forwarder and endpoint present.</summary>
    public string? ClientCertPath { get; set; }

    /// <summary>Private key (PEM file) of <see cref="ClientCertPath"/>.</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>Clients: a CA whose certificates are trusted for the server, instead of pinning <see cref="CertPath"/>.</summary>
    public string? CaPath { get; set; }

    /// <summary>Server: the CA that signs client certificates; clients without one from it are refused.</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>Server: refuse a Hello whose role or uuid differs from the client certificate's.</summary>
    public bool BindIdentityToCertificate { get; set; } = true;

    // --- Transport (clients) ---

    /// <summary><c>auto</c> (HTTP/3, else HTTP/2), <c>h3</c> or <c>h2</c>.</summary>
    public TransportMode Transport { get; set; } = TransportMode.Auto;

    /// <summary>Explicit path of libmsquic, for distributions that do not package it.</summary>
    public string? MsquicPath { get; set; }

    // --- Endpoint ---

    /// <summary>Folder of <c>agent-endpoint.sock</c>; default <c>$XDG_RUNTIME_DIR</c>, else <c>~/.agent-endpoint</c>, else <c>/tmp</c>.</summary>
    public string? SocketDir { get; set; }

    // --- Forwarder ---

    /// <summary>The ssh-agent socket to serve; default <c>$SSH_AUTH_SOCK</c>.</summary>
    public string? AgentSocket { get; set; }

    /// <summary>SHA256 fingerprints (with or without <c>SHA256:</c>) of the only keys offered; empty: all keys.</summary>
    public IReadOnlyList<string> AllowedIdentities { get; set; } = [];

    // --- Server token store ---

    /// <summary>Where the server looks tokens up.</summary>
    public TokenStoreKind TokenStore { get; set; } = TokenStoreKind.File;

    /// <summary>Server: the embedded token store, a YAML map of uuid to token, re-read when it changes.</summary>
    public string? TokensFile { get; set; }

    /// <summary>Server: Redis <c>host:port</c>.</summary>
    public string? RedisAddr { get; set; }

    /// <summary>Server: Redis password. Never logged.</summary>
    public string? RedisPass { get; set; }

    /// <summary>Server: Redis database number.</summary>
    public int RedisDb { get; set; }

    // --- Protocol limits ---

    /// <summary>How far a peer's clock may be from ours, either way.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Server: how long an endpoint request waits for a forwarder to connect.</summary>
    public TimeSpan ForwarderWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Server: how long a forwarder has to answer one request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Server: how long a client has to send its Hello after opening a stream.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest agent message relayed, in bytes (OpenSSH's own limit).</summary>
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    // --- Server limits ---

    /// <summary>Server: open streams (forwarder and endpoints together) allowed per uuid.</summary>
    public int MaxStreamsPerUuid { get; set; } = 32;

    /// <summary>Server: agent requests per second allowed per uuid (token bucket, bursts of as many).</summary>
    public int MaxRequestsPerSecond { get; set; } = 100;

    /// <summary>Server: requests a forwarder may owe answers to at once.</summary>
    public int MaxPendingRequests { get; set; } = 256;

    /// <summary>Server: a stream that sent no frame for this long is closed; zero: never.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Server: how often the tokens of open streams are looked up again, so revocation ends them.</summary>
    public TimeSpan TokenRecheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the settings came from, for error messages (a file path, or null).</summary>
    public string? SourceFile { get; set; }

    /// <summary>Problems that do not stop the program but that the user should fix (printed at start).</summary>
    public List<string> Warnings { get; } = [];
}

/// <summary>How a client reaches the server.</summary>
public enum TransportMode
{
    /// <summary>HTTP/3 from the first call; HTTP/2 when QUIC is missing locally or the HTTP/3 attempt fails.</summary>
    Auto,

    /// <summary>HTTP/3 only; fails at once when QUIC is unavailable.</summary>
    H3,

    /// <summary>HTTP/2 only.</summary>
    H2,
}

/// <summary>Where the server looks tokens up.</summary>
public enum TokenStoreKind
{
    /// <summary>A local YAML file of uuid to token (zero set-up, one machine).</summary>
    File,

    /// <summary>Redis key <c>token:&lt;uuid&gt;</c>, as the original system does.</summary>
    Redis,
}
