using System.Globalization;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.IntegrationTests.Relay;
using GrpcRelay.Protocol.Agent;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.V1;

namespace GrpcRelay.IntegrationTests.Security;

/// <summary>A relay for the tampering tests; HTTP/2 because the fake proxy in front of it speaks only that.</summary>
public sealed class TamperRig : RigFixture
{
    internal override RigOptions Options => new() { Transport = TransportMode.H2 };
}

/// <summary>
/// Forwarder and endpoint check every packet's MAC themselves, so an intermediary that alters
/// packets between server and client is detected and the agent client gets SSH_AGENT_FAILURE.
/// </summary>
public sealed class TamperingTests(TamperRig fixture) : IClassFixture<TamperRig>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Forwarder_RequestAlteredOnTheWay_RefusesItAndTheClientGetsFailure()
    {
        var rig = await fixture.RigAsync();
        await using var proxy = await TamperingProxy.StartAsync(rig, Role.Forwarder);
        try
        {
            var forwarder = await rig.ReplaceForwarderAsync(platformUrl: string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{proxy.Port}"));
            using var client = await AgentSocketClient.ConnectAsync(rig.EndpointSocket);

            var reply = await client.RequestAsync(AgentMessage.Create(AgentMessageType.RequestIdentities, []));

            Assert.Equal(AgentMessage.Failure.ToArray(), reply);
            Assert.True(proxy.Tampered > 0);
            await forwarder.WaitForLineAsync(l => l.Contains("refused", StringComparison.Ordinal) && l.Contains("MAC does not verify", StringComparison.Ordinal),
                Deadline, "the forwarder to refuse the altered request");
            Assert.Equal(3, (await SshAgent.ListFingerprintsAsync(rig.Agent.SocketPath)).Count);
        }
        finally
        {
            await rig.ReplaceForwarderAsync();
        }
    }

    [Fact]
    public async Task Endpoint_ReplyAlteredOnTheWay_RefusesItAndTheClientGetsFailure()
    {
        var rig = await fixture.RigAsync();
        await using var proxy = await TamperingProxy.StartAsync(rig, Role.Endpoint);
        var settings = rig.ClientSettings(Role.Endpoint);
        settings["platform_url"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{proxy.Port}");
        settings["socket_dir"] = rig.Directory.Combine("tampered-endpoint");
        var endpoint = rig.Track(RelayExecutables.Start("endpoint", ["--config", rig.WriteConfig("tampered-endpoint.yaml", settings)], name: "tampered-endpoint"));
        await endpoint.WaitForLineAsync(l => l.Contains("Connected to", StringComparison.Ordinal), Deadline, "the endpoint behind the proxy to connect");
        var socket = Path.Combine(settings["socket_dir"], "agent-endpoint.sock");
        await Wait.UntilAsync(() => File.Exists(socket + ".ready"), Deadline, "the endpoint's ready file");
        using var client = await AgentSocketClient.ConnectAsync(socket);

        var reply = await client.RequestAsync(AgentMessage.Create(AgentMessageType.RequestIdentities, []));

        Assert.Equal(AgentMessage.Failure.ToArray(), reply);
        Assert.True(proxy.Tampered > 0);
        await endpoint.WaitForLineAsync(l => l.Contains("was refused", StringComparison.Ordinal) && l.Contains("MAC does not verify", StringComparison.Ordinal),
            Deadline, "the endpoint to refuse the altered reply");
        await endpoint.StopAsync();
    }
}
