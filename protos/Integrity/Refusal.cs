namespace GrpcRelay.Protocol.Integrity;

/// <summary>Why a frame was refused.</summary>
public enum RefusalKind
{
    /// <summary>A field is missing or has the wrong size.</summary>
    Malformed,

    /// <summary>The MAC does not match: wrong token, or the frame was altered.</summary>
    BadMac,

    /// <summary>The timestamp lies outside the allowed clock skew.</summary>
    ClockSkew,

    /// <summary>The nonce was accepted before.</summary>
    Replay,

    /// <summary>A protocol version this program does not speak.</summary>
    UnsupportedVersion,

    /// <summary>The uuid, role or nonce does not belong to this stream or request.</summary>
    Mismatch,
}

/// <summary>A refused frame: the kind, and a message fit for logs and peers (never a secret).</summary>
public sealed record Refusal(RefusalKind Kind, string Message);
