using GrpcRelay.Forwarder.Agent;
using GrpcRelay.Forwarder.Forwarding;
using GrpcRelay.Protocol.Agent;
using GrpcRelay.Protocol.Client;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Hosting;
using GrpcRelay.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.Forwarder;

/// <summary>Checks the agent socket, then serves requests until Ctrl-C or SIGTERM.</summary>
internal static class ForwarderProgram
{
    public static async Task<int> RunAsync(RelaySettings settings, CancellationToken stopping)
    {
        if (await AgentSocketClient.ProblemWithAsync(settings.AgentSocket, stopping).ConfigureAwait(false) is { } problem)
        {
            await Console.Error.WriteLineAsync($"grpcrelay-forwarder: {problem}").ConfigureAwait(false);
            return RelayCommandLine.ConfigurationErrorExitCode;
        }

        IdentityFilter filter;
        try
        {
            filter = new IdentityFilter(settings.AllowedIdentities);
        }
        catch (FormatException error)
        {
            await Console.Error.WriteLineAsync($"grpcrelay-forwarder: allowed_identities: {error.Message}").ConfigureAwait(false);
            return RelayCommandLine.ConfigurationErrorExitCode;
        }

        var builder = ClientHost.CreateBuilder(settings, Role.Forwarder);
        builder.Services.AddSingleton(new AgentSocketClient(settings.AgentSocket!, settings.MaxMessageBytes));
        builder.Services.AddSingleton(filter);
        builder.Services.AddSingleton(services => new RequestHandler(services.GetRequiredService<RelayIdentity>(),
            services.GetRequiredService<AgentSocketClient>(), services.GetRequiredService<IdentityFilter>(), settings.MaxMessageBytes,
            services.GetRequiredService<ILogger<RequestHandler>>()));
        builder.Services.AddSingleton<ForwarderService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ForwarderService>());

        using var host = builder.Build();
        if (!await ClientHost.CanStartAsync(host, RelayProgramNames.Forwarder).ConfigureAwait(false))
        {
            return 1;
        }

        var logger = host.Services.GetRequiredService<ILogger<RequestHandler>>();
        Log.Serving(logger, settings.AgentSocket!, filter.AllowsAll ? "" : $", offering only {string.Join(", ", filter.AllowedFingerprints)}");
        var service = host.Services.GetRequiredService<ForwarderService>();
        await host.RunAsync(stopping).ConfigureAwait(false);
        return service.ExitCode ?? 0;
    }
}
