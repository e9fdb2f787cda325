using System.Globalization;
using System.Security.Cryptography;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>
/// The whole relay on loopback, every part real: a redis-server (when the Redis store is
/// used), an OpenSSH ssh-agent with ed25519, ECDSA and RSA keys, and the three GrpcRelay
/// programs as separate processes configured by YAML files, as a user would run them.
/// </summary>
internal sealed class RelayRig : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly List<RunningProcess> _processes = [];

    private RelayRig(RigOptions options, TempDirectory directory, SshAgent agent, RedisServer? redis, int port)
    {
        Options = options;
        Directory = directory;
        Agent = agent;
        Redis = redis;
        Port = port;
        Certificates = RigCertificates.Create(directory.Combine("pki"));
        Uuid = "rig-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    }

    public RigOptions Options { get; }

    public TempDirectory Directory { get; }

    public SshAgent Agent { get; }

    public RedisServer? Redis { get; }

    public RigCertificates Certificates { get; }

    /// <summary>The server's port, TCP and UDP.</summary>
    public int Port { get; }

    /// <summary>What clients dial.</summary>
    public string PlatformUrl => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>The user's uuid.</summary>
    public string Uuid { get; }

    /// <summary>The user's token.</summary>
    public string Token { get; }

    public RunningProcess Server { get; private set; } = null!;

    public RunningProcess? Forwarder { get; private set; }

    public RunningProcess Endpoint { get; private set; } = null!;

    /// <summary>The endpoint's agent socket, for SSH_AUTH_SOCK.</summary>
    public string EndpointSocket => Directory.Combine("endpoint", "agent-endpoint.sock");

    /// <summary>Starts everything and waits until the endpoint is connected and its socket ready.</summary>
    public static async Task<RelayRig> StartAsync(RigOptions options)
    {
        var directory = TempDirectory.Create("gr-rig-");
        RelayRig? rig = null;
        try
        {
            var redis = options.Store == TokenStoreKind.Redis ? await RedisServer.StartAsync() : null;
            SshAgent agent;
            try
            {
                agent = await SshAgent.StartAsync();
            }
            catch
            {
                if (redis is not null)
                {
                    await redis.DisposeAsync();
                }

                throw;
            }

            rig = new RelayRig(options, directory, agent, redis, FreePort.Next());
            await rig.GrantTokenAsync(rig.Uuid, rig.Token);
            await rig.StartServerAsync();
            if (options.StartForwarder)
            {
                await rig.StartForwarderAsync();
            }

            await rig.StartEndpointAsync();
            return rig;
        }
        catch
        {
            if (rig is not null)
            {
                await rig.DisposeAsync();
            }
            else
            {
                directory.Dispose();
            }

            throw;
        }
    }

    /// <summary>Makes <paramref name="token"/> valid for <paramref name="uuid"/> in the rig's token store.</summary>
    public async Task GrantTokenAsync(string uuid, string token, TimeSpan? expiry = null)
    {
        if (Redis is not null)
        {
            if (expiry is { } ttl)
            {
                await Redis.Database.StringSetAsync("token:" + uuid, token, ttl);
            }
            else
            {
                await Redis.Database.StringSetAsync("token:" + uuid, token);
            }

            return;
        }

        var file = TokensFile;
        var lines = File.Exists(file) ? File.ReadAllLines(file).Where(l => !l.StartsWith(uuid + ":", StringComparison.Ordinal)) : [];
        await File.WriteAllLinesAsync(file, [.. lines, $"{uuid}: {token}"]);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Revokes the token of <paramref name="uuid"/>.</summary>
    public async Task RevokeTokenAsync(string uuid)
    {
        if (Redis is not null)
        {
            await Redis.Database.KeyDeleteAsync("token:" + uuid);
            return;
        }

        await File.WriteAllLinesAsync(TokensFile, File.ReadAllLines(TokensFile).Where(l => !l.StartsWith(uuid + ":", StringComparison.Ordinal)));
    }

    private string TokensFile => Directory.Combine("tokens.yaml");

    /// <summary>Starts the server and waits until it listens.</summary>
    public async Task StartServerAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["platform_url"] = PlatformUrl,
            ["cert_path"] = Certificates.ServerCertPath,
            ["key_path"] = Certificates.ServerKeyPath,
            ["client_ca_path"] = Certificates.CaPath,
        };
        if (Redis is not null)
        {
            settings["token_store"] = "redis";
            settings["redis_addr"] = Redis.Address;
        }
        else
        {
            settings["token_store"] = "file";
            settings["tokens_file"] = TokensFile;
        }

        foreach (var (key, value) in Options.ServerSettings)
        {
            settings[key] = value;
        }

        Server = Track(RelayExecutables.Start("server", ["--config", WriteConfig("grpcrelay-server.yaml", settings)]));
        await Server.WaitForLineAsync(line => line.Contains("Listening on", StringComparison.Ordinal), StartDeadline, "the server to listen");
    }

    /// <summary>
    /// Starts a forwarder for the rig's agent (or <paramref name="agentSocket"/>), offering only
    /// <paramref name="allowedIdentities"/> when given, and waits until it is connected.
    /// </summary>
    public async Task<RunningProcess> StartForwarderAsync(string? agentSocket = null, IReadOnlyList<string>? allowedIdentities = null,
        string? platformUrl = null)
    {
        var settings = ClientSettings(Role.Forwarder);
        settings["platform_url"] = platformUrl ?? PlatformUrl;
        settings["agent_socket"] = agentSocket ?? Agent.SocketPath;
        if (allowedIdentities is { Count: > 0 })
        {
            settings["allowed_identities"] = "[" + string.Join(", ", allowedIdentities.Select(f => $"\"{f}\"")) + "]";
        }

        Forwarder = Track(RelayExecutables.Start("forwarder", ["--config", WriteConfig("grpcrelay-forwarder.yaml", settings)]));
        await Forwarder.WaitForLineAsync(line => line.Contains("Connected to", StringComparison.Ordinal), StartDeadline, "the forwarder to connect");
        return Forwarder;
    }

    /// <summary>Stops the running forwarder (SIGTERM) and starts another with these settings.</summary>
    public async Task<RunningProcess> ReplaceForwarderAsync(string? agentSocket = null, IReadOnlyList<string>? allowedIdentities = null,
        string? platformUrl = null)
    {
        if (Forwarder is not null)
        {
            await Forwarder.StopAsync();
        }

        return await StartForwarderAsync(agentSocket, allowedIdentities, platformUrl);
    }

    /// <summary>Starts the endpoint and waits until it is connected and its socket is ready.</summary>
    public async Task StartEndpointAsync()
    {
        var settings = ClientSettings(Role.Endpoint);
        settings["socket_dir"] = Directory.Combine("endpoint");
        Endpoint = Track(RelayExecutables.Start("endpoint", ["--config", WriteConfig("grpcrelay-endpoint.yaml", settings)]));
        await Endpoint.WaitForLineAsync(line => line.Contains("Connected to", StringComparison.Ordinal), StartDeadline, "the endpoint to connect");
        await Wait.UntilAsync(() => File.Exists(EndpointSocket + ".ready"), StartDeadline, "the endpoint's ready file", () => Endpoint.Log.Tail());
    }

    /// <summary>The YAML settings of a client of this rig, before any test-specific change.</summary>
    public Dictionary<string, string> ClientSettings(Role role, string? uuid = null)
    {
        uuid ??= Uuid;
        var (cert, key) = Certificates.IssueClient(role, uuid);
        return new Dictionary<string, string>
        {
            ["uuid"] = uuid,
            ["token"] = Token,
            ["platform_url"] = PlatformUrl,
            ["tls_server_name"] = "localhost",
            ["ca_path"] = Certificates.CaPath,
            ["client_cert_path"] = cert,
            ["client_key_path"] = key,
            ["transport"] = Options.Transport.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>Writes a YAML configuration file into the rig's folder and returns its path.</summary>
    public string WriteConfig(string name, IReadOnlyDictionary<string, string> settings)
    {
        var path = Directory.Combine(name);
        File.WriteAllLines(path, settings.Select(setting => $"{setting.Key}: {setting.Value}"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // it holds the token
        return path;
    }

    /// <summary>Keeps a process so that it is stopped with the rig, even when a test fails.</summary>
    public RunningProcess Track(RunningProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>What every process wrote, for failure messages.</summary>
    public string Logs() => string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.Log.Tail(60)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        await Agent.DisposeAsync();
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        Directory.Dispose();
    }
}
