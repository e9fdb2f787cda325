namespace GrpcRelay.Server;

/// <summary>
/// Every log line of the server, with stable event ids. Only uuids, roles, fingerprints and
/// certificate subjects appear here; never tokens, MACs, signatures or key material.
/// </summary>
internal static partial class Log
{
    // 1-99: start-up and configuration.
    [LoggerMessage(1, LogLevel.Information, "Listening on {Address} (HTTP/2 over TCP{Http3})", EventName = "Listening")]
    public static partial void Listening(ILogger logger, string address, string http3);

    [LoggerMessage(2, LogLevel.Warning, "HTTP/3 is off, serving HTTP/2 only: {Reason}", EventName = "Http3Off")]
    public static partial void Http3Off(ILogger logger, string reason);

    [LoggerMessage(3, LogLevel.Information, "Token store: {Store}", EventName = "TokenStore")]
    public static partial void TokenStore(ILogger logger, string store);

    [LoggerMessage(4, LogLevel.Information, "Loaded {Count} tokens from {Path}", EventName = "TokensFileLoaded")]
    public static partial void TokensFileLoaded(ILogger logger, string path, int count);

    [LoggerMessage(5, LogLevel.Warning, "Tokens file {Path} does not exist: no uuid can connect until it does", EventName = "TokensFileMissing")]
    public static partial void TokensFileMissing(ILogger logger, string path);

    [LoggerMessage(6, LogLevel.Error, "Tokens file {Path} could not be used, keeping the previous tokens: {Problem}", EventName = "TokensFileUnreadable")]
    public static partial void TokensFileUnreadable(ILogger logger, string path, string problem);

    [LoggerMessage(7, LogLevel.Warning, "Tokens file {Path} can be read by other users; run: chmod 600 {Path}", EventName = "TokensFileReadableByOthers")]
    public static partial void TokensFileReadableByOthers(ILogger logger, string path);

    // 10-49: streams.
    [LoggerMessage(10, LogLevel.Warning, "Refused a stream from {Peer} ({Subject}): {Status}: {Reason}", EventName = "StreamRefused")]
    public static partial void StreamRefused(ILogger logger, string peer, string subject, string status, string reason);

    [LoggerMessage(11, LogLevel.Information, "{Role} of {Uuid} connected over {Protocol} from {Peer} ({Subject})", EventName = "StreamOpened")]
    public static partial void StreamOpened(ILogger logger, string role, string uuid, string protocol, string peer, string subject);

    [LoggerMessage(12, LogLevel.Information, "{Role} of {Uuid} disconnected: {Reason}", EventName = "StreamClosed")]
    public static partial void StreamClosed(ILogger logger, string role, string uuid, string reason);

    [LoggerMessage(13, LogLevel.Warning, "A newer forwarder of {Uuid} replaced the one connected since {Since:u}", EventName = "ForwarderReplaced")]
    public static partial void ForwarderReplaced(ILogger logger, string uuid, DateTimeOffset since);

    [LoggerMessage(14, LogLevel.Warning, "Client certificate refused from {Peer}: {Reason}", EventName = "ClientCertificateRefused")]
    public static partial void ClientCertificateRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(15, LogLevel.Warning, "The token of {Uuid} was revoked, expired or replaced: closing its stream", EventName = "TokenRevoked")]
    public static partial void TokenRevoked(ILogger logger, string uuid);

    [LoggerMessage(16, LogLevel.Warning, "Could not recheck the token of {Uuid}, keeping its streams until the next check: {Problem}", EventName = "TokenRecheckFailed")]
    public static partial void TokenRecheckFailed(ILogger logger, string uuid, string problem);

    // 50-99: requests.
    [LoggerMessage(50, LogLevel.Warning, "Request {RequestId} of {Uuid} failed: {Reason}: {Detail}", EventName = "RequestFailed")]
    public static partial void RequestFailed(ILogger logger, ulong requestId, string uuid, string reason, string detail);

    [LoggerMessage(51, LogLevel.Warning, "Dropped a reply from the forwarder of {Uuid}: {Reason}", EventName = "ReplyDropped")]
    public static partial void ReplyDropped(ILogger logger, string uuid, string reason);
}
