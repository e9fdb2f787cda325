using System.Diagnostics;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// The one way tests wait: poll a condition every few milliseconds until it holds or a
/// deadline passes. Never a fixed sleep, which is either too short on a busy machine or
/// wasted time on an idle one.
/// </summary>
internal static class Wait
{
    // First polls come quickly (most conditions hold within milliseconds); later ones back off
    // to this, so that a slow condition costs little CPU on a shared two-core machine.
    private static readonly TimeSpan _maxPollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan _firstPollInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>Waits until <paramref name="condition"/> returns true; an exception it throws ends the wait at once.</summary>
    /// <param name="condition">Polled until it returns true.</param>
    /// <param name="deadline">How long to wait at most.</param>
    /// <param name="what">What is awaited, for the timeout message: "redis-server to answer PING".</param>
    /// <param name="diagnostics">Extra text for the timeout message, such as a process log.</param>
    /// <exception cref="TimeoutException">The deadline passed first; the message names <paramref name="what"/>.</exception>
    public static Task UntilAsync(
        Func<bool> condition,
        TimeSpan deadline,
        string what,
        Func<string>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), deadline, what, diagnostics);
    }

    /// <summary>Waits until <paramref name="condition"/> completes with true; an exception it throws ends the wait at once.</summary>
    /// <inheritdoc cref="UntilAsync(Func{bool}, TimeSpan, string, Func{string}?)"/>
    public static async Task UntilAsync(
        Func<Task<bool>> condition,
        TimeSpan deadline,
        string what,
        Func<string>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        var clock = Stopwatch.StartNew();
        var interval = _firstPollInterval;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            var left = deadline - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                var details = diagnostics?.Invoke();
                throw new TimeoutException(
                    $"Timed out after {deadline.TotalSeconds:0.###} s waiting for {what}."
                    + (string.IsNullOrWhiteSpace(details) ? string.Empty : Environment.NewLine + details));
            }

            // The test's own token: an aborted or timed-out test run stops waiting at once.
            await Task.Delay(interval < left ? interval : left, TestContext.Current.CancellationToken);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, _maxPollInterval.Ticks));
        }
    }
}
