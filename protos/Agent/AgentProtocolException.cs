namespace GrpcRelay.Protocol.Agent;

/// <summary>
/// The one exception the agent wire-format code throws for bad data, so that a relay can answer
/// any malformed message with a single <c>catch</c>: <see cref="Error"/> says what was wrong.
/// </summary>
internal sealed class AgentProtocolException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/> with a message for logs.</summary>
    public AgentProtocolException(AgentProtocolError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>What was wrong with the data.</summary>
    public AgentProtocolError Error { get; }
}
