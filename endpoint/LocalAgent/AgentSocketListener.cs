using System.Net.Sockets;
using GrpcRelay.Endpoint.Relaying;
using GrpcRelay.Protocol.Agent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrpcRelay.Endpoint.LocalAgent;

/// <summary>
/// The Unix socket that behaves like an ssh-agent. Serves any number of local clients at
/// once; each message read whole (however it arrives) and answered exactly once.
/// A client that sends garbage gets SSH_AGENT_FAILURE and is disconnected; the others go on.
/// </summary>
internal sealed class AgentSocketListener(SocketLocation location, RequestRelay relay, int maxMessageBytes, TextWriter announce,
    ILogger<AgentSocketListener> logger) : BackgroundService
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateSocket = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = await BindAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            await File.WriteAllBytesAsync(location.ReadyPath, [], stoppingToken).ConfigureAwait(false);
            Log.Listening(logger, location.SocketPath);
            await announce.WriteLineAsync($"SSH_AUTH_SOCK={location.SocketPath}; export SSH_AUTH_SOCK;").ConfigureAwait(false);
            await announce.FlushAsync(stoppingToken).ConfigureAwait(false);
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
                _ = ServeClientAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            File.Delete(location.ReadyPath);
            File.Delete(location.SocketPath);
            Log.SocketRemoved(logger, location.SocketPath);
        }
    }

    private async Task<Socket> BindAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(location.Directory))
        {
            Directory.CreateDirectory(location.Directory, PrivateDirectory);
        }

        if (File.Exists(location.SocketPath))
        {
            await RemoveStaleSocketAsync(cancellationToken).ConfigureAwait(false);
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(location.SocketPath));
            File.SetUnixFileMode(location.SocketPath, PrivateSocket);
            listener.Listen(128);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task RemoveStaleSocketAsync(CancellationToken cancellationToken)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(location.SocketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // Nobody listens: a socket left by an endpoint that did not shut down cleanly.
            File.Delete(location.SocketPath);
            File.Delete(location.ReadyPath);
            Log.StaleSocketRemoved(logger, location.SocketPath);
            return;
        }

        throw new IOException($"another program is already listening on {location.SocketPath}; stop it or choose another socket_dir");
    }

    private async Task ServeClientAsync(Socket client, CancellationToken stoppingToken)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        try
        {
            while (true)
            {
                byte[]? message;
                try
                {
                    message = await AgentMessageReader.ReadAsync(stream, maxMessageBytes, stoppingToken).ConfigureAwait(false);
                }
                catch (AgentProtocolException error)
                {
                    Log.BadClientMessage(logger, error.Message);
                    await stream.WriteAsync(AgentMessage.CreateFailure(), stoppingToken).ConfigureAwait(false);
                    return;
                }

                if (message is null)
                {
                    return; // the client hung up between messages
                }

                var reply = await relay.RequestAsync(message, stoppingToken).ConfigureAwait(false);
                await stream.WriteAsync(reply, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
        {
            // The client went away mid-conversation, or we are shutting down.
        }
    }
}
