using Google.Protobuf;
using GrpcRelay.Forwarder.Agent;
using GrpcRelay.Protocol.Agent;
using GrpcRelay.Protocol.Client;
using GrpcRelay.Protocol.V1;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.Forwarder.Forwarding;

/// <summary>
/// Answers one endpoint request with the user's ssh-agent, after every check: MAC, time and
/// nonce; the whitelist (list keys and sign only); and allowed_identities, which both
/// filters the key list and refuses signing with a key that was filtered out.
/// Every request gets a signed reply: SSH_AGENT_FAILURE whenever anything is refused or breaks.
/// </summary>
internal sealed class RequestHandler(RelayIdentity identity, AgentSocketClient agent, IdentityFilter filter, int maxMessageBytes,
    ILogger<RequestHandler> logger)
{
    private static readonly ByteString Failure = ByteString.CopyFrom(AgentMessage.Failure);

    /// <summary>The reply to send back for <paramref name="request"/>; SSH_AGENT_FAILURE if anything breaks.</summary>
    public async Task<AgentPacket> HandleAsync(AgentPacket request, CancellationToken cancellationToken)
    {
        try
        {
            return await AnswerAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            // A bug must not leave the endpoint's client waiting for the server's request timeout.
            Log.AgentFailed(logger, request.RequestId, $"{error.GetType().Name}: {error.Message}");
            return identity.Signer.Reply(request, Failure);
        }
    }

    private async Task<AgentPacket> AnswerAsync(AgentPacket request, CancellationToken cancellationToken)
    {
        if (identity.Verifier.CheckRequest(request, identity.Uuid, identity.Key) is { } refusal)
        {
            return Refuse(request, refusal.Message);
        }

        var payload = request.Payload.Memory;
        if (!AgentMessagePolicy.Default.IsRequestAllowed(payload.Span))
        {
            return Refuse(request, $"{Describe(payload.Span)} is not permitted: only listing keys and signing are forwarded");
        }

        var type = (AgentMessageType)payload.Span[4];
        SignRequest? sign = null;
        if (type == AgentMessageType.SignRequest)
        {
            try
            {
                sign = SignRequest.Parse(payload.Span, maxMessageBytes);
            }
            catch (AgentProtocolException error)
            {
                return Refuse(request, $"a malformed SSH_AGENTC_SIGN_REQUEST: {error.Message}");
            }

            if (!filter.IsKeyAllowed(sign.KeyBlob.Span))
            {
                return Refuse(request, $"signing with {SshFingerprint.Compute(sign.KeyBlob.Span)} is not allowed by allowed_identities");
            }
        }

        byte[] answer;
        try
        {
            answer = await agent.RequestAsync(payload, cancellationToken).ConfigureAwait(false);
            if (type == AgentMessageType.RequestIdentities && !filter.AllowsAll)
            {
                answer = filter.FilterIdentitiesAnswer(answer, maxMessageBytes);
            }
        }
        catch (Exception error) when (error is IOException or AgentProtocolException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.AgentFailed(logger, request.RequestId, error.Message);
            return identity.Signer.Reply(request, Failure);
        }

        if (!AgentMessagePolicy.Default.IsResponseAllowed(answer))
        {
            return Refuse(request, $"the agent answered with {Describe(answer)}, which is not a permitted response");
        }

        if (sign is not null && answer[4] == (byte)AgentMessageType.SignResponse)
        {
            var user = SshUserAuthRequest.TryParse(sign.Data.Span);
            Log.Signed(logger, SshFingerprint.Compute(sign.KeyBlob.Span), user is null ? "" : $" for {user.UserName} ({user.ServiceName})");
        }

        Log.Answered(logger, request.RequestId, AgentMessageNames.Describe((byte)type), AgentMessageNames.Describe(answer[4]));
        return identity.Signer.Reply(request, ByteString.CopyFrom(answer));
    }

    private AgentPacket Refuse(AgentPacket request, string reason)
    {
        Log.Refused(logger, request.RequestId, reason);
        return identity.Signer.Reply(request, Failure);
    }

    private static string Describe(ReadOnlySpan<byte> message) =>
        message.Length > 4 ? AgentMessageNames.Describe(message[4]) : "a message shorter than 5 bytes";
}
