using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>How a <see cref="RelayRig"/> is set up.</summary>
internal sealed record RigOptions
{
    /// <summary>Where the server looks tokens up.</summary>
    public TokenStoreKind Store { get; init; } = TokenStoreKind.File;

    /// <summary>The clients' transport setting.</summary>
    public TransportMode Transport { get; init; } = TransportMode.Auto;

    /// <summary>Extra server settings (YAML key to value), e.g. forwarder_wait.</summary>
    public IReadOnlyDictionary<string, string> ServerSettings { get; init; } = new Dictionary<string, string>();


    /// <summary>Start the forwarder with the rig (tests of a missing forwarder start it later, or never).</summary>
    public bool StartForwarder { get; init; } = true;

    /// <summary>A name for logs and temp folders.</summary>
    public override string ToString() => $"{Store} store, transport {Transport}";
}
