using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

[UnsupportedOSPlatform("windows")]
public sealed class SshServerTests
{
    [Fact]
    public async Task RunSshAsync_AgentHoldsAuthorizedKey_RunsCommand()
    {
        await using var agent = await SshAgent.StartAsync([SshKeyType.Ed25519]);
        await using var server = await SshServer.StartAsync([agent.Keys[0].PublicKey]);

        var result = await server.RunSshAsync(agent.SocketPath, "echo ok");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("ok\n", result.StandardOutput);
        Assert.Equal([agent.Keys[0].Fingerprint], server.AcceptedFingerprints);
    }

    [Fact]
    public async Task RunSshAsync_OnlyRsaKeyAuthorized_AgentSignsWithRsa()
    {
        await using var agent = await SshAgent.StartAsync();
        var rsa = agent.Keys.Single(key => key.Type == SshKeyType.Rsa);
        await using var server = await SshServer.StartAsync([rsa.PublicKey]);

        var result = await server.RunSshAsync(agent.SocketPath, "echo ok");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal([rsa.Fingerprint], server.AcceptedFingerprints);
    }

    [Fact]
    public async Task RunSshAsync_AgentKeyNotAuthorized_PermissionDenied()
    {
        await using var agent = await SshAgent.StartAsync([SshKeyType.Ed25519]);
        await using var stranger = await SshAgent.StartAsync([SshKeyType.EcdsaP256]);
        await using var server = await SshServer.StartAsync([stranger.Keys[0].PublicKey]);

        var result = await server.RunSshAsync(agent.SocketPath, "echo ok");

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Permission denied", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(server.AcceptedFingerprints);
    }

    [Fact]
    public async Task AuthorizeAsync_WhileRunning_KeyAcceptedOnNextLogin()
    {
        await using var agent = await SshAgent.StartAsync([SshKeyType.EcdsaP256]);
        await using var server = await SshServer.StartAsync([]);

        await server.AuthorizeAsync(agent.Keys[0].PublicKey);
        var result = await server.RunSshAsync(agent.SocketPath, "echo $((6 * 7))");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("42\n", result.StandardOutput);
    }
}
