using Grpc.Core;
using GrpcRelay.Protocol.Integrity;
using GrpcRelay.Protocol.Transport;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.Protocol.Client;

/// <summary>
/// Keeps one session with the relay server open for as long as the program runs:
/// connects (HTTP/3 first where the plan says so, else HTTP/2), hands each session to
/// the program, and reconnects with jittered back-off after any failure.
/// </summary>
public sealed class RelayClient(
    string server,
    TransportPlan plan,
    ClientTls tls,
    RelayIdentity identity,
    int maxMessageBytes,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Who this client is on the relay.</summary>
    public RelayIdentity Identity => identity;

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires, or throws
    /// <see cref="ReplacedByNewerClientException"/> when another client of the same uuid and role took over. <paramref name="serve"/> gets each
    /// acknowledged session and returns (or throws) when the session has ended.
    /// </summary>
    public async Task RunAsync(Func<RelaySession, CancellationToken, Task> serve, CancellationToken cancellationToken)
    {
        if (plan.Http3SkippedBecause is { } reason && plan.Attempts.Count == 1 && reason != "transport is h2")
        {
            ClientLog.Http3Off(logger, reason);
        }

        var backoff = Backoff.ForReconnect();
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                await using var session = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                ClientLog.Connected(logger, server, RelayChannelFactory.Describe(session.Protocol));
                backoff.Reset();
                await serve(session, cancellationToken).ConfigureAwait(false);
                ClientLog.Disconnected(logger, server, "the server ended the stream");
                delay = backoff.Next();
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Aborted)
            {
                // Another forwarder of this uuid took over. Reconnecting would take the stream back
                // and the two would fight over every request, so stop and let the user decide.
                throw new ReplacedByNewerClientException();
            }
            catch (Exception error) when (RelayFailure.IsCredentialRefusal(error))
            {
                ClientLog.CredentialsRefused(logger, RelayFailure.Describe(error));
                delay = backoff.Longest();
            }
            catch (Exception error)
            {
                ClientLog.Disconnected(logger, server, RelayFailure.Describe(error));
                delay = backoff.Next();
            }

            ClientLog.Reconnecting(logger, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One connection attempt through the plan: HTTP/3, then HTTP/2 if that fails for transport reasons.</summary>
    public async Task<RelaySession> ConnectAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            var protocol = plan.Attempts[i];
            var isLast = i == plan.Attempts.Count - 1;
            ClientLog.Connecting(logger, server, RelayChannelFactory.Describe(protocol), RoleNames.Of(identity.Role)!, identity.Uuid);
            var channel = RelayChannelFactory.Create(server, protocol, tls, maxMessageBytes);
            try
            {
                return await RelaySession.OpenAsync(channel, protocol, identity, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (!isLast && !cancellationToken.IsCancellationRequested && !RelayFailure.IsRefusalByServer(error)
                                          && error is RpcException or TimeoutException or HttpRequestException)
            {
                ClientLog.Http3FallBack(logger, RelayFailure.Describe(error));
            }
        }
    }
}
