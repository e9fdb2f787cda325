namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>The key types of OpenSSH that tests use, one of each signature family.</summary>
internal enum SshKeyType
{
    /// <summary>ssh-ed25519.</summary>
    Ed25519,

    /// <summary>ecdsa-sha2-nistp256.</summary>
    EcdsaP256,

    /// <summary>ssh-rsa, 2048 bits (enough for tests, and quick to generate).</summary>
    Rsa,
}
