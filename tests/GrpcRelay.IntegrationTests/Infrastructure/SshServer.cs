using System.Globalization;
using System.Runtime.Versioning;
using System.Text;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// A real OpenSSH <c>sshd</c> in the foreground on 127.0.0.1 and a free port, with its own host
/// key and configuration, that lets the current user in with the public keys it was given and
/// with nothing else: the server an <c>ssh</c> on the endpoint side logs in to.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class SshServer : IAsyncDisposable
{
    private const string PrivilegeSeparationDirectory = "/run/sshd";
    private const string AcceptedPublicKeyMarker = "Accepted publickey for ";

    private static readonly TimeSpan _startDeadline = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _directory;
    private readonly RunningProcess _process;

    private SshServer(TempDirectory directory, RunningProcess process, int port, string authorizedKeysPath)
    {
        _directory = directory;
        _process = process;
        Port = port;
        AuthorizedKeysPath = authorizedKeysPath;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The authorized_keys file; sshd reads it on every login, so keys may be added while it runs.</summary>
    public string AuthorizedKeysPath { get; }

    /// <summary>The user tests log in as: the current user, since an unprivileged sshd can only log in as itself.</summary>
    public static string UserName => Environment.UserName;

    /// <summary>sshd's own log (it logs to stderr with <c>-e</c>).</summary>
    public ProcessLog Log => _process.Log;

    /// <summary>
    /// The fingerprints of the keys sshd accepted so far, in order, from its
    /// "Accepted publickey for ... ssh2: ED25519 SHA256:..." lines.
    /// </summary>
    public IReadOnlyList<string> AcceptedFingerprints =>
    [
        .. Log.Lines
            .Where(line => line.Text.Contains(AcceptedPublicKeyMarker, StringComparison.Ordinal))
            .Select(line => line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]),
    ];

    /// <summary>
    /// Starts sshd, authorizing <paramref name="authorizedPublicKeys"/> (lines of <c>.pub</c> files),
    /// and waits until it accepts TCP connections. Skips the test when sshd is not installed or
    /// cannot run here.
    /// </summary>
    public static async Task<SshServer> StartAsync(IEnumerable<string> authorizedPublicKeys)
    {
        ArgumentNullException.ThrowIfNull(authorizedPublicKeys);
        var keys = authorizedPublicKeys.ToList();
        var program = RequiredProgram.Find("sshd");
        EnsurePrivilegeSeparationDirectory();
        return await FreePort.RetryOnCollisionAsync(port => StartOnPortAsync(program, port, keys));
    }

    /// <summary>Adds a public key to <see cref="AuthorizedKeysPath"/>.</summary>
    public Task AuthorizeAsync(string publicKey) =>
        File.AppendAllTextAsync(AuthorizedKeysPath, publicKey.Trim() + "\n", Encoding.ASCII);

    /// <summary>
    /// Runs <paramref name="command"/> on this server with <c>ssh</c>, authenticating only with the
    /// agent at <paramref name="identityAgentSocket"/> (no config files, no known_hosts, no prompts).
    /// </summary>
    public async Task<ProcessResult> RunSshAsync(string identityAgentSocket, string command, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityAgentSocket);
        ArgumentException.ThrowIfNullOrEmpty(command);
        var ssh = RequiredProgram.Find("ssh");
        string[] arguments =
        [
            "-F", "/dev/null",
            "-o", $"IdentityAgent={identityAgentSocket}",
            "-o", "IdentitiesOnly=no",
            "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "BatchMode=yes",
            "-o", "PasswordAuthentication=no",
            "-o", "KbdInteractiveAuthentication=no",
            "-o", "ConnectTimeout=10",
            // Hides "Permanently added '[127.0.0.1]:port' to the list of known hosts" on every run.
            "-o", "LogLevel=ERROR",
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            $"{UserName}@127.0.0.1",
            command,
        ];
        return await ProcessRunner.RunAsync(ssh, arguments, timeout: timeout);
    }

    /// <summary>Kills sshd and every session it started, and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }

    private static async Task<SshServer> StartOnPortAsync(string program, int port, IReadOnlyList<string> keys)
    {
        var directory = TempDirectory.Create("gr-sshd-");
        RunningProcess? process = null;
        try
        {
            var hostKeyPath = directory.Combine("ssh_host_ed25519_key");
            await SshKeyGenerator.GenerateAsync(SshKeyType.Ed25519, hostKeyPath, "grpcrelay-test-host");
            var authorizedKeysPath = directory.Combine("authorized_keys");
            await File.WriteAllLinesAsync(authorizedKeysPath, keys.Select(key => key.Trim()), Encoding.ASCII);
            var configPath = directory.Combine("sshd_config");
            await File.WriteAllTextAsync(configPath, Configuration(port, directory, hostKeyPath, authorizedKeysPath), Encoding.ASCII);

            // sshd insists on an absolute path to itself (it re-executes itself per connection).
            process = RunningProcess.Start(program, ["-D", "-e", "-f", configPath], name: $"sshd:{port}");
            try
            {
                await process.WaitForLineAsync(line => line.StartsWith("Server listening on 127.0.0.1", StringComparison.Ordinal), _startDeadline, "listening");
            }
            catch (InvalidOperationException) when (process.Log.Find(line => line.Contains("Address already in use", StringComparison.Ordinal)) is not null)
            {
                throw new PortInUseException($"sshd could not listen on port {port}.");
            }
            catch (InvalidOperationException) when (process.Log.Find(IsEnvironmentProblem) is { } problem)
            {
                Assert.Skip($"sshd cannot run here: {problem.Text}");
            }

            var running = process;
            await Wait.UntilAsync(() => SocketProbe.AcceptsTcpAsync(port), _startDeadline, $"sshd to accept on port {port}", () => running.Log.Tail());
            return new SshServer(directory, process, port, authorizedKeysPath);
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }

            directory.Dispose();
            throw;
        }
    }

    private static string Configuration(int port, TempDirectory directory, string hostKeyPath, string authorizedKeysPath) =>
        string.Join(
            "\n",
            string.Create(CultureInfo.InvariantCulture, $"Port {port}"),
            "ListenAddress 127.0.0.1",
            $"HostKey {hostKeyPath}",
            $"PidFile {directory.Combine("sshd.pid")}",
            $"AuthorizedKeysFile {authorizedKeysPath}",
            // Our temp folder and files are not root-owned in the way StrictModes wants.
            "StrictModes no",
            "UsePAM no",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            // Tests run as root in containers; keys are the only way in anyway.
            "PermitRootLogin yes",
            "UseDNS no",
            "PrintMotd no",
            "X11Forwarding no",
            // Parallel tests may open many connections at once.
            "MaxStartups 100",
            "MaxSessions 100",
            // VERBOSE logs the fingerprint of every accepted key.
            "LogLevel VERBOSE",
            string.Empty);

    // What the machine lacks, as opposed to what our configuration got wrong (which must fail).
    private static bool IsEnvironmentProblem(string line) =>
        line.Contains("Privilege separation user", StringComparison.Ordinal)
        || line.Contains("privilege separation directory", StringComparison.OrdinalIgnoreCase);

    private static void EnsurePrivilegeSeparationDirectory()
    {
        // Only a root sshd chroots its pre-authentication child there; an unprivileged sshd
        // does without.
        if (!Environment.IsPrivilegedProcess || Directory.Exists(PrivilegeSeparationDirectory))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(
                PrivilegeSeparationDirectory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Assert.Skip($"sshd cannot run: it needs {PrivilegeSeparationDirectory}, which cannot be created ({e.Message}).");
        }
    }
}
