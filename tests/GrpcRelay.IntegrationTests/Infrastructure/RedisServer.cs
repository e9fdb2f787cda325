using System.Globalization;
using System.Runtime.Versioning;
using StackExchange.Redis;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1 and a free port, in memory only (no RDB, no AOF),
/// with one shared <see cref="ConnectionMultiplexer"/>. Tests sharing one server keep apart by
/// using their own keys.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan _startDeadline = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _directory;
    private readonly RunningProcess _process;

    private RedisServer(TempDirectory directory, RunningProcess process, int port, ConnectionMultiplexer multiplexer)
    {
        _directory = directory;
        _process = process;
        Port = port;
        Multiplexer = multiplexer;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, the form of the <c>redis_addr</c> setting.</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>The one connection tests share.</summary>
    public ConnectionMultiplexer Multiplexer { get; }

    /// <summary>Database 0.</summary>
    public IDatabase Database => Multiplexer.GetDatabase();

    /// <summary>The server's working folder (<c>--dir</c>), deleted with it.</summary>
    public string DirectoryPath => _directory.Path;

    /// <summary>The server's own log.</summary>
    public ProcessLog Log => _process.Log;

    /// <summary>Starts a server and waits until it answers PING.</summary>
    /// <param name="keyspaceEvents">
    /// Value of <c>notify-keyspace-events</c>, for example <c>KEA</c> (everything) or <c>Kgx</c>
    /// (deletions and expiries, what token revocation needs); null leaves notifications off.
    /// </param>
    public static async Task<RedisServer> StartAsync(string? keyspaceEvents = null)
    {
        var program = RequiredProgram.Find("redis-server");
        return await FreePort.RetryOnCollisionAsync(port => StartOnPortAsync(program, port, keyspaceEvents));
    }

    /// <summary>Closes the connection, kills the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await Multiplexer.DisposeAsync();
        await _process.DisposeAsync();
        _directory.Dispose();
    }

    private static async Task<RedisServer> StartOnPortAsync(string program, int port, string? keyspaceEvents)
    {
        var directory = TempDirectory.Create("gr-redis-");
        RunningProcess? process = null;
        ConnectionMultiplexer? multiplexer = null;
        try
        {
            List<string> arguments =
            [
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1",
                "--save", string.Empty,
                "--appendonly", "no",
                "--dir", directory.Path,
                "--daemonize", "no",
                "--logfile", string.Empty,
            ];
            if (keyspaceEvents is not null)
            {
                arguments.AddRange(["--notify-keyspace-events", keyspaceEvents]);
            }

            process = RunningProcess.Start(program, arguments, name: $"redis-server:{port}");
            try
            {
                await process.WaitForLineAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), _startDeadline, "ready");
            }
            catch (InvalidOperationException) when (process.Log.Find(IsAddressInUse) is not null)
            {
                throw new PortInUseException($"redis-server could not listen on port {port}.");
            }

            var options = new ConfigurationOptions
            {
                EndPoints = { { "127.0.0.1", port } },
                AbortOnConnectFail = true,
                // Tests may inspect and change the server (CONFIG, FLUSHDB); it is theirs alone.
                AllowAdmin = true,
                ConnectTimeout = 5000,
            };
            multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
            var server = new RedisServer(directory, process, port, multiplexer);
            await Wait.UntilAsync(
                async () => await server.Database.PingAsync() >= TimeSpan.Zero,
                _startDeadline,
                $"redis-server on port {port} to answer PING",
                () => process.Log.Tail());
            return server;
        }
        catch
        {
            if (multiplexer is not null)
            {
                await multiplexer.DisposeAsync();
            }

            if (process is not null)
            {
                await process.DisposeAsync();
            }

            directory.Dispose();
            throw;
        }
    }

    private static bool IsAddressInUse(string line) =>
        line.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);
}
