using Grpc.Core;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Server.Tokens;

namespace GrpcRelay.Server.Policies;

/// <summary>
/// Every token_recheck_interval, ends the open streams that may no longer run: their token
/// was deleted, expired (Redis TTL) or replaced; their client certificate passed notAfter;
/// or no frame went either way for idle_timeout while no request was in flight. One periodic pass serves both token stores and
/// needs nothing from Redis's configuration.
/// </summary>
internal sealed class StreamSweeper(OpenStreams streams, ITokenStore tokens, RelaySettings settings, TimeProvider time,
    ILogger<StreamSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.TokenRecheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await SweepAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One pass over every open stream.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (uuid, leases) in streams.Snapshot())
        {
            string? current;
            var storeAnswered = true;
            try
            {
                current = await tokens.GetTokenAsync(uuid, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The store is unreachable: keep the streams (they were valid) and try again next pass.
                Log.TokenRecheckFailed(logger, uuid, error.Message);
                current = null;
                storeAnswered = false;
            }

            foreach (var lease in leases)
            {
                if (storeAnswered && lease.Token != current)
                {
                    Log.TokenRevoked(logger, uuid);
                    lease.Close(StatusCode.Unauthenticated, $"the token of uuid {uuid} was revoked, expired or replaced");
                }
                else if (now >= lease.CertificateNotAfter)
                {
                    lease.Close(StatusCode.Unauthenticated, $"the client certificate expired at {lease.CertificateNotAfter:u}");
                }
                else if (settings.IdleTimeout > TimeSpan.Zero && lease.InFlight == 0 && now - lease.LastActivity >= settings.IdleTimeout)
                {
                    lease.Close(StatusCode.DeadlineExceeded,
                        $"no frame for {settings.IdleTimeout.TotalSeconds:0} s (idle_timeout); reconnect when needed");
                }
            }
        }
    }
}
