using System.Net.Sockets;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.Forwarder.Agent;

/// <summary>
/// Talks to the user's ssh-agent. Each request gets its own connection, so concurrent
/// requests never wait on each other and a stuck one cannot wedge the rest.
/// </summary>
internal sealed class AgentSocketClient(string socketPath, int maxMessageBytes)
{
    /// <summary>How long the agent may take; a hardware key waiting for a touch needs a while.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(55);

    /// <summary>The socket this client talks to.</summary>
    public string SocketPath => socketPath;

    /// <summary>Sends one whole agent message and returns the agent's whole reply.</summary>
    /// <exception cref="IOException">The agent could not be reached, or closed without a complete reply.</exception>
    public async Task<byte[]> RequestAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException error)
        {
            throw new IOException($"cannot reach the ssh-agent at {socketPath}: {error.Message}", error);
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(message, timeout.Token).ConfigureAwait(false);
        try
        {
            return await AgentMessageReader.ReadAsync(stream, maxMessageBytes, timeout.Token).ConfigureAwait(false)
                   ?? throw new IOException("the ssh-agent closed the connection without replying");
        }
        catch (AgentProtocolException error)
        {
            throw new IOException($"the ssh-agent's reply is malformed: {error.Message}", error);
        }
    }

    /// <summary>
    /// Null when <paramref name="path"/> is a socket an agent listens on; otherwise what is wrong
    /// and what to do. .NET cannot tell a socket from a file, so this connects and hangs up.
    /// </summary>
    public static async Task<string?> ProblemWithAsync(string? path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "no ssh-agent socket: SSH_AUTH_SOCK is not set. Start an agent (eval \"$(ssh-agent)\" and ssh-add) or set agent_socket / --agent-socket.";
        }

        if (Directory.Exists(path))
        {
            return $"{path} is a directory, not the ssh-agent's socket; check SSH_AUTH_SOCK or agent_socket.";
        }

        if (!File.Exists(path))
        {
            return $"the ssh-agent socket {path} does not exist. Is the agent running? Check SSH_AUTH_SOCK or agent_socket.";
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (SocketException error)
        {
            return $"{path} does not accept connections ({error.Message}): it is not a Unix socket, or the ssh-agent behind it has stopped. " +
                   "Point SSH_AUTH_SOCK or agent_socket at a running agent.";
        }
    }
}
