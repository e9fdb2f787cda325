using System.Diagnostics;
using System.Security.Cryptography;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.Protocol.Agent;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>What the forwarder decides: allowed_identities, and what a dying forwarder does to requests in flight.</summary>
public abstract partial class RelayEndToEndTests<TRig>
{
    [Fact]
    public async Task AllowedIdentities_OneKeyAllowed_ListShowsOnlyItAndSshLoginWithAnotherFails()
    {
        var rig = await fixture.RigAsync();
        var allowed = rig.Agent.Keys.Single(k => k.Type == SshKeyType.Ed25519);
        var filtered = rig.Agent.Keys.Single(k => k.Type == SshKeyType.Rsa);
        await using var sshdForFiltered = await SshServer.StartAsync([filtered.PublicKey]);
        await using var sshdForAllowed = await SshServer.StartAsync([allowed.PublicKey]);
        try
        {
            await rig.ReplaceForwarderAsync(allowedIdentities: [allowed.Fingerprint["SHA256:".Length..]]);

            var listed = await SshAgent.ListFingerprintsAsync(rig.EndpointSocket);
            var refusedLogin = await sshdForFiltered.RunSshAsync(rig.EndpointSocket, "echo should-not-run");
            var allowedLogin = await sshdForAllowed.RunSshAsync(rig.EndpointSocket, "echo allowed-login-ok");
            using var client = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
            var signWithFiltered = await client.RequestAsync(AgentSocketClient.SignRequestMessage(
                Convert.FromBase64String(filtered.PublicKey.Split(' ')[1]), RandomNumberGenerator.GetBytes(32), AgentSocketClient.RsaSha256Flag));

            Assert.Equal([allowed.Fingerprint], listed);
            Assert.False(refusedLogin.Succeeded, refusedLogin.ToString());
            Assert.DoesNotContain("should-not-run", refusedLogin.StandardOutput);
            Assert.True(allowedLogin.Succeeded, $"{allowedLogin}\n{rig.Logs()}");
            Assert.Equal(AgentMessage.Failure.ToArray(), signWithFiltered);
        }
        finally
        {
            await rig.ReplaceForwarderAsync();
        }
    }

    [Fact]
    public async Task CertificateInAgent_HpcStyleLoginAllowedByItsKeysFingerprint_Succeeds()
    {
        var rig = await fixture.RigAsync();
        // An HPC centre's short-lived certificate: its CA signs the user's key for one principal.
        var folder = rig.Directory.Combine($"hpc-{Guid.NewGuid():N}"[..12]);
        Directory.CreateDirectory(folder);
        var ca = Path.Combine(folder, "hpc_ca");
        var key = Path.Combine(folder, "id_hpc");
        await ProcessRunner.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", ca]);
        await ProcessRunner.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
        await ProcessRunner.RunCheckedAsync("ssh-keygen", ["-q", "-s", ca, "-I", "user@hpc", "-n", SshServer.UserName, "-V", "+1h", key + ".pub"]);
        var keyFingerprint = (await ProcessRunner.RunCheckedAsync("ssh-keygen", ["-l", "-f", key + ".pub"])).StandardOutput.Split(' ')[1];
        await rig.Agent.RunSshAddAsync([key], checkSuccess: true); // adds the key and its certificate
        await using var sshd = await SshServer.StartAsync([$"cert-authority {await File.ReadAllTextAsync(ca + ".pub")}".Trim()]);
        try
        {
            await rig.ReplaceForwarderAsync(allowedIdentities: [keyFingerprint]);

            var listed = await SshAgent.RunSshAddAsync(rig.EndpointSocket, ["-l"], checkSuccess: true);
            var login = await sshd.RunSshAsync(rig.EndpointSocket, "echo hpc-login-ok");

            var lines = listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.All(lines, line => Assert.Contains(keyFingerprint, line));
            Assert.Contains(lines, line => line.Contains("ED25519-CERT", StringComparison.Ordinal));
            Assert.True(login.Succeeded, $"{login}\n{sshd.Log.Tail()}\n{rig.Logs()}");
            Assert.Contains("hpc-login-ok", login.StandardOutput);
        }
        finally
        {
            await rig.Agent.RunSshAddAsync(["-d", key]);
            await rig.ReplaceForwarderAsync();
        }
    }

    [Fact]
    public async Task ForwarderKilled_WithRequestsInFlight_TheyFailWithinASecondAndRestartServesAgain()
    {
        var rig = await fixture.RigAsync();
        await using var stall = StallingAgentProxy.Start(rig.Directory.Combine($"stall-{Guid.NewGuid():N}.sock"), rig.Agent.SocketPath);
        try
        {
            var stalledForwarder = await rig.ReplaceForwarderAsync(agentSocket: stall.SocketPath);

            // SIGKILL: no goodbye on the stream.
            await AssertHeldRequestsFailWithinASecondAsync(rig, stall, 5, async () => await stalledForwarder.DisposeAsync());

            await rig.StartForwarderAsync();
            Assert.Equal(3, (await SshAgent.ListFingerprintsAsync(rig.EndpointSocket)).Count);
        }
        finally
        {
            stall.Release();
            if (rig.Forwarder is { HasExited: true } or null)
            {
                await rig.StartForwarderAsync();
            }
        }
    }

