using GrpcRelay.Endpoint.Relaying;
using GrpcRelay.Endpoint.LocalAgent;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Hosting;
using GrpcRelay.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.Endpoint;

/// <summary>Opens the agent socket and keeps the stream to the server until Ctrl-C or SIGTERM.</summary>
internal static class EndpointProgram
{
    public static async Task<int> RunAsync(RelaySettings settings, CancellationToken stopping)
    {
        var location = SocketLocation.Resolve(settings.SocketDir, Environment.GetEnvironmentVariable);
        var builder = ClientHost.CreateBuilder(settings, Role.Endpoint);
        builder.Services.AddSingleton<RequestRelay>();
        builder.Services.AddHostedService<EndpointRelayService>();
        builder.Services.AddHostedService(services => new AgentSocketListener(location, services.GetRequiredService<RequestRelay>(),
            settings.MaxMessageBytes, Console.Out, services.GetRequiredService<ILogger<AgentSocketListener>>()));

        using var host = builder.Build();
        if (!await ClientHost.CanStartAsync(host, RelayProgramNames.Endpoint).ConfigureAwait(false))
        {
            return 1;
        }

        await host.RunAsync(stopping).ConfigureAwait(false);
        return 0;
    }
}
