using System.Diagnostics;
using System.Runtime.Versioning;

namespace GrpcRelay.IntegrationTests.Infrastructure;

/// <summary>Runs a short command (ssh-keygen, ssh-add, ssh) to completion and returns its exit code and output.</summary>
[UnsupportedOSPlatform("windows")]
internal static class ProcessRunner
{
    /// <summary>How long a short command may take unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> passed one by one, feeds it
    /// <paramref name="standardInput"/> (or end-of-file), and returns once it has ended.
    /// </summary>
    /// <param name="fileName">A program on PATH or an absolute path.</param>
    /// <param name="arguments">The arguments, unquoted.</param>
    /// <param name="environment">Variables to set; a null value removes the variable. SSH_AUTH_SOCK is removed unless set here.</param>
    /// <param name="standardInput">Bytes to write to stdin before closing it.</param>
    /// <param name="timeout">Default <see cref="DefaultTimeout"/>.</param>
    /// <param name="workingDirectory">Default: the test's current directory.</param>
    /// <exception cref="TimeoutException">The command ran longer than the timeout; it was killed, with its children, and the message shows what it wrote.</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        byte[]? standardInput = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var startInfo = ProcessStartInfoFactory.Create(fileName, arguments, environment, workingDirectory);
        var commandLine = string.Join(' ', [fileName, .. startInfo.ArgumentList.Select(Quote)]);
        var limit = timeout ?? DefaultTimeout;

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {commandLine}.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        // The test's own token too: an aborted test run kills its commands.
        var cancellationToken = TestContext.Current.CancellationToken;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        string output;
        string error;
        try
        {
            await WriteStandardInputAsync(process, standardInput, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);

            // A background child of the command may keep the pipes open after it exits; the
            // deadline covers that wait too.
            output = await stdout.WaitAsync(deadline.Token);
            error = await stderr.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            var partial = new ProcessResult(commandLine, process.ExitCode, await Drained(stdout), await Drained(stderr));
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"Killed after {limit.TotalSeconds:0.###} s: {commandLine}{Environment.NewLine}{partial}");
        }

        return new ProcessResult(commandLine, process.ExitCode, output, error);
    }

    /// <summary>Runs a command and throws unless it exits with 0.</summary>
    /// <inheritdoc cref="RunAsync"/>
    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        byte[]? standardInput = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null) =>
        (await RunAsync(fileName, arguments, environment, standardInput, timeout, workingDirectory)).EnsureSuccess();

    private static async Task WriteStandardInputAsync(Process process, byte[]? bytes, CancellationToken cancellationToken)
    {
        try
        {
            if (bytes is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(bytes, cancellationToken);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command ended without reading all of its input (EPIPE); its exit code tells the rest.
        }
    }

    // A killed command's grandchildren may still hold its pipes; do not let them hold the test.
    private static async Task<string> Drained(Task<string> output)
    {
        try
        {
            return await output.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            return "(output still open after the kill)";
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:@,+%".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
