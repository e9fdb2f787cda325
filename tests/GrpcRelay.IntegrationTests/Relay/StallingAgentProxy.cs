using System.Net.Sockets;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>
/// A FAKE agent socket in front of the real ssh-agent that holds every request until
/// released. A real agent answers at once, so it cannot keep requests in flight on demand;
/// this fake can, for tests of what happens to requests that are pending when a forwarder dies.
/// </summary>
internal sealed class StallingAgentProxy : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _agentSocket;
    private readonly Func<byte[], bool> _holds;
    private readonly Task _acceptLoop;
    private int _held;

    private StallingAgentProxy(string socketPath, string agentSocket, Func<byte[], bool> holds)
    {
        SocketPath = socketPath;
        _agentSocket = agentSocket;
        _holds = holds;
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(64);
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The fake agent's socket.</summary>
    public string SocketPath { get; }

    /// <summary>Requests received and not yet passed on.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>
    /// Listens at <paramref name="socketPath"/> in front of the agent at <paramref name="agentSocket"/>,
    /// holding the requests <paramref name="holds"/> picks (default: all) and passing the others at once.
    /// </summary>
    public static StallingAgentProxy Start(string socketPath, string agentSocket, Func<byte[], bool>? holds = null) =>
        new(socketPath, agentSocket, holds ?? (_ => true));

    /// <summary>Lets every held and future request through.</summary>
    public void Release() => _released.TrySetResult();

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            var request = await AgentMessageReader.ReadAsync(stream, AgentMessage.DefaultMaxLength, _stop.Token);
            if (request is null)
            {
                return;
            }

            if (_holds(request))
            {
                Interlocked.Increment(ref _held);
                await _released.Task.WaitAsync(_stop.Token);
                Interlocked.Decrement(ref _held);
            }

            using var agent = await AgentSocketClient.ConnectAsync(_agentSocket);
            var reply = await agent.RequestAsync(request, _stop.Token);
            if (reply is not null)
            {
                await stream.WriteAsync(reply, _stop.Token);
            }
        }
        catch (Exception)
        {
            // The forwarder hung up (it was killed) or the test is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        File.Delete(SocketPath);
        _stop.Dispose();
    }
}
