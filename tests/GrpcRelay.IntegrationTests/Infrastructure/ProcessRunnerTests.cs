using System.Runtime.Versioning;
using System.Text;

namespace GrpcRelay.IntegrationTests.Infrastructure;

[UnsupportedOSPlatform("windows")]
public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_StandardInputGiven_ReturnsOutputsAndExitCode()
    {
        var result = await ProcessRunner.RunAsync(
            "/bin/sh", ["-c", "cat; echo oops >&2; exit 4"], standardInput: Encoding.UTF8.GetBytes("piped in\n"));

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("piped in\n", result.StandardOutput);
        Assert.Equal("oops\n", result.StandardError);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task RunAsync_NoStandardInput_CommandSeesEndOfFile()
    {
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", "cat; echo done"], timeout: TimeSpan.FromSeconds(10));

        Assert.Equal("done\n", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_ArgumentsWithSpacesAndQuotes_PassedUnchanged()
    {
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", "printf '%s|' \"$@\"", "sh", "a b", "it's", string.Empty]);

        Assert.Equal("a b|it's||", result.StandardOutput);
    }

    [Fact]
    public async Task RunAsync_CommandHangs_KilledAndTimeoutSaysSo()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            ProcessRunner.RunAsync("/bin/sh", ["-c", "echo before; exec sleep 60"], timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Contains("Killed after 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("before", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCheckedAsync_NonZeroExit_ThrowsWithOutput()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProcessRunner.RunCheckedAsync("/bin/sh", ["-c", "echo broken >&2; exit 2"]));

        Assert.Contains("exit code 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SshAuthSockOfRunner_NotInherited()
    {
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", "echo \"[${SSH_AUTH_SOCK-unset}]\""]);

        Assert.Equal("[unset]\n", result.StandardOutput);
    }
}