    [Fact]
    public async Task SlowSignature_WaitingForItsKey_NeverDelaysOtherRequests()
    {
        var rig = await fixture.RigAsync();
        // A hardware key waiting for a touch: every signature is held until released.
        await using var touch = StallingAgentProxy.Start(rig.Directory.Combine($"touch-{Guid.NewGuid():N}.sock"), rig.Agent.SocketPath,
            holds: request => request[4] == (byte)AgentMessageType.SignRequest);
        try
        {
            await rig.ReplaceForwarderAsync(agentSocket: touch.SocketPath);
            var key = rig.Agent.Keys.Single(k => k.Type == SshKeyType.Rsa);
            var blob = Convert.FromBase64String(key.PublicKey.Split(' ')[1]);
            var data = RandomNumberGenerator.GetBytes(32);
            using var signer = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
            var signature = signer.RequestAsync(AgentSocketClient.SignRequestMessage(blob, data, AgentSocketClient.RsaSha256Flag));
            await Wait.UntilAsync(() => touch.Held == 1, TimeSpan.FromSeconds(10), "the signature to wait for its touch", rig.Logs);

            var listed = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SshAgent.ListFingerprintsAsync(rig.EndpointSocket)));

            Assert.All(listed, fingerprints => Assert.Equal(3, fingerprints.Count));
            Assert.False(signature.IsCompleted, "the held signature finished early: the test proved nothing");
            touch.Release();
            Assert.True(AgentSocketClient.IsValidRsaSha256Signature(blob, data, (await signature.WaitAsync(TimeSpan.FromSeconds(10)))!));
        }
        finally
        {
            touch.Release();
            await rig.ReplaceForwarderAsync();
        }
    }

    [Fact]
    public async Task ForwarderFrozen_WithRequestsInFlight_TheyFailWithinASecondThoughItsConnectionStaysOpen()
    {
        var rig = await fixture.RigAsync();
        await using var stall = StallingAgentProxy.Start(rig.Directory.Combine($"frozen-{Guid.NewGuid():N}.sock"), rig.Agent.SocketPath);
        RunningProcess? frozen = null;
        try
        {
            var forwarder = frozen = await rig.ReplaceForwarderAsync(agentSocket: stall.SocketPath);

            // A suspended laptop: the process runs nothing, its TCP connection stays open, no reset is sent.
            await AssertHeldRequestsFailWithinASecondAsync(rig, stall, 3, () =>
            {
                PosixSignal.Freeze(forwarder.Id);
                return Task.CompletedTask;
            });
        }
        finally
        {
            if (frozen is not null)
            {
                PosixSignal.Thaw(frozen.Id);
            }

            stall.Release();
            await rig.ReplaceForwarderAsync();
        }
    }

    /// <summary>
    /// Makes <paramref name="count"/> list requests that the stalling agent holds, does
    /// <paramref name="fault"/> to the forwarder, and checks that every client gets
    /// SSH_AGENT_FAILURE within a second.
    /// </summary>
    private static async Task AssertHeldRequestsFailWithinASecondAsync(RelayRig rig, StallingAgentProxy stall, int count, Func<Task> fault)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => AgentSocketClient.ConnectAsync(rig.EndpointSocket)));
        try
        {
            var pending = clients.Select(c => c.RequestAsync(AgentMessage.Create(AgentMessageType.RequestIdentities, []))).ToList();
            await Wait.UntilAsync(() => stall.Held == count, TimeSpan.FromSeconds(10), $"{count} requests held at the agent", rig.Logs);

            var clock = Stopwatch.StartNew();
            await fault();
            var replies = await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5));
            var failedAfter = clock.Elapsed;

            Assert.All(replies, reply => Assert.Equal(AgentMessage.Failure.ToArray(), reply));
            Assert.True(failedAfter < TimeSpan.FromSeconds(1), $"pending requests failed only after {failedAfter.TotalMilliseconds:0} ms");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task NoForwarder_RequestWaitsThenFails_AndSucceedsOnceOneConnects()
    {
        var rig = await fixture.RigAsync();
        try
        {
            await rig.Forwarder!.StopAsync();
            using var client = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
            var clock = Stopwatch.StartNew();

            var failure = await client.RequestAsync(AgentMessage.Create(AgentMessageType.RequestIdentities, []));

            Assert.Equal(AgentMessage.Failure.ToArray(), failure);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15));
            // A request made while the forwarder is still starting waits for it instead of failing.
            var starting = rig.StartForwarderAsync();
            var answer = await client.RequestAsync(AgentMessage.Create(AgentMessageType.RequestIdentities, []));
            await starting;
            Assert.Equal((byte)AgentMessageType.IdentitiesAnswer, answer![4]);
        }
        finally
        {
            if (rig.Forwarder is { HasExited: true })
            {
                await rig.StartForwarderAsync();
            }
        }
    }
}
