using System.Collections.Concurrent;

namespace GrpcRelay.Server.Relay;

/// <summary>
/// The forwarder currently serving each uuid. Newest wins: a forwarder that says Hello
/// replaces the previous one, which is closed with ABORTED, because the usual cause is a
/// laptop that reconnected before the server noticed its old connection was dead.
/// </summary>
internal sealed class ForwarderRegistry
{
    private readonly ConcurrentDictionary<string, ForwarderSession> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ForwarderSession>> _arrivals = new(StringComparer.Ordinal);

    /// <summary>Makes <paramref name="session"/> the forwarder of its uuid; returns the one it replaced.</summary>
    public ForwarderSession? Register(ForwarderSession session)
    {
        ForwarderSession? previous = null;
        _current.AddOrUpdate(session.Uuid, session, (_, old) =>
        {
            previous = old;
            return session;
        });
        if (_arrivals.TryRemove(session.Uuid, out var arrival))
        {
            arrival.TrySetResult(session);
        }

        return previous;
    }

    /// <summary>Removes <paramref name="session"/> if it is still the current forwarder of its uuid.</summary>
    public void Unregister(ForwarderSession session) =>
        _current.TryRemove(new KeyValuePair<string, ForwarderSession>(session.Uuid, session));

    /// <summary>The forwarder of <paramref name="uuid"/>, waiting up to <paramref name="wait"/> for one to connect.</summary>
    public async Task<ForwarderSession?> WaitForAsync(string uuid, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_current.TryGetValue(uuid, out var session))
        {
            return session;
        }

        var arrival = _arrivals.GetOrAdd(uuid, _ => new TaskCompletionSource<ForwarderSession>(TaskCreationOptions.RunContinuationsAsynchronously));
        // It may have registered between the look-up and the wait.
        if (_current.TryGetValue(uuid, out session))
        {
            return session;
        }

        try
        {
            return await arrival.Task.WaitAsync(wait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
