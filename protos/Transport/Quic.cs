using System.Net.Quic;

namespace GrpcRelay.Protocol.Transport;

/// <summary>Whether this process can speak QUIC, and in words why not.</summary>
public static class Quic
{
    /// <summary>True when libmsquic was found and QUIC connections can be made.</summary>
    public static bool ClientSupported =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()) && QuicConnection.IsSupported;

    /// <summary>True when this process can listen for QUIC connections.</summary>
    public static bool ListenerSupported =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()) && QuicListener.IsSupported;

    /// <summary>Why HTTP/3 is off, for the one log line that says so.</summary>
    public const string UnavailableReason =
        "QUIC is unavailable: the native libmsquic 2.x library was not found on this machine " +
        "(install it from your distribution or Microsoft's package feed, or set msquic_path / MSQUIC_PATH to its file)";
}
