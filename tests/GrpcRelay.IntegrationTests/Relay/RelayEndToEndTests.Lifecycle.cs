using System.Diagnostics;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.Protocol.Agent;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>Starting, stopping and replacing the programs: what users see day to day.</summary>
public abstract partial class RelayEndToEndTests<TRig>
{
    private static readonly TimeSpan LifecycleDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SecondForwarder_SameUuid_NewestWinsAndTheOldOneStopsWithExitCode3()
    {
        var rig = await fixture.RigAsync();
        var old = rig.Forwarder!;

        await rig.StartForwarderAsync();
        var exitCode = await old.WaitForExitAsync(LifecycleDeadline);

        Assert.Equal(3, exitCode);
        Assert.Contains(old.Log.Lines, l => l.Text.Contains("another forwarder of this uuid connected", StringComparison.Ordinal));
        Assert.Equal(3, (await SshAgent.ListFingerprintsAsync(rig.EndpointSocket)).Count);
    }

    [Fact]
    public async Task Forwarder_SigTerm_ExitsAtOnceWithCodeZero()
    {
        var rig = await fixture.RigAsync();
        var clock = Stopwatch.StartNew();
        try
        {
            var exitCode = await rig.Forwarder!.StopAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(0, exitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the forwarder took {clock.Elapsed.TotalSeconds:0.0} s to stop");
        }
        finally
        {
            await rig.StartForwarderAsync();
        }
    }

    [Fact]
    public async Task ServerRestart_ClientsReconnectByThemselves_RequestsSucceedAgain()
    {
        var rig = await fixture.RigAsync();
        static int Connections(RunningProcess process) => process.Log.Lines.Count(l => l.Text.Contains("Connected to", StringComparison.Ordinal));
        var (forwarderBefore, endpointBefore) = (Connections(rig.Forwarder!), Connections(rig.Endpoint));

        await rig.Server.StopAsync();
        await rig.StartServerAsync();
        await Wait.UntilAsync(() => Connections(rig.Forwarder!) > forwarderBefore && Connections(rig.Endpoint) > endpointBefore,
            LifecycleDeadline, "forwarder and endpoint to reconnect", rig.Logs);

        Assert.Equal(3, (await SshAgent.ListFingerprintsAsync(rig.EndpointSocket)).Count);
    }

    [Fact]
    public async Task ServerFrozen_WithRequestInFlight_EndpointGivesUpInSecondsAndRecoversAfterThaw()
    {
        var rig = await fixture.RigAsync();
        await using var stall = StallingAgentProxy.Start(rig.Directory.Combine($"slow-{Guid.NewGuid():N}.sock"), rig.Agent.SocketPath);
        await rig.ReplaceForwarderAsync(agentSocket: stall.SocketPath);
        using var client = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);
        var request = client.RequestAsync(AgentMessage.Create(AgentMessageType.RequestIdentities, []));
        await Wait.UntilAsync(() => stall.Held == 1, LifecycleDeadline, "the request to reach the agent");

        var clock = Stopwatch.StartNew();
        PosixSignal.Freeze(rig.Server.Id);
        byte[]? reply;
        try
        {
            // Without server heartbeats this would wait out the 75 s reply timeout.
            reply = await request.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            PosixSignal.Thaw(rig.Server.Id);
            stall.Release();
        }

        Assert.Equal(AgentMessage.Failure.ToArray(), reply);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"the endpoint gave up only after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains(rig.Endpoint.Log.Lines, l => l.Text.Contains("the server sent nothing", StringComparison.Ordinal));
        await rig.ReplaceForwarderAsync();
        await Wait.UntilAsync(async () => (await SshAgent.RunSshAddAsync(rig.EndpointSocket, ["-l"])).Succeeded, LifecycleDeadline,
            "the endpoint to serve again after the server thawed", rig.Logs);
    }

