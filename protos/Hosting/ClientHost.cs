using GrpcRelay.Protocol.Client;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.Protocol.Hosting;

/// <summary>The generic host that forwarder and endpoint share: logging, clock, and the relay client with its identity.</summary>
public static class ClientHost
{
    /// <summary>A host builder with the relay client for <paramref name="role"/>; the program adds its own services.</summary>
    public static HostApplicationBuilder CreateBuilder(RelaySettings settings, Role role)
    {
        var builder = Host.CreateApplicationBuilder();
        ConsoleLogging.Configure(builder.Logging);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => ClientSetup.Create(settings, role,
            services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(services => services.GetRequiredService<RelayClient>().Identity);
        return builder;
    }

    /// <summary>
    /// Builds what the relay client needs (certificates, QUIC) before the host starts, so that a
    /// machine problem becomes one line on standard error and exit code 1, not a stack trace.
    /// </summary>
    public static async Task<bool> CanStartAsync(IHost host, string programName)
    {
        try
        {
            host.Services.GetRequiredService<RelayClient>();
            return true;
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"{programName}: {error.Message}").ConfigureAwait(false);
            return false;
        }
    }
}
