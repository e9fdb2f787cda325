using System.Security.Cryptography;
using GrpcRelay.Protocol.Integrity;

namespace GrpcRelay.Protocol.Tests.Integrity;

public sealed class ReplayGuardTests
{
    private readonly ManualTime _time = new(DateTimeOffset.UnixEpoch.AddYears(56));

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void TryAccept_NewNonce_True_RepeatedNonce_False()
    {
        var guard = new ReplayGuard(_time, TimeSpan.FromSeconds(30));
        var nonce = RandomNumberGenerator.GetBytes(16);

        Assert.True(guard.TryAccept(nonce, Now));
        Assert.False(guard.TryAccept(nonce, Now));
    }

    [Fact]
    public void TryAccept_WrongLength_False()
    {
        var guard = new ReplayGuard(_time, TimeSpan.FromSeconds(30));

        Assert.False(guard.TryAccept(new byte[15], Now));
        Assert.False(guard.TryAccept(new byte[17], Now));
    }

    [Fact]
    public void TryAccept_RepeatStillInsideWindow_False()
    {
        var guard = new ReplayGuard(_time, TimeSpan.FromSeconds(30));
        var nonce = RandomNumberGenerator.GetBytes(16);
        var stamped = Now;
        guard.TryAccept(nonce, stamped);

        _time.Advance(TimeSpan.FromSeconds(29));

        Assert.False(guard.TryAccept(nonce, stamped));
    }

    [Fact]
    public void Count_AfterWindowPasses_EntriesForgotten()
    {
        var guard = new ReplayGuard(_time, TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10_000; i++)
        {
            guard.TryAccept(RandomNumberGenerator.GetBytes(16), Now);
        }

        Assert.Equal(10_000, guard.Count);
        _time.Advance(TimeSpan.FromSeconds(31));
        guard.TryAccept(RandomNumberGenerator.GetBytes(16), Now);

        Assert.Equal(1, guard.Count);
    }

    [Fact]
    public void TryAccept_MessageStampedInThePast_RememberedAtLeastOneWindowFromNow()
    {
        // A frame stamped 29 s ago is still inside the window for another 31 s of our clock... and
        // its nonce must be remembered for as long as its timestamp could pass the clock check.
        var guard = new ReplayGuard(_time, TimeSpan.FromSeconds(30));
        var nonce = RandomNumberGenerator.GetBytes(16);
        var stamped = Now - 29_000;
        guard.TryAccept(nonce, stamped);

        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(guard.TryAccept(nonce, stamped));
    }
}
