using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Transport;

/// <summary>Which HTTP versions a client tries, in order, for a transport setting.</summary>
public sealed record TransportPlan(IReadOnlyList<HttpProtocol> Attempts, string? Http3SkippedBecause)
{
    /// <summary>The plan for <paramref name="mode"/> on a machine where QUIC is or is not available.</summary>
    /// <exception cref="InvalidOperationException"><c>h3</c> was asked for and QUIC is missing.</exception>
    public static TransportPlan For(TransportMode mode, bool quicSupported) => mode switch
    {
        TransportMode.H2 => new([HttpProtocol.Http2], "transport is h2"),
        TransportMode.H3 when !quicSupported => throw new InvalidOperationException(
            $"transport: h3 was requested, but {Quic.UnavailableReason}. Use transport: auto to fall back to HTTP/2."),
        TransportMode.H3 => new([HttpProtocol.Http3], null),
        _ when quicSupported => new([HttpProtocol.Http3, HttpProtocol.Http2], null),
        _ => new([HttpProtocol.Http2], Quic.UnavailableReason),
    };
}
