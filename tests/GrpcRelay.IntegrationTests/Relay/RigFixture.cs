using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Transport;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>
/// One relay shared by the tests of a class, started on first use, so that a class whose
/// tests all skip (HTTP/3 without QUIC) starts nothing.
/// </summary>
public abstract class RigFixture : IAsyncDisposable
{
    private Task<RelayRig>? _starting;

    internal abstract RigOptions Options { get; }

    /// <summary>The rig, started by the first test that asks; HTTP/3 rigs skip the test where QUIC is missing.</summary>
    internal Task<RelayRig> RigAsync()
    {
        if (Options.Transport == TransportMode.H3)
        {
            Assert.SkipUnless(Quic.ClientSupported && Quic.ListenerSupported,
                "HTTP/3 needs QUIC, and QuicConnection.IsSupported is false here: libmsquic 2.x is not installed");
        }

        if (_starting is null)
        {
            // Rigs test function and concurrency (20 clients x 50 signatures at full speed) unless they
            // set a rate themselves; the rate limit has its own case in the attack suite.
            var server = new Dictionary<string, string>(Options.ServerSettings);
            server.TryAdd("max_requests_per_second", "100000");
            _starting = RelayRig.StartAsync(Options with { ServerSettings = server });
        }

        return _starting;
    }

    public async ValueTask DisposeAsync()
    {
        if (_starting is { IsCompletedSuccessfully: true } started)
        {
            await started.Result.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Embedded token file, HTTP/2 (QUIC absent or not asked for).</summary>
public sealed class FileStoreHttp2Rig : RigFixture
{
    internal override RigOptions Options => new() { Store = TokenStoreKind.File, Transport = TransportMode.H2 };
}

/// <summary>Redis token store, HTTP/2.</summary>
public sealed class RedisHttp2Rig : RigFixture
{
    internal override RigOptions Options => new() { Store = TokenStoreKind.Redis, Transport = TransportMode.H2 };
}

/// <summary>Embedded token file, HTTP/3 only.</summary>
public sealed class FileStoreHttp3Rig : RigFixture
{
    internal override RigOptions Options => new() { Store = TokenStoreKind.File, Transport = TransportMode.H3 };
}

/// <summary>Redis token store, HTTP/3 only.</summary>
public sealed class RedisHttp3Rig : RigFixture
{
    internal override RigOptions Options => new() { Store = TokenStoreKind.Redis, Transport = TransportMode.H3 };
}
