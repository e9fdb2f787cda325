using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace GrpcRelay.Protocol.Hosting;

/// <summary>The one log format of all three programs: one line per event, UTC timestamps, on standard error.</summary>
public static class ConsoleLogging
{
    /// <summary>
    /// Configures <paramref name="logging"/>. Everything goes to standard error so that standard
    /// output carries only what a user may want to capture (the endpoint's SSH_AUTH_SOCK line).
    /// </summary>
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // Category filters match by prefix: "Grpc" alone would also silence our own "GrpcRelay.*".
        logging.AddFilter("Grpc.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Grpc.Net.Client", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    }
}
