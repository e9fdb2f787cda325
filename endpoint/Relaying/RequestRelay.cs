using System.Collections.Concurrent;
using Google.Protobuf;
using GrpcRelay.Protocol.Agent;
using GrpcRelay.Protocol.Client;
using GrpcRelay.Protocol.Liveness;
using GrpcRelay.Protocol.V1;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.Endpoint.Relaying;

/// <summary>
/// Sends local agent requests over the current session and matches the replies by request
/// id and nonce. Any number of requests share the session. Every request is answered:
/// with the forwarder's verified reply, or with SSH_AGENT_FAILURE when it is refused,
/// times out, or the session drops under it twice in a row.
/// </summary>
internal sealed class RequestRelay(RelayIdentity identity, ILogger<RequestRelay> logger)
{
    /// <summary>How long a request waits for a session when the server is not connected.</summary>
    public static readonly TimeSpan SessionWait = TimeSpan.FromSeconds(5);

    /// <summary>Longer than the server's own request timeout, so its RequestFailure normally comes first.</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(75);

    private readonly TimeProvider _time = identity.Verifier.Time;

    private readonly ConcurrentDictionary<ulong, Pending> _pending = new();
    private readonly Lock _lock = new();
    private RelaySession? _session;
    private TaskCompletionSource<RelaySession> _sessionArrived = NewArrival();
    private long _lastRequestId;

    /// <summary>The reply to <paramref name="message"/>, a whole agent message; never throws, never hangs.</summary>
    public async Task<byte[]> RequestAsync(byte[] message, CancellationToken cancellationToken)
    {
        if (!AgentMessagePolicy.Default.IsRequestAllowed(message))
        {
            Log.RefusedLocally(logger, $"{AgentMessageNames.Describe(message[4])} is not permitted: only listing keys and signing pass the relay");
            return AgentMessage.CreateFailure();
        }

        // A session that ends under a request (server restart, idle close) costs one retry on the
        // next session, not a failed login: listing and signing may safely be done twice.
        for (var attempt = 1; ; attempt++)
        {
            var reply = await SendOnceAsync(message, cancellationToken).ConfigureAwait(false);
            if (reply is not null || attempt == 2)
            {
                return reply ?? AgentMessage.CreateFailure();
            }
        }
    }

    /// <summary>One try on the current session; null when the session ended before an answer came.</summary>
    private async Task<byte[]?> SendOnceAsync(byte[] message, CancellationToken cancellationToken)
    {
        var requestId = (ulong)Interlocked.Increment(ref _lastRequestId);
        var request = identity.Signer.Request(requestId, ByteString.CopyFrom(message));
        var pending = new Pending(request.Nonce);
        _pending[requestId] = pending;
        try
        {
            var session = await WaitForSessionAsync(cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                Log.RequestFailed(logger, requestId, $"not connected to the relay server within {SessionWait.TotalSeconds:0} s");
                return AgentMessage.CreateFailure();
            }

            await session.SendAsync(new ConnectRequest { AgentPacket = request }, cancellationToken).ConfigureAwait(false);
            pending.SentAt = _time.GetTimestamp();
            return await pending.Reply.Task.WaitAsync(ReplyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Log.RequestFailed(logger, requestId, error is TimeoutException ? "no reply in time" : error.Message);
            return AgentMessage.CreateFailure();
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    /// <summary>Serves one session until it ends; then fails every request still waiting on it.</summary>
    public async Task ServeAsync(RelaySession session, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _session = session;
            _sessionArrived.TrySetResult(session);
        }

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Closing);
        var server = new ServerLiveness(_time);
        var watchdog = WatchServerAsync(server, session.RoundTrip, ended);
        try
        {
            while (await session.Responses.MoveNext(ended.Token).ConfigureAwait(false))
            {
                var frame = session.Responses.Current;
                server.Heard(frame.FrameCase == ConnectResponse.FrameOneofCase.Heartbeat);
                if (frame.AgentPacket is { } reply)
                {
                    Complete(reply);
                }
                else if (frame.RequestFailure is { } failure)
                {
                    Fail(failure);
                }
            }
        }
        catch (Exception) when (server.PresumedGone && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"the server sent nothing for {Heartbeats.SilenceLimit.TotalMilliseconds:0} ms while requests waited for answers; reconnecting");
        }
        finally
        {
            await ended.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            lock (_lock)
            {
                _session = null;
                _sessionArrived = NewArrival();
            }

            foreach (var pending in _pending.Values)
            {
                pending.Reply.TrySetResult(null); // the session ended: the caller may try once more
            }
        }
    }

