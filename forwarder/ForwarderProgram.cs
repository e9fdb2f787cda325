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

        var builder = Host.CreateApplicationBuilder();
        ConsoleLogging.Configure(builder.Logging);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => ClientSetup.Create(settings, Role.Forwarder,
            services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(services => services.GetRequiredService<RelayClient>().Identity);
        builder.Services.AddSingleton(new AgentSocketClient(settings.AgentSocket!, settings.MaxMessageBytes));
        builder.Services.AddSingleton(new IdentityFilter(settings.AllowedIdentities));
        builder.Services.AddSingleton(services => new RequestHandler(services.GetRequiredService<RelayIdentity>(),
            services.GetRequiredService<AgentSocketClient>(), services.GetRequiredService<IdentityFilter>(), settings.MaxMessageBytes,
            services.GetRequiredService<ILogger<RequestHandler>>()));
        builder.Services.AddSingleton<ForwarderService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ForwarderService>());

        using var host = builder.Build();
        try
        {
            host.Services.GetRequiredService<RelayClient>();
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"grpcrelay-forwarder: {error.Message}").ConfigureAwait(false);
            return 1;
        }

        var logger = host.Services.GetRequiredService<ILogger<RequestHandler>>();
        var filter = host.Services.GetRequiredService<IdentityFilter>();
        Log.Serving(logger, settings.AgentSocket!, filter.AllowsAll ? "" : $", offering only {string.Join(", ", filter.AllowedFingerprints)}");
        var service = host.Services.GetRequiredService<ForwarderService>();
        await host.RunAsync(stopping).ConfigureAwait(false);
        return service.ExitCode ?? 0;
    }
}
