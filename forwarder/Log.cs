using Microsoft.Extensions.Logging;

namespace GrpcRelay.Forwarder;

/// <summary>
/// Every log line of the forwarder, with stable event ids. Key fingerprints may appear;
/// tokens, MACs, signatures and key blobs never do.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Serving the ssh-agent at {Socket}{Filter}", EventName = "Serving")]
    public static partial void Serving(ILogger logger, string socket, string filter);

    [LoggerMessage(2, LogLevel.Error, "{Reason}", EventName = "Replaced")]
    public static partial void Replaced(ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Information, "Request {RequestId}: {Request} answered with {Response}", EventName = "Answered")]
    public static partial void Answered(ILogger logger, ulong requestId, string request, string response);

    [LoggerMessage(11, LogLevel.Warning, "Request {RequestId} refused: {Reason}", EventName = "Refused")]
    public static partial void Refused(ILogger logger, ulong requestId, string reason);

    [LoggerMessage(12, LogLevel.Error, "Request {RequestId} failed at the ssh-agent: {Reason}", EventName = "AgentFailed")]
    public static partial void AgentFailed(ILogger logger, ulong requestId, string reason);

    [LoggerMessage(13, LogLevel.Information, "Signed with {Fingerprint}{ForWhom}", EventName = "Signed")]
    public static partial void Signed(ILogger logger, string fingerprint, string forWhom);
}
