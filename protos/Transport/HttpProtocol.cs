namespace GrpcRelay.Protocol.Transport;

/// <summary>The HTTP version one connection attempt uses.</summary>
public enum HttpProtocol
{
    /// <summary>HTTP/2 over TCP.</summary>
    Http2,

    /// <summary>HTTP/3 over QUIC (UDP).</summary>
    Http3,
}
