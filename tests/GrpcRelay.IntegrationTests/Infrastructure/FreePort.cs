using System.Net;
using System.Net.Sockets;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// Loopback port numbers that are free for TCP and for UDP at once.
/// </summary>
/// <remarks>
/// HTTP/3 listens on UDP with the same number as HTTP/2 on TCP, and Kestrel refuses port 0
/// when it binds both, so servers in tests need a fixed number chosen up front. Between
/// choosing and binding another process may take it: start through <see cref="RetryOnCollisionAsync{T}"/>.
/// </remarks>
internal static class FreePort
{
    private const int MaxAttempts = 20;

    // Ports handed out in this process are never handed out again, so that tests running in
    // parallel do not get the same number before either of them has bound it.
    private static readonly HashSet<int> _handedOut = [];

    /// <summary>A port number on which nothing listens on 127.0.0.1 (TCP) or on any address (UDP).</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;

            // msquic binds its UDP socket to [::]:port even when Kestrel was given 127.0.0.1,
            // so the UDP number must be free on every address, IPv4 and IPv6.
            if (!IsUdpFree(port))
            {
                continue;
            }

            lock (_handedOut)
            {
                if (_handedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No port free for both TCP and UDP after {MaxAttempts} attempts.");
    }

    /// <summary>
    /// Runs <paramref name="start"/> with a fresh port until it does not fail because the port
    /// was taken (at most <paramref name="attempts"/> times); other failures end at once.
    /// </summary>
    public static async Task<T> RetryOnCollisionAsync<T>(Func<int, Task<T>> start, int attempts = 5)
    {
        ArgumentNullException.ThrowIfNull(start);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Next());
            }
            catch (Exception e) when (attempt < attempts && IsAddressInUse(e))
            {
            }
        }
    }

    /// <summary>True when <paramref name="error"/> or an exception inside it says the address was in use.</summary>
    public static bool IsAddressInUse(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is PortInUseException
                || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUdpFree(int port)
    {
        try
        {
            if (Socket.OSSupportsIPv6)
            {
                using var dualMode = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
                dualMode.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            }
            else
            {
                using var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                v4.Bind(new IPEndPoint(IPAddress.Any, port));
            }

            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }
}
