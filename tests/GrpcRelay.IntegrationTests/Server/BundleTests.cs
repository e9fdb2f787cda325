using System.Globalization;
using GrpcRelay.IntegrationTests.Infrastructure;
using GrpcRelay.IntegrationTests.Relay;

namespace GrpcRelay.IntegrationTests.Server;

/// <summary>
/// <c>grpcrelay-server bundle</c> writes everything a server and its users need, and the files it
/// writes work as they are: the three programs start from them and relay a real agent.
/// </summary>
public sealed class BundleTests : IAsyncDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _directory = TempDirectory.Create("gr-bundle-");
    private readonly List<RunningProcess> _processes = [];

    [Fact]
    public async Task Bundle_TwoUsers_PrivateFilesSharedCaAndWorkingConfigurations()
    {
        var port = FreePort.Next();
        var platform = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        var folder = _directory.Combine("relay");
        string[] bundle = ["bundle", "--out", folder, "--platform", platform, "--listen", platform, "--server-name", "localhost", "--server-name", "127.0.0.1"];

        var first = await RelayExecutables.RunAsync("server", [.. bundle, "--uuid", "alice"]);
        var caAfterFirst = await File.ReadAllTextAsync(Path.Combine(folder, "ca", "ca.pem"));
        var second = await RelayExecutables.RunAsync("server", [.. bundle, "--uuid", "bob"]);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("grpcrelay-forwarder --config", first.StandardOutput);
        Assert.Equal(caAfterFirst, await File.ReadAllTextAsync(Path.Combine(folder, "ca", "ca.pem")));
        var tokens = await File.ReadAllLinesAsync(Path.Combine(folder, "server", "tokens.yaml"));
        Assert.Single(tokens, l => l.StartsWith("alice: ", StringComparison.Ordinal));
        Assert.Single(tokens, l => l.StartsWith("bob: ", StringComparison.Ordinal));
        foreach (var secret in new[] { "ca/ca-key.pem", "server/server-key.pem", "server/tokens.yaml", "users/alice/forwarder/grpcrelay-forwarder.yaml",
                     "users/alice/forwarder/forwarder-key.pem", "users/bob/endpoint/grpcrelay-endpoint.yaml", "users/bob/endpoint/endpoint-key.pem" })
        {
            Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(folder, secret)) & ~UnixFileMode.UserExecute);
        }

        Assert.DoesNotContain(tokens.Single(l => l.StartsWith("alice", StringComparison.Ordinal))[7..], first.StandardOutput + first.StandardError);

        // The files work as written: bob's forwarder and endpoint relay a real agent.
        await using var agent = await SshAgent.StartAsync([SshKeyType.Ed25519]);
        var server = Start("server", "--config", Path.Combine(folder, "server", "grpcrelay-server.yaml"));
        await server.WaitForLineAsync(l => l.Contains("Listening on", StringComparison.Ordinal), Deadline, "the bundled server to listen");
        var forwarder = Start("forwarder", "--config", Path.Combine(folder, "users", "bob", "forwarder", "grpcrelay-forwarder.yaml"), "--agent-socket", agent.SocketPath);
        await forwarder.WaitForLineAsync(l => l.Contains("Connected to", StringComparison.Ordinal), Deadline, "bob's forwarder to connect");
        var socketDir = _directory.Combine("bob-endpoint");
        var endpoint = Start("endpoint", "--config", Path.Combine(folder, "users", "bob", "endpoint", "grpcrelay-endpoint.yaml"), "--socket-dir", socketDir);
        await endpoint.WaitForLineAsync(l => l.Contains("Connected to", StringComparison.Ordinal), Deadline, "bob's endpoint to connect");
        await Wait.UntilAsync(() => File.Exists(Path.Combine(socketDir, "agent-endpoint.sock.ready")), Deadline, "bob's endpoint socket");

        var listed = await SshAgent.ListFingerprintsAsync(Path.Combine(socketDir, "agent-endpoint.sock"));

        Assert.Equal([agent.Keys[0].Fingerprint], listed);
    }

    private RunningProcess Start(string program, params string[] arguments)
    {
        var process = RelayExecutables.Start(program, arguments);
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _directory.Dispose();
    }
}
