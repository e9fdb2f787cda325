using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// One <see cref="RedisServer"/> (keyspace notifications on, <c>KEA</c>) shared by the tests of a
/// class through <c>IClassFixture&lt;RedisServerFixture&gt;</c>; each test takes its own keys
/// from <see cref="NewKey"/>. Where redis-server is not installed, every test that asks for
/// <see cref="Server"/> is skipped with the reason (a fixture cannot skip by itself).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    /// <summary>The shared server; skips the calling test when there is none.</summary>
    internal RedisServer Server
    {
        get
        {
            if (_server is null)
            {
                Assert.Skip("'redis-server' is not installed.");
            }

            return _server;
        }
    }

    /// <summary>A key no other test uses: <paramref name="prefix"/> and a fresh GUID.</summary>
    public static string NewKey(string prefix = "test:") => $"{prefix}{Guid.NewGuid():N}";

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        if (RequiredProgram.TryFind("redis-server") is not null)
        {
            _server = await RedisServer.StartAsync(keyspaceEvents: "KEA");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