    [Fact]
    public async Task EndpointSocket_WhileRunning_PrivateModesReadyFileAndAnnouncedPath()
    {
        var rig = await fixture.RigAsync();
        var folder = Path.GetDirectoryName(rig.EndpointSocket)!;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rig.EndpointSocket));
        Assert.True(File.Exists(rig.EndpointSocket + ".ready"));
        Assert.Contains(rig.Endpoint.Log.Lines, l => l.Stream == ProcessLogStream.StandardOutput && l.Text == $"SSH_AUTH_SOCK={rig.EndpointSocket}; export SSH_AUTH_SOCK;");
    }

    [Fact]
    public async Task Endpoint_StaleSocketLeftBehind_ReplacedAndRemovedAgainOnExit()
    {
        var rig = await fixture.RigAsync();
        var folder = rig.Directory.Combine($"stale-{Guid.NewGuid():N}"[..12]);
        Directory.CreateDirectory(folder);
        var socketPath = Path.Combine(folder, "agent-endpoint.sock");
        // What a killed endpoint leaves: a socket file nobody listens on (.NET itself unlinks its own sockets on close).
        var crashed = RunningProcess.Start("ssh-agent", ["-D", "-a", socketPath], name: "crashed-listener");
        await Wait.UntilAsync(() => File.Exists(socketPath), LifecycleDeadline, "the socket of the listener that will crash");
        await crashed.DisposeAsync();
        Assert.True(File.Exists(socketPath), "killing the listener should leave its socket file behind");

        var settings = rig.ClientSettings(Role.Endpoint);
        settings["socket_dir"] = folder;
        var endpoint = rig.Track(RelayExecutables.Start("endpoint", ["--config", rig.WriteConfig($"stale-endpoint-{Guid.NewGuid():N}.yaml", settings)], name: "stale-endpoint"));
        await Wait.UntilAsync(() => File.Exists(socketPath + ".ready"), LifecycleDeadline, "the endpoint's ready file", () => endpoint.Log.Tail());
        await endpoint.WaitForLineAsync(l => l.Contains("Connected to", StringComparison.Ordinal), LifecycleDeadline, "the endpoint to connect");
        var listed = await SshAgent.ListFingerprintsAsync(socketPath);
        var exitCode = await endpoint.StopAsync();

        Assert.Equal(3, listed.Count);
        Assert.Contains(endpoint.Log.Lines, l => l.Text.Contains("Removed a stale socket", StringComparison.Ordinal));
        Assert.Equal(0, exitCode);
        Assert.False(File.Exists(socketPath));
        Assert.False(File.Exists(socketPath + ".ready"));
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("regular-file", "does not accept connections")]
    [InlineData("unset", "SSH_AUTH_SOCK is not set")]
    public async Task Forwarder_AgentSocketUnusable_RefusesToStartSayingWhy(string kind, string expected)
    {
        var rig = await fixture.RigAsync();
        var settings = rig.ClientSettings(Role.Forwarder);
        var path = rig.Directory.Combine($"agent-{kind}-{Guid.NewGuid():N}");
        if (kind == "regular-file")
        {
            await File.WriteAllTextAsync(path, "not a socket");
        }

        if (kind != "unset")
        {
            settings["agent_socket"] = path;
        }

        var result = await RelayExecutables.RunAsync("forwarder", ["--config", rig.WriteConfig($"bad-agent-{kind}.yaml", settings)], timeout: LifecycleDeadline);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError);
    }

    [Fact]
    public async Task Audit_SshLoginThroughEndpoint_RecordsFingerprintUserAndServiceButNoSecrets()
    {
        var rig = await fixture.RigAsync();
        var key = rig.Agent.Keys[0];
        await using var sshd = await SshServer.StartAsync([key.PublicKey]);

        var login = await sshd.RunSshAsync(rig.EndpointSocket, "true");

        Assert.True(login.Succeeded, login.ToString());
        // Other tests sign with the same key (ssh-keygen -Y sign has no user); only the login names its user and service.
        var record = await rig.Server.WaitForLineAsync(
            l => l.Contains("GrpcRelay.Audit", StringComparison.Ordinal) && l.Contains($"key={key.Fingerprint}", StringComparison.Ordinal)
                 && l.Contains($"user={SshServer.UserName} service=ssh-connection", StringComparison.Ordinal),
            LifecycleDeadline, "an audit record of the login's signature");
        Assert.Contains("result=signed", record);
        Assert.Contains($"uuid={rig.Uuid} role=ssh-agent-endpoint subject=CN=ssh-agent-endpoint/{rig.Uuid}", record);
        var everything = string.Join("\n", rig.Server.Log.Lines.Select(l => l.Text));
        Assert.DoesNotContain(rig.Token, everything);
        Assert.DoesNotContain(key.PublicKey.Split(' ')[1], everything);
    }
}
