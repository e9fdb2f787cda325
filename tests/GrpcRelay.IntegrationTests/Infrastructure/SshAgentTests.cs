using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

[UnsupportedOSPlatform("windows")]
public sealed class SshAgentTests
{
    [Fact]
    public async Task StartAsync_Default_SshAddListsTheThreeFingerprints()
    {
        await using var agent = await SshAgent.StartAsync();

        var listed = await SshAgent.ListFingerprintsAsync(agent.SocketPath);

        Assert.Equal([SshKeyType.Ed25519, SshKeyType.EcdsaP256, SshKeyType.Rsa], agent.Keys.Select(key => key.Type));
        Assert.Equal(agent.Keys.Select(key => key.Fingerprint), listed);
        Assert.All(agent.Keys, key => Assert.Matches("^SHA256:[A-Za-z0-9+/]{43}$", key.Fingerprint));
    }

    [Fact]
    public async Task StartAsync_Default_PublicKeysMatchTheirTypes()
    {
        await using var agent = await SshAgent.StartAsync();

        var algorithms = agent.Keys.Select(key => key.PublicKey.Split(' ')[0]);

        Assert.Equal(["ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"], algorithms);
        Assert.True(agent.SocketPath.Length < 100, agent.SocketPath);
    }

    [Fact]
    public async Task StartAsync_NoKeyTypes_AgentEmpty()
    {
        await using var agent = await SshAgent.StartAsync([]);

        var listed = await SshAgent.ListFingerprintsAsync(agent.SocketPath);

        Assert.Empty(listed);
        Assert.Empty(agent.Keys);
    }

    [Fact]
    public async Task DisposeAsync_Started_SocketAndKeysDeleted()
    {
        var agent = await SshAgent.StartAsync([SshKeyType.Ed25519]);
        var socketPath = agent.SocketPath;
        var keyPath = agent.Keys[0].PrivateKeyPath;

        await agent.DisposeAsync();

        Assert.False(File.Exists(socketPath));
        Assert.False(File.Exists(keyPath));
        Assert.False(Directory.Exists(agent.DirectoryPath));
    }
}
