namespace GrpcRelay.IntegrationTests.Infrastructure;

public sealed class WaitTests
{
    [Fact]
    public async Task UntilAsync_ConditionBecomesTrue_Returns()
    {
        var polls = 0;

        await Wait.UntilAsync(() => ++polls >= 3, TimeSpan.FromSeconds(5), "the third poll");

        Assert.Equal(3, polls);
    }

    [Fact]
    public async Task UntilAsync_AsyncCondition_Returns()
    {
        var ready = Task.Run(() => true);

        await Wait.UntilAsync(async () => await ready, TimeSpan.FromSeconds(5), "the task");

        Assert.True(ready.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task UntilAsync_NeverTrue_ThrowsTimeoutNamingWhatAndDiagnostics()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Wait.UntilAsync(() => false, TimeSpan.FromMilliseconds(100), "the impossible", () => "state: stuck"));

        Assert.Contains("the impossible", error.Message, StringComparison.Ordinal);
        Assert.Contains("state: stuck", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntilAsync_ConditionThrows_FailsAtOnce()
    {
        var started = DateTime.UtcNow;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Wait.UntilAsync((Func<bool>)(() => throw new InvalidOperationException("process died")), TimeSpan.FromMinutes(1), "never"));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }
}
