using GrpcRelay.Protocol.Configuration;

namespace GrpcRelay.Protocol.Tests.Configuration;

/// <summary>A YAML file that holds a token must not be readable by other users; the program says so at start.</summary>
public sealed class SecretFileModeTests
{
    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, true)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, true)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite, false)]
    public async Task RunAsync_FileWithTokenReadableByOthers_WarnsWithTheChmodToRun(UnixFileMode mode, bool warned)
    {
        using var folder = new TempDirectory();
        var file = folder.Write(RelayProgramNames.Forwarder + ".yaml", CommandLineRun.CompleteYaml(RelayProgramNames.Forwarder));
        File.SetUnixFileMode(file, mode);

        var run = await CommandLineRun.StartAsync(RelayProgramNames.Forwarder, [], workingDirectory: folder.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(warned, run.Stderr.Contains($"warning: {file} holds a secret", StringComparison.Ordinal));
        Assert.Equal(warned, run.Stderr.Contains($"chmod 600 {file}", StringComparison.Ordinal));
        Assert.DoesNotContain("file-token", run.Stderr);
    }

    [Fact]
    public async Task RunAsync_FileWithoutSecretsReadableByOthers_NoWarning()
    {
        using var folder = new TempDirectory();
        var file = folder.Write(RelayProgramNames.Forwarder + ".yaml", "platform_url: relay.example:4242\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var environment = new Dictionary<string, string>
        {
            ["KEY_OWNER_UUID"] = "u", ["SSH_AGENT_TOKEN"] = "t", ["CA_PATH"] = "ca.crt", ["CLIENT_CERT_PATH"] = "c.crt", ["CLIENT_KEY"] = "c.key",
        };

        var run = await CommandLineRun.StartAsync(RelayProgramNames.Forwarder, [], environment, folder.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("warning", run.Stderr);
    }
}
