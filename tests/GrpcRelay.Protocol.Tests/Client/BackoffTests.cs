using GrpcRelay.Protocol.Client;

namespace GrpcRelay.Protocol.Tests.Client;

public sealed class BackoffTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Next_Repeated_DoublesFromOneSecondToThirtyWithJitterBetweenHalfAndAll()
    {
        var backoff = new Backoff(Second, TimeSpan.FromSeconds(30), new Random(7));
        double[] steps = [1, 2, 4, 8, 16, 30, 30, 30];

        foreach (var step in steps)
        {
            Assert.InRange(backoff.Next().TotalSeconds, step / 2, step);
        }
    }

    [Fact]
    public void Reset_AfterHealthyConnection_StartsAgainAtOneSecond()
    {
        var backoff = new Backoff(Second, TimeSpan.FromSeconds(30), new Random(7));
        for (var i = 0; i < 6; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next().TotalSeconds, 0.5, 1);
    }

    [Fact]
    public void Longest_CredentialsRefused_WaitsTheMaximumStep()
    {
        var backoff = new Backoff(Second, TimeSpan.FromSeconds(30), new Random(7));

        Assert.InRange(backoff.Longest().TotalSeconds, 15, 30);
    }

    [Fact]
    public void Next_ManyClients_DelaysAreSpreadNotEqual()
    {
        var delays = Enumerable.Range(0, 20).Select(seed => new Backoff(Second, TimeSpan.FromSeconds(30), new Random(seed)).Next()).ToHashSet();

        Assert.True(delays.Count > 10, "jitter should spread clients that were cut off together");
    }
}
