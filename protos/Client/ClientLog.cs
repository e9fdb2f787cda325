using Microsoft.Extensions.Logging;

namespace GrpcRelay.Protocol.Client;

/// <summary>Log lines of the connection to the relay server, shared by forwarder and endpoint (event ids 100-199).</summary>
internal static partial class ClientLog
{
    [LoggerMessage(100, LogLevel.Information, "Connecting to {Server} over {Protocol} as {Role} of {Uuid}", EventName = "Connecting")]
    public static partial void Connecting(ILogger logger, string server, string protocol, string role, string uuid);

    [LoggerMessage(101, LogLevel.Information, "Connected to {Server} over {Protocol}", EventName = "Connected")]
    public static partial void Connected(ILogger logger, string server, string protocol);

    [LoggerMessage(102, LogLevel.Warning, "HTTP/3 is off, using HTTP/2: {Reason}", EventName = "Http3Off")]
    public static partial void Http3Off(ILogger logger, string reason);

    [LoggerMessage(103, LogLevel.Warning, "HTTP/3 attempt failed, falling back to HTTP/2: {Reason}", EventName = "Http3FallBack")]
    public static partial void Http3FallBack(ILogger logger, string reason);

    [LoggerMessage(104, LogLevel.Warning, "Disconnected from {Server}: {Reason}", EventName = "Disconnected")]
    public static partial void Disconnected(ILogger logger, string server, string reason);

    [LoggerMessage(105, LogLevel.Information, "Reconnecting in {DelaySeconds:0.0} s", EventName = "Reconnecting")]
    public static partial void Reconnecting(ILogger logger, double delaySeconds);

    [LoggerMessage(106, LogLevel.Error, "The server refused our credentials ({Reason}); retrying every 30 s in case they are restored", EventName = "CredentialsRefused")]
    public static partial void CredentialsRefused(ILogger logger, string reason);
}
