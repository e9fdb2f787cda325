using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Transport;

namespace GrpcRelay.Server;

/// <summary>Runs the server until Ctrl-C or SIGTERM; start-up failures become one clear line and exit code 1.</summary>
internal static class ServerProgram
{
    public static async Task<int> RunAsync(RelaySettings settings, CancellationToken stopping)
    {
        WebApplication app;
        try
        {
            if (settings.MsquicPath is { Length: > 0 } msquic)
            {
                // Before anything asks whether QUIC is supported: the answer is cached.
                MsquicLoader.Use(msquic);
            }

            app = ServerHost.Build(settings);
            await app.StartAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or InvalidDataException or FormatException or InvalidOperationException
                                          or System.Security.Cryptography.CryptographicException)
        {
            await Console.Error.WriteLineAsync($"grpcrelay-server: cannot start: {error.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.WaitForShutdownAsync(stopping).ConfigureAwait(false);
        }

        return 0;
    }
}
