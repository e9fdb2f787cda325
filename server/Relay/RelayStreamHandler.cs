using Google.Protobuf;
using Grpc.Core;
using GrpcRelay.Protocol.Agent;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.Liveness;
using GrpcRelay.Protocol.Tls;
using GrpcRelay.Protocol.V1;
using GrpcRelay.Server.Audit;
using GrpcRelay.Server.Policies;
using GrpcRelay.Server.Tokens;

namespace GrpcRelay.Server.Relay;

/// <summary>
/// The Connect RPC: checks the Hello, then relays endpoint requests to the forwarder of
/// the same uuid and its replies back. Every request is handled on its own task, so a
/// slow one (a hardware key waiting for a touch) never delays another.
/// </summary>
internal sealed class RelayStreamHandler(
    ITokenStore tokens,
    FrameVerifier verifier,
    ForwarderRegistry forwarders,
    OpenStreams streams,
    RequestRateLimiter rateLimiter,
    AuditLog audit,
    RelaySettings settings,
    ILogger<RelayStreamHandler> logger) : RelayService.RelayServiceBase
{
    private static readonly ConnectResponse HeartbeatFrame = Heartbeats.ToClient();

    private static readonly TimeSpan HeartbeatCheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time = verifier.Time;

    public override async Task Connect(IAsyncStreamReader<ConnectRequest> requests, IServerStreamWriter<ConnectResponse> responses,
        ServerCallContext context)
    {
        var connection = context.GetHttpContext().Connection;
        var peer = $"{connection.RemoteIpAddress}:{connection.RemotePort}";
        var subject = connection.ClientCertificate?.Subject ?? "no client certificate";
        var protocol = context.GetHttpContext().Request.Protocol;

        Hello? hello = null;
        StreamLease lease;
        byte[] key;
        try
        {
            hello = await ReadHelloAsync(requests, context).ConfigureAwait(false);
            var token = await AuthenticateAsync(hello, context).ConfigureAwait(false);
            key = MacInput.KeyOf(token);
            lease = streams.TryOpen(hello.Uuid, hello.Role, token, connection.ClientCertificate?.NotAfter.ToUniversalTime() ?? DateTimeOffset.MaxValue)
                    ?? throw Refuse(StatusCode.ResourceExhausted,
                        $"uuid {hello.Uuid} already has {settings.MaxStreamsPerUuid} open streams (max_streams_per_uuid)");
        }
        catch (RpcException refusal)
        {
            Log.StreamRefused(logger, peer, subject, refusal.StatusCode.ToString(), refusal.Status.Detail);
            // The uuid and role are as claimed: the Hello may be the very thing that was refused.
            var claimed = hello is not null && ClientCertificateIdentity.IsValidUuid(hello.Uuid) ? hello : null;
            audit.Refusal(claimed?.Uuid, claimed is null ? null : RoleNames.Of(claimed.Role), subject, "stream from " + peer,
                $"{refusal.StatusCode}: {refusal.Status.Detail}");
            throw;
        }

        using (lease)
        {
            var role = RoleNames.Of(hello.Role)!;
            Log.StreamOpened(logger, role, hello.Uuid, protocol, peer, subject);
            var ack = new ConnectResponse { Ack = new FrameSigner(hello.Uuid, key, _time).Ack(hello, settings.MaxMessageBytes) };
            var reason = "the client closed the stream";
            try
            {
                if (hello.Role == Role.Forwarder)
                {
                    await ServeForwarderAsync(lease, key, ack, requests, responses, context.CancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ServeEndpointAsync(lease, subject, key, ack, requests, responses, context.CancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception) when (lease.CloseStatus is { } status)
            {
                reason = $"{status.StatusCode}: {status.Detail}";
                throw new RpcException(status);
            }
            catch (RpcException error)
            {
                reason = $"{error.StatusCode}: {error.Status.Detail}";
                throw;
            }
            catch (Exception) when (context.CancellationToken.IsCancellationRequested)
            {
                reason = "the connection ended";
            }
            finally
            {
                Log.StreamClosed(logger, role, hello.Uuid, reason);
            }
        }
    }

    private async Task<Hello> ReadHelloAsync(IAsyncStreamReader<ConnectRequest> requests, ServerCallContext context)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        deadline.CancelAfter(settings.HelloTimeout);
        bool any;
        try
        {
            any = await requests.MoveNext(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception) when (deadline.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Refuse(StatusCode.DeadlineExceeded, $"no Hello within {settings.HelloTimeout.TotalSeconds:0.#} s of opening the stream");
        }

        if (!any || requests.Current.Hello is not { } hello)
        {
            throw Refuse(StatusCode.InvalidArgument, "the first frame of a stream must be a Hello");
        }

        // A uuid reaches log lines and certificate names: only a safe, bounded alphabet is accepted.
        return ClientCertificateIdentity.IsValidUuid(hello.Uuid)
            ? hello
            : throw Refuse(StatusCode.InvalidArgument, "the Hello's uuid must be 1 to 128 letters, digits, '.', '_' or '-'");
    }

    /// <summary>The token of the Hello's uuid, once the Hello has passed every check.</summary>
    private async Task<string> AuthenticateAsync(Hello hello, ServerCallContext context)
    {
        string? token;
        try
        {
            token = await tokens.GetTokenAsync(hello.Uuid, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Redis down or unreachable: the client's back-off retries, which is what this needs.
            throw Refuse(StatusCode.Unavailable, $"the token store is unreachable ({error.GetType().Name}); try again later");
        }

        if (token is null)
        {
            // Same words for unknown and revoked: the caller learns nothing about which uuids exist.
            throw Refuse(StatusCode.Unauthenticated, $"uuid {hello.Uuid} has no valid token (unknown, revoked or expired)");
        }

        if (verifier.CheckHello(hello, MacInput.KeyOf(token)) is { } refusal)
        {
            throw Refuse(StatusOf(refusal.Kind), refusal.Message);
        }

        CheckCertificateBinding(hello, context);
        return token;
    }

    private void CheckCertificateBinding(Hello hello, ServerCallContext context)
    {
        if (!settings.BindIdentityToCertificate)
        {
            return;
        }

        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        if (certificate is not null && certificate.NotAfter.ToUniversalTime() <= _time.GetUtcNow().UtcDateTime)
        {
            // Kestrel validated it at the handshake; a resumed TLS session may be older than that.
            throw Refuse(StatusCode.Unauthenticated, $"the client certificate expired at {certificate.NotAfter.ToUniversalTime():u}");
        }

        if (certificate is null || !ClientCertificateIdentity.TryRead(certificate, out var identity))
        {
            throw Refuse(StatusCode.PermissionDenied,
                "the client certificate carries no GrpcRelay identity (a URI SAN urn:grpcrelay:<role>:<uuid>); " +
                "issue one with 'grpcrelay-server bundle', or set bind_identity_to_certificate: false on the server");
        }

        if (identity.Role != hello.Role || identity.Uuid != hello.Uuid)
        {
            throw Refuse(StatusCode.PermissionDenied,
                $"the client certificate is for {identity.RoleName} of {identity.Uuid}, but the Hello claims {RoleNames.Of(hello.Role)} of {hello.Uuid}");
        }
    }

    private async Task ServeForwarderAsync(StreamLease lease, byte[] key, ConnectResponse ack, IAsyncStreamReader<ConnectRequest> requests,
        IServerStreamWriter<ConnectResponse> responses, CancellationToken callEnded)
    {
        var session = new ForwarderSession(lease, _time.GetUtcNow());
        session.Outbox.TryPost(ack);
        if (forwarders.Register(session) is { } previous)
        {
            Log.ForwarderReplaced(logger, lease.Uuid, previous.ConnectedAt);
            previous.Replace();
        }

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(callEnded, lease.Closed);
        var writer = session.Outbox.DrainAsync(responses, ended.Token);
        var watchdog = WatchHeartbeatsAsync(session, lease, ended.Token);
        try
        {
            while (await requests.MoveNext(ended.Token).ConfigureAwait(false))
            {
                lease.Touch();
                var frame = requests.Current;
                session.Heard(_time.GetUtcNow(), heartbeat: frame.FrameCase == ConnectRequest.FrameOneofCase.Heartbeat);
                if (frame.FrameCase != ConnectRequest.FrameOneofCase.Heartbeat)
                {
                    HandleReply(session, key, PacketOf(frame));
                }
            }
        }
        finally
        {
            await ended.CancelAsync().ConfigureAwait(false);
            await Quietly(watchdog).ConfigureAwait(false);
            forwarders.Unregister(session);
            session.FailAll(FailureReason.ForwarderGone, "the forwarder disconnected before answering");
            session.Outbox.Complete();
            await Quietly(writer).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the stream of a forwarder that sends Heartbeats but went silent while owing answers
    /// (frozen, suspended, or gone without a reset, as QUIC peers go), so its requests fail now.
    /// </summary>
    private async Task WatchHeartbeatsAsync(ForwarderSession session, StreamLease lease, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HeartbeatCheckInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (session.IsSilentTooLong(_time.GetUtcNow()))
            {
                lease.Close(StatusCode.Unavailable,
                    $"the forwarder sent nothing for {Heartbeats.SilenceLimit.TotalMilliseconds:0} ms while it owed answers; it is presumed gone");
                return;
            }
        }
    }

    private void HandleReply(ForwarderSession session, byte[] key, AgentPacket reply)
    {
        var refusal = verifier.CheckReply(reply, session.Uuid, key);
        var pending = session.TryTake(reply.Nonce);
        if (pending is null)
        {
            Log.ReplyDropped(logger, session.Uuid, refusal?.Message ?? "its nonce matches no outstanding request (late, replayed or forged)");
            return;
        }

        var problem = refusal?.Message;
        if (problem is null && reply.RequestId != pending.Request.RequestId)
        {
            problem = $"its request id {reply.RequestId} differs from the request's {pending.Request.RequestId}";
        }
        else if (problem is null && !AgentMessagePolicy.Default.IsResponseAllowed(reply.Payload.Span))
        {
            problem = $"{DescribePayload(reply.Payload)} is not a permitted agent response";
        }

        if (problem is not null)
        {
            Log.ReplyDropped(logger, session.Uuid, problem);
            Fail(pending, FailureReason.Refused, "the forwarder's reply was refused: " + problem);
            return;
        }

        if (!pending.TrySettle())
        {
            return; // timed out a moment ago and was already answered with a failure
        }

        if (AuditLog.IsSignRequest(pending.Request.Payload))
        {
            var result = reply.Payload.Length > 4 && reply.Payload[4] == (byte)AgentMessageType.SignResponse ? "signed" : "refused by the forwarder or agent";
            audit.SignRequest(session.Uuid, RoleNames.Endpoint, pending.Endpoint.Subject, pending.Request.Payload, result);
        }

        pending.Endpoint.Outbox.TryPost(new ConnectResponse { AgentPacket = reply });
    }

    private async Task ServeEndpointAsync(StreamLease lease, string subject, byte[] key, ConnectResponse ack,
        IAsyncStreamReader<ConnectRequest> requests, IServerStreamWriter<ConnectResponse> responses, CancellationToken callEnded)
    {
        var session = new EndpointSession(lease, subject);
        session.Outbox.TryPost(ack);
        session.Outbox.TryPost(HeartbeatFrame);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(callEnded, lease.Closed);
        var writer = session.Outbox.DrainAsync(responses, ended.Token);
        var heartbeats = SendHeartbeatsAsync(session, ended.Token);
        try
        {
            while (await requests.MoveNext(ended.Token).ConfigureAwait(false))
            {
                lease.Touch();
                _ = RelayRequestAsync(session, key, PacketOf(requests.Current), ended.Token);
            }
        }
        finally
        {
            session.Outbox.Complete();
            await ended.CancelAsync().ConfigureAwait(false);
            await Quietly(heartbeats).ConfigureAwait(false);
            await Quietly(writer).ConfigureAwait(false);
        }
    }

    /// <summary>Tells an endpoint every 200 ms that the server is alive while its requests are in flight.</summary>
    private async Task SendHeartbeatsAsync(EndpointSession session, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Heartbeats.Interval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (session.Lease.InFlight > 0)
            {
                session.Outbox.TryPost(HeartbeatFrame);
            }
        }
    }

    private async Task RelayRequestAsync(EndpointSession endpoint, byte[] key, AgentPacket request, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest(endpoint, request);
        try
        {
            if (verifier.CheckRequest(request, endpoint.Uuid, key) is { } refusal)
            {
                Fail(pending, FailureReason.Refused, refusal.Message);
                return;
            }

            if (request.Payload.Length > settings.MaxMessageBytes || !AgentMessagePolicy.Default.IsRequestAllowed(request.Payload.Span))
            {
                Fail(pending, FailureReason.Refused, $"{DescribePayload(request.Payload)} is not permitted: only listing keys and signing pass the relay");
                return;
            }

            if (!rateLimiter.TryAcquire(endpoint.Uuid))
            {
                Fail(pending, FailureReason.RateLimited, $"more than {settings.MaxRequestsPerSecond} requests per second for this uuid (max_requests_per_second)");
                return;
            }

            var forwarder = await forwarders.WaitForAsync(endpoint.Uuid, settings.ForwarderWait, _time, cancellationToken).ConfigureAwait(false);
            if (forwarder is null)
            {
                Fail(pending, FailureReason.NoForwarder, $"no forwarder of this uuid connected within {settings.ForwarderWait.TotalSeconds:0.#} s");
                return;
            }

            if (forwarder.PendingCount >= settings.MaxPendingRequests)
            {
                Fail(pending, FailureReason.RateLimited, $"the forwarder already owes {settings.MaxPendingRequests} answers (max_pending_requests)");
                return;
            }

            // Assigned before it is added, so a failure at any point below settles both streams' counts.
            pending.AssignTo(forwarder);
            if (!forwarder.TryAdd(pending, _time.GetUtcNow()))
            {
                Fail(pending, FailureReason.ForwarderGone, "the forwarder disconnected, or this nonce is already in flight");
                return;
            }

            pending.Timeout = _time.CreateTimer(_ =>
            {
                forwarder.Forget(pending);
                Fail(pending, FailureReason.Timeout, $"the forwarder did not answer within {settings.RequestTimeout.TotalSeconds:0.#} s");
            }, null, settings.RequestTimeout, Timeout.InfiniteTimeSpan);

            if (!forwarder.Outbox.TryPost(new ConnectResponse { AgentPacket = request }))
            {
                forwarder.Forget(pending);
                Fail(pending, FailureReason.RateLimited, "the forwarder is not keeping up with requests");
            }
        }
        catch (Exception error)
        {
            // A request must always be answered; whatever broke, the endpoint gets a failure.
            Fail(pending, FailureReason.Unspecified, $"the server could not relay the request ({error.GetType().Name})");
        }
    }

    private void Fail(PendingRequest pending, FailureReason reason, string detail)
    {
        if (!pending.TrySettle())
        {
            return;
        }

        Log.RequestFailed(logger, pending.Request.RequestId, pending.Endpoint.Uuid, reason.ToString(), detail);
        if (AuditLog.IsSignRequest(pending.Request.Payload))
        {
            audit.SignRequest(pending.Endpoint.Uuid, RoleNames.Endpoint, pending.Endpoint.Subject, pending.Request.Payload, $"failed: {reason}: {detail}");
        }
        else
        {
            audit.Refusal(pending.Endpoint.Uuid, RoleNames.Endpoint, pending.Endpoint.Subject, DescribePayload(pending.Request.Payload), $"{reason}: {detail}");
        }

        pending.Fail(reason, detail);
    }

    private static AgentPacket PacketOf(ConnectRequest frame) =>
        frame.AgentPacket ?? throw new RpcException(new Status(StatusCode.InvalidArgument,
            "after the Hello only AgentPacket frames (and, from a forwarder, Heartbeats) may be sent; another kind of frame arrived"));

    private static string DescribePayload(ByteString payload) =>
        payload.Length > 4 ? "agent message " + AgentMessageNames.Describe(payload[4]) : "an agent message shorter than 5 bytes";

    private static RpcException Refuse(StatusCode code, string detail) => new(new Status(code, detail));

    private static StatusCode StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.BadMac => StatusCode.Unauthenticated,
        RefusalKind.ClockSkew or RefusalKind.Replay or RefusalKind.UnsupportedVersion => StatusCode.FailedPrecondition,
        _ => StatusCode.InvalidArgument,
    };

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The writer stops with the call; how it stopped was already reported by the reader.
        }
    }
}
