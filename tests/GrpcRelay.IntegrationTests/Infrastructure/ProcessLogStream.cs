namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>Which output stream a line came from.</summary>
internal enum ProcessLogStream
{
    /// <summary>stdout.</summary>
    StandardOutput,

    /// <summary>stderr.</summary>
    StandardError,
}
