namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// A server process could not listen because its port was taken between
/// <see cref="FreePort.Next"/> and its start; <see cref="FreePort.RetryOnCollisionAsync{T}"/> retries these.
/// </summary>
internal sealed class PortInUseException(string message) : Exception(message);
