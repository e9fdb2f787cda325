using StackExchange.Redis;

namespace GrpcRelay.Server.Tokens;

/// <summary>
/// Tokens in Redis at <c>token:&lt;uuid&gt;</c>, written by an external manager (often with a
/// TTL), as the original system keeps them. Revoking is deleting the key.
/// </summary>
internal sealed class RedisTokenStore(IConnectionMultiplexer redis, int database) : ITokenStore
{
    /// <summary>The Redis key of a uuid's token.</summary>
    public static RedisKey KeyOf(string uuid) => "token:" + uuid;

    public async ValueTask<string?> GetTokenAsync(string uuid, CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase(database).StringGetAsync(KeyOf(uuid)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.HasValue ? value.ToString() : null;
    }
}
