using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// A real OpenSSH <c>ssh-agent</c> in the foreground (<c>-D</c>) on its own socket, holding
/// fresh keys of every type tests need: the agent a forwarder serves.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class SshAgent : IAsyncDisposable
{
    private static readonly TimeSpan _startDeadline = TimeSpan.FromSeconds(15);
    private static readonly SshKeyType[] _allTypes = [SshKeyType.Ed25519, SshKeyType.EcdsaP256, SshKeyType.Rsa];

    private readonly TempDirectory _directory;
    private readonly RunningProcess _process;

    private SshAgent(TempDirectory directory, RunningProcess process, string socketPath)
    {
        _directory = directory;
        _process = process;
        SocketPath = socketPath;
    }

    /// <summary>The agent's Unix socket, for <c>SSH_AUTH_SOCK</c> or <c>IdentityAgent</c>.</summary>
    public string SocketPath { get; }

    /// <summary>The keys the agent holds, in the order they were added.</summary>
    public IReadOnlyList<SshKey> Keys { get; private set; } = [];

    /// <summary>The agent's own log.</summary>
    public ProcessLog Log => _process.Log;

    /// <summary>The folder of the socket and the key files, deleted with the agent.</summary>
    public string DirectoryPath => _directory.Path;

    /// <summary>
    /// Starts an agent, waits until its socket accepts connections, and adds a fresh key of
    /// each of <paramref name="keyTypes"/> (default: Ed25519, ECDSA P-256 and RSA; empty: none).
    /// </summary>
    public static async Task<SshAgent> StartAsync(IEnumerable<SshKeyType>? keyTypes = null)
    {
        var program = RequiredProgram.Find("ssh-agent");
        var types = (keyTypes ?? _allTypes).ToList();
        var directory = TempDirectory.Create("gr-agent-");
        SshAgent? agent = null;
        try
        {
            var socketPath = directory.Combine("agent.sock");
            var process = RunningProcess.Start(program, ["-D", "-a", socketPath], name: "ssh-agent");
            agent = new SshAgent(directory, process, socketPath);
            await Wait.UntilAsync(
                () => AgentAccepts(socketPath, process),
                _startDeadline,
                $"ssh-agent to listen on {socketPath}",
                () => process.Log.Tail());

            // ssh-keygen runs are independent; RSA is the slow one, so overlap them.
            var keys = await Task.WhenAll(types.Select((type, index) =>
                SshKeyGenerator.GenerateAsync(type, directory.Combine($"id_{index}_{type.ToString().ToLowerInvariant()}"), $"grpcrelay-test-{type}")));
            if (keys.Length > 0)
            {
                await agent.RunSshAddAsync([.. keys.Select(key => key.PrivateKeyPath)], checkSuccess: true);
            }

            agent.Keys = keys;
            return agent;
        }
        catch
        {
            if (agent is not null)
            {
                await agent.DisposeAsync();
            }
            else
            {
                directory.Dispose();
            }

            throw;
        }
    }

    /// <summary>Runs <c>ssh-add</c> against any agent socket (this agent, or an endpoint's).</summary>
    public static async Task<ProcessResult> RunSshAddAsync(string socketPath, IEnumerable<string> arguments, bool checkSuccess = false)
    {
        var program = RequiredProgram.Find("ssh-add");
        var environment = new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = socketPath };
        var result = await ProcessRunner.RunAsync(program, arguments, environment);
        return checkSuccess ? result.EnsureSuccess() : result;
    }

    /// <summary>
    /// The fingerprints <c>ssh-add -l</c> lists for the agent at <paramref name="socketPath"/>;
    /// empty when it holds no keys (ssh-add then exits with 1).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ListFingerprintsAsync(string socketPath)
    {
        var result = await RunSshAddAsync(socketPath, ["-E", "sha256", "-l"]);
        if (result.ExitCode == 1 && result.StandardOutput.Contains("no identities", StringComparison.Ordinal))
        {
            return [];
        }

        result.EnsureSuccess();
        return
        [
            .. result.StandardOutput
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]),
        ];
    }

    /// <summary>Runs <c>ssh-add</c> against this agent.</summary>
    public Task<ProcessResult> RunSshAddAsync(IEnumerable<string> arguments, bool checkSuccess = false) =>
        RunSshAddAsync(SocketPath, arguments, checkSuccess);

    /// <summary>Kills the agent and deletes its socket and keys.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }

    private static bool AgentAccepts(string socketPath, RunningProcess process) =>
        process.HasExited
            ? throw new InvalidOperationException($"ssh-agent exited with code {process.ExitCode}.{Environment.NewLine}{process.Log.Tail()}")
            : SocketProbe.AcceptsUnix(socketPath);
}
