using Microsoft.Extensions.Logging;

namespace GrpcRelay.Endpoint;

/// <summary>
/// Every log line of the endpoint, with stable event ids. Never tokens, MACs, signatures
/// or key material.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Agent socket ready: SSH_AUTH_SOCK={Socket}", EventName = "Listening")]
    public static partial void Listening(ILogger logger, string socket);

    [LoggerMessage(2, LogLevel.Information, "Removed a stale socket left at {Socket}", EventName = "StaleSocketRemoved")]
    public static partial void StaleSocketRemoved(ILogger logger, string socket);

    [LoggerMessage(3, LogLevel.Information, "Removed {Socket} and its ready file", EventName = "SocketRemoved")]
    public static partial void SocketRemoved(ILogger logger, string socket);

    [LoggerMessage(10, LogLevel.Warning, "A local client sent a malformed message and was disconnected: {Reason}", EventName = "BadClientMessage")]
    public static partial void BadClientMessage(ILogger logger, string reason);

    [LoggerMessage(11, LogLevel.Warning, "Request refused locally: {Reason}", EventName = "RefusedLocally")]
    public static partial void RefusedLocally(ILogger logger, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Request {RequestId} failed: {Reason}", EventName = "RequestFailed")]
    public static partial void RequestFailed(ILogger logger, ulong requestId, string reason);

    [LoggerMessage(13, LogLevel.Warning, "Dropped a frame from the server: {Reason}", EventName = "FrameDropped")]
    public static partial void FrameDropped(ILogger logger, string reason);
}
