using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

[UnsupportedOSPlatform("windows")]
public sealed class RedisServerFixtureTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Server_SharedByTests_EachUsesItsOwnKey()
    {
        var key = RedisServerFixture.NewKey("token:");

        await redis.Server.Database.StringSetAsync(key, "first", TimeSpan.FromMinutes(1));

        Assert.Equal("first", (await redis.Server.Database.StringGetAsync(key)).ToString());
    }

    [Fact]
    public async Task Server_KeyWithExpiry_ReportsTimeToLive()
    {
        var key = RedisServerFixture.NewKey("token:");

        await redis.Server.Database.StringSetAsync(key, "second", TimeSpan.FromMinutes(5));

        var timeToLive = await redis.Server.Database.KeyTimeToLiveAsync(key);
        Assert.InRange(timeToLive!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }
}