    /// <summary>
    /// Ends a session whose server announced heartbeats but fell silent while requests waited:
    /// frozen, or gone without a reset (as QUIC peers go). Its requests are then sent again on
    /// the next session instead of waiting out the reply timeout.
    /// </summary>
    private async Task WatchServerAsync(ServerLiveness server, TimeSpan roundTrip, CancellationTokenSource session)
    {
        // Until the server has said anything since the oldest request went out, allow for the trip
        // there and back as well: a slow link must not make a healthy server look dead.
        var firstWordLimit = Heartbeats.FirstWordLimit(roundTrip);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), _time);
        while (await timer.WaitForNextTickAsync(session.Token).ConfigureAwait(false))
        {
            var oldestSent = _pending.Values.Select(p => p.SentAt).Where(at => at != 0).DefaultIfEmpty(0).Min();
            var lastHeard = server.LastHeard;
            var silentTooLong = lastHeard > oldestSent
                ? _time.GetElapsedTime(lastHeard) > Heartbeats.SilenceLimit
                : _time.GetElapsedTime(oldestSent) > firstWordLimit;
            if (server.SendsHeartbeats && oldestSent != 0 && silentTooLong)
            {
                server.PresumedGone = true;
                await session.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }

    private void Complete(AgentPacket reply)
    {
        if (!_pending.TryGetValue(reply.RequestId, out var pending) || !pending.Nonce.Equals(reply.Nonce))
        {
            Log.FrameDropped(logger, $"a reply for request {reply.RequestId} matches no outstanding request (late, replayed or forged)");
            return;
        }

        if (identity.Verifier.CheckReply(reply, identity.Uuid, identity.Key) is { } refusal)
        {
            // The server or something in front of it altered the reply: refuse it, but do not leave the client waiting.
            Log.FrameDropped(logger, $"the reply to request {reply.RequestId} was refused: {refusal.Message}");
            pending.Reply.TrySetResult(AgentMessage.CreateFailure());
            return;
        }

        if (!AgentMessagePolicy.Default.IsResponseAllowed(reply.Payload.Span))
        {
            Log.FrameDropped(logger, $"the reply to request {reply.RequestId} is not a permitted agent response");
            pending.Reply.TrySetResult(AgentMessage.CreateFailure());
            return;
        }

        pending.Reply.TrySetResult(reply.Payload.ToByteArray());
    }

    private void Fail(RequestFailure failure)
    {
        if (_pending.TryGetValue(failure.RequestId, out var pending) && pending.Nonce.Equals(failure.Nonce))
        {
            Log.RequestFailed(logger, failure.RequestId, $"{failure.Reason}: {failure.Detail}");
            pending.Reply.TrySetResult(AgentMessage.CreateFailure());
        }
    }

    private async Task<RelaySession?> WaitForSessionAsync(CancellationToken cancellationToken)
    {
        Task<RelaySession> arrival;
        lock (_lock)
        {
            if (_session is not null)
            {
                return _session;
            }

            arrival = _sessionArrived.Task;
        }

        try
        {
            return await arrival.WaitAsync(SessionWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static TaskCompletionSource<RelaySession> NewArrival() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Pending(ByteString Nonce)
    {
        /// <summary>The answer; null when the session ended first.</summary>
        public TaskCompletionSource<byte[]?> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When the request went out (a TimeProvider timestamp), 0 while it waits for a session.</summary>
        public long SentAt { get; set; }
    }

    /// <summary>What the endpoint knows of the server's heartbeats on one session.</summary>
    private sealed class ServerLiveness(TimeProvider time)
    {
        private long _lastHeard = time.GetTimestamp();
        private int _sendsHeartbeats;

        public long LastHeard => Interlocked.Read(ref _lastHeard);

        public bool SendsHeartbeats => Volatile.Read(ref _sendsHeartbeats) == 1;

        public bool PresumedGone { get; set; }

        public void Heard(bool heartbeat)
        {
            Interlocked.Exchange(ref _lastHeard, time.GetTimestamp());
            if (heartbeat)
            {
                Volatile.Write(ref _sendsHeartbeats, 1);
            }
        }
    }
}
