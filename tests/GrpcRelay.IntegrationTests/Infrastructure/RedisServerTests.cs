using System.Runtime.Versioning;
using System.Threading.Channels;
using StackExchange.Redis;

namespace GrpcRelay.IntegrationTests.Infrastructure;

[UnsupportedOSPlatform("windows")]
public sealed class RedisServerTests
{
    [Fact]
    public async Task StartAsync_Default_SetThenGetRoundTrips()
    {
        await using var redis = await RedisServer.StartAsync();
        var key = $"token:{Guid.NewGuid():N}";

        await redis.Database.StringSetAsync(key, "secret");
        var value = await redis.Database.StringGetAsync(key);

        Assert.Equal("secret", value.ToString());
        Assert.Equal($"127.0.0.1:{redis.Port}", redis.Address);
    }

    [Fact]
    public async Task StartAsync_KeyspaceNotifications_DeletionPublished()
    {
        await using var redis = await RedisServer.StartAsync(keyspaceEvents: "Kgx");
        var key = $"token:{Guid.NewGuid():N}";
        await redis.Database.StringSetAsync(key, "secret");
        var events = Channel.CreateUnbounded<string>();
        var subscriber = redis.Multiplexer.GetSubscriber();
        await subscriber.SubscribeAsync(
            RedisChannel.Literal($"__keyspace@0__:{key}"),
            (_, message) => events.Writer.TryWrite(message.ToString()));

        await redis.Database.KeyDeleteAsync(key);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        Assert.Equal("del", await events.Reader.ReadAsync(timeout.Token));
    }

    [Fact]
    public async Task StartAsync_Default_NoNotificationsAndNothingOnDisk()
    {
        await using var redis = await RedisServer.StartAsync();

        var server = redis.Multiplexer.GetServer("127.0.0.1", redis.Port);
        var config = await server.ConfigGetAsync("*");

        var settings = config.ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.Equal(string.Empty, settings["notify-keyspace-events"]);
        Assert.Equal(string.Empty, settings["save"]);
        Assert.Equal("no", settings["appendonly"]);
    }

    [Fact]
    public async Task DisposeAsync_Started_ServerGoneAndFolderDeleted()
    {
        var redis = await RedisServer.StartAsync();
        var port = redis.Port;
        var directory = redis.DirectoryPath;

        await redis.DisposeAsync();

        Assert.False(await SocketProbe.AcceptsTcpAsync(port));
        Assert.False(Directory.Exists(directory));
    }
}
