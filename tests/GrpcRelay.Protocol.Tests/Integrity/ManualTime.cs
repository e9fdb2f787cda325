namespace GrpcRelay.Protocol.Tests.Integrity;

/// <summary>A clock the test moves by hand, so time windows are tested without waiting.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
