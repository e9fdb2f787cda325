using GrpcRelay.Protocol.Client;
using Microsoft.Extensions.Hosting;

namespace GrpcRelay.Endpoint.Relaying;

/// <summary>Keeps the endpoint's stream to the server open for as long as the program runs.</summary>
internal sealed class EndpointRelayService(RelayClient client, RequestRelay relay) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => client.RunAsync(relay.ServeAsync, stoppingToken);
}
