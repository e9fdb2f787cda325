using System.Net;
using System.Net.Sockets;

namespace GrpcRelay.IntegrationTests.Infrastructure;

public sealed class FreePortTests
{
    [Fact]
    public void Next_Called_PortBindsForTcpAndUdp()
    {
        var port = FreePort.Next();

        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
        Assert.Equal(port, ((IPEndPoint)udp.LocalEndPoint!).Port);
    }

    [Fact]
    public void Next_CalledTwice_DifferentPorts()
    {
        var first = FreePort.Next();

        var second = FreePort.Next();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task RetryOnCollisionAsync_FirstPortTaken_SucceedsOnAnotherPort()
    {
        List<int> tried = [];
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        var bound = await FreePort.RetryOnCollisionAsync(port =>
        {
            tried.Add(port);
            if (tried.Count == 1)
            {
                // Someone else grabs the port between choosing and binding it.
                squatter.Bind(new IPEndPoint(IPAddress.Loopback, port));
                squatter.Listen();
            }

            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            listener.Listen();
            return Task.FromResult(port);
        });

        Assert.Equal(2, tried.Count);
        Assert.Equal(tried[1], bound);
    }

    [Fact]
    public async Task RetryOnCollisionAsync_OtherFailure_NotRetried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => FreePort.RetryOnCollisionAsync<int>(_ =>
        {
            attempts++;
            throw new InvalidOperationException("broken configuration");
        }));

        Assert.Equal(1, attempts);
    }
}
