using System.Diagnostics;
using System.Security.Cryptography;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>
/// OpenSSH's own tools on the "remote machine" use the agent of the "user's machine" through
/// the endpoint, the server and the forwarder; run for each token store and transport.
/// </summary>
public abstract partial class RelayEndToEndTests<TRig>(TRig fixture) where TRig : RigFixture
{
    [Fact]
    public async Task SshAddList_ThroughEndpoint_ListsExactlyTheAgentsFingerprints()
    {
        var rig = await fixture.RigAsync();

        var listed = await SshAgent.ListFingerprintsAsync(rig.EndpointSocket);

        Assert.Equal(rig.Agent.Keys.Select(k => k.Fingerprint).Order(), listed.Order());
        Assert.Equal(3, listed.Count);
    }

    [Fact]
    public async Task SshKeygenSign_ThroughEndpointWithEachKeyType_SignatureVerifies()
    {
        var rig = await fixture.RigAsync();
        var message = rig.Directory.Combine($"message-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(message, "signed through GrpcRelay\n");

        foreach (var key in rig.Agent.Keys)
        {
            var signed = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-Y", "sign", "-n", "test", "-f", key.PublicKeyPath, message],
                new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = rig.EndpointSocket });
            Assert.True(signed.Succeeded, $"{key.Type}: {signed}\n{rig.Logs()}");

            var signers = rig.Directory.Combine($"allowed_signers-{Guid.NewGuid():N}");
            await File.WriteAllTextAsync(signers, $"tester@grpcrelay {key.PublicKey}\n");
            var verified = await ProcessRunner.RunAsync("ssh-keygen", ["-Y", "verify", "-f", signers, "-I", "tester@grpcrelay", "-n", "test", "-s", message + ".sig"],
                standardInput: await File.ReadAllBytesAsync(message));
            Assert.True(verified.Succeeded, $"{key.Type}: {verified}");
            Assert.Contains("Good \"test\" signature", verified.StandardError + verified.StandardOutput);
            File.Delete(message + ".sig");
        }
    }

    [Fact]
    public async Task Ssh_LoginToRealSshdWithEndpointAsIdentityAgent_RunsCommand()
    {
        var rig = await fixture.RigAsync();
        await using var sshd = await SshServer.StartAsync([rig.Agent.Keys[0].PublicKey]);

        var result = await sshd.RunSshAsync(rig.EndpointSocket, "echo relayed-login-ok");

        Assert.True(result.Succeeded, $"{result}\n{sshd.Log.Tail()}\n{rig.Logs()}");
        Assert.Contains("relayed-login-ok", result.StandardOutput);
    }

    [Fact]
    public async Task AgentChanges_ThroughEndpoint_RefusedAndAgentKeepsAllKeys()
    {
        var rig = await fixture.RigAsync();
        var extraKey = rig.Directory.Combine($"extra-{Guid.NewGuid():N}");
        await ProcessRunner.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", extraKey]);
        var askPass = rig.Directory.Combine("askpass.sh");
        await File.WriteAllTextAsync(askPass, "#!/bin/sh\necho lock-password\n");
        File.SetUnixFileMode(askPass, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var throughEndpoint = new Dictionary<string, string?>
        {
            ["SSH_AUTH_SOCK"] = rig.EndpointSocket, ["SSH_ASKPASS"] = askPass, ["SSH_ASKPASS_REQUIRE"] = "force", ["DISPLAY"] = ":0",
        };

        var removeAll = await ProcessRunner.RunAsync("ssh-add", ["-D"], throughEndpoint);
        var add = await ProcessRunner.RunAsync("ssh-add", [extraKey], throughEndpoint);
        var lockAgent = await ProcessRunner.RunAsync("ssh-add", ["-x"], throughEndpoint);

        Assert.False(removeAll.Succeeded, removeAll.ToString());
        Assert.False(add.Succeeded, add.ToString());
        Assert.False(lockAgent.Succeeded, lockAgent.ToString());
        var stillHeld = await SshAgent.ListFingerprintsAsync(rig.Agent.SocketPath);
        Assert.Equal(rig.Agent.Keys.Select(k => k.Fingerprint).Order(), stillHeld.Order());
    }

    [Fact]
    public async Task ConcurrentClients_TwentyClientsFiftySignsEach_AllSignaturesValid()
    {
        var rig = await fixture.RigAsync();
        var rsa = rig.Agent.Keys.Single(k => k.Type == SshKeyType.Rsa);
        var blob = Convert.FromBase64String(rsa.PublicKey.Split(' ')[1]);
        var clock = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async client =>
        {
            using var agent = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
            var valid = 0;
            for (var i = 0; i < 50; i++)
            {
                var data = RandomNumberGenerator.GetBytes(64);
                var reply = await agent.RequestAsync(AgentSocketClient.SignRequestMessage(blob, data, AgentSocketClient.RsaSha256Flag));
                valid += reply is not null && AgentSocketClient.IsValidRsaSha256Signature(blob, data, reply) ? 1 : 0;
            }

            return valid;
        }));

        var elapsed = clock.Elapsed;
        Assert.All(results, valid => Assert.Equal(50, valid));
        TestReport.Write($"throughput ({GetType().Name.Replace("EndToEndTests", "", StringComparison.Ordinal)}): 1000 RSA signatures " +
                         $"by 20 concurrent clients through the relay in {elapsed.TotalSeconds:0.00} s ({1000 / elapsed.TotalSeconds:0} per second)");
    }

    [Fact]
    public async Task LocalClient_SendsGarbageThenHalfAMessage_GetsFailureAndOthersKeepWorking()
    {
        var rig = await fixture.RigAsync();
        using var healthy = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);

        using (var garbage = await AgentSocketClient.ConnectAsync(rig.EndpointSocket))
        {
            // A length of 4 GiB - 1: refused without reading (or allocating) the body.
            var reply = await garbage.RequestAsync([0xff, 0xff, 0xff, 0xff, 11]);
            Assert.Equal(AgentMessage.Failure.ToArray(), reply);
        }

        using (var half = await AgentSocketClient.ConnectAsync(rig.EndpointSocket))
        {
            await half.Stream.WriteAsync(new byte[] { 0, 0, 0, 9, 13, 1 });
            half.Stream.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        }

        Assert.Equal(3, (await healthy.ListAsync()).Count);
    }
}

public sealed class FileStoreHttp2EndToEndTests(FileStoreHttp2Rig rig) : RelayEndToEndTests<FileStoreHttp2Rig>(rig), IClassFixture<FileStoreHttp2Rig>;

public sealed class RedisHttp2EndToEndTests(RedisHttp2Rig rig) : RelayEndToEndTests<RedisHttp2Rig>(rig), IClassFixture<RedisHttp2Rig>;

public sealed class FileStoreHttp3EndToEndTests(FileStoreHttp3Rig rig) : RelayEndToEndTests<FileStoreHttp3Rig>(rig), IClassFixture<FileStoreHttp3Rig>;

public sealed class RedisHttp3EndToEndTests(RedisHttp3Rig rig) : RelayEndToEndTests<RedisHttp3Rig>(rig), IClassFixture<RedisHttp3Rig>;
