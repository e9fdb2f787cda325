using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

[UnsupportedOSPlatform("windows")]
public sealed class RunningProcessTests
{
    private static readonly TimeSpan _deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitForLineAsync_LineOnStderr_ReturnsLine()
    {
        await using var process = RunningProcess.Start("/bin/sh", ["-c", "echo starting; echo 'listening on 42' >&2; exec sleep 60"]);

        var line = await process.WaitForLineAsync(text => text.StartsWith("listening", StringComparison.Ordinal), _deadline, "listening");

        Assert.Equal("listening on 42", line);
        Assert.Contains(process.Log.Lines, l => l is { Stream: ProcessLogStream.StandardOutput, Text: "starting" });
    }

    [Fact]
    public async Task WaitForLineAsync_ProcessExitsFirst_FailsAtOnceWithLog()
    {
        await using var process = RunningProcess.Start("/bin/sh", ["-c", "echo 'fatal: no config' >&2; exit 3"]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            process.WaitForLineAsync(text => text.Contains("ready", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "ready"));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("fatal: no config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForLineAsync_EnvironmentAndWorkingDirectory_Applied()
    {
        using var directory = TempDirectory.Create();
        var environment = new Dictionary<string, string?> { ["GRPCRELAY_TEST_VALUE"] = "hello world" };
        await using var process = RunningProcess.Start(
            "/bin/sh", ["-c", "echo \"$GRPCRELAY_TEST_VALUE in $(pwd)\"; exec sleep 60"], environment, directory.Path);

        var line = await process.WaitForLineAsync(text => text.StartsWith("hello", StringComparison.Ordinal), _deadline, "the greeting");

        Assert.Equal($"hello world in {directory.Path}", line);
    }

    [Fact]
    public async Task StopAsync_ProgramHandlesSigterm_ExitsGracefully()
    {
        // `wait` returns when a trapped signal arrives, unlike a foreground `sleep`.
        await using var process = RunningProcess.Start(
            "/bin/sh", ["-c", "trap 'echo got TERM; kill $child; exit 7' TERM; sleep 60 & child=$!; echo ready; wait"]);
        await process.WaitForLineAsync(text => text == "ready", _deadline, "ready");

        var exitCode = await process.StopAsync();

        Assert.Equal(7, exitCode);
        Assert.NotNull(process.Log.Find(text => text == "got TERM"));
    }

    [Fact]
    public async Task StopAsync_ProgramIgnoresSigterm_KilledAfterGrace()
    {
        await using var process = RunningProcess.Start("/bin/sh", ["-c", "trap '' TERM; echo ready; while :; do sleep 1; done"]);
        await process.WaitForLineAsync(text => text == "ready", _deadline, "ready");

        var exitCode = await process.StopAsync(TimeSpan.FromMilliseconds(200));

        Assert.Equal(128 + 9, exitCode);
    }

    [Fact]
    public async Task DisposeAsync_ProcessWithChild_KillsWholeTree()
    {
        var process = RunningProcess.Start("/bin/sh", ["-c", "sleep 60 & echo child=$!; wait"]);
        var line = await process.WaitForLineAsync(text => text.StartsWith("child=", StringComparison.Ordinal), _deadline, "the child's pid");
        var childId = int.Parse(line["child=".Length..], System.Globalization.CultureInfo.InvariantCulture);

        await process.DisposeAsync();

        await Wait.UntilAsync(() => !IsAlive(childId), _deadline, $"child {childId} to be gone");
        Assert.True(process.HasExited);
    }

    // A killed child stays a zombie until reaped; the pid is still listed then, but no longer runs.
    private static bool IsAlive(int processId)
    {
        var status = $"/proc/{processId}/status";
        return File.Exists(status)
            && !File.ReadLines(status).Any(line => line.StartsWith("State:", StringComparison.Ordinal) && line.Contains('Z', StringComparison.Ordinal));
    }
}
