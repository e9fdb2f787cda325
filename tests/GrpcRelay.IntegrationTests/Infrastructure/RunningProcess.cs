using System.Diagnostics;
using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>
/// A long-running child process (a server, an agent, one of our programs) whose stdout and
/// stderr are collected line by line. Disposing it always kills it and everything it started,
/// so a failing test leaves no process behind.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class RunningProcess : IAsyncDisposable
{
    /// <summary>How long <see cref="StopAsync"/> waits after SIGTERM before it kills.</summary>
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private int _disposed;

    // Process forgets everything once disposed; tests still ask how it ended.
    private int? _exitCodeAfterDispose;

    private RunningProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>A short name for messages, by default the file name of the program.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything the process wrote so far.</summary>
    public ProcessLog Log { get; } = new();

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _exitCodeAfterDispose is not null || _process.HasExited;

    /// <summary>The exit code once the process has ended (killed by signal n: 128+n).</summary>
    public int? ExitCode => _exitCodeAfterDispose ?? (_process.HasExited ? _process.ExitCode : null);

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> passed one by one (no shell quoting).</summary>
    /// <param name="fileName">A program on PATH or an absolute path.</param>
    /// <param name="arguments">The arguments, unquoted.</param>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    /// <param name="workingDirectory">Default: the test's current directory.</param>
    /// <param name="name">Default: the file name of <paramref name="fileName"/>.</param>
    public static RunningProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        string? name = null)
    {
        var startInfo = ProcessStartInfoFactory.Create(fileName, arguments, environment, workingDirectory);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var running = new RunningProcess(process, name ?? Path.GetFileName(fileName));
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                running.Log.Add(ProcessLogStream.StandardOutput, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                running.Log.Add(ProcessLogStream.StandardError, e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        // No test types into a server: give it end-of-file at once instead of our own stdin.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>
    /// Waits until the process writes a line satisfying <paramref name="predicate"/> (or has
    /// already written one) and returns it; fails at once if the process ends first.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan deadline, string what)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ProcessLogLine? found = null;
        await Wait.UntilAsync(
            async () =>
            {
                found = Log.Find(predicate);
                if (found is null && _process.HasExited)
                {
                    // The pipes may still hold the line; look once more after they are drained.
                    await WaitForExitAndOutputAsync();
                    found = Log.Find(predicate);
                    if (found is null)
                    {
                        throw new InvalidOperationException(
                            $"{Name} (pid {Id}) exited with code {_process.ExitCode} before {what}.{Environment.NewLine}{Log.Tail()}");
                    }
                }

                return found is not null;
            },
            deadline,
            $"{Name} (pid {Id}): {what}",
            () => Log.Tail());
        return found!.Text;
    }

    /// <summary>Waits until the process ends by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{Name} (pid {Id}) did not exit within {deadline.TotalSeconds:0.###} s.{Environment.NewLine}{Log.Tail()}");
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// Stops the process gracefully: SIGTERM, then SIGKILL for it and its descendants if it has
    /// not ended after <paramref name="grace"/>. Returns the exit code (143 = 128+SIGTERM when the
    /// program does not handle the signal, 137 when it had to be killed). Only the process is
    /// signalled: a program that ends gracefully is trusted to end its own children.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? grace = null)
    {
        if (!_process.HasExited)
        {
            PosixSignal.Terminate(_process.Id);
            using var timeout = new CancellationTokenSource(grace ?? DefaultStopGrace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                KillTree();
            }
        }

        await WaitForExitAndOutputAsync();
        return _process.ExitCode;
    }

    /// <summary>Kills the process and all its descendants (no grace) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        KillTree();
        await WaitForExitAndOutputAsync();
        _exitCodeAfterDispose = _process.HasExited ? _process.ExitCode : -1;
        _process.Dispose();
    }

    private void KillTree()
    {
        try
        {
            // The whole tree: sshd, for one, leaves a process per connection behind it.
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited and reaped.
        }
    }

    // Output arrives on other threads; waiting for end-of-file keeps the last lines in the log.
    // A grandchild that inherited the pipes could hold them open, so the wait is bounded.
    private async Task WaitForExitAndOutputAsync()
    {
        using var timeout = new CancellationTokenSource(DefaultStopGrace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Exit code is known even if the pipes stay open; the log may miss its tail.
        }
    }
}
