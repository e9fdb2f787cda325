namespace GrpcRelay.Server.Tokens;

/// <summary>Where the server finds the token of a uuid. A missing token means unknown or revoked.</summary>
internal interface ITokenStore
{
    /// <summary>The token of <paramref name="uuid"/>, or null when there is none (unknown, revoked or expired).</summary>
    ValueTask<string?> GetTokenAsync(string uuid, CancellationToken cancellationToken);
}
