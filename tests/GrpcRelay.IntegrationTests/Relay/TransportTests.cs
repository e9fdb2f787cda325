using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.Protocol.Configuration;
using GrpcRelay.Protocol.Transport;

namespace GrpcRelay.IntegrationTests.Relay;

/// <summary>A rig whose clients use <c>transport: auto</c>.</summary>
public sealed class AutoTransportRig : RigFixture
{
    internal override RigOptions Options => new() { Store = TokenStoreKind.File, Transport = TransportMode.Auto };
}

/// <summary>How clients choose HTTP/3 or HTTP/2, and what they say about it.</summary>
public sealed class TransportTests(AutoTransportRig fixture) : IClassFixture<AutoTransportRig>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Auto_WithoutQuic_ConnectsOverHttp2AndSaysWhy()
    {
        Assert.SkipWhen(Quic.ClientSupported, "QUIC is available here, so auto uses HTTP/3; the HTTP/3 variant covers this machine");
        var rig = await fixture.RigAsync();

        foreach (var client in new[] { rig.Forwarder!, rig.Endpoint })
        {
            await client.WaitForLineAsync(l => l.Contains("HTTP/3 is off, using HTTP/2", StringComparison.Ordinal) && l.Contains("libmsquic", StringComparison.Ordinal),
                Deadline, $"{client.Name} to say why HTTP/3 is off");
            await client.WaitForLineAsync(l => l.Contains("Connected to", StringComparison.Ordinal) && l.Contains("over HTTP/2", StringComparison.Ordinal),
                Deadline, $"{client.Name} to connect over HTTP/2");
        }

        await rig.Server.WaitForLineAsync(l => l.Contains("HTTP/3 is off", StringComparison.Ordinal), Deadline, "the server to say why HTTP/3 is off");
    }

    [Fact]
    public async Task Auto_WithQuic_ConnectsOverHttp3()
    {
        Assert.SkipUnless(Quic.ClientSupported && Quic.ListenerSupported,
            "HTTP/3 needs QUIC, and QuicConnection.IsSupported is false here: libmsquic 2.x is not installed");
        var rig = await fixture.RigAsync();

        await rig.Endpoint.WaitForLineAsync(l => l.Contains("Connected to", StringComparison.Ordinal) && l.Contains("over HTTP/3", StringComparison.Ordinal),
            Deadline, "the endpoint to connect over HTTP/3");
        await rig.Server.WaitForLineAsync(l => l.Contains("connected over HTTP/3", StringComparison.Ordinal), Deadline, "the server to see HTTP/3");
    }

    [Fact]
    public async Task H3_WithoutQuic_FailsAtOnceNamingLibmsquic()
    {
        Assert.SkipWhen(Quic.ClientSupported, "QUIC is available here, so transport h3 works");
        var rig = await fixture.RigAsync();
        var settings = rig.ClientSettings(Protocol.V1.Role.Endpoint);
        settings["transport"] = "h3";
        settings["socket_dir"] = rig.Directory.Combine("h3-endpoint");

        var result = await RelayExecutables.RunAsync("endpoint", ["--config", rig.WriteConfig("h3-endpoint.yaml", settings)], timeout: TimeSpan.FromSeconds(20));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("libmsquic", result.StandardError);
        Assert.Contains("transport: h3", result.StandardError);
    }

    [Theory]
    [InlineData("endpoint", "missing", "does not exist")]
    [InlineData("endpoint", "text-file", "could not be loaded")]
    [InlineData("server", "missing", "does not exist")]
    [InlineData("server", "text-file", "could not be loaded")]
    public async Task MsquicPath_Unusable_FailsAtStartNamingTheSetting(string program, string kind, string expected)
    {
        var rig = await fixture.RigAsync();
        var library = rig.Directory.Combine($"libmsquic-{kind}-{program}.so.2");
        if (kind == "text-file")
        {
            await File.WriteAllTextAsync(library, "not a shared library");
        }

        var settings = program == "server"
            ? new Dictionary<string, string>
            {
                ["platform_url"] = $"127.0.0.1:{FreePort.Next()}", ["cert_path"] = rig.Certificates.ServerCertPath,
                ["key_path"] = rig.Certificates.ServerKeyPath, ["client_ca_path"] = rig.Certificates.CaPath,
                ["tokens_file"] = rig.Directory.Combine("tokens.yaml"),
            }
            : rig.ClientSettings(Protocol.V1.Role.Endpoint);
        settings["msquic_path"] = library;
        settings["socket_dir"] = rig.Directory.Combine("msquic-endpoint");
        if (program == "server")
        {
            settings.Remove("socket_dir");
        }

        var result = await RelayExecutables.RunAsync(program, ["--config", rig.WriteConfig($"msquic-{program}-{kind}.yaml", settings)], timeout: TimeSpan.FromSeconds(20));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("msquic_path", result.StandardError);
        Assert.Contains(expected, result.StandardError);
    }
}
