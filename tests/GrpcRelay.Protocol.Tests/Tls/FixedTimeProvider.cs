namespace GrpcRelay.Protocol.Tests.Tls;

/// <summary>A clock that always says <see cref="Now"/>, to validate certificates at chosen instants.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
