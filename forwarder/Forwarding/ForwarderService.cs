using GrpcRelay.Protocol.Client;
using GrpcRelay.Protocol.Liveness;
using GrpcRelay.Protocol.V1;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.Forwarder.Forwarding;

/// <summary>
/// Keeps the forwarder's stream to the server open and answers its requests, many at a
/// time: each request runs on its own task with its own agent connection.
/// </summary>
internal sealed class ForwarderService(RelayClient client, RequestHandler handler, IHostApplicationLifetime lifetime,
    ILogger<ForwarderService> logger) : BackgroundService
{
    /// <summary>Requests answered at once; more wait for a slot (the server bounds what it queues).</summary>
    private const int MaxConcurrentRequests = 64;

    /// <summary>The exit code when another forwarder of the same uuid took over.</summary>
    public const int ReplacedExitCode = 3;

    /// <summary>Set when the service stopped the program for a reason the exit code must tell.</summary>
    public int? ExitCode { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await client.RunAsync(ServeAsync, stoppingToken).ConfigureAwait(false);
        }
        catch (ReplacedByNewerClientException error)
        {
            Log.Replaced(logger, error.Message);
            ExitCode = ReplacedExitCode;
            lifetime.StopApplication();
        }
    }

    private async Task ServeAsync(RelaySession session, CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(MaxConcurrentRequests);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, session.Closing);
        // The first one announces that this forwarder keeps to heartbeats, before it owes anything.
        await session.SendAsync(Heartbeats.ToServer(), ended.Token).ConfigureAwait(false);
        var heartbeats = SendHeartbeatsAsync(session, slots, ended.Token);
        try
        {
            while (await session.Responses.MoveNext(ended.Token).ConfigureAwait(false))
            {
                if (session.Responses.Current.AgentPacket is not { } request)
                {
                    continue; // nothing else is meant for a forwarder; a newer server may send more
                }

                await slots.WaitAsync(ended.Token).ConfigureAwait(false);
                if (slots.CurrentCount == MaxConcurrentRequests - 1)
                {
                    // It just began to owe an answer: say so now, not at the next tick, so the server
                    // hears from it one round trip after sending the request.
                    await session.SendAsync(Heartbeats.ToServer(), ended.Token).ConfigureAwait(false);
                }

                _ = AnswerAsync(session, request, slots, ended.Token);
            }
        }
        finally
        {
            await ended.CancelAsync().ConfigureAwait(false);
            await heartbeats.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// While any request is being answered (a slot is taken), tells the server every 200 ms that
    /// this forwarder is alive, so the server can tell a slow agent from a vanished forwarder.
    /// </summary>
    private static async Task SendHeartbeatsAsync(RelaySession session, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Heartbeats.Interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (slots.CurrentCount < MaxConcurrentRequests)
            {
                await session.SendAsync(Heartbeats.ToServer(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task AnswerAsync(RelaySession session, AgentPacket request, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            await session.SendAsync(new ConnectRequest { AgentPacket = reply }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The session ended before the reply could be sent; the server fails the request on its
            // side when the stream ends.
        }
        finally
        {
            try
            {
                slots.Release();
            }
            catch (ObjectDisposedException)
            {
                // The session is over.
            }
        }
    }
}
