using System.Net;
using System.Net.Sockets;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>One-shot "does it accept a connection yet?" checks, for <see cref="Wait.UntilAsync(Func{bool}, TimeSpan, string, Func{string}?)"/>.</summary>
internal static class SocketProbe
{
    /// <summary>True when a Unix socket at <paramref name="path"/> accepts a connection now.</summary>
    public static bool AcceptsUnix(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>True when 127.0.0.1:<paramref name="port"/> accepts a TCP connection now.</summary>
    public static async Task<bool> AcceptsTcpAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
