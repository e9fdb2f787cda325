using Grpc.Core;
using GrpcRelay.IntegrationTests.Relay;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Security;

/// <summary>Redis going away must not break the server: new streams get UNAVAILABLE (clients back off and retry).</summary>
public sealed class TokenStoreOutageTests
{
    [Fact]
    public async Task Hello_RedisStopped_UnavailableSayingTheTokenStoreIsUnreachable()
    {
        await using var rig = await RelayRig.StartAsync(new RigOptions { Store = TokenStoreKind.Redis, Transport = TransportMode.H2 });

        await rig.Redis!.DisposeAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => TestRelayClient.OpenAsync(rig, Role.Endpoint));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("token store is unreachable", error.Status.Detail);
        Assert.False(rig.Server.HasExited);
    }
}
