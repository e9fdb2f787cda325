using Google.Protobuf;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Server.Audit;

/// <summary>
/// One structured record per sign request and per refusal, under its own logging category
/// (<see cref="Category"/>) so it can be routed to a file or a collector. Records hold uuids,
/// roles, certificate subjects, key fingerprints and the user and service an SSH login signs
/// for; never tokens, MACs, signatures or key blobs.
/// </summary>
internal sealed partial class AuditLog(ILoggerFactory loggers)
{
    /// <summary>The logging category of every audit record.</summary>
    public const string Category = "GrpcRelay.Audit";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    /// <summary>A sign request reached its end: answered by the agent, or failed on the way.</summary>
    public void SignRequest(string uuid, string role, string subject, ByteString request, string result)
    {
        var (fingerprint, user, service) = Describe(request);
        SignRecord(_logger, uuid, role, subject, fingerprint, user, service, result);
    }

    /// <summary>A stream or request was refused.</summary>
    public void Refusal(string? uuid, string? role, string subject, string what, string reason) =>
        RefusalRecord(_logger, uuid ?? "-", role ?? "-", subject, what, reason);

    /// <summary>True for a payload that is a SIGN_REQUEST (the requests audited one by one).</summary>
    public static bool IsSignRequest(ByteString payload) => payload.Length > 4 && payload[4] == (byte)AgentMessageType.SignRequest;

    private static (string Fingerprint, string User, string Service) Describe(ByteString request)
    {
        try
        {
            var sign = Protocol.Agent.SignRequest.Parse(request.Span);
            var login = SshUserAuthRequest.TryParse(sign.Data.Span);
            return (SshFingerprint.Compute(sign.KeyBlob.Span), login?.UserName ?? "-", login?.ServiceName ?? "-");
        }
        catch (AgentProtocolException)
        {
            return ("-", "-", "-");
        }
    }

    [LoggerMessage(900, LogLevel.Information,
        "sign uuid={Uuid} role={Role} subject={Subject} key={Fingerprint} user={User} service={Service} result={Result}", EventName = "AuditSign")]
    private static partial void SignRecord(ILogger logger, string uuid, string role, string subject, string fingerprint, string user,
        string service, string result);

    [LoggerMessage(901, LogLevel.Warning, "refused uuid={Uuid} role={Role} subject={Subject} what={What} reason={Reason}", EventName = "AuditRefusal")]
    private static partial void RefusalRecord(ILogger logger, string uuid, string role, string subject, string what, string reason);
}
